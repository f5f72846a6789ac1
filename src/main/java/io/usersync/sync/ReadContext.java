package io.usersync.sync;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import io.usersync.directory.DirectoryException;
import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.FailureCategory;
import io.usersync.directory.LdapErrors;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the full and the incremental reader of one run share: the bound connection, the task's mapping
 * and its mapper, the staging tables, the task's exclusions, the continuation references met, the
 * entries that could not be mapped, the progress count, and the paged search they both read with.
 */
final class ReadContext {
    /** Entries kept for the run's changes; past this they are only counted. */
    private static final int ENTRY_ERRORS_KEPT = 1000;

    private final LDAPConnection connection;
    private final EffectiveMapping mapping;
    private final EntryMapper mapper;
    private final StagingTables staging;
    private final List<DN> excluded = new ArrayList<>();
    private final UsersLeftOut leftOut;
    /** Continuation references met: what they stand for was not read, so it must not be taken for gone. */
    private final ContinuationReferences references;

    private final DirectoryReader.Progress progress;
    private final PagedSearch search;
    private final List<DirectoryReader.EntryError> entryErrors = new ArrayList<>();
    private int entryErrorCount;
    private long read;
    /** What the last request asked for, named when its answer was too large to be read. */
    private volatile String lastRequest;

    ReadContext(
            LDAPConnection connection,
            EffectiveMapping mapping,
            StagingTables staging,
            List<String> baseDns,
            List<String> excludedDns,
            UsersLeftOut leftOut,
            int pageSize,
            int photoMaxBytes,
            DirectoryReader.Progress progress)
            throws LDAPException {
        this.connection = connection;
        this.mapping = mapping;
        this.mapper = new EntryMapper(mapping, photoMaxBytes);
        this.staging = staging;
        for (String dn : excludedDns) {
            excluded.add(new DN(dn));
        }
        this.leftOut = leftOut;
        this.references = new ContinuationReferences(baseDns);
        this.progress = progress;
        this.search = new PagedSearch(this, pageSize);
    }

    LDAPConnection connection() {
        return connection;
    }

    EffectiveMapping mapping() {
        return mapping;
    }

    EntryMapper mapper() {
        return mapper;
    }

    StagingTables staging() {
        return staging;
    }

    UsersLeftOut leftOut() {
        return leftOut;
    }

    /** Whether the task leaves this user out (see {@link UsersLeftOut}). */
    boolean leavesOut(Entry user) {
        return leftOut.leavesOut(mapper, user);
    }

    ContinuationReferences references() {
        return references;
    }

    PagedSearch search() {
        return search;
    }

    boolean excludesNothing() {
        return excluded.isEmpty();
    }

    boolean isExcluded(DN dn) {
        for (DN x : excluded) {
            if (dn.isDescendantOf(x, true)) {
                return true;
            }
        }
        return false;
    }

    /** Records an entry that could not be mapped: the run then removes, disables and un-links nothing. */
    void entryError(String dn, String reason) {
        entryErrorCount++;
        if (entryErrors.size() < ENTRY_ERRORS_KEPT) {
            entryErrors.add(new DirectoryReader.EntryError(dn, reason));
        }
    }

    /** Entries that could not be mapped (the first 1,000). The run records them and deletes nothing. */
    List<DirectoryReader.EntryError> entryErrors() {
        return entryErrors;
    }

    int entryErrorCount() {
        return entryErrorCount;
    }

    void countRead(int n) throws DirectoryReader.CancelledException {
        read += n;
        progress.objectsRead(read);
    }

    long objectsRead() {
        return read;
    }

    /** Names what the next request asks for, for the failure that reports an answer too large to read. */
    void asking(String request) {
        lastRequest = request;
    }

    interface Reading {
        void run() throws LDAPException, SQLException, DirectoryReader.CancelledException;
    }

    /** Runs a read, turning LDAP failures into the run's failure categories, then completes the staging. */
    void read(Reading reading) throws DirectoryException, SQLException, DirectoryReader.CancelledException {
        try {
            reading.run();
        } catch (LDAPSearchException e) {
            throw incomplete(e);
        } catch (LDAPException e) {
            throw LdapErrors.classify(
                    e, connection.getConnectedAddress() + ":" + connection.getConnectedPort(), lastRequest);
        } finally {
            search.close();
        }
        staging.finish();
    }

    private DirectoryException incomplete(LDAPSearchException e) {
        ResultCode rc = e.getResultCode();
        if (rc == ResultCode.NO_SUCH_OBJECT) {
            return new DirectoryException(
                    FailureCategory.NO_SUCH_OBJECT,
                    "a selected DN does not exist (matched up to '" + e.getMatchedDN() + "'): nothing was changed",
                    null,
                    e);
        }
        DirectoryException classified = LdapErrors.classify(e, connection.getHostPort(), lastRequest);
        if (classified.category() != FailureCategory.OTHER && classified.category() != FailureCategory.TIMEOUT) {
            return classified;
        }
        String why = e.getDiagnosticMessage() != null ? e.getDiagnosticMessage() : e.getExceptionMessage();
        return new DirectoryException(
                FailureCategory.INCOMPLETE_RESULT,
                "the directory's answer was incomplete (" + rc.getName() + (why == null ? "" : ": " + why)
                        + "): nothing was changed",
                null,
                e);
    }
}
