package io.usersync.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Where the engine reports one run: its mode, phase and progress, whether it should stop, the entries it
 * could not map, and its end. The engine defines this port and the run package implements it, so the
 * engine knows nothing of how runs are queued, leased or stored.
 * <p>
 * Methods given a {@link Connection} write on it, so that they share the engine's transaction: above all
 * {@link #finish}, whose record commits or rolls back with the apply.
 */
public interface RunLedger {

    /**
     * Records the server the run reads from, its own name, and the servers skipped before it with why,
     * where others see it at once, outside the engine's transaction.
     */
    void server(String host, int port, String dnsHostName, List<String> skipped) throws SQLException;

    /** Records the mode the run executes in, why when it is not the one asked for, and that it now reads. */
    void reading(Connection db, RunMode mode, String reason) throws SQLException;

    /**
     * Records how many objects were read so far, on a connection of its own. False when the run should
     * stop: cancelled, or no longer this instance's (handed back on shutdown, or taken over).
     */
    boolean progress(long objectsRead);

    /** Records that the run now plans; true when a cancel was asked for meanwhile. */
    boolean planning(Connection db, long objectsRead) throws SQLException;

    /** Whether a cancel was asked for, read outside the engine's transaction. */
    boolean cancelRequested() throws SQLException;

    /** Records the run's phase where others see it at once, outside the engine's transaction. */
    void phase(String phase) throws SQLException;

    /** Records the entries the read could not map, with the run's changes. */
    void entryErrors(Connection db, List<DirectoryReader.EntryError> errors) throws SQLException;

    /**
     * Records a run of mode OBJECT's decision trace, and the external id of the object it found (null when
     * none), in the run's transaction.
     */
    void trace(Connection db, List<String> lines, String externalId) throws SQLException;

    /**
     * Ends the run in {@code db}'s transaction, only while this instance still holds it. Returns the end
     * recorded: {@link RunEnd#CANCELLED} when a cancel was asked for (the caller then rolls back what it
     * applied), null when another instance took the run over meanwhile.
     */
    RunEnd finish(Connection db, RunOutcome outcome) throws SQLException;

    /** Ends the run on a connection of its own: for ends with nothing applied. Never throws. */
    void finishAlone(RunOutcome outcome);
}
