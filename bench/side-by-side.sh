#!/usr/bin/env bash
# The load benchmark in one command: SecureStream and Janus 1.1.2 on the SAME camera
# (bench/janus/clip-camera.sh --kbps 1500: GStreamer looping a pre-encoded 1.5 Mbit/s 640x360
# 25 fps clip, one IDR a second, keyframe requests ignored), in the same run, one after the other
# (never both gateways measured at once). Bounded in time (≈ 20-25 min with everything, --budget
# stops early), cleaning up after itself (every process it started is killed on exit).
#
# Everything runs inside a private network namespace (bench/netns-lib.sh): run as root, the
# script re-runs itself under `unshare --net`, with loopback and a veth pair for Janus's ICE
# (10.213.0.1 on ssb-janus0) and nothing else; it refuses to measure anywhere else. The host
# interface's transmit counters are read outside the namespace around every row (host-tx.tsv).
# docs/benchmarks/side-by-side-method.md describes the method.
#
#   bench/side-by-side.sh [--out DIR] [--only "s0 s1 s2 s3 s4 s5 s6 s7"] [--viewers "1 10 50 100 200"]
#                         [--window S] [--churn-seconds S] [--flood-seconds S] [--s7-viewers N]
#                         [--budget S] [--proxy FILE]
#
#   --proxy      the gateway to run: SecureStream.Proxy.dll (default: the Release build) or a
#                published executable; the launch itself is ss_launch in bench/load-lib.sh
#
#   S0 idle RSS  SecureStream started with its default configuration (listeners and ICE moved to
#                127.0.0.1), nobody connected: resident memory after 10 s
#   S2 fan-out   1 camera, N viewers (video only), S s window, fresh gateway per row, both gateways
#   S7 per byte  1 camera at 1920x1080, 6 Mbit/s, 25 fps, 1 s GOP (clip-camera.sh --size), to
#                --s7-viewers viewers (default 50: 300 Mbit/s), both gateways
#   S3 many      50 cameras x 2 viewers (SecureStream: 50 camera names; Janus: 50 mountpoints),
#                each camera its own RTSP session of the GStreamer server
#   S4 churn     20 viewers/s for --churn-seconds (default 60), 2 s each: 1st keyframe p50/p99,
#                then leaks: sessions (management API), sockets, camera connections
#   S1 idle      SecureStream with 1,000 and 10,000 registered cameras (bench/Benchmarks
#                idle-cameras, the camera registry file) vs Janus with 100 RTSP mountpoints
#   S5 admit     signed-link WHEP POSTs through the front door with wrk (apt-get install wrk),
#                admission webhook off and on (a local python receiver that always allows);
#                admissions counted from the audit journal, gateway CPU from /proc
#   S6 hostile   SecureStream only: 50 viewers (and 2 legitimate admissions a second) without and
#                then with an unauthenticated flood (bench/FloodTool: forged links with long
#                User-Agents, slow headers, slow bodies, idle ICE-TCP connections, from 200
#                addresses 127.0.1.x): viewer loss, admission signalling p99, journal growth per
#                minute of flood, resident memory with and without the flood
#
# Results: DIR (default /tmp/side-by-side-results): *.txt tables, *.json (LoadTool), summary.txt,
# host-tx.tsv, tables.md (bench/side-by-side-tables.py: the scenario tables and the targets).
# Signed links are written to DIR/links (mode 600) and never printed.
# Needs: root, unshare, ip, janus, GStreamer (see bench/janus/README.md), ffmpeg (S7's clip), wrk,
# curl, python3, and Release builds of Proxy, bench/LoadTool and bench/Benchmarks (built here if
# missing, before entering the namespace, which has no network for a restore).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=/tmp/side-by-side-results
only="s0 s2 s7 s4 s1 s5 s6 s3"
flood_seconds=60
viewer_counts="1 10 50 100 200"
window=20
churn_seconds=60
s7_viewers=50
budget=1500
proxy="$root/Proxy/bin/Release/net10.0/SecureStream.Proxy.dll"
arguments=("$@")
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --viewers) viewer_counts="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --churn-seconds) churn_seconds="$2"; shift 2 ;;
    --flood-seconds) flood_seconds="$2"; shift 2 ;;
    --budget) budget="$2"; shift 2 ;;
    --s7-viewers) s7_viewers="$2"; shift 2 ;;
    --proxy) proxy="$2"; shift 2 ;;
    -h|--help) sed -n '2,47p' "$0"; exit 0 ;;
    *) echo "side-by-side: unknown option $1" >&2; exit 2 ;;
  esac
