package io.usersync.directory;

import io.usersync.security.DirectoryHostAllowlist;

/**
 * Refuses, before anything connects, a caller-named server outside the allowlist, naming the field:
 * browse and test connect where the caller says. Servers found through DNS are checked as they are tried.
 */
final class NamedHosts {
    private NamedHosts() {}

    static void check(DirectoryHostAllowlist allowlist, DirectoryConnection d) {
        if (d.kdc() != null && !d.kdc().isBlank()) {
            allowlist.check("directory.kdc", HostPort.parse(d.kdc(), 88).host());
        }
        if (d.domain() != null && !d.domain().isBlank()) {
            return;
        }
        if (d.hosts() != null && !d.hosts().isEmpty()) {
            for (int i = 0; i < d.hosts().size(); i++) {
                allowlist.check(
                        "directory.hosts[" + i + "]",
                        HostPort.parse(d.hosts().get(i), d.effectivePort()).host());
            }
            return;
        }
        allowlist.check("directory.host", d.host());
    }
}
