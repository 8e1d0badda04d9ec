#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine with the .NET 10 SDK, then runs every
# test and ends with one summary line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests run against (real parts, not mocks); a test whose program is missing
# fails naming its package, it never passes without it. Python for the independent OME signer;
# openssl's s_client as an independent DTLS-SRTP client; GStreamer's RTSP server as a real camera
# (driven by Debian's /usr/bin/python3 with python3-gi) and gst-launch-1.0 as an RTSP client;
# ffmpeg/ffprobe for the demo clips; redis-server for the origin map store and redis-tools'
# redis-cli, with which the tests write its keys; Debian's
# Chromium (/usr/bin/chromium) for the browser tests, which Playwright drives as it is (Playwright's
# own browser downloads are never used); node and npm to install the unmodified OvenPlayer build;
# python3-jwt (PyJWT), openssl and curl run the code samples of docs/ (tests/Proxy.Tests/Docs);
# prometheus (/usr/bin/prometheus and /usr/bin/promtool) scrapes a real gateway and checks the
# scrape and the alert rules of deploy/prometheus/ (tests/Proxy.Tests/Metrics).
packages=(python3 python3-jwt openssl curl python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base
  gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-tools
  ffmpeg redis-server redis-tools chromium prometheus)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
# Node.js may come from elsewhere than Debian (a NodeSource nodejs ships its own npm and conflicts
# with Debian's npm package): install Debian's only when there is no node or npm at all.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
if ((${#missing[@]})); then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The OvenPlayer the browser tests load, exactly as locked (tests/Proxy.Tests/Browser/player).
npm ci --prefix tests/Proxy.Tests/Browser/player --prefer-offline --no-audit --no-fund --loglevel=error
# jose, which the Node.js token sample of docs/links.md imports, exactly as locked.
npm ci --prefix tests/Proxy.Tests/Docs/node --prefer-offline --no-audit --no-fund --loglevel=error
npm ci --prefix tests/Proxy.Tests/Functional/werift --prefer-offline --no-audit --no-fund --loglevel=error # werift: the independent WHEP client

results=TestResults
rm -rf "$results"
status=0
dotnet build SecureStream.sln -c Release -nologo -v q || exit 1
dotnet test SecureStream.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" || status=$?

# One plain closing line summed over every test project's TRX report.
shopt -s nullglob
trx=("$results"/*.trx)
if ((${#trx[@]} == 0)); then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
grep -ho '<Counters [^>]*>' "${trx[@]}" | awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "=\""); gsub(/"\/?>?$/, "", kv[2]); c[kv[1]] += kv[2] } }
  END { printf "%d passed, %d failed, %d skipped\n", c["passed"], c["failed"] + c["error"] + c["timeout"] + c["aborted"], c["notExecuted"] }'
exit $status