done
cd "$root"

tool="$root/bench/LoadTool/bin/Release/net10.0/SecureStream.LoadTool.dll"
flood="$root/bench/FloodTool/bin/Release/net10.0/SecureStream.FloodTool.dll"
benchmarks="$root/bench/Benchmarks/bin/Release/net10.0/SecureStream.Benchmarks.dll"
wants() { [[ " $only " == *" $1 "* ]]; }
[[ -e "$proxy" ]] || dotnet build -c Release Proxy >/dev/null
[[ -f "$tool" ]] || dotnet build -c Release bench/LoadTool >/dev/null
! wants s1 || [[ -f "$benchmarks" ]] || dotnet build -c Release bench/Benchmarks >/dev/null
! wants s6 || [[ -f "$flood" ]] || dotnet build -c Release bench/FloodTool >/dev/null
[[ -e "$proxy" ]] || { echo "side-by-side: no gateway at $proxy" >&2; exit 2; }

source "$here/netns-lib.sh"
netns_enter "${arguments[@]}"   # from here on: inside the private namespace, or not at all
netns_setup
mkdir -p "$out" "$out/links"
chmod 700 "$out/links"
rm -f "$out/host-tx.tsv"

started=$SECONDS
in_budget() { (( SECONDS - started < budget )) || { echo "=== budget of $budget s spent: skipping $1" | tee -a "$out/summary.txt"; return 1; }; }
source "$here/janus/janus-lib.sh"
source "$here/load-lib.sh"
kill_on_exit
if wants s5; then require_wrk; fi
note() { echo "$*" | tee -a "$out/summary.txt"; }

for port in 3333 3334 8081 3380; do
  if ss -ltn "( sport = :$port )" | grep -q LISTEN; then
    echo "side-by-side: port $port is taken (a gateway already running?)" >&2; exit 2
  fi
done

note "=== side-by-side $(date -u +%FT%TZ) on $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
netns_describe | tee -a "$out/summary.txt"
# The host interface's own traffic with nothing of ours on it: the noise every row is judged by.
host_tx_begin background
sleep 10
host_tx_end background
note "host interface ${SECURESTREAM_BENCH_HOST_IF:-?} background, 10 s before the rows: $(tail -1 "$out/host-tx.tsv" | cut -f3) packets"

