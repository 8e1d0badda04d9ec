#!/usr/bin/env bash
# Idle resident memory of several gateway variants started at the same moment, so that each pair
# is measured under the same machine load (docs/benchmarks/memory-and-startup.md, "Idle").
#
#   bench/idle-variants.sh [--settle S] [--out DIR] [--repeat N] NAME=DLL[,ENV=VALUE…] …
#
# Each variant is a default run (demo cameras on, the repository's policy.json) of the given
# SecureStream.Proxy.dll — or of a native/self-contained executable when the path does not end in
# .dll — with the environment variables after the comma (e.g. base=/tmp/p/SecureStream.Proxy.dll
# or invariant=/tmp/p/SecureStream.Proxy.dll,DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1). All start
# together on ports of their own (13333 + 1000·k + 500 …, ICE 20500 + 1000·k, demo cameras
# 18554 + 1000·k + 500), each with its own audit journal; S seconds (default 20) after the last
# one answers /healthz, one line per variant: VmRSS, its file-backed, anonymous and shared parts
# (/proc/PID/status), the double-mapped JIT code (/memfd:doublemapper in /proc/PID/smaps), the
# number of mapped .dll files and threads. --repeat N runs the whole set N times. Results:
# $out/summary.txt (default /tmp/securestream-idle), and each variant's /proc/PID/smaps at that
# moment as $out/NAME-rROUND.smaps; then, for each, the GC's committed memory and heap size at its
# last collection and its collection counts (the runtime's instruments on /metrics, read with the
# development management token of data/dev-secrets). Runs from the repository root.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=/tmp/securestream-idle
settle=20
repeat=1
variants=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --settle) settle="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    -*) echo "idle-variants: unknown option $1" >&2; exit 2 ;;
    *) variants+=("$1"); shift ;;
  esac
done
[[ ${#variants[@]} -gt 0 ]] || { echo "idle-variants: name at least one NAME=DLL variant" >&2; exit 2; }
mkdir -p "$out"
cd "$root"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT

kb() { awk -v k="$2" '$1 == k":" { print $2 }' "/proc/$1/status"; }
mb() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 1024 }'; }
doublemapped_kb() { awk '/^[0-9a-f]+-[0-9a-f]+ / { dm = ($6 ~ /doublemapper/) } /^Rss:/ && dm { s += $2 } END { print s + 0 }' "/proc/$1/smaps"; }
report() { echo "$*" | tee -a "$out/summary.txt"; }
gc_view() { # $1 = management port → "gc committed X MB, heap Y MB, collections gen0/1/2 a/b/c"
  curl -sf -H "Authorization: Basic $(base64 -w0 < data/dev-secrets/management-token)" "http://127.0.0.1:$1/metrics" | awk '
    /^dotnet_gc_last_collection_memory_committed_size_bytes/ { committed = $NF }
    /^dotnet_gc_last_collection_heap_size_bytes/ { heap += $NF }
    /^dotnet_gc_collections_total/ { match($0, /gen[0-2]/); n[substr($0, RSTART, RLENGTH)] = $NF }
    END { printf "gc committed %.1f MB, heap %.1f MB at the last collection, collections gen0/1/2 %d/%d/%d",
          committed / 2^20, heap / 2^20, n["gen0"], n["gen1"], n["gen2"] }'
}
: > "$out/summary.txt"

for round in $(seq 1 "$repeat"); do
  report "round $round: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  names=(); run_pids=(); management_ports=()
  k=0
  for variant in "${variants[@]}"; do
    name=${variant%%=*}; rest=${variant#*=}
    IFS=',' read -r -a parts <<< "$rest"
    target=${parts[0]}
    environment=("${parts[@]:1}")
    offset=$((1000 * k + 500))
    args=(--Listeners:Http:Port=$((13333 + offset)) --Listeners:Https:Port=$((13334 + offset))
          --Listeners:Management:Port=$((18081 + offset)) --Listeners:Origin:Port=$((13380 + offset))
          --WebRtc:Ice:Port=$((20000 + offset)) --Listeners:Http:Address=127.0.0.1
          --Listeners:Https:Address=127.0.0.1 --DemoCameras:Port=$((18554 + offset))
          "--OriginMap:Origins:0:Urls:0=127.0.0.1:$((18554 + offset))/demo"
          "--Audit:JournalPath=$out/audit-$name/audit.jsonl")
    run=(dotnet "$target"); [[ $target == *.dll ]] || run=("$target")
    env "${environment[@]}" "${run[@]}" "${args[@]}" > "$out/$name.log" 2>&1 &
    names+=("$name"); run_pids+=("$!"); pids+=("$!"); management_ports+=($((18081 + offset)))
    k=$((k + 1))
  done
  for i in "${!names[@]}"; do
    for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:${management_ports[$i]}/healthz" && break; sleep 0.2; done
    curl -sf -o /dev/null "http://127.0.0.1:${management_ports[$i]}/healthz" \
      || { echo "idle-variants: ${names[$i]} did not answer; see $out/${names[$i]}.log" >&2; exit 1; }
  done
  sleep "$settle"
  for i in "${!names[@]}"; do
    p=${run_pids[$i]}
    report "${names[$i]}: rss $(mb "$(kb "$p" VmRSS)") MB (file $(mb "$(kb "$p" RssFile)"), anon $(mb "$(kb "$p" RssAnon)")," \
      "shmem $(mb "$(kb "$p" RssShmem)")), doublemapped $(mb "$(doublemapped_kb "$p")") MB," \
      "dlls $(grep -c '\.dll$' <(awk '{ print $6 }' "/proc/$p/maps" | sort -u)), threads $(ls "/proc/$p/task" | wc -l)"
    cp "/proc/$p/smaps" "$out/${names[$i]}-r$round.smaps"
  done
  # The GC's own view, read after every RSS above (a scrape allocates): what it had committed and
  # the heap's size at its last collection, from the runtime's instruments on /metrics.
  for i in "${!names[@]}"; do
    report "${names[$i]}: $(gc_view "${management_ports[$i]}")"
  done
  for p in "${run_pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  sleep 1
done
