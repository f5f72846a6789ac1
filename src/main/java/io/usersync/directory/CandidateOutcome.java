package io.usersync.directory;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What happened when a connection tried one server. */
@Schema(name = "ServerCandidate")
public record CandidateOutcome(
        @Schema(required = true) String host,
        @Schema(required = true) int port,

        @Schema(
                required = true,
                description =
                        "where the server came from: host, hosts[i], or the SRV record with its priority and weight")
        String origin,

        @Schema(
                required = true,
                description = "CONNECTED (connected, negotiated TLS and bound), FAILED, or NOT_TRIED (an earlier"
                        + " server was used, or the credentials were refused and trying them on more servers could"
                        + " lock the account out)")
        Outcome outcome,

        @Schema(required = true, description = "true when this server connected, negotiated TLS and bound")
        boolean connected,

        @Schema(description = "for FAILED: the failure category")
        FailureCategory category,

        @Schema(description = "for FAILED and NOT_TRIED: why")
        String message,

        @Schema(required = true, description = "time spent on this server")
        long millis) {

    public enum Outcome {
        CONNECTED,
        FAILED,
        NOT_TRIED
    }

    static CandidateOutcome connected(ServerCandidate c, long millis) {
        return new CandidateOutcome(c.host(), c.port(), c.origin(), Outcome.CONNECTED, true, null, null, millis);
    }

    static CandidateOutcome failed(ServerCandidate c, DirectoryException e, long millis) {
        return new CandidateOutcome(
                c.host(), c.port(), c.origin(), Outcome.FAILED, false, e.category(), e.getMessage(), millis);
    }

    static CandidateOutcome notTried(ServerCandidate c, String why) {
        return new CandidateOutcome(c.host(), c.port(), c.origin(), Outcome.NOT_TRIED, false, null, why, 0);
    }

    /** One line for a run's log and messages. */
    public String summary() {
        return host + ":" + port + " (" + origin + "): " + outcome + (category == null ? "" : " " + category)
                + (message == null ? "" : ", " + message);
    }
}