start_bench_camera
note "$camera"
if wants s7; then
  camera7=$("$here/janus/clip-camera.sh" --kbps 6000 --size 1920x1080)
  pids+=("$(field pid "$camera7")")
  camera7_url=$(field url "$camera7")
  camera7_port=${camera7_url##*:}; camera7_port=${camera7_port%%/*}
  note "S7 $camera7"
fi

# --- SecureStream ------------------------------------------------------------------------------
# The repo policy caps sessions; this copy (bench/load-lib.sh) adds an uncapped operator "bench"
# entitled to bench/*, s7/* and the S3 cameras s3c1/* … s3c50/*, and (second copy) the admission
# webhook. The S7 camera is OriginMap location /s7 (entry 52: S3's are 2-51).
webhook_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
head -c 32 /dev/urandom | base64 > "$out/links/webhook-secret"
write_policy "$out/links/policy.json" false
write_policy "$out/links/policy-webhook.json" true
ss_init_args "$camera_port"
if wants s7; then
  ss_common+=(--OriginMap:Origins:52:Location=/s7 --OriginMap:Origins:52:Scheme=rtsp
              "--OriginMap:Origins:52:Urls:0=127.0.0.1:$camera7_port" "--Cameras:Known:52=s7/*")
fi
s3_args=()
for k in $(seq 1 50); do
  s3_args+=("--OriginMap:Origins:$((k + 1)):Location=/s3c$k" "--OriginMap:Origins:$((k + 1)):Scheme=rtsp"
            "--OriginMap:Origins:$((k + 1)):Urls:0=127.0.0.1:$camera_port" "--Cameras:Known:$((k + 1))=s3c$k/*")
done

management() { curl -sf -H "Authorization: Basic $(printf %s "$(cat data/dev-secrets/management-token)" | base64 -w0)" "http://127.0.0.1:8081$1"; }
ss_leaks() { # after a run: sessions, UDP sockets, camera connections of the gateway
  local sessions
  sessions=$(management /v1/sessions | python3 -c 'import json,sys; d=json.load(sys.stdin); r=d.get("response", d); print(len(r) if isinstance(r, list) else r)' 2>/dev/null || echo "?")
  echo "after: sessions $sessions, UDP sockets $(ss -uanp | grep -c "pid=$1,"), TCP sockets $(ss -tanp | grep -c "pid=$1,"), camera connections $(ss -tnp state established "( dport = :$camera_port )" | grep -c "pid=$1,")"
}
ss_addresses() { # the addresses SecureStream's UDP sockets (the ICE port) are bound to
  echo "securestream UDP sockets bound to: $(ss -uanp | awk -v p="pid=$ss_pid," 'index($0, p) { sub(/:[0-9]+$/, "", $4); print $4 }' | sort | uniq -c | awk '{ printf "%s (%d) ", $2, $1 }')"
}

# The first gateway run creates data/dev-secrets (link key, management token); links are signed once.
start_ss
sign bench/cam > "$out/links/bench-cam"
[[ -s "$out/links/bench-cam" ]] || { echo "side-by-side: signing failed" >&2; exit 1; }
if wants s7; then sign s7/cam > "$out/links/s7-cam"; fi
stop_ss

# --- S0 idle RSS of a default run --------------------------------------------------------------
# The gateway as the README starts it (default configuration, demo cameras as configured there),
# only its listeners and ICE moved to 127.0.0.1; nobody connects. Resident memory is the mean of
# five readings 10-15 s after it answered /healthz.
if wants s0 && in_budget S0; then
  start_ss_with "${ss_loopback[@]}"
  echo "=== S0 SecureStream: default configuration, idle, pid $ss_pid" | tee "$out/s0-securestream.txt"
  host_tx_begin s0-securestream
  sleep 10
  rss=0
  for _ in 1 2 3 4 5; do rss=$((rss + $(awk '/^VmRSS/ { print $2 }' "/proc/$ss_pid/status"))); sleep 1; done
  host_tx_end s0-securestream
  ss_addresses | tee -a "$out/s0-securestream.txt"
  echo "{\"residentBytes\": $((rss / 5 * 1024)), \"threads\": $(awk '/^Threads/ { print $2 }' "/proc/$ss_pid/status")}" > "$out/s0-securestream.json"
  echo "VmRSS mean $((rss / 5 / 1024)) MB" | tee -a "$out/s0-securestream.txt"
  stop_ss
fi

# --- S2 fan-out --------------------------------------------------------------------------------
if wants s2; then
  for n in $viewer_counts; do
    in_budget "S2 $n" || break
    ramp=$(( n < 20 ? 10 : 20 ))
    start_ss
    echo "=== S2 SecureStream: 1 camera (1.5 Mbit/s), $n viewers, pid $ss_pid" | tee "$out/s2-securestream-$n.txt"
    ss_addresses | tee -a "$out/s2-securestream-$n.txt"
    load "s2-securestream-$n" --url-file "$out/links/bench-cam" --viewers "$n" --ramp "$ramp" --duration "$window" \
      --baseline 3 --warmup 3 --sources 20 --pid "$ss_pid"
    stop_ss
    start_janus 1
    echo "=== S2 Janus: 1 camera (1.5 Mbit/s), $n viewers, pid $janus_pid" | tee "$out/s2-janus-$n.txt"
    janus_addresses | tee -a "$out/s2-janus-$n.txt"
    load "s2-janus-$n" --janus "$janus_url" --mountpoint 1 --viewers "$n" --ramp "$ramp" --duration "$window" \
      --baseline 3 --pid "$janus_pid"
    janus_socket_drops | tee -a "$out/s2-janus-$n.txt"
    stop_janus
  done
fi

# --- S7 one 1080p 6 Mbit/s camera to many viewers ------------------------------------------------
# The per-byte cost beside S2's per-packet cost: each packet is as large (≈ 1,200 bytes) but there
# are four times as many per second, and a kept GOP is 750 KB instead of 190 KB.
if wants s7 && in_budget S7; then
  ramp=$(( s7_viewers < 20 ? 10 : 20 ))
  start_ss
  echo "=== S7 SecureStream: 1 camera (1080p, 6 Mbit/s), $s7_viewers viewers, pid $ss_pid" | tee "$out/s7-securestream.txt"
  ss_addresses | tee -a "$out/s7-securestream.txt"
  load s7-securestream --url-file "$out/links/s7-cam" --viewers "$s7_viewers" --ramp "$ramp" --duration "$window" \
    --baseline 3 --warmup 3 --sources 20 --pid "$ss_pid"
  stop_ss
  start_janus 1 "$camera7_url"
  echo "=== S7 Janus: 1 camera (1080p, 6 Mbit/s), $s7_viewers viewers, pid $janus_pid" | tee "$out/s7-janus.txt"
  janus_addresses | tee -a "$out/s7-janus.txt"
  load s7-janus --janus "$janus_url" --mountpoint 1 --viewers "$s7_viewers" --ramp "$ramp" --duration "$window" \
    --baseline 3 --pid "$janus_pid"
  janus_socket_drops | tee -a "$out/s7-janus.txt"
  stop_janus
fi

# --- S4 churn ----------------------------------------------------------------------------------
if wants s4 && in_budget S4; then
  # A camera nobody watches is released after UnusedStreamDeletionTimeoutMs (60 s by default);
  # 5 s here so the leak reading 10 s after the run can see it released.
  start_ss --OriginMap:UnusedStreamDeletionTimeoutMs=5000
  echo "=== S4 SecureStream: churn 20/s for $churn_seconds s, lifetime 2 s, warm camera, pid $ss_pid" | tee "$out/s4-securestream.txt"
  load s4-securestream --url-file "$out/links/bench-cam" --churn 20 --lifetime 2 --duration "$churn_seconds" --baseline 2 --warmup 3 \
    --settle 10 --sources 40 --pid "$ss_pid"
  ss_leaks "$ss_pid" | tee -a "$out/s4-securestream.txt"
  stop_ss
  start_janus 1
  echo "=== S4 Janus: churn 20/s for $churn_seconds s, lifetime 2 s, pid $janus_pid" | tee "$out/s4-janus.txt"
  janus_addresses | tee -a "$out/s4-janus.txt"
  load s4-janus --janus "$janus_url" --mountpoint 1 --churn 20 --lifetime 2 --duration "$churn_seconds" --baseline 2 --settle 10 --pid "$janus_pid"
  echo "after: UDP sockets $(ss -uanp | grep -c "pid=$janus_pid,"), camera connections $(ss -tnp state established "( dport = :$camera_port )" | grep -c "pid=$janus_pid,") (Janus pulls its camera always)" | tee -a "$out/s4-janus.txt"
  stop_janus
fi

# --- S1 idle -----------------------------------------------------------------------------------
if wants s1; then
  for n in 1000 10000; do
    in_budget "S1 $n" || break
    echo "=== S1 SecureStream: $n registered cameras, nobody watching" | tee "$out/s1-securestream-$n.txt"
    host_tx_begin "s1-securestream-$n"
    timeout 300 dotnet "$benchmarks" idle-cameras "$n" --settle 20 --window 30 --proxy-dll "$proxy" 2>&1 \
      | grep -E 'cameras registered|window|VmRSS|threads|CPU \(|demo server|load average' | tee -a "$out/s1-securestream-$n.txt" || true
    host_tx_end "s1-securestream-$n"
  done
  if in_budget "S1 Janus"; then
    start_janus 100
    sleep 10
    host_tx_begin s1-janus
    janus_idle_report 100 | tee "$out/s1-janus.txt"
    host_tx_end s1-janus
    stop_janus
  fi
fi

# --- S5 admissions -----------------------------------------------------------------------------
# The measurement is bench/load-lib.sh's s5_measure (what one request does is described there).
if wants s5 && in_budget S5; then
  write_admit_script
  cat > "$out/links/receiver.py" <<'PY'
import sys
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
class Allow(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"allowed":true}'
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def log_message(self, *args): pass
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Allow).serve_forever()
PY
  python3 "$out/links/receiver.py" "$webhook_port" &
  pids+=("$!")
  for webhook in off on; do
    policy="$out/links/policy.json"; [[ $webhook == on ]] && policy="$out/links/policy-webhook.json"
    start_ss --Policy:Path="$policy" --Gate:RequestsPerSecond=0
    s5_measure "$webhook" 16 "=== S5 SecureStream: admissions, webhook $webhook, 16 connections for 10 s, pid $ss_pid"
    stop_ss
  done
