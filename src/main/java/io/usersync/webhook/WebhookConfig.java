package io.usersync.webhook;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How webhook subscriptions are delivered and where they may point. Defaults and variable names are in application.properties. */
@ConfigMapping(prefix = "usersync.webhook")
public interface WebhookConfig {
    /** How often every instance looks for subscriptions with events to deliver. */
    Duration tick();

    /** Subscriptions one instance delivers to at a time. */
    int workers();

    /** How long a claim on a subscription lasts without renewal before another instance takes it over. */
    Duration lease();

    /** Events in one POST at most. */
    int batch();

    /** Connect and response timeout of one POST. */
    Duration timeout();

    /** The first retry's delay after a failed POST; it doubles with each further failure. */
    Duration retryInitial();

    /** The longest delay between retries (a longer Retry-After wins). */
    Duration retryMax();

    /** How long a subscription keeps failing before it is marked FAILING and stops. */
    Duration retryFor();

    /** Whether subscriptions may use plain http URLs. */
    boolean allowHttp();

    /** Hosts and CIDR ranges webhooks may point to; when set, no others; its entries may be private addresses. */
    Optional<List<String>> hostAllowlist();
}
