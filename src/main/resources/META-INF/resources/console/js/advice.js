// What to do about each failure category the API reports (directory test and browse problems, runs).
const ADVICE = {
  DNS: 'The server name could not be resolved, or the domain has no domain controller records (SRV) in DNS. Check the spelling, or enter the domain controllers as hosts, and make sure this service can resolve the names.',
  CONNECTION_REFUSED: 'Nothing accepts connections at this host and port. Check the port (636 for LDAPS, 389 for StartTLS or plain LDAP) and that no firewall blocks this service.',
  TIMEOUT: 'The server did not answer in time. Check the host name and port, and the firewalls between this service and the server.',
  TLS_UNTRUSTED_CERTIFICATE: 'The server\'s certificate is not signed by a CA this service trusts. Paste the issuing CA certificate (PEM) under "Trusted CA certificates".',
  TLS_HOSTNAME_MISMATCH: 'The certificate does not name the host you entered. Connect with a name the certificate lists (usually the domain controller\'s full DNS name), not an IP address or an alias.',
  TLS_HANDSHAKE: 'TLS could not be negotiated. Check that the port speaks the chosen security (LDAPS on 636, StartTLS on 389) and that the server offers TLS 1.2 or later.',
  INVALID_CREDENTIALS: 'The login or the password is wrong. Enter the login as DOMAIN\\USERNAME, as user@domain or as a full DN, and check the password.',
  ACCOUNT_DISABLED: 'The service account is disabled in the directory. Enable it there, or use another account.',
  ACCOUNT_LOCKED: 'The service account is locked out, often after repeated wrong passwords. Unlock it in the directory and check the password stored here.',
  PASSWORD_EXPIRED: 'The service account\'s password has expired or must be changed. Set a new one in the directory, then enter it here.',
  INSUFFICIENT_ACCESS: 'The account can sign in but may not read what the task needs. Give it read access to the selected containers and groups.',
  STRONGER_AUTH_REQUIRED: 'The server refuses simple binds on plain LDAP (it requires LDAP signing). Use LDAPS or StartTLS, or Kerberos (GSSAPI), which signs plain LDAP.',
  KERBEROS: 'The Kerberos bind failed before the directory was asked: the KDC could not be reached, the clocks differ by more than five minutes, or the KDC knows no ldap/ service principal for this domain controller. The reason above says which.',
  HOST_NOT_ALLOWED: 'This service may not connect to that host: it is not on USERSYNC_DIRECTORY_HOST_ALLOWLIST. Ask an administrator to add it, or use a listed host.',
  NO_SUCH_OBJECT: 'A selected DN does not exist (any more). Browse the directory again and pick the entries anew.',
  INCOMPLETE_RESULT: 'The directory returned an incomplete result (a size or time limit, or a dropped connection). Nothing was removed or disabled. Check the server\'s limits and run again.',
  TOO_MANY_ENTRY_ERRORS: 'Too many entries could not be mapped. The ERROR changes below say why; fix the mapping or the data and run again.',
  TASK_UNREADABLE: 'The task\'s stored settings could not be read, for example a password stored under another encryption key. Edit the task and enter the password again.',
  DATABASE: 'The service\'s database failed during the run; nothing was half-applied. Check the database, then run again.',
  ABANDONED: 'The instance that ran this stopped before finishing (a crash or a shutdown); nothing was half-applied. Run the task again.',
  OTHER: 'The reason above is what the server said.',
};

const AD_SUB_CODES = {
  '525': 'AD says: no such user.',
  '52e': 'AD says: wrong password for an existing account.',
  '530': 'AD says: sign-in not permitted at this time.',
  '531': 'AD says: sign-in not permitted from this workstation.',
  '532': 'AD says: the password has expired.',
  '533': 'AD says: the account is disabled.',
  '701': 'AD says: the account has expired.',
  '773': 'AD says: the password must be changed before first use.',
  '775': 'AD says: the account is locked out.',
};

export function adviceFor(category, adSubCode) {
  const base = ADVICE[category] || ADVICE.OTHER;
  const sub = adSubCode && AD_SUB_CODES[String(adSubCode).toLowerCase()];
  return sub ? `${base} ${sub}` : base;
}
