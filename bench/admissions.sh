#!/usr/bin/env bash
# S5 alone: admissions per gateway CPU-second through SecureStream's front door, webhook off.
# Each request is a signed-link WHEP POST whose body is not an SDP offer (bench/load-lib.sh,
# s5_measure): the front door checks shape, signature, camera and entitlement, opens and audits a
# session, forwards to the embedded origin (which checks the ticket and refuses the body with
# 400), and the session ends. Admissions are the session.start records of the audit journal; CPU
# is the gateway's utime+stime from /proc/<pid>/stat over the counted window. No camera runs: the
# origin refuses the offer before it would pull one.
#
#   bench/admissions.sh [--out DIR] [--rounds N] [--connections C] [--transport "unix tcp"]
#                       [--port-base P] [--perf] [--proxy PATH/SecureStream.Proxy.dll]
#                       [--gateway-arg --Key=Value]...
#
#   --rounds N       counted 10 s windows per gateway (each after 10 s of uncounted warm-up; default 3)
#   --transport      the hop to the embedded origin, one gateway per entry (default "unix tcp"):
#                    unix = Listeners:OriginSocket:Mode=UnixSocket, tcp = Mode=Tcp (loopback)
#   --port-base P    the gateway's ports: P (HTTP), P+1 (management), P+2 (origin over TCP),
#                    P+3 (media); default 23400, away from a default run's 3333/8081/3380
#   --perf           perf record -g on the gateway during the last counted window
#                    (DOTNET_PerfMapEnabled=1 and DOTNET_EnableWriteXorExecute=0 for that gateway;
#                    report: perf report -i DIR/perf-<transport>.data)
#   --proxy          a Release build to measure (default: this checkout's, built if missing);
#                    a build without Listeners:OriginSocket runs tcp only (the key is ignored)
#   --gateway-arg    one more configuration argument for the gateway (repeatable), e.g.
#                    --gateway-arg --Listeners:InlineScheduling=true
#   Two builds compared: run two copies at once with different --port-base and --out, so both
#   see the same contention (docs/benchmarks/admissions.md).
#
# Prints one line per window and a summary per transport: admissions per gateway CPU-second (the
# median of the rounds). Results and the gateway's log go to DIR (default /tmp/admissions-results);
# the signed link is written to DIR/links (mode 700) and never printed. Needs wrk, curl, python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=/tmp/admissions-results
rounds=3
connections=16
transports="unix tcp"
port_base=23400
perf=false
proxy="$root/Proxy/bin/Release/net10.0/SecureStream.Proxy.dll"
gateway_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --transport) transports="$2"; shift 2 ;;
    --port-base) port_base="$2"; shift 2 ;;
    --perf) perf=true; shift ;;
    --proxy) proxy="$2"; shift 2 ;;
    --gateway-arg) gateway_args+=("$2"); shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1' "$0"; exit 0 ;;
    *) echo "admissions: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out" "$out/links"
chmod 700 "$out/links"
cd "$root"
[[ -f "$proxy" ]] || dotnet build -c Release Proxy -nologo -v q >/dev/null

source "$here/load-lib.sh"
kill_on_exit
require_wrk
if $perf; then command -v perf >/dev/null || { echo "admissions: perf is missing (apt-get install linux-perf)" >&2; exit 1; }; fi

ss_http_port=$port_base
ss_management_port=$((port_base + 1))
for port in "$ss_http_port" "$ss_management_port" $((port_base + 2)) $((port_base + 3)); do
  if ss -ltn "( sport = :$port )" | grep -q LISTEN; then
    echo "admissions: port $port is taken; choose another --port-base" >&2; exit 2
  fi
done
audit="$out/audit/audit.jsonl"
write_policy "$out/links/policy.json" false
# No camera listens on port 9: the origin refuses the offer before it would pull the camera.
ss_init_args 9
ss_common+=(
  --Listeners:Http:Port="$ss_http_port" --Listeners:Https:Enabled=false
  --Listeners:Management:Port="$ss_management_port" --Listeners:Origin:Port=$((port_base + 2))
  --WebRtc:Ice:Port=$((port_base + 3)) --Audit:JournalPath="$audit"
  --Gate:RequestsPerSecond=0
  "${gateway_args[@]}"
)

echo "=== admissions $(date -u +%FT%TZ) on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')"
# The first start creates data/dev-secrets (link key, management token) when missing.
start_ss
sign bench/cam > "$out/links/bench-cam"
[[ -s "$out/links/bench-cam" ]] || { echo "admissions: signing failed" >&2; exit 1; }
stop_ss
write_admit_script

for transport in $transports; do
  case "$transport" in
    unix) mode=UnixSocket ;;
    tcp) mode=Tcp ;;
    *) echo "admissions: unknown transport $transport (unix or tcp)" >&2; exit 2 ;;
  esac
  rm -rf "$out/audit"
  # perf resolves JIT frames through /tmp/perf-<pid>.map only without the W^X double mapping.
  if $perf; then export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0; fi
  start_ss --Listeners:OriginSocket:Mode="$mode"
  unset DOTNET_PerfMapEnabled DOTNET_EnableWriteXorExecute
  results=()
  for round in $(seq 1 "$rounds"); do
    unset -f s5_window_starts s5_window_ends
    if $perf && (( round == rounds )); then
      s5_window_starts() { perf record -g -F 999 -p "$ss_pid" -o "$out/perf-$transport.data" >/dev/null 2>&1 & perf_pid=$!; }
      s5_window_ends() { kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; }
    fi
    s5_measure "$transport-$round" "$connections" "--- $transport, round $round, $connections connections, load average $(cut -d' ' -f1-3 /proc/loadavg)" >/dev/null
    per_cpu=$(python3 -c "print(round($s5_admitted/$s5_cpu) if $s5_cpu else 0)")
    results+=("$per_cpu")
    printf '%s round %d: %d admitted in %.1f s (%.0f/s), gateway CPU %.2f s (%.2f s/s) = %d admissions per CPU-second (%.0f us each)\n' \
      "$transport" "$round" "$s5_admitted" "$s5_seconds" "$(python3 -c "print($s5_admitted/$s5_seconds)")" "$s5_cpu" "$(python3 -c "print($s5_cpu/$s5_seconds)")" "$per_cpu" \
      "$(python3 -c "print($s5_cpu*1e6/$s5_admitted if $s5_admitted else 0)")"
    grep -E '^status' "$out/s5-wrk-$transport-$round.txt" | tr '\n' ' '; echo
  done
  stop_ss
  median=$(printf '%s\n' "${results[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  echo "=== $transport: median $median admissions per gateway CPU-second over $rounds rounds (${results[*]})" | tee -a "$out/summary.txt"
done
