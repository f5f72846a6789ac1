#!/usr/bin/env bash
# Two Samba AD domain controllers of one domain, PAIR.TEST: DC1 on 127.0.0.2, DC2 joined to it on 127.0.0.3
# (389 LDAP, 636 LDAPS, 3268 GC, 88 Kerberos each). Nothing on 127.0.0.1, where samba.sh's DC runs.
#   samba-pair.sh start BASE        provision DC1 under BASE-1, join DC2 under BASE-2, start both; needs root
#   samba-pair.sh stop BASE [1|2]   stop both, or one (its data stays)
#   samba-pair.sh resume BASE 1|2   start a stopped DC again on its data
#   samba-pair.sh replicate BASE    pull the domain partition into DC2 from DC1, then into DC1 from DC2
# Administrator password Lab-Passw0rd!; base DC=pair,DC=test. Both LDAPS certificates (DNS:dcN.pair.test and
# the DC's address) are signed by one lab CA, BASE-1/tls/ca.pem.
#
# The DCs do not replicate by themselves: their replication service reaches a partner by the name
# <NTDS Settings objectGUID>._msdcs.pair.test over Kerberos, and nothing resolves that name here without a DNS
# server in /etc/resolv.conf or entries in /etc/hosts. "replicate" pulls by address with NTLM instead, which
# also makes a test decide exactly when a change reaches the other DC.
set -euo pipefail
cmd=${1:-} BASE=${2:-}
[[ -n $BASE ]] || { echo "usage: $0 start|stop|replicate BASE | stop|resume BASE 1|2" >&2; exit 2; }
REALM=PAIR.TEST
ADMIN='PAIR\Administrator'
ADMINPASS='Lab-Passw0rd!'
NC='DC=pair,DC=test'
IPS=(- 127.0.0.2 127.0.0.3)

dir() { echo "$BASE-$1"; }
conf() { echo "$BASE-$1/etc/smb.conf"; }
check_index() { [[ ${1:-} == 1 || ${1:-} == 2 ]] || { echo "DC 1 or 2, not '${1:-}'" >&2; exit 2; }; }

stop_one() {
  local pidfile pid
  pidfile="$(dir "$1")/run/samba.pid"
  [[ -f $pidfile ]] || return 0
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$pidfile"
}

wait_ready() {
  local ip=${IPS[$1]}
  for _ in $(seq 300); do
    ldapsearch -x -LLL -H "ldap://$ip" -D "Administrator@pair.test" -w "$ADMINPASS" -s base -b "" highestCommittedUSN \
      >/dev/null 2>&1 && [[ -n $(ss -ltnH "src $ip and sport = :88") ]] && return 0
    sleep 0.1
  done
  echo "DC$1 did not answer binds on $ip:389 or Kerberos on 88; see $(dir "$1")/log" >&2
  exit 1
}

run_one() {
  [[ -f $(conf "$1") ]] || { echo "$(dir "$1") holds no domain controller" >&2; exit 1; }
  samba -s "$(conf "$1")" -D -l "$(dir "$1")/log"
  wait_ready "$1"
}

# Samba only listens on addresses of a network interface, and lo has just 127.0.0.1: "ADDR/8" names an address
# of lo's network, which it then binds. The paths keep each samba's sockets and pid apart from every other one.
# Without dnsupdate nothing sends DNS updates for pair.test to the machine's resolver.
options() {
  local d ip=${IPS[$1]}
  d=$(dir "$1")
  printf '%s\n' --option="interfaces = $ip/8" --option="bind interfaces only = yes" \
    --option="server services = -dns -nbt -wrepl -s3fs -winbindd -dnsupdate" --option="disable netbios = yes" \
    --option="pid directory = $d/run" --option="ncalrpc dir = $d/run/ncalrpc" \
    --option="winbindd socket directory = $d/run/winbindd" --option="ntp signd socket directory = $d/run/ntp_signd" \
    --option="log file = $d/log/samba.log" --option="log level = 1"
}

# samba drops "ldap server require strong auth = no" when it writes smb.conf (it is the enum's 0): simple binds
# over plain LDAP need it
finish_conf() {
  local d
  d=$(dir "$1")
  bash "$(dirname "$0")/lab-ca.sh" "$d/tls" "dc$1.pair.test" "DNS:dc$1.pair.test,IP:${IPS[$1]}"
  sed -i "s|^\[global\]$|[global]\n\tldap server require strong auth = no\n\ttls enabled = yes\n\ttls keyfile = $d/tls/key.pem\n\ttls certfile = $d/tls/cert.pem\n\ttls cafile = $d/tls/ca.pem|" "$(conf "$1")"
}

# --local: samba-tool itself pulls from the source's address into the destination's database
replicate() {
  local to=$1 from=$2
  /usr/bin/samba-tool drs replicate "DC$to" "${IPS[$from]}" "$NC" --local -s "$(conf "$to")" \
    -U "$ADMIN%$ADMINPASS" > "$(dir "$to")/log/replicate.log" 2>&1 \
    || { cat "$(dir "$to")/log/replicate.log" >&2; exit 1; }
}

case $cmd in
  stop)
    if [[ -n ${3:-} ]]; then check_index "$3"; stop_one "$3"; else stop_one 2; stop_one 1; fi
    exit 0 ;;
  resume) check_index "${3:-}"; run_one "$3"; exit 0 ;;
  replicate) replicate 2 1; replicate 1 2; exit 0 ;;
  start) ;;
  *) echo "usage: $0 start|stop|replicate BASE | stop|resume BASE 1|2" >&2; exit 2 ;;
esac
[[ $(id -u) -eq 0 ]] || { echo "Samba AD must run as root" >&2; exit 3; }

stop_one 2
stop_one 1
for i in 1 2; do
  busy=$(ss -ltnH "src ${IPS[$i]}" | awk '{print $4}' | tr '\n' ' ')
  [[ -z $busy ]] || { echo "ports on ${IPS[$i]} in use, another server holds them: $busy" >&2; exit 1; }
done
for i in 1 2; do
  rm -rf "$(dir $i)"
  mkdir -p "$(dir $i)/run" "$(dir $i)/log" "$(dir $i)/tls"
  : > "$(dir $i)/empty.conf"
done

d1=$(dir 1)
mapfile -t opts < <(options 1)
/usr/bin/samba-tool domain provision -s "$d1/empty.conf" --targetdir="$d1" \
  --realm="$REALM" --domain=PAIR --server-role=dc --dns-backend=NONE --use-rfc2307 \
  --host-name=DC1 --host-ip=127.0.0.2 --adminpass="$ADMINPASS" "${opts[@]}" > "$d1/log/provision.log" 2>&1 \
  || { tail -30 "$d1/log/provision.log" >&2; exit 1; }
finish_conf 1
run_one 1

# the join finds DC1 by its address and authenticates with NTLM; the user needs the domain, as the empty
# smb.conf's workgroup is not PAIR
d2=$(dir 2)
cp "$d1/tls/ca.pem" "$d1/tls/ca.key" "$d2/tls/"
mapfile -t opts < <(options 2)
/usr/bin/samba-tool domain join pair.test DC -s "$d2/empty.conf" --targetdir="$d2" --server=127.0.0.2 \
  -U "$ADMIN%$ADMINPASS" --dns-backend=NONE --option="netbios name = DC2" "${opts[@]}" \
  > "$d2/log/join.log" 2>&1 || { tail -30 "$d2/log/join.log" >&2; exit 1; }
finish_conf 2
run_one 2
