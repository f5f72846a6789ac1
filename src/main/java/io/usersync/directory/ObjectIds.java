package io.usersync.directory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.UUID;

/** Decodes AD's binary objectGUID and objectSid into their canonical text forms. */
public final class ObjectIds {
    private ObjectIds() {}

    /** objectGUID: the first three fields are little-endian on the wire. */
    public static String guid(byte[] b) {
        if (b == null || b.length != 16) {
            throw new IllegalArgumentException("objectGUID must be 16 bytes, got " + (b == null ? "none" : b.length));
        }
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long d1 = le.getInt(0) & 0xffffffffL;
        long d2 = le.getShort(4) & 0xffff;
        long d3 = le.getShort(6) & 0xffff;
        long msb = (d1 << 32) | (d2 << 16) | d3;
        long lsb = ByteBuffer.wrap(b, 8, 8).order(ByteOrder.BIG_ENDIAN).getLong();
        return new UUID(msb, lsb).toString();
    }

    /** The inverse of {@link #guid}: what AD would send for a GUID string (used by the demo directory). */
    public static byte[] guidBytes(UUID id) {
        ByteBuffer be = ByteBuffer.allocate(16);
        long msb = id.getMostSignificantBits();
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt((int) (msb >>> 32)).putShort((short) (msb >>> 16)).putShort((short) msb);
        be.putLong(id.getLeastSignificantBits());
        out.put(be.array(), 0, 8);
        return out.array();
    }

    /** objectSid: revision, sub-authority count, 48-bit big-endian authority, little-endian sub-authorities. */
    public static String sid(byte[] b) {
        if (b == null || b.length < 8 || b.length != 8 + 4 * (b[1] & 0xff)) {
            throw new IllegalArgumentException("objectSid has an invalid length");
        }
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = (authority << 8) | (b[i] & 0xff);
        }
        StringBuilder s =
                new StringBuilder("S-").append(b[0] & 0xff).append('-').append(authority);
        ByteBuffer le = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < (b[1] & 0xff); i++) {
            s.append('-').append(le.getInt(8 + 4 * i) & 0xffffffffL);
        }
        return s.toString();
    }

    public static byte[] sidBytes(String sid) {
        String[] p = sid.split("-");
        int subs = p.length - 3;
        ByteBuffer b = ByteBuffer.allocate(8 + 4 * subs);
        b.put((byte) Integer.parseInt(p[1])).put((byte) subs);
        long authority = Long.parseLong(p[2]);
        for (int i = 5; i >= 0; i--) {
            b.put((byte) (authority >>> (8 * i)));
        }
        b.order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < subs; i++) {
            b.putInt((int) Long.parseLong(p[3 + i]));
        }
        return b.array();
    }
}
