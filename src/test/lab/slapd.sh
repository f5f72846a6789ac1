#!/usr/bin/env bash
# The project's throwaway OpenLDAP: slapd (mdb, memberof, refint, syncprov) on 127.0.0.1:$PORT.
#   slapd.sh start DIR PORT   create from scratch under DIR and start (daemonizes); LDAP and StartTLS on PORT,
#                             LDAPS on PORT+1, with a certificate from the lab CA ($DIR/tls/ca.pem) that names
#                             only mismatch.lab.invalid: whatever name one connects by, it is a host-name mismatch
#                             (the trusted-and-matching case is Samba's)
#   slapd.sh start DIR PORT --server-id N --peer ldap://127.0.0.1:PEERPORT [--empty]
#                             one of two providers replicating each other (multi-provider syncrepl, as admin);
#                             --empty leaves the database without even the suffix, for the second provider to take
#                             everything from the first: base entries loaded on both would clash (same DNs,
#                             different entryUUIDs)
#   slapd.sh halt DIR         stop slapd and keep DIR; slapd.sh resume DIR PORT serves it again
#   slapd.sh stop DIR
# Suffix dc=example,dc=org; rootdn cn=admin,dc=example,dc=org / secret.
# cn=sync,ou=system,... has no size limit; every other non-root bind is capped at 500 entries
# (slapd's default), which is the trap a sync must notice rather than read as deletions.
set -euo pipefail
cmd=$1 DIR=$2
SUFFIX="dc=example,dc=org"
PIDFILE="$DIR/run/slapd.pid"

stop() {
  [[ -f $PIDFILE ]] || return 0
  pid=$(cat "$PIDFILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid"
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$PIDFILE"
}

serve() {
  ulimit -n 8192
  # slapd logs nothing at olcLogLevel none, so a failure to start is reported here with what held the ports
  if ! slapd -h "ldap://127.0.0.1:$PORT/ ldaps://127.0.0.1:$((PORT + 1))/" -F "$DIR/slapd.d"; then
    echo "slapd did not start on 127.0.0.1:$PORT and :$((PORT + 1)); sockets on those ports:" >&2
    ss -tanp 2>/dev/null | grep -E ":($PORT|$((PORT + 1)))\b" >&2 || echo "(none)" >&2
    return 1
  fi
  for _ in $(seq 100); do
    ldapsearch -x -LLL -H "ldap://127.0.0.1:$PORT" -s base -b "" namingContexts >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "slapd did not answer on 127.0.0.1:$PORT" >&2
  return 1
}

case $cmd in
  stop) stop; rm -rf "$DIR"; exit 0 ;;
  halt) stop; exit 0 ;;
  resume) PORT=$3; stop; serve; exit $? ;;
  start) PORT=$3 ;;
  # bulk load (offline, far faster than ldapadd) into an instance made by start, then serve again
  # -w: the suffix's contextCSN is set to the newest entry's, as writes through slapd would; without it content sync
  # cookies start before the loaded entries and every refresh sends all of them
  load) PORT=$3; stop; slapadd -q -w -n1 -F "$DIR/slapd.d" -l "$4"; serve; exit $? ;;
  *) echo "usage: $0 start DIR PORT [--server-id N --peer URL [--empty]] | load DIR PORT LDIF | halt DIR | resume DIR PORT | stop DIR" >&2; exit 2 ;;
esac
SERVER_ID= PEER= EMPTY=
shift 3
while [[ $# -gt 0 ]]; do
  case $1 in
    --server-id) SERVER_ID=$2; shift 2 ;;
    --peer) PEER=$2; shift 2 ;;
    --empty) EMPTY=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ -n $SERVER_ID && -z $PEER || -z $SERVER_ID && -n $PEER ]]; then
  echo "--server-id and --peer go together" >&2
  exit 2
fi

