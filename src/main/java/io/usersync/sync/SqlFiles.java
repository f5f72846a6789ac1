package io.usersync.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The plan's SQL statements, one classpath file each under {@code sql/plan/}. Each is read once; a
 * missing one fails at its first use rather than running something else.
 */
final class SqlFiles {
    private static final String FOLDER = "/sql/plan/";
    private static final Map<String, String> READ = new ConcurrentHashMap<>();

    private SqlFiles() {}

    /** The statement in {@code sql/plan/<name>.sql}. */
    static String get(String name) {
        return READ.computeIfAbsent(name, SqlFiles::read);
    }

    private static String read(String name) {
        String path = FOLDER + name + ".sql";
        try (InputStream in = SqlFiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no SQL statement " + path + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path, e);
        }
    }
}
