package io.usersync.run;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import io.usersync.api.FieldErrors;
import io.usersync.api.PageRequest;
import io.usersync.sync.ObjectTarget;

/** Checks an object request before a run is queued for it. */
final class ObjectTargets {
    private ObjectTargets() {}

    static ObjectTarget validated(ObjectSyncRequest r) {
        FieldErrors errors = new FieldErrors();
        String dn = r == null || r.dn() == null || r.dn().isBlank() ? null : r.dn().strip();
        String username = r == null || r.username() == null || r.username().isBlank()
                ? null
                : r.username().strip();
        if (dn == null && username == null) {
            errors.add("dn", "give dn or username");
            errors.add("username", "give dn or username");
        } else if (dn != null && username != null) {
            errors.add("dn", "give dn or username, not both");
            errors.add("username", "give dn or username, not both");
        } else if (dn != null) {
            try {
                if (new DN(dn).isNullDN()) {
                    errors.add("dn", "must not be empty");
                }
            } catch (LDAPException e) {
                errors.add("dn", "is not a valid DN: " + e.getExceptionMessage());
            }
        }
        errors.throwIfAny();
        return new ObjectTarget(dn, username);
    }

    /** The change records an object run answers with: a handful, never more than one page. */
    static PageRequest firstPage() {
        PageRequest p = new PageRequest();
        p.page = 0;
        p.size = 100;
        return p;
    }
}
