#!/usr/bin/env bash
# The project's throwaway Samba AD domain controller on 127.0.0.1 (389 LDAP, 636 LDAPS, 3268 GC).
#   samba.sh start DIR   provision EXAMPLE.TEST from scratch under DIR and start; needs root
#   samba.sh stop DIR
#   samba.sh restart DIR                  stop and start again on the provisioned data (smb.conf changes take effect)
#   samba.sh strong-auth DIR yes|no|allow_sasl_over_tls   set "ldap server require strong auth" and restart
#   samba.sh keytab DIR PRINCIPAL FILE    write PRINCIPAL's current keys (e.g. Administrator@EXAMPLE.TEST) to FILE
#   samba.sh user DIR NAME PASSWORD       add a domain user, or set the password of an existing one
# Administrator password Lab-Passw0rd!; base DC=example,DC=test. LDAPS uses the lab's own CA
# ($DIR/tls/ca.pem) and a certificate for localhost and 127.0.0.1, so that hostname verification is real.
set -euo pipefail
cmd=$1 DIR=$2
REALM=EXAMPLE.TEST
ADMINPASS='Lab-Passw0rd!'
CONF="$DIR/etc/smb.conf"
PIDFILE="$DIR/run/samba.pid"

stop() {
  [[ -f $PIDFILE ]] || return 0
  pid=$(cat "$PIDFILE")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$PIDFILE"
}

# a simple bind over LDAPS answers whether or not plain LDAP requires strong auth; the KDC starts
# separately, and a Kerberos bind right after a restart needs it too
wait_ready() {
  for _ in $(seq 300); do
    LDAPTLS_CACERT="$DIR/tls/ca.pem" ldapsearch -x -LLL -H ldaps://127.0.0.1:636 -D "Administrator@example.test" \
      -w "$ADMINPASS" -s base -b "" highestCommittedUSN >/dev/null 2>&1 \
      && [[ -n $(ss -ltnH 'sport = :88') ]] && return 0
    sleep 0.1
  done
  echo "samba did not answer binds on 127.0.0.1:636 or Kerberos on 88; see $DIR/log" >&2
  exit 1
}

# samba reads "ldap server require strong auth" only when it starts: smbcontrol reload-config does not apply it
restart() {
  [[ -f $CONF ]] || { echo "$DIR holds no provisioned domain" >&2; exit 1; }
  stop
  samba -s "$CONF" -D -l "$DIR/log"
  wait_ready
}

case $cmd in
  stop) stop; exit 0 ;;
  start) ;;
  restart) restart; exit 0 ;;
  strong-auth)
    case ${3:-} in yes|no|allow_sasl_over_tls) ;; *) echo "usage: $0 strong-auth DIR yes|no|allow_sasl_over_tls" >&2; exit 2 ;; esac
    sed -i "s|^\tldap server require strong auth = .*$|\tldap server require strong auth = $3|" "$CONF"
    grep -q "ldap server require strong auth = $3$" "$CONF" || { echo "no strong auth line in $CONF" >&2; exit 1; }
    restart
    exit 0 ;;
  keytab)
    [[ $# -eq 4 ]] || { echo "usage: $0 keytab DIR PRINCIPAL FILE" >&2; exit 2; }
    # exportkeytab adds to an existing file: start empty so that only the current keys are in it
    rm -f "$4"
    /usr/bin/samba-tool domain exportkeytab "$4" --principal="$3" -s "$CONF" >/dev/null
    exit 0 ;;
  user)
    [[ $# -eq 4 ]] || { echo "usage: $0 user DIR NAME PASSWORD" >&2; exit 2; }
    if /usr/bin/samba-tool user show "$3" -s "$CONF" -H "$DIR/private/sam.ldb" >/dev/null 2>&1; then
      /usr/bin/samba-tool user setpassword "$3" --newpassword="$4" -s "$CONF" -H "$DIR/private/sam.ldb" >/dev/null
    else
      /usr/bin/samba-tool user add "$3" "$4" -s "$CONF" -H "$DIR/private/sam.ldb" >/dev/null
    fi
    exit 0 ;;
  *) echo "usage: $0 start|stop|restart DIR | strong-auth DIR yes|no|allow_sasl_over_tls | keytab DIR PRINCIPAL FILE | user DIR NAME PASSWORD" >&2; exit 2 ;;
esac
[[ $(id -u) -eq 0 ]] || { echo "Samba AD must run as root" >&2; exit 3; }

stop
# only 127.0.0.1 and the wildcard addresses: servers bound to other loopback addresses do not get in the way
busy=$(ss -ltnH | awk '{print $4}' | grep -E '^(127\.0\.0\.1|0\.0\.0\.0|\*|\[::\]):(88|389|636|3268|3269)$' || true)
[[ -z $busy ]] || { echo "ports in use, another DC or LDAP server holds them: $busy" >&2; exit 1; }
rm -rf "$DIR"
mkdir -p "$DIR/run" "$DIR/log" "$DIR/tls"
: > "$DIR/empty.conf"
/usr/bin/samba-tool domain provision -s "$DIR/empty.conf" --targetdir="$DIR" \
  --realm="$REALM" --domain=EXAMPLE --server-role=dc --dns-backend=NONE --use-rfc2307 \
  --host-name=DC1 --host-ip=127.0.0.1 --adminpass="$ADMINPASS" \
  --option="interfaces = 127.0.0.1" --option="bind interfaces only = yes" \
  --option="server services = -dns -nbt -wrepl -s3fs -winbindd" --option="disable netbios = yes" \
  --option="pid directory = $DIR/run" --option="ncalrpc dir = $DIR/run/ncalrpc" \
  --option="winbindd socket directory = $DIR/run/winbindd" --option="ntp signd socket directory = $DIR/run/ntp_signd" \
  --option="log file = $DIR/log/samba.log" --option="log level = 1" > "$DIR/log/provision.log" 2>&1 \
  || { tail -30 "$DIR/log/provision.log" >&2; exit 1; }

# the lab's own CA and a server certificate naming localhost and 127.0.0.1
bash "$(dirname "$0")/lab-ca.sh" "$DIR/tls" localhost "DNS:localhost,IP:127.0.0.1"
# provision drops "ldap server require strong auth = no" (it is the enum's 0): simple binds over plain LDAP need it
sed -i "s|^\[global\]$|[global]\n\tldap server require strong auth = no\n\ttls enabled = yes\n\ttls keyfile = $DIR/tls/key.pem\n\ttls certfile = $DIR/tls/cert.pem\n\ttls cafile = $DIR/tls/ca.pem|" "$CONF"

samba -s "$CONF" -D -l "$DIR/log"
wait_ready
