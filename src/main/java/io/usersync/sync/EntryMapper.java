package io.usersync.sync;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;
import io.usersync.directory.EffectiveMapping;
import io.usersync.directory.ObjectIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** Maps directory entries to staged rows; throws {@link BadEntryException} for an entry it cannot map. */
public final class EntryMapper {
    private final EffectiveMapping m;
    private final UserSlots slots;

    /** Photos larger than this are not staged: the user is, with a warning. */
    private final int photoMaxBytes;

    public EntryMapper(EffectiveMapping mapping) {
        this(mapping, Integer.MAX_VALUE);
    }

    public EntryMapper(EffectiveMapping mapping, int photoMaxBytes) {
        this.m = mapping;
        this.slots = new UserSlots(mapping);
        this.photoMaxBytes = photoMaxBytes;
    }

    public static final class BadEntryException extends Exception {
        public final String dn;

        BadEntryException(String dn, String message) {
            super(message, null, false, false);
            this.dn = dn;
        }
    }

    public String externalId(Entry e) throws BadEntryException {
        return externalId(e, e.getAttribute(m.idAttribute()));
    }

    private String externalId(Entry e, Attribute a) throws BadEntryException {
        if (a == null || !a.hasValue()) {
            throw new BadEntryException(e.getDN(), "has no " + m.idAttribute() + " attribute");
        }
        if (m.idAttribute().equalsIgnoreCase("objectGUID")) {
            try {
                return ObjectIds.guid(a.getValueByteArray());
            } catch (IllegalArgumentException ex) {
                throw new BadEntryException(e.getDN(), ex.getMessage());
            }
        }
        return a.getValue().toLowerCase();
    }

    private String sid(Entry e) throws BadEntryException {
        return m.sidAttribute() == null ? null : sid(e, e.getAttribute(m.sidAttribute()));
    }

    private String sid(Entry e, Attribute a) throws BadEntryException {
        if (m.sidAttribute() == null || a == null || !a.hasValue()) {
            return null;
        }
        if (m.sidAttribute().equalsIgnoreCase("objectSid")) {
            try {
                return ObjectIds.sid(a.getValueByteArray());
            } catch (IllegalArgumentException ex) {
                throw new BadEntryException(e.getDN(), ex.getMessage());
            }
        }
        return a.getValue();
    }

    public static String normalize(String dn) throws LDAPException {
        return new DN(dn).toNormalizedString();
    }

    /** AD: userAccountControl's ACCOUNTDISABLE bit; LDAP: a pwdAccountLockedTime. One rule, in UserSlots. */
    public boolean isDisabled(Entry e) {
        return slots.isDisabled(slots.of(e));
    }

    /** Whether the account has expired by {@code now} (AD's accountExpires). */
    public boolean isExpired(Entry e, OffsetDateTime now) {
        OffsetDateTime expires = slots.accountExpiresAt(slots.of(e));
        return expires != null && !expires.isAfter(now);
    }

