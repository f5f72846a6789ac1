package io.usersync.security;

/** The role an API token carries; the JSON values are the role names themselves. */
public enum TokenRole {
    viewer,
    operator,
    admin
}
