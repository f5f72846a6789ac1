package io.usersync.directory;

/** How a task proves who it is: a simple bind with the password, or Kerberos (SASL GSSAPI). */
public enum BindMethod {
    SIMPLE,
    GSSAPI
}