    public StagedUser user(Entry e, String dnNorm, String parentNorm) throws BadEntryException {
        Attribute[] at = slots.of(e);
        String id = externalId(e, UserSlots.attribute(at, slots.id));
        String username = UserSlots.value(at, slots.username);
        if (username == null || username.isBlank()) {
            throw new BadEntryException(e.getDN(), "has no " + m.usernameAttribute() + " (the user name attribute)");
        }
        String attributes;
        try {
            attributes = slots.json(at);
        } catch (IOException ex) {
            throw new BadEntryException(e.getDN(), "attributes cannot be stored: " + ex.getMessage());
        }
        String displayName = UserSlots.value(at, slots.displayName);
        boolean enabled = !slots.isDisabled(at);
        String sid = sid(e, UserSlots.attribute(at, slots.sid));
        String[] fields = {
            e.getDN(),
            username,
            displayName,
            UserSlots.value(at, slots.email),
            UserSlots.value(at, slots.phone),
            UserSlots.value(at, slots.office),
            UserSlots.value(at, slots.jobTitle),
            UserSlots.value(at, slots.department),
            UserSlots.value(at, slots.description),
            Boolean.toString(enabled),
            sid,
            attributes
        };
        OffsetDateTime expiresAt = slots.accountExpiresAt(at);
        OffsetDateTime lockedOutAt = slots.lockedOutAt(at);
        String primaryGroup = primaryGroupKey(sid, UserSlots.value(at, slots.primaryGroup));
        byte[] photoBytes = slots.photo(at);
        StagedPhoto photo = null;
        String warning = null;
        if (photoBytes != null && photoBytes.length > photoMaxBytes) {
            warning = "its photo (" + m.photoAttribute() + ", " + photoBytes.length + " bytes) is larger than"
                    + " USERSYNC_PHOTO_MAX_BYTES (" + photoMaxBytes + "): synced without it";
        } else if (photoBytes != null) {
            photo = StagedPhoto.of(photoBytes);
        }
        if (expiresAt != null || lockedOutAt != null || primaryGroup != null || photo != null) {
            // only then: the hash of every account without them stays what it was
            fields = Arrays.copyOf(fields, fields.length + 4);
            fields[fields.length - 4] = Objects.toString(expiresAt, null);
            fields[fields.length - 3] = Objects.toString(lockedOutAt, null);
            fields[fields.length - 2] = primaryGroup;
            fields[fields.length - 1] = photo == null ? null : photo.sha256();
        }
        return new StagedUser(
                id,
                sid,
                e.getDN(),
                dnNorm,
                parentNorm,
                username,
                displayName,
                fields[3],
                fields[4],
                fields[5],
                fields[6],
                fields[7],
                fields[8],
                enabled,
                expiresAt,
                lockedOutAt,
                primaryGroup,
                photo,
                warning,
                attributes,
                hash(fields));
    }

    public StagedGroup group(Entry e, String kind, String dnNorm, String parentNorm) throws BadEntryException {
        String id = externalId(e);
        String name;
        try {
            RDN rdn = new DN(e.getDN()).getRDN();
            name = rdn == null ? e.getDN() : rdn.getAttributeValues()[0];
        } catch (LDAPException ex) {
            throw new BadEntryException(e.getDN(), "has an unparsable DN");
        }
        String description = e.getAttributeValue(m.descriptionAttribute());
        String sid = kind.equals(StagedGroup.DIRECTORY_GROUP) ? sid(e) : null;
        String primaryKey = !kind.equals(StagedGroup.DIRECTORY_GROUP)
                ? null
                : m.isActiveDirectory() ? sid : m.primaryGroupByGidNumber() ? e.getAttributeValue("gidNumber") : null;
        // an AD group's key is its SID, hashed already; a posixGroup's gidNumber only where it is one
        String[] fields = m.isActiveDirectory() || primaryKey == null
                ? new String[] {kind, e.getDN(), name, description, sid}
                : new String[] {kind, e.getDN(), name, description, sid, primaryKey};
        return new StagedGroup(
                kind, id, sid, e.getDN(), dnNorm, parentNorm, name, description, primaryKey, hash(fields));
    }

    /**
     * The key of the user's primary group, as its group's {@code primary_key} holds it: on AD the group's SID,
     * the user's domain SID with primaryGroupID's RID; on LDAP the gidNumber. Null when the user names none.
     */
    private String primaryGroupKey(String userSid, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!m.isActiveDirectory()) {
            return value.strip();
        }
        int domainEnd = userSid == null ? -1 : userSid.lastIndexOf('-');
        return domainEnd < 0 ? null : userSid.substring(0, domainEnd + 1) + value.strip();
    }

    /** One digest per thread: looking the algorithm up for each of 100,000 entries showed in profiles. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    static String hash(String[] fields) {
        MessageDigest d = SHA_256.get();
        d.reset();
        for (String f : fields) {
            d.update(f == null ? new byte[] {0} : f.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0x1f);
        }
        return HexFormat.of().formatHex(d.digest(), 0, 16);
    }
}
