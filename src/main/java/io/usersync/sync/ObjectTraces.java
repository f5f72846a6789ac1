package io.usersync.sync;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** The end of a run of mode OBJECT's decision trace: what the plan made of the object, from its change records. */
final class ObjectTraces {
    private ObjectTraces() {}

    static List<String> outcome(
            List<String> read,
            ObjectReader.Found found,
            SyncPlan plan,
            Connection db,
            UUID runId,
            String blocked,
            boolean dryRun)
            throws SQLException {
        List<String> trace = new ArrayList<>(read);
        if (found == null) {
            return trace;
        }
        String change = null;
        try (PreparedStatement s = db.prepareStatement(
                "select action, changed_fields, reason from sync_run_change where run_id = ? and external_id = ?"
                        + " and action <> 'UNRESOLVED_MEMBER' order by id limit 1")) {
            s.setObject(1, runId);
            s.setString(2, found.externalId());
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    change = describe(r.getString(1), r.getArray(2), r.getString(3));
                }
            }
        }
        trace.add(change == null ? "action UNCHANGED: the store already holds what the directory says" : change);
        SyncCounts counts = plan.counts();
        trace.add("memberships +" + counts.membershipsAdded() + " −" + counts.membershipsRemoved());
        if (blocked != null) {
            trace.add("blocked, nothing applied: " + blocked);
        } else if (dryRun) {
            trace.add("dry run: nothing was written");
        }
        return trace;
    }

    private static String describe(String action, Array fields, String reason) throws SQLException {
        StringBuilder b = new StringBuilder();
        if (action.equals("COLLISION") || action.equals("TAKEN_OVER")) {
            b.append("collision: ").append(reason).append("; ");
        } else {
            b.append("collision none; ");
        }
        b.append("action ").append(action);
        if (fields != null) {
            String[] f = (String[]) fields.getArray();
            if (f.length > 0) {
                b.append(" with fields ").append(String.join(", ", Arrays.asList(f)));
            }
        }
        if (reason != null && !action.equals("COLLISION") && !action.equals("TAKEN_OVER")) {
            b.append(" (").append(reason).append(')');
        }
        return b.toString();
    }
}
