#!/usr/bin/env bash
# Creates certs/dev-cert.pfx (no password) for local HTTPS/WSS, valid for localhost and loopback.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
  -subj "/CN=SecureStream development" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$tmp/key.pem" -in "$tmp/cert.pem" -out dev-cert.pfx -passout pass:
chmod 600 dev-cert.pfx
echo "wrote certs/dev-cert.pfx"
