package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** Staging rows written as UTF-8 bytes arrive in PostgreSQL as the directory's text. */
@QuarkusTest
class CopyTextTest {
    private static final String[] VALUES = {
        "plain ascii",
        "",
        null,
        "tab\there",
        "line\nbreak",
        "cr\rlf",
        "back\\slash",
        "\\N",
        "nul\0dropped",
        "Zoë Müller",
        "Łukasz Ståhl",
        "€ 中文 ﬁ",
        "emoji 😀 end",
        "x".repeat(70_000) + "Ł",
        "lone high \uD83D",
        "lone low \uDE00 mid",
        "\uD83D"
    };

    @Inject
    DataSource ds;

    /** What PostgreSQL keeps of a value: no NUL; an unpaired surrogate is no character and becomes '?'. */
    private static String stored(String v) {
        return v == null
                ? null
                : new String(v.replace("\0", "").getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    @Test
    void encodesAsStringGetBytesDoesWithCopyEscapes() {
        CopyText text = new CopyText();
        for (String v : VALUES) {
            text.value(v);
            text.separator();
        }
        text.endRow();
        StringBuilder expected = new StringBuilder();
        for (String v : VALUES) {
            expected.append(
                            v == null
                                    ? "\\N"
                                    : v.replace("\\", "\\\\")
                                            .replace("\t", "\\t")
                                            .replace("\n", "\\n")
                                            .replace("\r", "\\r")
                                            .replace("\0", ""))
                    .append('\t');
        }
        expected.append('\n');
        assertArrayEquals(
                expected.toString().getBytes(StandardCharsets.UTF_8), Arrays.copyOf(text.bytes(), text.length()));
    }

    @Test
    void roundTripsThroughCopyIntoPostgresql() throws SQLException {
        CopyText text = new CopyText();
        for (int i = 0; i < VALUES.length; i++) {
            text.value(Integer.toString(i));
            text.separator();
            text.value(VALUES[i]);
            text.endRow();
        }
        List<String> read = new ArrayList<>();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create temp table copy_text_test (n int, v text)");
            CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy copy_text_test (n, v) from stdin");
            in.writeToCopy(text.bytes(), 0, text.length());
            assertEquals(VALUES.length, in.endCopy());
            try (ResultSet r = s.executeQuery("select v from copy_text_test order by n")) {
                while (r.next()) {
                    read.add(r.getString(1));
                }
            }
            s.execute("drop table copy_text_test");
        }
        assertEquals(Arrays.stream(VALUES).map(CopyTextTest::stored).toList(), read);
    }

    @Test
    void startsEmptyAfterClear() {
        CopyText text = new CopyText();
        text.value("first batch");
        text.endRow();
        text.clear();
        text.value("é");
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), Arrays.copyOf(text.bytes(), text.length()));
    }
}
