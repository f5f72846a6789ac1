package io.usersync.sync;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchResultReference;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The paged subtree search every read of a run goes through: it asks for the next page as soon as a
 * page's cookie is known and maps the current page while the server prepares the next one (at most two
 * pages in memory), notes continuation references, skips what the task excludes, turns unmappable
 * entries into entry errors and counts what was read. A page without the paged-results control is an
 * incomplete read: nobody could tell the last page from a truncated one.
 */
final class PagedSearch {
    interface EntryHandler {
        void accept(Entry e)
                throws LDAPException, SQLException, EntryMapper.BadEntryException, DirectoryReader.CancelledException;
    }

    private final ReadContext read;
    private final int pageSize;
    /** Fetches the next page while the current one is mapped; one thread, so pages stay in order. */
    private final ExecutorService prefetch = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "usersync-page-prefetch");
        t.setDaemon(true);
        return t;
    });
    /** For the MODIFY_TIMESTAMP feed: the newest modifyTimestamp read, the next incremental run's watermark. */
    private final ModifyTimestamps timestamps = new ModifyTimestamps();

    private boolean trackTimestamps;
    private long entriesReturned;
    private long ldapNanos;

    PagedSearch(ReadContext read, int pageSize) {
        this.read = read;
        this.pageSize = Math.max(1, Math.min(pageSize, 1000));
    }

    /** Asks every entry's modifyTimestamp and keeps the newest (see {@link #newestModifyTimestamp()}). */
    void trackModifyTimestamps() {
        trackTimestamps = true;
    }

    String newestModifyTimestamp() {
        return timestamps.newest();
    }

    /** Time spent waiting for the directory's pages, for the run's timing log. */
    long ldapMillis() {
        return ldapNanos / 1_000_000;
    }

    /** Entries the searches returned, excluded ones included: a read's size below a base. */
    long entriesReturned() {
        return entriesReturned;
    }

    void search(String base, String filter, String[] attributes, EntryHandler handler)
            throws LDAPException, SQLException, DirectoryReader.CancelledException {
        search(base, filter, attributes, handler, true);
    }

    /** @param skipExcluded false when the caller must see entries below excludedDns (to find owned objects that moved there) */
    void search(String base, String filter, String[] attributes, EntryHandler handler, boolean skipExcluded)
            throws LDAPException, SQLException, DirectoryReader.CancelledException {
        search(
                base,
                filter,
                attributes,
                handler,
                skipExcluded,
                trackTimestamps,
                "an entry of the search " + filter + " below " + base);
    }

    /**
     * A search whose entries' modifyTimestamps do not count towards the watermark: a lookup of members
     * made to complete a changed group, whose own changes are the change read's to see.
     */
    void searchUntracked(String base, String filter, String[] attributes, String asking, EntryHandler handler)
            throws LDAPException, SQLException, DirectoryReader.CancelledException {
        search(base, filter, attributes, handler, true, false, asking);
    }

    /** @param asking what the search asks for, in words, for a failure that names it */
    private void search(
            String base,
            String filter,
            String[] attributes,
            EntryHandler handler,
            boolean skipExcluded,
            boolean tracked,
            String asking)
            throws LDAPException, SQLException, DirectoryReader.CancelledException {
        String[] attrs = tracked ? ModifyTimestamps.withModifyTimestamp(attributes) : attributes;
        read.asking(asking);
        Future<SearchResult> next = prefetch.submit(() -> read.connection().search(request(base, filter, attrs, null)));
        try {
            boolean more;
            do {
                SearchResult page = await(next);
                if (page.getResultCode() != ResultCode.SUCCESS) {
                    throw new LDAPSearchException(page);
                }
                SimplePagedResultsControl c = SimplePagedResultsControl.get(page);
                if (c == null) {
                    throw new LDAPSearchException(
                            ResultCode.PROTOCOL_ERROR,
                            "the server answered a paged search of " + base
                                    + " without the paged-results control, so the read cannot be known to be complete");
                }
                for (SearchResultReference ref : page.getSearchReferences()) {
                    read.references().saw(ref, base);
                }
                ASN1OctetString cookie = c.getCookie();
                more = cookie != null && cookie.getValueLength() > 0;
                next = more
                        ? prefetch.submit(() -> read.connection().search(request(base, filter, attrs, cookie)))
                        : null;
                entriesReturned += page.getEntryCount();
                for (SearchResultEntry e : page.getSearchEntries()) {
                    if (tracked) {
                        timestamps.saw(e);
                    }
                    // parsing every entry's DN costs much of a read's CPU, for tasks that exclude nothing
                    if (skipExcluded && !read.excludesNothing() && read.isExcluded(e.getParsedDN())) {
                        continue;
                    }
                    try {
                        handler.accept(e);
                    } catch (EntryMapper.BadEntryException ex) {
                        read.entryError(ex.dn, ex.getMessage());
                    }
                }
                read.countRead(page.getEntryCount());
            } while (more);
        } finally {
            if (next != null) {
                next.cancel(true);
            }
        }
    }

    /** One page of a subtree search, with the paged-results control marked critical. */
    SearchRequest request(String base, String filter, String[] attributes, ASN1OctetString cookie)
            throws LDAPException {
        SearchRequest r = new SearchRequest(base, SearchScope.SUB, filter, attributes);
        r.setControls(new SimplePagedResultsControl(pageSize, cookie, true));
        return r;
    }

    private SearchResult await(Future<SearchResult> page) throws LDAPException {
        long t0 = System.nanoTime();
        try {
            return page.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LDAPException l) {
                throw l;
            }
            throw new LDAPException(ResultCode.LOCAL_ERROR, "reading a page failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LDAPException(ResultCode.USER_CANCELED, "interrupted while reading", e);
        } finally {
            ldapNanos += System.nanoTime() - t0;
        }
    }

    /** Stops a prefetch still waiting for the directory. */
    void close() {
        prefetch.shutdownNow();
    }
}