fi
# --- S6 hostile load --------------------------------------------------------------------------
# The same 50 viewers twice, on a fresh gateway each time, with the production defaults (rate
# limits on, demo cameras off): first quiet, then under a flood of unauthenticated clients from
# 200 other loopback addresses. Alongside the viewers, 2 legitimate admissions a second (churn
# viewers living 1 s) measure what a newcomer waits for during the flood. The flood starts before
# the viewers and outlasts them.
if wants s6 && in_budget S6; then
  s6_run() { # $1 = quiet | flood
    start_ss
    local journal_before journal_after flood_pid="" started_at
    journal_before=$(du -sb data/audit | cut -f1)
    started_at=$SECONDS
    echo "=== S6 SecureStream: 50 viewers + 2 admissions/s, $1, pid $ss_pid" | tee "$out/s6-$1.txt"
    if [[ $1 == flood ]]; then
      timeout $((flood_seconds + 60)) dotnet "$flood" --gateway http://127.0.0.1:3333 --path /bench/cam/whep --media-port 10000 \
        --duration $((flood_seconds + 20)) --sources 200 --refusal-workers 32 --slow-headers 1000 --slow-bodies 300 --ice-tcp 1000 \
        --json "$out/s6-attack.json" > "$out/s6-attack.txt" 2>&1 &
      flood_pid=$!
      pids+=("$flood_pid")
      sleep 5
    fi
    timeout 400 dotnet "$tool" --url-file "$out/links/bench-cam" --churn 2 --lifetime 1 --duration "$flood_seconds" --baseline 0 \
      --sources 5 --no-audio --json "$out/s6-$1-admissions.json" > /dev/null 2>&1 &
    local churn_pid=$!
    pids+=("$churn_pid")
    load "s6-$1" --url-file "$out/links/bench-cam" --viewers 50 --ramp 20 --duration $((flood_seconds - 10)) \
      --baseline 3 --warmup 3 --sources 20 --pid "$ss_pid"
    wait "$churn_pid" || true
    if [[ -n $flood_pid ]]; then
      wait "$flood_pid" || true
      grep -v "^flood:" "$out/s6-attack.txt" | tee -a "$out/s6-$1.txt"
    fi
    journal_after=$(du -sb data/audit | cut -f1)
    python3 - "$out/s6-$1-admissions.json" "$journal_before" "$journal_after" "$((SECONDS - started_at))" "$out/s6-$1-summary.json" <<'PY' | tee -a "$out/s6-$1.txt"
import json, sys
report = json.load(open(sys.argv[1]))
times = sorted(v["signallingMs"] for v in report["perViewer"] if v.get("signallingMs") is not None)
failed = sum(1 for v in report["perViewer"] if v.get("failure"))
pct = lambda p: times[min(len(times) - 1, int(round(p / 100 * (len(times) - 1))))] if times else float("nan")
grown = int(sys.argv[3]) - int(sys.argv[2]); seconds = int(sys.argv[4])
print(f"legitimate admissions: {len(times)} answered, {failed} failed; signalling p50 {pct(50):.0f} ms, p99 {pct(99):.0f} ms")
print(f"audit journal grew {grown / 1048576:.3f} MB in {seconds} s = {grown / 1048576 / seconds * 60:.3f} MB per minute")
json.dump({"admissions": len(times), "admissionFailures": failed, "signallingP50Ms": pct(50), "signallingP99Ms": pct(99),
           "journalBytes": grown, "seconds": seconds}, open(sys.argv[5], "w"))
PY
    stop_ss
  }
  s6_run quiet
  s6_run flood
