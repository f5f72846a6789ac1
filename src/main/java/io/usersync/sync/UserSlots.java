package io.usersync.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.util.StaticUtils;
import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.WindowsTimes;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Where each of the mapping's user attributes sits in an entry, found in one pass over the entry's
 * attributes. {@code Entry.getAttribute(name)} lower-cases the name and hashes the copy on every
 * call, and mapping a user makes some 25 such calls.
 */
final class UserSlots {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int UAC_ACCOUNTDISABLE = 0x2;
    /** A directory names an attribute the same way in every entry; this bounds the cache against one that does not. */
    private static final int MAX_CACHED_NAMES = 512;

    private final boolean activeDirectory;
    private final int count;
    private final Map<String, Integer> slotOfLowerName = new HashMap<>();
    private final Map<String, Integer> slotOfName = new ConcurrentHashMap<>();
    /** Slots whose attribute goes into the user's raw attributes: all but the id, the SID and objectClass. */
    private final boolean[] raw;

    final int id;
    final int sid;
    final int username;
    final int displayName;
    final int email;
    final int phone;
    final int office;
    final int jobTitle;
    final int department;
    final int description;
    private final int disabledFlag;
    /** AD only: columns of their own (accountExpiresAt, lockedOutAt), not raw attributes. */
    final int accountExpires;

    final int lockoutTime;
    /** The attribute naming the user's primary group (AD's primaryGroupID, RFC 2307's gidNumber), or -1. */
    final int primaryGroup;
    /** The opt-in photo attribute (mapping.photoAttribute), or -1. */
    final int photo;
    /** Slots of the mapping's extra attributes, whose values may be binary (see {@link #rawValues}). */
    private final boolean[] extra;
    /** How each slot's values are written into the raw attributes. */
    private final RawValue[] rawValue;

    /** AD keeps times as FILETIME integers or generalized times; the raw attributes show them as ISO-8601. */
    private enum RawValue {
        TEXT,
        FILETIME,
        GENERALIZED_TIME
    }

    UserSlots(EffectiveMapping m) {
        activeDirectory = m.isActiveDirectory();
        String[] names = m.userAttributes();
        for (String name : names) {
            slotOfLowerName.putIfAbsent(StaticUtils.toLowerCase(name), slotOfLowerName.size());
        }
        count = slotOfLowerName.size();
        raw = new boolean[count];
        Arrays.fill(raw, true);
        id = slot(m.idAttribute());
        sid = slot(m.sidAttribute());
        for (int notRaw : new int[] {id, sid, slot("objectClass")}) {
            if (notRaw >= 0) {
                raw[notRaw] = false;
            }
        }
        username = slot(m.usernameAttribute());
        displayName = slot(m.displayNameAttribute());
        email = slot(m.emailAttribute());
        phone = slot(m.phoneAttribute());
        office = slot(m.officeAttribute());
        jobTitle = slot(m.jobTitleAttribute());
        department = slot(m.departmentAttribute());
        description = slot(m.descriptionAttribute());
        disabledFlag = slot(activeDirectory ? "userAccountControl" : "pwdAccountLockedTime");
        accountExpires = activeDirectory ? slot("accountExpires") : -1;
        lockoutTime = activeDirectory ? slot("lockoutTime") : -1;
        for (int own : new int[] {accountExpires, lockoutTime}) {
            if (own >= 0) {
                raw[own] = false;
            }
        }
        primaryGroup = slot(m.primaryGroupAttribute());
        if (primaryGroup >= 0
                && m.extraAttributes().stream().noneMatch(x -> x.equalsIgnoreCase(m.primaryGroupAttribute()))) {
            raw[primaryGroup] = false;
        }
        photo = slot(m.photoAttribute());
        if (photo >= 0) {
            raw[photo] = false;
        }
        extra = new boolean[count];
        for (String name : m.extraAttributes()) {
            int s = slot(name);
            if (s >= 0) {
                extra[s] = true;
            }
        }
        rawValue = new RawValue[count];
        Arrays.fill(rawValue, RawValue.TEXT);
        if (activeDirectory) {
            for (String name : List.of("pwdLastSet", "lastLogonTimestamp")) {
                if (slot(name) >= 0) {
                    rawValue[slot(name)] = RawValue.FILETIME;
                }
            }
            if (slot("whenCreated") >= 0) {
                rawValue[slot("whenCreated")] = RawValue.GENERALIZED_TIME;
            }
        }
    }

