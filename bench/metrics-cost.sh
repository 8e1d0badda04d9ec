#!/usr/bin/env bash
# What metrics collection costs the gateway (docs/benchmarks/metrics-cost.md): the S2 fan-out
# of bench/side-by-side.sh (one 1.5 Mbit/s camera from bench/janus/clip-camera.sh, N viewers,
# video only, bench/LoadTool) run on a fresh gateway with --Metrics:Enabled=false and again with
# metrics on and /metrics scraped every 5 s. Prints, per run, the gateway's CPU seconds
# (utime + stime from /proc/PID/stat, over the whole LoadTool run) and the difference in %; then,
# on the metrics-on gateway once its viewers have left, the CPU time and duration of one scrape:
# the average of --scrapes scrapes 2.4 s apart (the exporter reuses a rendering for 1 s), CPU from
# /proc around each minus as long a stretch without one, duration from curl. The gateway is idle
# then: the per-session part of a scrape at N viewers is in the difference between the two runs.
#
#   bench/metrics-cost.sh [--viewers N] [--window S] [--repeat R] [--scrapes K] [--port-base P] [--out DIR]
#
# --viewers    S2 viewer count (default 200)
# --window     LoadTool's measured window in seconds (default 20)
# --repeat     off/on pairs, alternated, to average the noise (default 1)
# --scrapes    scrapes averaged for the cost of one (default 30)
# --port-base  move the gateway's listeners to P (HTTP), P+1 (HTTPS), P+2 (origin), P+3
#              (management), P+4 (ICE) when the default ports are taken (default: 3333 3334 3380 8081 10000)
# Results: DIR (default /tmp/metrics-cost-results): LoadTool's *.txt and *.json per run, the last
# scrape (scrape.prom), summary.txt. Signed links stay in DIR/links (mode 700), never printed.
# Needs: GStreamer (bench/janus/README.md), curl, python3, Release builds of Proxy and
# bench/LoadTool (built here if missing). Run it on a quiet machine: other load skews both runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=/tmp/metrics-cost-results
viewers=200
window=20
repeat=1
scrapes=30
port_base=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --viewers) viewers="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --scrapes) scrapes="$2"; shift 2 ;;
    --port-base) port_base="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "metrics-cost: unknown option $1" >&2; exit 2 ;;
  esac
done
for value in "$viewers" "$window" "$repeat" "$scrapes" ${port_base:+"$port_base"}; do
  [[ "$value" =~ ^[1-9][0-9]*$ ]] || { echo "metrics-cost: options take positive integers" >&2; exit 2; }
done
mkdir -p "$out" "$out/links"
chmod 700 "$out/links"
: > "$out/summary.txt"
cd "$root"

proxy="$root/Proxy/bin/Release/net10.0/SecureStream.Proxy.dll"
tool="$root/bench/LoadTool/bin/Release/net10.0/SecureStream.LoadTool.dll"
[[ -f "$proxy" ]] || dotnet build -c Release Proxy >/dev/null
[[ -f "$tool" ]] || dotnet build -c Release bench/LoadTool >/dev/null

source "$here/janus/janus-lib.sh" # field
source "$here/load-lib.sh"
kill_on_exit
note() { echo "$*" | tee -a "$out/summary.txt"; }

ports=(3333 3334 3380 8081 10000)
if [[ -n "$port_base" ]]; then
  ports=("$port_base" $((port_base + 1)) $((port_base + 2)) $((port_base + 3)) $((port_base + 4)))
fi
ss_http_port=${ports[0]}
ss_management_port=${ports[3]}
for port in "${ports[@]:0:4}"; do
  if ss -ltn "( sport = :$port )" | grep -q LISTEN; then
    echo "metrics-cost: port $port is taken (a gateway already running? try --port-base)" >&2; exit 2
  fi
done
if ss -lun "( sport = :${ports[4]} )" | grep -q UNCONN; then
  echo "metrics-cost: UDP port ${ports[4]} is taken (try --port-base)" >&2; exit 2
fi

note "=== metrics-cost $(date -u +%FT%TZ) on $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
note "S2: $viewers viewers, ${window} s window, $repeat off/on pair(s); scrape every 5 s when on; $scrapes scrapes for the cost of one"

start_bench_camera
note "$camera"

write_policy "$out/links/policy.json" false
ss_init_args "$camera_port"
ss_common+=(
  "--Listeners:Http:Port=${ports[0]}" "--Listeners:Https:Port=${ports[1]}" "--Listeners:Origin:Port=${ports[2]}"
  "--Listeners:Management:Port=${ports[3]}" "--WebRtc:Ice:Port=${ports[4]}"
)

