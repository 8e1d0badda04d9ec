#!/usr/bin/env bash
# Runs load-sensitive tests of the ffmpeg watchdogs (the transcoder's stall check and the snapshot
# decode) several times while busy loops load every core, and counts passes and failures: the
# figure in docs/benchmarks/watchdog.md. Build first (dotnet build tests/Proxy.Tests -c Release).
#   bench/watchdog-under-load.sh [runs] [busy-loops]
set -euo pipefail
runs=${1:-5}
loops=${2:-$(( $(nproc) * 2 ))}
cd "$(dirname "$0")/.."

busy=()
for _ in $(seq "$loops"); do
  sh -c 'while :; do :; done' &
  busy+=($!)
done
trap 'kill "${busy[@]}" 2>/dev/null || true' EXIT
echo "$loops busy loops on $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # name project filter
  local passed=0 failed=0
  for _ in $(seq "$runs"); do
    if timeout 600 dotnet test "$2" -c Release --no-build --filter "$3" > "/tmp/watchdog-under-load.$1.log" 2>&1; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1))
      grep -ho 'decode failed ([a-z_]*)\|ffmpeg run ended ([a-z_]*' "/tmp/watchdog-under-load.$1.log" | sort | uniq -c || true
    fi
  done
  echo "$1: $passed passed, $failed failed of $runs (load average $(cut -d' ' -f1-3 /proc/loadavg))"
}

run snapshot tests/Proxy.Tests "FullyQualifiedName~Snapshot_WithWebhook_OneOpeningWithTheSnapshotUrl_OneClosing"
run hostile tests/Media.Tests "FullyQualifiedName~Transcoder_RandomBytesAsH265_RestartedWithBackoffWhileAnotherCameraKeepsPlaying"
