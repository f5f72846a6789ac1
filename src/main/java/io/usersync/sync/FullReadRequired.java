package io.usersync.sync;

/** An incremental read cannot give a full run's result; the message says why, for the run's modeReason. */
public final class FullReadRequired extends Exception {
    public FullReadRequired(String reason) {
        super(reason, null, false, false);
    }
}
