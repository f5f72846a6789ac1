package io.usersync.directory;

/** One SRV record's answer (RFC 2782), with the name it answered. */
public record SrvTarget(String name, int priority, int weight, int port, String target) {}
