package io.usersync.webhook;

/** Whether a subscription is delivered: FAILING ones failed for longer than the retry period and wait for a PUT or a redeliver. */
public enum WebhookStatus {
    ACTIVE,
    FAILING
}
