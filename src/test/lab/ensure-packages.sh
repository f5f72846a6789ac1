#!/usr/bin/env bash
# Installs the Debian packages the directory lab and the console's browser tests need, when any is missing. Needs root.
set -euo pipefail
need=()
command -v slapd >/dev/null && command -v ldapsearch >/dev/null || need+=(slapd ldap-utils)
# the lab's DNS server, for discovering domain controllers by SRV records
{ command -v dnsmasq || [[ -x /usr/sbin/dnsmasq ]]; } >/dev/null || need+=(dnsmasq-base)
if [[ ${1:-} != --slapd-only ]]; then
  command -v samba >/dev/null && command -v samba-tool >/dev/null || need+=(samba samba-ad-dc samba-dsdb-modules samba-vfs-modules winbind krb5-user ldb-tools acl attr)
  command -v openssl >/dev/null || need+=(openssl)
  # the console's end-to-end tests drive Debian's headless Chromium through its matching chromedriver
  command -v chromium >/dev/null && command -v chromedriver >/dev/null || need+=(chromium chromium-driver fonts-dejavu-core)
fi
[[ ${#need[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "directory lab: packages missing (${need[*]}) and not root, cannot install them" >&2
  exit 3
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q "${need[@]}" >/dev/null
