package io.usersync.webhook;

import io.quarkus.runtime.Startup;
import io.usersync.api.Problem;
import io.usersync.api.ProblemException;
import io.usersync.security.HostAllowlist;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Where webhooks may point. A webhook makes the server POST to a URL the caller names; without limits that
 * reaches the cloud metadata service, the database, the admin ports on loopback. So: absolute http(s) only,
 * no credentials in the URL, http only when allowed, and every address the host resolves to must be public
 * (not loopback, link-local, private, unique-local, CGNAT, any-local or multicast) unless the allowlist
 * (USERSYNC_WEBHOOK_HOST_ALLOWLIST) names the host or holds the address; when an allowlist is set, nothing
 * else goes. Checked when a subscription is written and again before every delivery, as DNS may change.
 */
@ApplicationScoped
@Startup // a malformed allowlist entry stops the start, not the first delivery
public class WebhookTargets {
    static final String FIELD = "url";
    /** Addresses a webhook may not reach unless the allowlist says so. */
    private static final HostAllowlist INTERNAL = new HostAllowlist(List.of(
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "224.0.0.0/4",
            "240.0.0.0/4",
            "255.255.255.255/32",
            "::/128",
            "::1/128",
            // IPv4 inside IPv6: NAT64 and 6to4 addresses can carry any of the above (Java reads an IPv4-mapped
            // address as the IPv4 address itself)
            "64:ff9b::/96",
            "2002::/16",
            "fc00::/7",
            "fe80::/10",
            "fec0::/10",
            "ff00::/8"));

    private final boolean allowHttp;
    private final HostAllowlist allowlist;

    @Inject
    WebhookTargets(WebhookConfig config) {
        this(config.allowHttp(), config.hostAllowlist().orElse(List.of()));
    }

    WebhookTargets(boolean allowHttp, List<String> allowlist) {
        this.allowHttp = allowHttp;
        this.allowlist = new HostAllowlist(allowlist);
    }

    /** Why a URL is refused: 400 malformed or not allowed by its form, 403 not allowed by where it leads. */
    record Refusal(int status, String message) {}

    /** Null when a subscription may have the URL, else why not (400: its form, 403: where it leads). */
    Refusal refusal(String url) {
        try {
            return refusal(new URI(url.strip()));
        } catch (URISyntaxException e) {
            return new Refusal(400, "is not a valid URL: " + e.getReason());
        }
    }

    /** The 403 problem for a URL refused for where it leads. */
    static ProblemException forbidden(Refusal r) {
        Problem p = new Problem(403, "Target not allowed", FIELD + ": " + r.message());
        p.errors = List.of(new Problem.FieldError(FIELD, r.message()));
        return new ProblemException(p);
    }

    /** Null when a POST to the URL may go, else why not; resolves the host now. */
    Refusal refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("https") || scheme.equals("http"))) {
            return new Refusal(400, "must be an absolute https URL");
        }
        if (uri.getRawUserInfo() != null) {
            return new Refusal(400, "must not hold a user name or password");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            return new Refusal(400, "names no host");
        }
        if (scheme.equals("http") && !allowHttp) {
            return new Refusal(400, "must use https (this server does not allow plain http webhooks)");
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (allowlist.namesDirectly(bare)) {
            return null;
        }
        List<InetAddress> addresses;
        try {
            addresses = List.of(InetAddress.getAllByName(bare));
        } catch (UnknownHostException e) {
            return new Refusal(400, "host '" + bare + "' does not resolve");
        }
        if (allowlist.active()) {
            return allowlist.allows(bare, addresses)
                    ? null
                    : new Refusal(403, "host '" + bare + "' is not on this server's webhook allowlist");
        }
        for (InetAddress a : addresses) {
            if (INTERNAL.containsAddress(a)) {
                return new Refusal(
                        403,
                        "host '" + bare + "' resolves to " + a.getHostAddress()
                                + ", a loopback, link-local, private or otherwise internal address");
            }
        }
        return null;
    }
}
