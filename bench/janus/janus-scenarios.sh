#!/usr/bin/env bash
# The Janus side of the load benchmark (issue 5), one command, bounded in time (≈ 6 min),
# cleaning up after itself: a 1.5 Mbit/s GStreamer camera (clip-camera.sh), then with a fresh
# Janus each (run-janus.sh):
#   S2 fan-out: 1 mountpoint, 1 / 10 / 50 / 100 viewers (LoadTool --janus), 20 s windows;
#   S4 churn:   1 mountpoint, 20 viewers/s for 30 s, each playing 2 s;
#   S1 idle:    N mountpoints (default 100), nobody watching: camera connections, threads,
#               CPU over 30 s, RSS.
#
#   bench/janus/janus-scenarios.sh [--out DIR] [--idle-mountpoints N] [--viewers "1 10 50 100"]
#
# Runs inside a private network namespace as bench/side-by-side.sh does (bench/netns-lib.sh: run
# as root, it re-runs itself under unshare --net; Janus's ICE is the namespace's veth address).
# Tables go to stdout and DIR/janus-*.txt, JSON to DIR/janus-*.json (default /tmp/janus-bench-results).
# Needs: apt-get install -y janus python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-good
# gstreamer1.0-plugins-bad (h264parse) gstreamer1.0-plugins-ugly
# (x264enc, once, for the clip), and a Release build of bench/LoadTool.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=/tmp/janus-bench-results
idle=100
viewer_counts="1 10 50 100"
arguments=("$@")
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --idle-mountpoints) idle="$2"; shift 2 ;;
    --viewers) viewer_counts="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "janus-scenarios: unknown option $1" >&2; exit 2 ;;
  esac
done
tool="$root/bench/LoadTool/bin/Release/net10.0/SecureStream.LoadTool.dll"
[[ -f "$tool" ]] || dotnet build -c Release "$root/bench/LoadTool" >/dev/null
source "$here/../netns-lib.sh"
netns_enter "${arguments[@]}"
netns_setup
mkdir -p "$out"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

source "$here/janus-lib.sh"

camera=$("$here/clip-camera.sh" --kbps 1500)
pids+=("$(field pid "$camera")")
camera_url=$(field url "$camera")
camera_port=${camera_url##*:}; camera_port=${camera_port%%/*}
echo "$camera"


for n in $viewer_counts; do
  start_janus 1
  echo "=== S2: 1 camera (1.5 Mbit/s), $n viewers, janus pid $janus_pid" | tee "$out/janus-s2-$n.txt"
  dotnet "$tool" --janus "$janus_url" --mountpoint 1 --viewers "$n" --ramp 10 --duration 20 --baseline 3 \
    --pid "$janus_pid" --no-audio --json "$out/janus-s2-$n.json" | tail -4 | tee -a "$out/janus-s2-$n.txt" || true
  stop_janus
done

start_janus 1
echo "=== S4: churn 20/s for 30 s, lifetime 2 s, janus pid $janus_pid" | tee "$out/janus-s4.txt"
dotnet "$tool" --janus "$janus_url" --mountpoint 1 --churn 20 --lifetime 2 --duration 30 --baseline 2 --settle 5 \
  --pid "$janus_pid" --no-audio --json "$out/janus-s4.json" | tail -4 | tee -a "$out/janus-s4.txt" || true
echo "after: janus UDP sockets $(ss -uanp | grep -c "pid=$janus_pid,"), camera connections $(ss -tnp state established "( dport = :$camera_port )" | grep -c "pid=$janus_pid,")" | tee -a "$out/janus-s4.txt"
stop_janus

start_janus "$idle"
sleep 10
janus_idle_report "$idle" | tee "$out/janus-s1.txt"
stop_janus
