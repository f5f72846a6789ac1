package io.usersync.demo;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import java.util.Locale;

/**
 * Lets the demo directory take the bind names Active Directory takes besides a DN: {@code CORP\svc-sync}
 * (NetBIOS domain and sAMAccountName) and {@code svc-sync@corp.example.com} (userPrincipalName), so the
 * console's wizard can be walked with the login format the seeds describe.
 */
final class AdBindNames extends InMemoryOperationInterceptor {
    volatile InMemoryDirectoryServer server;

    @Override
    public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) throws LDAPException {
        SimpleBindRequest bind = request.getRequest();
        String name = bind.getBindDN();
        Filter byName = null;
        String netbiosPrefix = AdLikeTree.NETBIOS_DOMAIN + "\\";
        if (name.regionMatches(true, 0, netbiosPrefix, 0, netbiosPrefix.length())) {
            byName = Filter.createEqualityFilter("sAMAccountName", name.substring(netbiosPrefix.length()));
        } else if (name.toLowerCase(Locale.ROOT).endsWith("@" + AdLikeTree.DNS_DOMAIN)) {
            byName = Filter.createEqualityFilter("userPrincipalName", name);
        }
        if (byName == null || server == null) {
            return;
        }
        SearchResultEntry e = server.searchForEntry(AdLikeTree.BASE, SearchScope.SUB, byName);
        if (e != null) {
            request.setRequest(
                    new SimpleBindRequest(e.getDN(), bind.getPassword().getValue(), bind.getControls()));
        }
    }
}
