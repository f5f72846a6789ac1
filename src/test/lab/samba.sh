#!/usr/bin/env bash
# The project's throwaway Samba AD domain controller on 127.0.0.1 (389 LDAP, 636 LDAPS, 3268 GC).
#   samba.sh start DIR   provision EXAMPLE.TEST from scratch under DIR and start; needs root
#   samba.sh stop DIR
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

case $cmd in
  stop) stop; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start DIR | stop DIR" >&2; exit 2 ;;
esac
[[ $(id -u) -eq 0 ]] || { echo "Samba AD must run as root" >&2; exit 3; }

stop
busy=$(ss -ltnH | awk '{print $4}' | grep -E ':(88|389|636|3268|3269)$' || true)
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
for _ in $(seq 300); do
  ldapsearch -x -LLL -H ldap://127.0.0.1:389 -D "Administrator@example.test" -w "$ADMINPASS" \
    -s base -b "" highestCommittedUSN >/dev/null 2>&1 && exit 0
  sleep 0.1
done
echo "samba did not answer binds on 127.0.0.1:389; see $DIR/log" >&2
exit 1