# The first gateway run creates data/dev-secrets (link key, management token); the link is signed once.
start_ss
sign bench/cam > "$out/links/bench-cam"
[[ -s "$out/links/bench-cam" ]] || { echo "metrics-cost: signing failed" >&2; exit 1; }
stop_ss
printf 'Authorization: Basic %s\n' "$(printf %s "$(cat data/dev-secrets/management-token)" | base64 -w0)" > "$out/links/auth-header"
metrics_url="http://127.0.0.1:$ss_management_port/metrics"

hz=$(getconf CLK_TCK)
# utime + stime in clock ticks; the fields after the command name, which may hold spaces.
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
seconds() { python3 -c "print(f'{$1 / $hz:.2f}')"; }
scrape() { # → "seconds bytes"; the body goes to $out/scrape.prom
  curl -sf -H @"$out/links/auth-header" -o "$out/scrape.prom" -w '%{time_total} %{size_download}\n' "$metrics_url"
}

declare -A cpu
run() { # $1 = off|on, $2 = repetition
  local mode=$1 r=$2 before after scraper=""
  if [[ "$mode" == off ]]; then start_ss --Metrics:Enabled=false; else start_ss; fi
  if [[ "$mode" == on ]]; then
    # What a Prometheus server with scrape_interval 5s does.
    ( while sleep 5; do curl -sf -H @"$out/links/auth-header" -o /dev/null "$metrics_url" || true; done ) &
    scraper=$!
    pids+=("$scraper")
  fi

  echo "=== S2 metrics $mode: $viewers viewers, pid $ss_pid" | tee "$out/s2-metrics-$mode-$r.txt"
  before=$(cpu_ticks "$ss_pid")
  load "s2-metrics-$mode-$r" --url-file "$out/links/bench-cam" --viewers "$viewers" --ramp $(( viewers < 20 ? 10 : 20 )) \
    --duration "$window" --baseline 3 --warmup 3 --sources 20 --pid "$ss_pid"
  after=$(cpu_ticks "$ss_pid")
  [[ -n "$scraper" ]] && { kill "$scraper" 2>/dev/null || true; wait "$scraper" 2>/dev/null || true; }
  cpu[$mode]=$(( ${cpu[$mode]:-0} + after - before ))
  note "run $r metrics $mode: gateway CPU $(seconds $((after - before))) s over the LoadTool run"

  if [[ "$mode" == on && "$r" == "$repeat" ]]; then
    scrape_cost
  fi
  stop_ss
}

scrape_cost() { # on the metrics-on gateway, its viewers gone
  local i idle=0 scraping=0 t start times=() bytes=0
  scrape >/dev/null; sleep 1.2; scrape >/dev/null; sleep 1.2 # JIT and the exporter's first rendering
  # 1.2 s without a scrape, then 1.2 s with one, alternated: the idle gateway's own CPU (timers,
  # the runtime) is measured in the same stretch of time as the scrapes and subtracted.
  for i in $(seq 1 "$scrapes"); do
    start=$(cpu_ticks "$ss_pid"); sleep 1.2; idle=$(( idle + $(cpu_ticks "$ss_pid") - start ))
    start=$(cpu_ticks "$ss_pid")
    read -r t bytes < <(scrape || true)
    [[ -n "${t:-}" ]] || { echo "metrics-cost: a scrape of $metrics_url failed" >&2; exit 1; }
    times+=("$t")
    sleep "$(python3 -c "print(max(0.0, 1.2 - $t))")"
    scraping=$(( scraping + $(cpu_ticks "$ss_pid") - start ))
  done
  note "one scrape ($bytes bytes, $(grep -vc '^#' "$out/scrape.prom") series lines, gateway idle after the run): CPU $(python3 -c "print(f'{max(0, $scraping - $idle) / $hz / $scrapes * 1000:.2f}')") ms (($scraping - $idle idle) ticks of 1/$hz s over $scrapes scrapes), duration $(python3 -c "t=[$(IFS=,; echo "${times[*]}")]; print(f'{sum(t) / len(t) * 1000:.2f}')") ms (curl, mean)"
}

for r in $(seq 1 "$repeat"); do
  run off "$r"
  run on "$r"
done

note "gateway CPU, metrics off: $(seconds "${cpu[off]}") s; metrics on (scraped every 5 s): $(seconds "${cpu[on]}") s; difference $(python3 -c "off, on = ${cpu[off]}, ${cpu[on]}; print(f'{(on - off) / off * 100:+.1f} %' if off else 'n/a')")"