    /** The values a slot's attribute shows in the raw attributes: times as ISO-8601, a never (0) left out. */
    private String[] rawValues(int slot, Attribute a) {
        return switch (rawValue[slot]) {
            case TEXT -> a.getValues();
            case FILETIME ->
                times(a.getValues(), v -> {
                    OffsetDateTime t = WindowsTimes.fileTime(v);
                    return t == null ? null : t.toInstant().toString();
                });
            case GENERALIZED_TIME ->
                times(a.getValues(), v -> {
                    try {
                        return StaticUtils.decodeGeneralizedTime(v).toInstant().toString();
                    } catch (ParseException e) {
                        return v;
                    }
                });
        };
    }

    private static String[] times(String[] values, UnaryOperator<String> convert) {
        return Arrays.stream(values).map(convert).filter(Objects::nonNull).toArray(String[]::new);
    }

    private int slot(String name) {
        return name == null ? -1 : slotOfLowerName.getOrDefault(StaticUtils.toLowerCase(name), -1);
    }

    /** A name the server sent at some position of an entry, and its slot. */
    private record Seen(String name, int slot) {}

    /**
     * The slot of the name each position held last: a server sends an entry's attributes in the same
     * order entry after entry, so a short equals usually answers without hashing the name.
     */
    private final Seen[] lastAt = new Seen[64];

    /** The entry's attributes by slot; null where the entry has none. */
    Attribute[] of(Entry e) {
        Attribute[] at = new Attribute[count];
        int position = 0;
        for (Attribute a : e.getAttributes()) {
            String name = a.getName();
            int slot;
            Seen seen = position < lastAt.length ? lastAt[position] : null;
            if (seen != null && seen.name().equals(name)) {
                slot = seen.slot();
            } else {
                slot = slotOf(name);
                if (position < lastAt.length) {
                    lastAt[position] = new Seen(name, slot);
                }
            }
            if (slot >= 0) {
                at[slot] = a;
            }
            position++;
        }
        return at;
    }

    private int slotOf(String name) {
        Integer slot = slotOfName.get(name);
        if (slot == null) {
            slot = slotOfLowerName.getOrDefault(StaticUtils.toLowerCase(name), -1);
            if (slotOfName.size() < MAX_CACHED_NAMES) {
                slotOfName.put(name, slot);
            }
        }
        return slot;
    }

    /** The attribute in a slot; null when the entry has none or the mapping names none (slot -1). */
    static Attribute attribute(Attribute[] at, int slot) {
        return slot < 0 ? null : at[slot];
    }

    /** The attribute's first value, as {@code Entry.getAttributeValue} gives it. */
    static String value(Attribute[] at, int slot) {
        Attribute a = attribute(at, slot);
        return a == null ? null : a.getValue();
    }

    /** When the account expires (AD's accountExpires), or null: never, or not an AD account. */
    OffsetDateTime accountExpiresAt(Attribute[] at) {
        return accountExpires < 0 ? null : WindowsTimes.fileTime(value(at, accountExpires));
    }

    /** When the account was locked out (AD's lockoutTime other than 0), or null. */
    OffsetDateTime lockedOutAt(Attribute[] at) {
        return lockoutTime < 0 ? null : WindowsTimes.fileTime(value(at, lockoutTime));
    }

    boolean isDisabled(Attribute[] at) {
        if (disabledFlag < 0) {
            return false;
        }
        if (activeDirectory) {
            Long uac = at[disabledFlag] == null ? null : at[disabledFlag].getValueAsLong();
            return uac != null && (uac & UAC_ACCOUNTDISABLE) != 0;
        }
        return at[disabledFlag] != null;
    }

