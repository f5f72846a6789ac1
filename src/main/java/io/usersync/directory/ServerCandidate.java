package io.usersync.directory;

/**
 * One server a connection may use, in the order it is tried.
 *
 * @param origin where it came from, for people reading why it was (not) used: "host", "hosts[1]",
 *     "SRV _ldap._tcp.dc._msdcs.corp.example.com priority 0 weight 100"
 */
public record ServerCandidate(String host, int port, String origin) {
    public String hostPort() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
