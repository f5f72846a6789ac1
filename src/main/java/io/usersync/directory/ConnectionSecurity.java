package io.usersync.directory;

public enum ConnectionSecurity {
    NONE(389),
    STARTTLS(389),
    LDAPS(636);

    public final int defaultPort;

    ConnectionSecurity(int defaultPort) {
        this.defaultPort = defaultPort;
    }
}
