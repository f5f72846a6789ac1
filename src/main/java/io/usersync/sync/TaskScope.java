package io.usersync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usersync.task.SyncTask;

/** What a task's read covers; a watermark is only good for the scope it was taken with. */
final class TaskScope {
    /**
     * What a read stages, as a version: a release that reads more of each entry (account state, primary
     * groups, photos) changes it, so every task's next run is full and brings every stored object up to date.
     */
    private static final String READ_FORMAT = "read-format 2";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskScope() {}

    /** The host alone for one-host tasks, as it always was, so their watermarks stay good. */
    private static String servers(SyncTask t) {
        if (t.domain != null) {
            return ("domain " + t.domain + " site " + t.site).toLowerCase();
        }
        if (t.hosts != null) {
            return ("hosts " + String.join(",", t.hosts)).toLowerCase();
        }
        return t.host.toLowerCase();
    }

    static String hash(SyncTask t) {
        String mapping;
        try {
            mapping = JSON.writeValueAsString(t.mapping);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return EntryMapper.hash(new String[] {
            t.directoryType.name(),
            servers(t),
            String.valueOf(t.port),
            t.login,
            String.join("\n", t.baseDns).toLowerCase(),
            String.join("\n", t.excludedDns).toLowerCase(),
            Boolean.toString(t.skipDisabledUsers),
            Boolean.toString(t.skipExpiredUsers),
            String.valueOf(t.targetGroupId),
            mapping,
            READ_FORMAT
        });
    }
}