fi

# --- S3 50 cameras x 2 viewers -----------------------------------------------------------------
if wants s3 && in_budget S3; then
  start_ss "${s3_args[@]}"
  : > "$out/links/s3"
  for k in $(seq 1 50); do sign "s3c$k/cam" >> "$out/links/s3"; done
  echo "=== S3 SecureStream: 50 cameras x 2 viewers, pid $ss_pid" | tee "$out/s3-securestream.txt"
  load s3-securestream --url-file "$out/links/s3" --viewers 100 --ramp 20 --duration "$window" --baseline 3 --sources 20 --pid "$ss_pid"
  echo "camera connections during the run's end: see above; now $(ss -tnp state established "( dport = :$camera_port )" | grep -c "pid=$ss_pid,")" | tee -a "$out/s3-securestream.txt"
  stop_ss
  start_janus 50
  echo "=== S3 Janus: 50 mountpoints x 2 viewers, pid $janus_pid" | tee "$out/s3-janus.txt"
  janus_addresses | tee -a "$out/s3-janus.txt"
  load s3-janus --janus "$janus_url" --mountpoint 1-50 --viewers 100 --ramp 20 --duration "$window" --baseline 3 --pid "$janus_pid"
  stop_janus
fi

python3 "$here/side-by-side-tables.py" "$out" | tee "$out/tables.md"
note "=== done in $((SECONDS - started)) s; results in $out; tables (scenarios, host traffic, targets) in $out/tables.md"
