#!/usr/bin/env bash
# What cluster mode costs (issue 11): the same gateway build measured twice on loopback, as a single
# node and in cluster mode (Cluster:Redis:Endpoints on a redis-server of its own on 127.0.0.1, a
# random port; Cluster:NodeId set in both runs), one front door with its embedded origin,
# SecureStream only. Runs alternate single / cluster so a change in the machine's load falls on both.
#
#   bench/cluster-bench.sh [--out DIR] [--only "s5 s2"] [--repeats N] [--viewers "100 200"] [--window S]
#
#   S5 admit   per repeat and mode, on a fresh gateway: wrk with 16 connections for 10 s (admissions/s,
#              gateway CPU-seconds per admission, wrk's --latency p50/p99 under load), then wrk with 1
#              connection for 10 s (p50/p99 of one admission with no queueing: what Redis adds shows
#              there, not hidden behind the other 15 connections); webhook off; admissions counted
#              from the audit journal (bench/load-lib.sh s5_measure). In cluster mode also Redis's own
#              figures for the counted window (CONFIG RESETSTAT before, INFO commandstats after):
#              commands per admission and usec_per_call, redis-server's CPU per admission, and the
#              loopback round trip (redis-cli --latency).
#   S2 fan-out 1 camera (bench/janus/clip-camera.sh --kbps 1500), N viewers with bench/LoadTool as in
#              bench/side-by-side.sh but a 60 s window by default: gateway CPU per viewer, single vs
#              cluster (in 20 s windows a fresh cluster gateway's start-up JIT shows as per-viewer CPU).
#
# Results: DIR (default /tmp/cluster-bench-results): *.txt, LoadTool *.json, s5.jsonl, tables.md.
# Signed links are written to DIR/links (mode 700) and never printed.
# Needs: wrk (apt-get install -y wrk), redis-server and redis-cli, GStreamer (bench/janus/README.md),
# curl, python3, and Release builds of Proxy and bench/LoadTool (built here if missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=/tmp/cluster-bench-results
only="s5 s2"
repeats=2
viewer_counts="100 200"
window=60
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --repeats) repeats="$2"; shift 2 ;;
    --viewers) viewer_counts="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "cluster-bench: unknown option $1" >&2; exit 2 ;;
  esac
done
wants() { [[ " $only " == *" $1 "* ]]; }
source "$here/janus/janus-lib.sh"
source "$here/load-lib.sh"
kill_on_exit
wants s5 && require_wrk
for command in redis-server redis-cli; do
  command -v "$command" >/dev/null || { echo "cluster-bench: $command is missing: apt-get install -y redis-server redis-tools" >&2; exit 1; }
done
for port in 3333 3334 8081 3380; do
  if ss -ltn "( sport = :$port )" | grep -q LISTEN; then
    echo "cluster-bench: port $port is taken (a gateway already running?)" >&2; exit 2
  fi
done
rm -rf "$out"
mkdir -p "$out" "$out/links"
chmod 700 "$out/links"
cd "$root"

proxy="$root/Proxy/bin/Release/net10.0/SecureStream.Proxy.dll"
tool="$root/bench/LoadTool/bin/Release/net10.0/SecureStream.LoadTool.dll"
[[ -f "$proxy" ]] || dotnet build -c Release Proxy >/dev/null
[[ -f "$tool" ]] || dotnet build -c Release bench/LoadTool >/dev/null

