package io.usersync.audit;

/** Who acted: an API token, the bootstrap token, an OIDC user, the service itself, or nobody known. */
public record Actor(String name, ActorType type) {
    public static final Actor SCHEDULER = new Actor("system:scheduler", ActorType.SYSTEM);
    public static final Actor SYSTEM = new Actor("system", ActorType.SYSTEM);
    public static final Actor ANONYMOUS = new Actor("anonymous", ActorType.ANONYMOUS);

    public enum ActorType {
        TOKEN,
        BOOTSTRAP,
        OIDC,
        SYSTEM,
        ANONYMOUS
    }
}
