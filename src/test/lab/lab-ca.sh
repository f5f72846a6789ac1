#!/usr/bin/env bash
# The lab's own certificate authority and a server certificate it signs.
#   lab-ca.sh DIR NAME SAN     e.g. lab-ca.sh /tmp/x/tls localhost "DNS:localhost,IP:127.0.0.1"
# Writes DIR/ca.pem, DIR/cert.pem, DIR/key.pem (the CA is made once per DIR).
set -euo pipefail
DIR=$1 CN=$2 SAN=$3
mkdir -p "$DIR"
cd "$DIR"
if [[ ! -f ca.pem ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=usersync lab CA" -keyout ca.key -out ca.pem \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi
openssl req -newkey rsa:2048 -nodes -subj "/CN=$CN" -keyout key.pem -out req.csr 2>/dev/null
printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$SAN" > ext.cnf
openssl x509 -req -in req.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 30 -extfile ext.cnf -out cert.pem 2>/dev/null
chmod 600 key.pem
