#!/usr/bin/env bash
# The media send path under load (docs/benchmarks/send-path.md): one 1.5 Mbit/s clip camera, N
# WHEP viewers from bench/LoadTool for a window, and the gateway's CPU per packet sent, with
# `perf stat` (task-clock, context switches) and optionally `perf record -g` over the window.
# Everything runs on 127.0.0.1; everything started is killed on exit.
#
#   bench/send-path-profile.sh [--proxy DLL] [--tool DLL] [--viewers 50] [--window 20]
#                              [--batching auto|gso|sendmmsg|off] [--record] [--out DIR]
#
# --proxy  the gateway build to measure (default: this repository's Release build), e.g. an
#          older build for the figure before a change
# --record also `perf record -g` the window (DOTNET_PerfMapEnabled=1 names the JIT's frames)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
proxy="$root/Proxy/bin/Release/net10.0/SecureStream.Proxy.dll"
tool="$root/bench/LoadTool/bin/Release/net10.0/SecureStream.LoadTool.dll"
viewers=50
window=20
batching=auto
record=false
out=/tmp/send-path-results
while [[ $# -gt 0 ]]; do
  case "$1" in
    --proxy) proxy="$2"; shift 2 ;;
    --tool) tool="$2"; shift 2 ;;
    --viewers) viewers="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --batching) batching="$2"; shift 2 ;;
    --record) record=true; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "send-path-profile: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f "$proxy" ]] || { echo "send-path-profile: no gateway build at $proxy (dotnet build -c Release Proxy)" >&2; exit 2; }
[[ -f "$tool" ]] || { echo "send-path-profile: no LoadTool build at $tool (dotnet build -c Release bench/LoadTool)" >&2; exit 2; }
command -v perf >/dev/null || { echo "send-path-profile: perf is missing (apt-get install linux-perf)" >&2; exit 2; }
mkdir -p "$out" "$out/links"
chmod 700 "$out/links"
cd "$root"
for port in 3333 3334 8081 10000; do
  if ss -lntu "( sport = :$port )" | grep -q ":$port "; then
    echo "send-path-profile: port $port is taken (a gateway already running?)" >&2; exit 2
  fi
done

source "$here/janus/janus-lib.sh"
source "$here/load-lib.sh"
kill_on_exit
start_bench_camera
write_policy "$out/links/policy.json" false
ss_init_args "$camera_port"
export DOTNET_PerfMapEnabled=1
start_ss "--WebRtc:Ice:SendBatching=$batching"
sign bench/cam > "$out/links/bench-cam"
[[ -s "$out/links/bench-cam" ]] || { echo "send-path-profile: signing failed" >&2; exit 1; }
name="send-path-$batching-$viewers"
echo "=== $name: $(basename "$(dirname "$(dirname "$(dirname "$(dirname "$proxy")")")")") gateway pid $ss_pid, $(nproc) cores, kernel $(uname -r)" | tee "$out/$name.txt"

# The window starts after the baseline (3 s), the warm-up viewer (3 s) and the ramp (20/s).
( sleep $(( 6 + viewers / 20 + 2 ))
  if [[ $record == true ]]; then
    perf record -g -F 499 -p "$ss_pid" -o "$out/$name.perf.data" -- sleep "$(( window - 4 ))" 2>/dev/null &
  fi
  perf stat -e task-clock,context-switches,cpu-migrations -p "$ss_pid" -- sleep "$(( window - 4 ))" 2>"$out/$name.perfstat"
  wait ) &
measuring=$!
load "$name" --url-file "$out/links/bench-cam" --viewers "$viewers" --ramp 20 --duration "$window" \
  --baseline 3 --warmup 3 --sources 20 --pid "$ss_pid"
wait "$measuring" || true
grep -E "task-clock|context-switches|cpu-migrations|seconds time elapsed" "$out/$name.perfstat" | tee -a "$out/$name.txt"
if [[ $record == true ]]; then
  perf report -i "$out/$name.perf.data" --no-children --sort symbol --stdio 2>/dev/null | grep -v "^#" | grep -v "^$" | head -40 > "$out/$name.perf.top.txt" || true
  echo "profile: $out/$name.perf.top.txt" | tee -a "$out/$name.txt"
fi
stop_ss