# retry "1 +": a peer that is down (or still empty) is asked again every second, for as long as it takes
replication() {
  printf '%s\n' \
    "olcSyncrepl: rid=001 provider=$PEER bindmethod=simple binddn=\"cn=admin,$SUFFIX\" credentials=secret" \
    "  searchbase=\"$SUFFIX\" type=refreshAndPersist retry=\"1 +\" timeout=1 network-timeout=1" \
    "olcMultiProvider: TRUE"
}

stop
rm -rf "$DIR"
mkdir -p "$DIR/slapd.d" "$DIR/data" "$DIR/run"
bash "$(dirname "$0")/lab-ca.sh" "$DIR/tls" mismatch.lab.invalid "DNS:mismatch.lab.invalid"
cat > "$DIR/config.ldif" <<LDIF
dn: cn=config
objectClass: olcGlobal
cn: config
olcTLSCACertificateFile: $DIR/tls/ca.pem
olcTLSCertificateFile: $DIR/tls/cert.pem
olcTLSCertificateKeyFile: $DIR/tls/key.pem
olcPidFile: $DIR/run/slapd.pid
olcArgsFile: $DIR/run/slapd.args
${SERVER_ID:+olcServerID: $SERVER_ID
}olcLogLevel: none
olcThreads: 8

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb
olcModuleLoad: memberof
olcModuleLoad: refint
olcModuleLoad: syncprov

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif
include: file:///etc/ldap/schema/cosine.ldif
include: file:///etc/ldap/schema/nis.ldif
include: file:///etc/ldap/schema/inetorgperson.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcSizeLimit: 500

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcRootDN: cn=admin,cn=config
olcRootPW: secret

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: $SUFFIX
olcDbDirectory: $DIR/data
olcRootDN: cn=admin,$SUFFIX
olcRootPW: secret
olcDbMaxSize: 4294967296
olcDbNoSync: TRUE
olcDbIndex: objectClass eq
olcDbIndex: uid,cn,mail eq
olcDbIndex: member,memberOf eq
olcDbIndex: entryUUID,entryCSN eq
olcLastMod: TRUE
${PEER:+$(replication)
}olcLimits: {0}dn.exact="cn=sync,ou=system,$SUFFIX" size=unlimited time=unlimited
olcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {1}to * by users read by * none

dn: olcOverlay={0}syncprov,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcSyncProvConfig
olcOverlay: {0}syncprov
olcSpCheckpoint: 100 10
olcSpSessionlog: 10000

dn: olcOverlay={1}memberof,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcMemberOf
olcOverlay: {1}memberof
olcMemberOfDangling: ignore
olcMemberOfRefInt: FALSE
olcMemberOfGroupOC: groupOfNames
olcMemberOfMemberAD: member
olcMemberOfMemberOfAD: memberOf

dn: olcOverlay={2}refint,olcDatabase={1}mdb,cn=config
objectClass: olcOverlayConfig
objectClass: olcRefintConfig
olcOverlay: {2}refint
olcRefintAttribute: member
olcRefintNothing: cn=sync,ou=system,$SUFFIX
LDIF
slapadd -n0 -F "$DIR/slapd.d" -l "$DIR/config.ldif" >/dev/null
cat > "$DIR/base.ldif" <<LDIF
dn: $SUFFIX
objectClass: dcObject
objectClass: organization
dc: example
o: Example Org

dn: ou=system,$SUFFIX
objectClass: organizationalUnit
ou: system

dn: cn=sync,ou=system,$SUFFIX
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: sync
userPassword: syncpass

dn: cn=limited,ou=system,$SUFFIX
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: limited
userPassword: limitedpass
LDIF
# -w (see load): a provider's contextCSN is what cookies, its own and its peer's, are measured against; -S: the
# entries carry this provider's serverID in their CSNs, as if written through it
[[ -n $EMPTY ]] || slapadd -n1 -F "$DIR/slapd.d" -l "$DIR/base.ldif" -q ${SERVER_ID:+-w -S "$SERVER_ID"} >/dev/null
serve
