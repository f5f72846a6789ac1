package io.usersync.directory;

/** A "host", "host:port", "[v6]" or "[v6]:port" as people write them in a hosts list. */
public record HostPort(String host, int port) {
    /** Null port part: the default. Throws IllegalArgumentException with a reason a person can act on. */
    public static HostPort parse(String s, int defaultPort) {
        String v = s == null ? "" : s.strip();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("must not be blank");
        }
        String host = v;
        String port = null;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("has a '[' without its ']'");
            }
            host = v.substring(1, close);
            String rest = v.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("must be [address] or [address]:port");
                }
                port = rest.substring(1);
            }
        } else if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            host = v.substring(0, v.indexOf(':'));
            port = v.substring(v.indexOf(':') + 1);
        }
        if (!host.matches("[A-Za-z0-9._:\\-]+")) {
            throw new IllegalArgumentException("must be a host name or IP address, optionally with :port");
        }
        if (port == null) {
            return new HostPort(host, defaultPort);
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("has a port outside 1 to 65535");
            }
            return new HostPort(host, p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("has a port that is not a number: '" + port + "'");
        }
    }
}