note() { echo "$*" | tee -a "$out/summary.txt"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
started=$SECONDS

note "=== cluster-bench $(date -u +%FT%TZ) on $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), kernel $(uname -r), $(redis-server --version | grep -o 'v=[^ ]*'), commit $(git rev-parse --short HEAD)"
note "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

start_bench_camera

# One redis-server for the run, loopback only, nothing written to disk.
redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --protected-mode yes >"$out/redis.log" 2>&1 &
redis_pid=$!
pids+=("$redis_pid")
redis() { redis-cli -h 127.0.0.1 -p "$redis_port" "$@"; }
for _ in $(seq 1 50); do redis ping >/dev/null 2>&1 && break; sleep 0.1; done
redis ping >/dev/null || { echo "cluster-bench: redis-server did not start; see $out/redis.log" >&2; exit 1; }
note "camera $camera_url; redis-server pid $redis_pid on 127.0.0.1:$redis_port"

write_policy "$out/links/policy.json" false
ss_init_args "$camera_port"
# The node id is the same in both modes (it only names the journal's node); each mode has its own journal.
mode_args() { # $1 = single | cluster
  local args=(--Cluster:NodeId=bench-a "--Audit:JournalPath=$out/audit-$1/audit.jsonl")
  [[ $1 == cluster ]] && args+=("--Cluster:Redis:Endpoints:0=127.0.0.1:$redis_port")
  printf '%s\n' "${args[@]}"
}
start_mode() { # $1 = mode, rest = extra configuration
  local mode=$1; shift
  mapfile -t extra < <(mode_args "$mode")
  start_ss "${extra[@]}" "$@"
  audit="$out/audit-$mode/audit.jsonl"
}

# The first gateway run creates data/dev-secrets (link key, management token); the link is signed once.
start_mode single
sign bench/cam > "$out/links/bench-cam"
[[ -s "$out/links/bench-cam" ]] || { echo "cluster-bench: signing failed" >&2; exit 1; }
stop_ss

# --- S5 admissions, single vs cluster ---------------------------------------------------------
if wants s5; then
  write_admit_script
  rtt=$(timeout 20 redis-cli -h 127.0.0.1 -p "$redis_port" --latency --raw -i 5)
  note "redis-cli --latency over 5 s (ms; min max avg samples): $rtt"
  # Redis's own counters for the counted window only (cluster mode; single mode leaves them at 0).
  s5_window_starts() { redis config resetstat >/dev/null; redis_t0=$(cpu_ticks "$redis_pid"); }
  s5_window_ends() { redis_t1=$(cpu_ticks "$redis_pid"); redis info commandstats > "$out/redis-commandstats-$s5_name.txt"; }
  for k in $(seq 1 "$repeats"); do
    for mode in single cluster; do
      start_mode "$mode" --Gate:RequestsPerSecond=0
      for connections in 16 1; do
        s5_name="$mode-c$connections-r$k"
        s5_measure "$s5_name" "$connections" \
          "=== S5 $mode: admissions, $connections connection(s) for 10 s, run $k, pid $ss_pid, load $(cut -d' ' -f1 /proc/loadavg)"
        python3 - "$out" "$s5_name" "$mode" "$connections" "$k" "$s5_admitted" "$s5_seconds" "$s5_cpu" \
          "$(( redis_t1 - redis_t0 ))" "$(getconf CLK_TCK)" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY' | tee -a "$out/s5-securestream-$s5_name.txt"
import json, pathlib, re, sys
out, name, mode, connections, run, admitted, seconds, cpu, redis_ticks, hz, load = sys.argv[1:]
out = pathlib.Path(out); admitted = int(admitted)
wrk = (out / f"s5-wrk-{name}.txt").read_text()
p50, p99 = map(float, re.search(r"latency p50 ([\d.]+) ms, p99 ([\d.]+) ms", wrk).groups())
record = {"name": name, "mode": mode, "connections": int(connections), "run": int(run), "admitted": admitted,
          "seconds": float(seconds), "gatewayCpuSeconds": float(cpu), "p50Ms": p50, "p99Ms": p99, "load1": float(load)}
if mode == "cluster":
    commands = {}
    for line in (out / f"redis-commandstats-{name}.txt").read_text().splitlines():
        m = re.match(r"cmdstat_([^:]+):calls=(\d+),usec=(\d+)", line)
        if m and not m.group(1).startswith(("config", "info")):
            commands[m.group(1)] = {"calls": int(m.group(2)), "usec": int(m.group(3))}
    record["redis"] = commands
    record["redisCpuSeconds"] = int(redis_ticks) / int(hz)
    per = lambda v: v / admitted if admitted else float("nan")
    print("redis per admission: " + ", ".join(f"{c} {per(s['calls']):.2f} calls x {s['usec'] / max(s['calls'], 1):.1f} us"
                                              for c, s in sorted(commands.items())))
    print(f"redis server time {per(sum(s['usec'] for s in commands.values())):.1f} us per admission; "
          f"redis-server CPU {per(record['redisCpuSeconds']) * 1e6:.1f} us per admission")
with open(out / "s5.jsonl", "a") as f:
    f.write(json.dumps(record) + "\n")
PY
      done
      stop_ss
    done
  done
fi

# --- S2 fan-out, single vs cluster --------------------------------------------------------------
if wants s2; then
  for n in $viewer_counts; do
    ramp=$(( n < 20 ? 10 : 20 ))
    for mode in single cluster; do
      start_mode "$mode"
      echo "=== S2 $mode: 1 camera (1.5 Mbit/s), $n viewers, pid $ss_pid, load $(cut -d' ' -f1 /proc/loadavg)" | tee "$out/s2-$mode-$n.txt"
      load "s2-$mode-$n" --url-file "$out/links/bench-cam" --viewers "$n" --ramp "$ramp" --duration "$window" \
        --baseline 3 --warmup 3 --sources 20 --pid "$ss_pid"
      stop_ss
    done
  done
fi

note "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$here/cluster-bench-tables.py" "$out" | tee "$out/tables.md"
note "=== done in $((SECONDS - started)) s; results in $out"
