#!/usr/bin/env bash
# Cold first frame with a camera that honours PLI (docs/benchmarks/cold-start.md): bench/FirstFrame,
# cold runs only, a 1 s keyframe interval, once with the gateway's keyframe requests off (before)
# and once on (after, the shipped default). Everything stays on 127.0.0.1.
# Usage: bench/cold-start.sh [RUNS] [OUT_DIR]
set -euo pipefail
runs="${1:-20}"
out="${2:-$(mktemp -d -t securestream-cold-start-XXXXXX)}"
mkdir -p "$out"
repo="$(cd "$(dirname "$0")/.." && pwd)"
dotnet build "$repo/bench/FirstFrame" -c Release -nologo -v q
tool="$repo/bench/FirstFrame/bin/Release/net10.0/SecureStream.FirstFrame.dll"
for mode in off pli; do
  echo "== Rtsp:KeyframeRequest=$mode (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  dotnet "$tool" --runs "$runs" --intervals 1 --modes cold --steady-seconds 1 \
    --camera honours-pli --keyframe-request "$mode" --json "$out/$mode.json" | tee "$out/$mode.txt" | grep '^| cold'
done
echo "reports in $out"
