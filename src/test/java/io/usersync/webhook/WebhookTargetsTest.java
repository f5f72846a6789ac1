package io.usersync.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a webhook may point, without a running service. */
class WebhookTargetsTest {
    static int status(WebhookTargets t, String url) {
        WebhookTargets.Refusal r = t.refusal(url);
        return r == null ? 0 : r.status();
    }

    @Test
    void withoutAnAllowlistInternalAddressesAreRefused() {
        WebhookTargets t = new WebhookTargets(true, List.of());
        assertEquals(403, status(t, "http://127.0.0.1:8080/"));
        assertEquals(403, status(t, "http://169.254.169.254/latest/meta-data"));
        assertEquals(403, status(t, "https://[::ffff:10.0.0.1]/"), "IPv4-mapped IPv6");
        assertEquals(403, status(t, "https://100.127.255.254/"));
        assertEquals(0, status(t, "https://100.128.0.1/"), "just past CGNAT");
        assertEquals(0, status(t, "https://172.32.0.1/"), "just past 172.16/12");
        assertEquals(0, status(t, "https://203.0.113.10/"));
        assertEquals(400, status(t, "/relative"));
        assertEquals(400, status(t, "https://u@203.0.113.10/"));
    }

    @Test
    void anAllowlistAdmitsItsEntriesAndNothingElse() {
        WebhookTargets t = new WebhookTargets(false, List.of("127.0.0.1", "10.0.0.0/8", "hooks.internal.test"));
        assertEquals(400, status(t, "http://127.0.0.1:8080/"), "http stays off");
        assertEquals(0, status(t, "https://127.0.0.1:8443/"));
        assertEquals(0, status(t, "https://10.9.8.7/"));
        assertEquals(0, status(t, "https://hooks.internal.test/"), "named: not resolved");
        assertEquals(403, status(t, "https://203.0.113.10/"), "public but not listed");
        assertEquals(403, status(t, "https://192.168.0.1/"));
        assertNull(t.refusal(URI.create("https://10.0.0.1/x")));
    }
}
