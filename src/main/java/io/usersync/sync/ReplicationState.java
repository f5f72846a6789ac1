package io.usersync.sync;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import io.usersync.directory.ObjectIds;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an AD domain controller has seen of its domain: for each DC (by invocationId) where changes
 * originate, the highest of its USNs this DC holds, read from the naming context's replUpToDateVector
 * (MS-DRSR REPL_UPTODATE_VECTOR_BLOB), plus the DC's own highestCommittedUSN under its own invocationId.
 * Empty when it cannot be read: a watermark without it is only good on the DC that issued it.
 */
final class ReplicationState {
    private ReplicationState() {}

    static Map<String, Long> read(LDAPConnection c, List<String> contexts, String invocationId, String usn) {
        if (invocationId == null || usn == null) {
            return Map.of();
        }
        Map<String, Long> seen = new HashMap<>();
        // with several naming contexts one vector would have to stand for all: take only the DC's own changes
        if (contexts.size() == 1) {
            try {
                SearchResultEntry nc = c.getEntry(contexts.get(0), "replUpToDateVector");
                byte[] blob = nc == null ? null : nc.getAttributeValueBytes("replUpToDateVector");
                if (blob != null) {
                    seen.putAll(parse(blob));
                }
            } catch (LDAPException | RuntimeException e) {
                // unreadable: only the DC's own USNs are known
            }
        }
        try {
            seen.merge(invocationId.toLowerCase(Locale.ROOT), Long.parseLong(usn), Math::max);
        } catch (NumberFormatException e) {
            return Map.of();
        }
        return Map.copyOf(seen);
    }

    /** Version 1 cursors are a GUID and a USN (24 bytes); version 2 adds the time of the last sync (32). */
    static Map<String, Long> parse(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        if (blob.length < 16) {
            return Map.of();
        }
        int version = b.getInt(0);
        int count = b.getInt(8);
        int size = version == 1 ? 24 : version == 2 ? 32 : -1;
        if (size < 0 || count < 0 || 16L + (long) count * size > blob.length) {
            return Map.of();
        }
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int at = 16 + i * size;
            String dc = ObjectIds.guid(Arrays.copyOfRange(blob, at, at + 16)).toLowerCase(Locale.ROOT);
            out.merge(dc, b.getLong(at + 16), Math::max);
        }
        return out;
    }

    /**
     * Whether a store holding at least {@code store} of each DC's changes holds everything a DC had seen
     * when it took a watermark with {@code seen}: only then does that DC's watermark cover what the
     * store lacks. An unknown state covers nothing.
     */
    static boolean covers(Map<String, Long> store, Map<String, Long> seen) {
        if (store == null || seen == null || store.isEmpty() || seen.isEmpty()) {
            return false;
        }
        return seen.entrySet().stream().allMatch(e -> store.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }
}
