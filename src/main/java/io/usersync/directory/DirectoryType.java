package io.usersync.directory;

public enum DirectoryType {
    ACTIVE_DIRECTORY,
    LDAP
}
