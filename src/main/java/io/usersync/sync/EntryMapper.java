package io.usersync.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RDN;

import io.usersync.directory.EffectiveMapping;

/** Maps directory entries to staged rows; throws {@link BadEntryException} for an entry it cannot map. */
public final class EntryMapper {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UAC_ACCOUNTDISABLE = 0x2;

    private final EffectiveMapping m;

    public EntryMapper(EffectiveMapping mapping) {
        this.m = mapping;
    }

    public static final class BadEntryException extends Exception {
        public final String dn;

        BadEntryException(String dn, String message) {
            super(message, null, false, false);
            this.dn = dn;
        }
    }

    public String externalId(Entry e) throws BadEntryException {
        Attribute a = e.getAttribute(m.idAttribute());
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
        if (m.sidAttribute() == null) {
            return null;
        }
        Attribute a = e.getAttribute(m.sidAttribute());
        if (a == null || !a.hasValue()) {
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

    public boolean isDisabled(Entry e) {
        if (m.isActiveDirectory()) {
            Long uac = e.getAttributeValueAsLong("userAccountControl");
            return uac != null && (uac & UAC_ACCOUNTDISABLE) != 0;
        }
        return e.hasAttribute("pwdAccountLockedTime");
    }

    public StagedUser user(Entry e, String dnNorm, String parentNorm) throws BadEntryException {
        String id = externalId(e);
        String username = e.getAttributeValue(m.usernameAttribute());
        if (username == null || username.isBlank()) {
            throw new BadEntryException(e.getDN(), "has no " + m.usernameAttribute() + " (the user name attribute)");
        }
        Map<String, Object> raw = new TreeMap<>();
        for (String name : m.userAttributes()) {
            Attribute a = e.getAttribute(name);
            if (a == null || name.equalsIgnoreCase(m.idAttribute()) || (m.sidAttribute() != null && name.equalsIgnoreCase(m.sidAttribute()))
                    || name.equalsIgnoreCase("objectClass")) {
                continue;
            }
            String[] values = a.getValues();
            raw.put(a.getBaseName(), values.length == 1 ? values[0] : values);
        }
        String attributes;
        try {
            attributes = JSON.writeValueAsString(raw);
        } catch (JsonProcessingException ex) {
            throw new BadEntryException(e.getDN(), "attributes cannot be stored: " + ex.getMessage());
        }
        String displayName = e.getAttributeValue(m.displayNameAttribute());
        boolean enabled = !isDisabled(e);
        String sid = sid(e);
        String[] fields = { e.getDN(), username, displayName, e.getAttributeValue(m.emailAttribute()),
                e.getAttributeValue(m.phoneAttribute()), e.getAttributeValue(m.officeAttribute()),
                e.getAttributeValue(m.jobTitleAttribute()), e.getAttributeValue(m.departmentAttribute()),
                e.getAttributeValue(m.descriptionAttribute()), Boolean.toString(enabled), sid, attributes };
        return new StagedUser(id, sid, e.getDN(), dnNorm, parentNorm, username, displayName, fields[3], fields[4], fields[5],
                fields[6], fields[7], fields[8], enabled, attributes, hash(fields));
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
        return new StagedGroup(kind, id, sid, e.getDN(), dnNorm, parentNorm, name, description,
                hash(new String[] { kind, e.getDN(), name, description, sid }));
    }

    static String hash(String[] fields) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (String f : fields) {
                d.update(f == null ? new byte[] { 0 } : f.getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0x1f);
            }
            return HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
