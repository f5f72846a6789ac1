package io.usersync.sync;

import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import io.usersync.directory.ObjectIds;

/**
 * Whether the bound account sees AD's tombstones, through which incremental runs learn of deletions.
 * By default only administrators may list Deleted Objects; Windows then hides the container from
 * others, Samba shows it empty. So: a tombstone that can be seen settles it; otherwise an account in
 * BUILTIN\Administrators sees them (there are none yet); any other may have been granted List Contents
 * on Deleted Objects, which shows once there is a tombstone, and until then it is not trusted.
 */
final class TombstoneVisibility {
    private static final String SHOW_DELETED_OID = "1.2.840.113556.1.4.417";
    /** GUID_DELETED_OBJECTS_CONTAINER_W: the well-known GUID of each naming context's Deleted Objects container. */
    private static final String DELETED_OBJECTS_WKGUID = "18E2EA80684F11D2B9AA00C04F79F805";

    private static final String BUILTIN_ADMINISTRATORS = "S-1-5-32-544";

    private TombstoneVisibility() {}

    static boolean visible(LDAPConnection c, String context, String login) {
        try {
            SearchRequest one = new SearchRequest(
                    "<WKGUID=" + DELETED_OBJECTS_WKGUID + "," + context + ">",
                    SearchScope.ONE,
                    Filter.createEqualityFilter("isDeleted", "TRUE"),
                    "1.1");
            one.addControl(new Control(SHOW_DELETED_OID, true));
            one.setSizeLimit(1);
            if (c.search(one).getEntryCount() > 0) {
                return true;
            }
        } catch (LDAPException e) {
            // hidden from this account (Windows), or a size limit met: the latter means there are some
            if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
                return true;
            }
        }
        return administrator(c, context, login);
    }

    private static boolean administrator(LDAPConnection c, String context, String login) {
        try {
            String dn = accountDn(c, context, login);
            SearchResultEntry self = dn == null ? null : c.getEntry(dn, "tokenGroups");
            byte[][] groups = self == null ? null : self.getAttributeValueByteArrays("tokenGroups");
            if (groups == null) {
                return false;
            }
            for (byte[] sid : groups) {
                if (BUILTIN_ADMINISTRATORS.equals(ObjectIds.sid(sid))) {
                    return true;
                }
            }
        } catch (LDAPException | IllegalArgumentException e) {
            // cannot tell: not trusted
        }
        return false;
    }

    /** The bound account's entry: the login as a DN, or found by its UPN or DOMAIN\name. */
    private static String accountDn(LDAPConnection c, String context, String login) throws LDAPException {
        if (login == null) {
            return null;
        }
        if (DN.isValidDN(login) && login.contains("=")) {
            return login;
        }
        // a UPN may be the implicit one (sAMAccountName@dns-domain), which AD accepts without storing it
        Filter f = login.contains("\\")
                ? Filter.createEqualityFilter("sAMAccountName", login.substring(login.indexOf('\\') + 1))
                : Filter.createORFilter(
                        Filter.createEqualityFilter("userPrincipalName", login),
                        Filter.createEqualityFilter(
                                "sAMAccountName", login.substring(0, Math.max(0, login.indexOf('@')))));
        SearchRequest find = new SearchRequest(
                context,
                SearchScope.SUB,
                Filter.createANDFilter(Filter.createEqualityFilter("objectCategory", "person"), f),
                "1.1");
        find.setSizeLimit(2);
        var found = c.search(find).getSearchEntries();
        return found.size() == 1 ? found.get(0).getDN() : null;
    }
}