    /**
     * The raw attributes as a JSON object, keys in the order of their names as the server sends
     * them, a single value as a string and several as an array: what Jackson made of a TreeMap of
     * them before, to the byte, because the text is part of the user's hash. Text Jackson writes
     * as it is (no control character, quote or backslash: nearly every value) is appended
     * directly; an entry with any other goes through Jackson, which escapes it.
     */
    String json(Attribute[] at) throws IOException {
        Named[] present = new Named[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (raw[i] && at[i] != null) {
                String[] values = rawValues(i, at[i]);
                if (extra[i] && !text(at[i])) {
                    // binary (a certificate, a GUID): base64, under a key that says so
                    present[n++] = new Named(at[i].getBaseName() + ";binary", base64(at[i]));
                } else if (values.length > 0 || rawValue[i] == RawValue.TEXT) {
                    present[n++] = new Named(at[i].getBaseName(), values);
                }
            }
        }
        Arrays.sort(present, 0, n, (a, b) -> a.name().compareTo(b.name()));
        n = lastOfEachBaseName(present, n);
        StringBuilder out = new StringBuilder(512).append('{');
        for (int i = 0; i < n; i++) {
            String name = present[i].name();
            String[] values = present[i].values();
            if (!verbatim(name) || !verbatim(values)) {
                return jackson(present, n);
            }
            out.append(i == 0 ? "\"" : ",\"").append(name).append("\":");
            if (values.length == 1) {
                out.append('"').append(values[0]).append('"');
            } else {
                out.append('[');
                for (int v = 0; v < values.length; v++) {
                    out.append(v == 0 ? "\"" : ",\"").append(values[v]).append('"');
                }
                out.append(']');
            }
        }
        return out.append('}').toString();
    }

    /** Whether every value is UTF-8 text without control characters (which a JSON document in the store cannot hold). */
    private static boolean text(Attribute a) {
        for (byte[] v : a.getValueByteArrays()) {
            for (byte b : v) {
                if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r') {
                    return false;
                }
            }
            try {
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(v));
            } catch (CharacterCodingException e) {
                return false;
            }
        }
        return true;
    }

    private static String[] base64(Attribute a) {
        return Arrays.stream(a.getValueByteArrays())
                .map(Base64.getEncoder()::encodeToString)
                .toArray(String[]::new);
    }

    /** The photo's bytes, or null when the mapping asks for none or the entry has none. */
    byte[] photo(Attribute[] at) {
        Attribute a = attribute(at, photo);
        return a == null || !a.hasValue() ? null : a.getValueByteArray();
    }

    /** An attribute's base name and the values the raw attributes show. */
    private record Named(String name, String[] values) {}

    /**
     * Keeps, of attributes sorted by base name, the last of each name (one with and one without
     * options: the TreeMap kept the later one's values); returns how many are left.
     */
    private static int lastOfEachBaseName(Named[] sorted, int n) {
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && sorted[i + 1].name().equals(sorted[i].name())) {
                continue;
            }
            sorted[kept++] = sorted[i];
        }
        return kept;
    }

    /** Text a JSON string holds as it is: Jackson escapes only control characters, quotes and backslashes. */
    private static boolean verbatim(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean verbatim(String[] values) {
        for (String v : values) {
            if (!verbatim(v)) {
                return false;
            }
        }
        return true;
    }

    private static String jackson(Named[] present, int n) throws IOException {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            for (int i = 0; i < n; i++) {
                g.writeFieldName(present[i].name());
                String[] values = present[i].values();
                if (values.length == 1) {
                    g.writeString(values[0]);
                } else {
                    g.writeStartArray();
                    for (String v : values) {
                        g.writeString(v);
                    }
                    g.writeEndArray();
                }
            }
            g.writeEndObject();
        }
        return out.toString();
    }
}
