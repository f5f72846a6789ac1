package io.usersync.sync;

import java.util.Arrays;

/**
 * Rows in COPY's text format, encoded to UTF-8 as values are appended. A StringBuilder took one
 * name outside Latin-1 (an "Ł") to switch to two bytes per character for the rest of its batch,
 * then needed a copy to a String and a third pass to encode it, on the hot path of both the reading
 * and the COPY threads.
 */
final class CopyText {
    private byte[] bytes = new byte[1 << 16];
    private int length;

    /** Appends one value, escaped; null is COPY's \N. */
    void value(String v) {
        if (v == null) {
            ensure(2);
            bytes[length++] = '\\';
            bytes[length++] = 'N';
            return;
        }
        int n = v.length();
        // at most 3 bytes per char: escapes take 2, a surrogate pair 4 for its 2 chars
        ensure(3 * n);
        byte[] b = bytes;
        int p = length;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '\\' -> p = escape(b, p, '\\');
                    case '\t' -> p = escape(b, p, 't');
                    case '\n' -> p = escape(b, p, 'n');
                    case '\r' -> p = escape(b, p, 'r');
                    case '\0' -> {
                        // PostgreSQL text cannot hold NUL; directory values with one lose it
                    }
                    default -> b[p++] = (byte) c;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xc0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3f);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(v.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, v.charAt(++i));
                    b[p++] = (byte) (0xf0 | cp >> 18);
                    b[p++] = (byte) (0x80 | cp >> 12 & 0x3f);
                    b[p++] = (byte) (0x80 | cp >> 6 & 0x3f);
                    b[p++] = (byte) (0x80 | cp & 0x3f);
                } else {
                    // an unpaired surrogate is no character: '?', as String.getBytes(UTF_8) writes it
                    b[p++] = '?';
                }
            } else {
                b[p++] = (byte) (0xe0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3f);
                b[p++] = (byte) (0x80 | c & 0x3f);
            }
        }
        length = p;
    }

    /** COPY's backslash escape of a control character or of the backslash itself. */
    private static int escape(byte[] b, int p, char letter) {
        b[p] = '\\';
        b[p + 1] = (byte) letter;
        return p + 2;
    }

    /** Between two values of a row. */
    void separator() {
        ensure(1);
        bytes[length++] = '\t';
    }

    void endRow() {
        ensure(1);
        bytes[length++] = '\n';
    }

    byte[] bytes() {
        return bytes;
    }

    int length() {
        return length;
    }

    void clear() {
        length = 0;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
