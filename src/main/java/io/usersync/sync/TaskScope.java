package io.usersync.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.usersync.task.SyncTask;
import java.util.Arrays;

/** What a task's read covers; a watermark is only good for the scope it was taken with. */
final class TaskScope {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskScope() {}

    static String hash(SyncTask t) {
        String mapping;
        try {
            mapping = JSON.writeValueAsString(t.mapping);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        String[] scope = {
            t.directoryType.name(),
            t.host.toLowerCase(),
            String.valueOf(t.port),
            t.login,
            String.join("\n", t.baseDns).toLowerCase(),
            String.join("\n", t.excludedDns).toLowerCase(),
            Boolean.toString(t.skipDisabledUsers),
            String.valueOf(t.targetGroupId),
            mapping
        };
        // appended only when set: the scope of every task without it hashes as it did before the option
        return EntryMapper.hash(t.skipExpiredUsers ? append(scope, "skipExpiredUsers") : scope);
    }

    private static String[] append(String[] a, String value) {
        String[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = value;
        return out;
    }
}
