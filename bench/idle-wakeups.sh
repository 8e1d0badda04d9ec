#!/usr/bin/env bash
# The idle gateway's own CPU and thread wake-ups: each build given is started (no camera, no
# viewer, demo cameras off, loopback listeners, the benchmarks' policy file), all at the same
# moment on ports of their own inside a private network namespace, and after S seconds of
# settling each is read over a window of W seconds: CPU-seconds (/proc/PID/stat utime+stime),
# context switches per second by thread name (/proc/PID/task/*/status, voluntary +
# involuntary), and `perf stat -e context-switches,task-clock` over the same window.
#
#   bench/idle-wakeups.sh [--out DIR] [--settle S] [--window W] [--record] NAME=PROXY[,ENV=VALUE…] …
#
# PROXY is a SecureStream.Proxy.dll (run with dotnet) or a published executable. --record adds
# `perf record -e sched:sched_switch -g` of every build over the window (DIR/NAME.sched.data;
# `perf script -i …` shows which thread slept where). Results: DIR (default
# /tmp/idle-wakeups)/summary.txt and threads-NAME.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
arguments=("$@")
out=/tmp/idle-wakeups
settle=20
window=60
record=false
variants=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --record) record=true; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "idle-wakeups: unknown option $1" >&2; exit 2 ;;
    *) variants+=("$1"); shift ;;
  esac
done
(( ${#variants[@]} > 0 )) || { echo "idle-wakeups: name at least one NAME=PROXY variant" >&2; exit 2; }
cd "$root"
source "$here/netns-lib.sh"
netns_enter "${arguments[@]}"
ip link set lo up
mkdir -p "$out/links"
chmod 700 "$out/links"
source "$here/load-lib.sh"
kill_on_exit
write_policy "$out/links/policy.json" false
hz=$(getconf CLK_TCK)

# "<cpu ticks>" of $1, and one "name<TAB>switches" line per thread into $2.
sample() {
  : > "$2"
  for t in /proc/"$1"/task/*; do
    printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null || echo gone)" \
      "$(awk '/ctxt_switches/ { n += $2 } END { print n + 0 }' "$t/status" 2>/dev/null || echo 0)" >> "$2"
  done
  awk '{print $14+$15}' "/proc/$1/stat"
}

declare -a names ss_pids
for k in "${!variants[@]}"; do
  spec=${variants[$k]}
  name=${spec%%=*}; rest=${spec#*=}
  proxy=${rest%%,*}
  envs=()
  [[ $rest == *,* ]] && IFS=',' read -ra envs <<< "${rest#*,}"
  [[ -f $proxy ]] || { echo "idle-wakeups: no gateway at $proxy" >&2; exit 2; }
  base=$((14000 + 1000 * k))
  mkdir -p "$out/$name"
  run=(dotnet "$proxy"); [[ $proxy == *.dll ]] || run=("$proxy")
  env "${envs[@]}" "${run[@]}" --Policy:Path="$out/links/policy.json" --DemoCameras:Enabled=false "${ss_loopback[@]}" \
    --Logging:LogLevel:Default=Warning \
    --Listeners:Http:Port=$((base + 1)) --Listeners:Https:Port=$((base + 2)) --Listeners:Management:Port=$((base + 3)) \
    --Listeners:Origin:Port=$((base + 4)) --WebRtc:Ice:Port=$((base + 5)) \
    --Audit:JournalPath="$out/$name/audit.jsonl" >"$out/$name/securestream.log" 2>&1 &
  pid=$!
  pids+=("$pid"); names+=("$name"); ss_pids+=("$pid")
done
for k in "${!names[@]}"; do
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "http://127.0.0.1:$((14000 + 1000 * k + 3))/healthz" && break
    kill -0 "${ss_pids[$k]}" 2>/dev/null || { echo "idle-wakeups: ${names[$k]} exited; see $out/${names[$k]}/securestream.log" >&2; exit 1; }
    sleep 0.2
  done
done
sleep "$settle"

echo "=== idle-wakeups $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), window ${window} s" | tee "$out/summary.txt"
declare -a t0 perfs
for k in "${!names[@]}"; do
  t0[$k]=$(sample "${ss_pids[$k]}" "$out/before-${names[$k]}.txt")
  perf stat -e context-switches,task-clock -p "${ss_pids[$k]}" -o "$out/perf-stat-${names[$k]}.txt" -- sleep "$window" >/dev/null 2>&1 &
  perfs+=($!)
  if [[ $record == true ]]; then
    perf record -q -e sched:sched_switch -g -p "${ss_pids[$k]}" -o "$out/${names[$k]}.sched.data" -- sleep "$window" >/dev/null 2>&1 &
    perfs+=($!)
  fi
done
s0=$(date +%s.%N)
wait "${perfs[@]}" 2>/dev/null || true
s1=$(date +%s.%N)
for k in "${!names[@]}"; do
  name=${names[$k]}
  t1=$(sample "${ss_pids[$k]}" "$out/after-$name.txt")
  python3 - "$name" "${t0[$k]}" "$t1" "$s0" "$s1" "$hz" "$out/before-$name.txt" "$out/after-$name.txt" "$out/perf-stat-$name.txt" "$out/threads-$name.txt" <<'PY' | tee -a "$out/summary.txt"
import sys, collections, re
name, a, z, s0, s1, hz, before, after, stat, threads = sys.argv[1:]
secs = float(s1) - float(s0)
cpu = (int(z) - int(a)) / int(hz)
def read(p):
    d = collections.Counter()
    for line in open(p):
        n, v = line.rstrip("\n").split("\t")
        d[n] += int(v)
    return d
b, e = read(before), read(after)
per = sorted(((k, (e[k] - b.get(k, 0)) / secs) for k in e), key=lambda kv: -kv[1])
with open(threads, "w") as f:
    for k, v in per:
        if v > 0:
            f.write(f"{v:8.2f}/s  {k}\n")
text = open(stat).read()
def num(label):
    m = re.search(r"([\d.,]+)\s+(?:msec\s+)?" + label, text)
    return float(m.group(1).replace(",", "")) if m else float("nan")
csw, clock = num("context-switches"), num("task-clock")
print(f"{name}: CPU {cpu / secs * 1000:.2f} ms/s (/proc), task-clock {clock / secs:.2f} ms/s, context switches {csw / secs:.1f}/s (perf), "
      f"{sum(v for _, v in per):.1f}/s (/proc); top threads: " + ", ".join(f"{k} {v:.1f}" for k, v in per[:5]))
PY
done
