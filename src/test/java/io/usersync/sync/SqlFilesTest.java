package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SqlFilesTest {
    static List<String> names() throws IOException, URISyntaxException {
        Path folder = Path.of(SqlFiles.class.getResource("/sql/plan").toURI());
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".sql"))
                    .map(n -> n.substring(0, n.length() - ".sql".length()))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void eachStatementIsReadOnce() throws Exception {
        List<String> names = names();
        assertFalse(names.isEmpty());
        for (String name : names) {
            String sql = SqlFiles.get(name);
            assertFalse(sql.isBlank(), name);
            assertSame(sql, SqlFiles.get(name), name);
        }
    }

    @Test
    void aMissingStatementFailsAtItsFirstUse() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SqlFiles.get("no-such-statement"));
        assertTrue(e.getMessage().contains("/sql/plan/no-such-statement.sql"), e.getMessage());
    }

    @Test
    void noStatementEndsInASemicolon() throws Exception {
        // queued statements are joined with one
        for (String name : names()) {
            assertFalse(SqlFiles.get(name).endsWith(";"), name);
        }
    }
}
