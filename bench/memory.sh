#!/usr/bin/env bash
# The gateway's resident memory: idle in a default run, per pulled camera and per viewer, and the
# CPU of a freshly started gateway in its first minute (docs/benchmarks/memory-and-startup.md).
#
#   bench/memory.sh [--proxy DLL] [--only "idle viewers cameras fresh"] [--viewers N] [--cameras N]
#                   [--window S] [--out DIR] [--counters PATH-TO-dotnet-counters]
#                   [--port-offset N] [--fresh-viewers "1 10"] [--per-camera N]
#                   [--gcdump PATH-TO-dotnet-gcdump]
#
# --proxy    the gateway to measure (default: Proxy's Release build; a published folder's
#            SecureStream.Proxy.dll measures what a publish ships, ReadyToRun included)
# --only     idle:    a default run (demo cameras on, the repository's policy.json), RSS 20 s after it answers
#            viewers: one warm camera, then N viewers (default 200): (mean RSS − warm RSS) ÷ viewers
#            cameras: N cameras (default 50) × 2 viewers (--per-camera), as S3: (mean RSS − RSS
#                     before) ÷ cameras
#            fresh:   CPU-seconds of a gateway started fresh, first 60 s with 1 and with 10 viewers
#                     (--fresh-viewers "1 10")
# --counters  also record the runtime's counters (GC pauses, heap sizes, JIT) of each measured
#            gateway into $out/<figure>-counters.csv (dotnet-counters collect); for cameras, a
#            summary line of the GC's heap sizes and collections (bench/gc-counters.py)
# --gcdump  cameras only: also dump the live heap (dotnet-gcdump) before the viewers arrive and
#            5 s before the window ends, report both by type ($out/cameras-{before,window}.txt)
#            and the live heap per camera; the dump's forced collection lowers that run's RSS, so
#            take the RSS figure from a run without it
# The GC and JIT settings can be changed for a run with the runtime's environment variables
# (e.g. DOTNET_gcServer=0), which every gateway started here inherits.
# Every gateway listens on ports of its own (13333, 13334, 18081, 13380, ICE 20000, demo cameras
# 18554; camera 18600; --port-offset N adds N to each) so the script can run beside a default run,
# bench/side-by-side.sh or another copy of itself. Runs
# from the repository root (the working directory the gateway reads policy.json and data/ from).
# Needs the GStreamer packages of bench/janus/README.md, curl, python3. Results: $out (default
# /tmp/securestream-memory): one line per figure in summary.txt, LoadTool JSON beside it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out=/tmp/securestream-memory
only="idle viewers cameras fresh"
viewers=200
cameras=50
window=20
counters=""
port_offset=0
fresh_viewers="1 10"
per_camera=2
gcdump=""
proxy="$root/Proxy/bin/Release/net10.0/SecureStream.Proxy.dll"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --proxy) proxy="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --viewers) viewers="$2"; shift 2 ;;
    --cameras) cameras="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --counters) counters="$2"; shift 2 ;;
    --port-offset) port_offset="$2"; shift 2 ;;
    --fresh-viewers) fresh_viewers="$2"; shift 2 ;;
    --per-camera) per_camera="$2"; shift 2 ;;
    --gcdump) gcdump="$2"; shift 2 ;;
    -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
    *) echo "memory: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out" "$out/links"
chmod 700 "$out/links"
cd "$root"
tool="$root/bench/LoadTool/bin/Release/net10.0/SecureStream.LoadTool.dll"
[[ -f "$proxy" ]] || dotnet build -c Release Proxy -nologo -v q >/dev/null
[[ -f "$tool" ]] || dotnet build -c Release bench/LoadTool -nologo -v q >/dev/null
wants() { [[ " $only " == *" $1 "* ]]; }

source "$here/load-lib.sh"
kill_on_exit
ss_http_port=$((13333 + port_offset))
ss_management_port=$((18081 + port_offset))
ports=(--Listeners:Http:Port=$ss_http_port --Listeners:Https:Port=$((13334 + port_offset))
       --Listeners:Management:Port=$ss_management_port --Listeners:Origin:Port=$((13380 + port_offset))
       --WebRtc:Ice:Port=$((20000 + port_offset)) --Listeners:Http:Address=127.0.0.1
       --Listeners:Https:Address=127.0.0.1 --DemoCameras:Port=$((18554 + port_offset))
       "--OriginMap:Origins:0:Urls:0=127.0.0.1:$((18554 + port_offset))/demo"
       # A journal of its own: another gateway may be writing data/audit at the same time.
       "--Audit:JournalPath=$out/audit/audit.jsonl")
rss_mb() { awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
record_counters() { # $1 = figure name: the running gateway's runtime counters until it exits
  [[ -z "$counters" ]] && return 0
  "$counters" collect -p "$ss_pid" --refresh-interval 1 --format csv -o "$out/$1-counters.csv" >/dev/null 2>&1 &
  pids+=("$!")
}
report() { echo "$*" | tee -a "$out/summary.txt"; }
heap_dump() { # $1 = name: the running gateway's live heap by type into $out/cameras-$1.txt
  "$gcdump" collect -p "$ss_pid" -o "$out/cameras-$1.gcdump" >/dev/null 2>&1 || { echo "memory: gcdump $1 failed" >&2; return 1; }
  "$gcdump" report "$out/cameras-$1.gcdump" > "$out/cameras-$1.txt"
}
heap_mb() { # $1 = name: the dump's live GC heap in MB (its "GC Heap bytes" line)
  awk '/GC Heap bytes/ { gsub(",", "", $1); printf "%.1f", $1 / 2^20; exit }' "$out/cameras-$1.txt"
}
json() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); g=r["gateway"]; print(eval(sys.argv[2]))' "$@"; }
: > "$out/summary.txt"
report "proxy: $proxy; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

if wants idle; then
  # A default run: nothing but the ports and the audit journal moved (demo cameras on, the
  # repository's policy.json).
  dotnet "$proxy" "${ports[@]}" >"$out/idle.log" 2>&1 &
  ss_pid=$!; pids+=("$ss_pid")
  for _ in $(seq 1 150); do curl -sf -o /dev/null "http://127.0.0.1:$ss_management_port/healthz" && break; sleep 0.2; done
  record_counters idle
  sleep 20
  report "idle (default run, 20 s after ready): rss $(rss_mb "$ss_pid") MB, threads $(ls "/proc/$ss_pid/task" | wc -l), cpu so far $(cpu_s "$ss_pid") s"
  stop_ss
fi

wants viewers || wants cameras || wants fresh || exit 0
camera_port=$((18600 + port_offset))
"$here/janus/clip-camera.sh" --kbps 1500 --port "$camera_port" > "$out/camera.log" 2>&1 &
pids+=("$!")
for _ in $(seq 1 100); do grep -q "camera pid=" "$out/camera.log" && break; sleep 0.2; done
grep -q "camera pid=" "$out/camera.log" || { echo "memory: the clip camera did not start; see $out/camera.log" >&2; exit 1; }
pids+=("$(sed -n 's/^camera pid=\([0-9]*\).*/\1/p' "$out/camera.log")")
write_policy "$out/links/policy.json" false
ss_init_args "$camera_port"
camera_args=()
for k in $(seq 1 "$cameras"); do
  camera_args+=("--OriginMap:Origins:$((k + 1)):Location=/s3c$k" "--OriginMap:Origins:$((k + 1)):Scheme=rtsp"
                "--OriginMap:Origins:$((k + 1)):Urls:0=127.0.0.1:$camera_port" "--Cameras:Known:$((k + 1))=s3c$k/*")
done

if wants viewers; then
  start_ss "${ports[@]}"
  record_counters viewers
  sign bench/cam > "$out/links/bench-cam"
  load viewers --url-file "$out/links/bench-cam" --viewers "$viewers" --ramp 20 --duration "$window" --baseline 3 \
    --warmup 3 --sources 20 --pid "$ss_pid" >/dev/null
  report "viewers ($viewers on one warm camera): warm rss $(json "$out/viewers.json" 'round(g["warmResidentBytes"]/2**20,1)') MB," \
    "window rss $(json "$out/viewers.json" 'round(g["residentBytes"]/2**20,1)') MB," \
    "per viewer $(json "$out/viewers.json" 'round((g["residentPerViewerBytes"] or 0)/2**20,3)') MB," \
    "cpu/viewer $(json "$out/viewers.json" 'round(g["cpuPerViewer"] or 0,5)') s/s," \
    "played $(json "$out/viewers.json" 'r["summary"]["played"]')"
  stop_ss
fi

if wants cameras; then
  start_ss "${ports[@]}" "${camera_args[@]}"
  record_counters cameras
  : > "$out/links/cameras"
  for k in $(seq 1 "$cameras"); do sign "s3c$k/cam" >> "$out/links/cameras"; done
  # The links file lists each camera once; LoadTool spreads the viewers over them in turn.
  if [[ -n "$gcdump" ]]; then
    heap_dump before
    # The window's dump once every camera is pulled (one RTSP connection each) and its viewers had
    # 15 s to connect, so the dump holds the viewers' sessions too (their packetizers are counted
    # in the summary line to show it).
    ( for _ in $(seq 1 600); do
        (( $(ss -Htn state established "( dport = :$camera_port )" | wc -l) >= cameras )) && break; sleep 0.2
      done
      sleep 15; heap_dump window ) &
    dump_pid=$!
  fi
  # A minute to connect: on a busy machine viewers otherwise time out in signalling, and a camera
  # whose viewers never play holds less than one that is watched.
  load cameras --url-file "$out/links/cameras" --viewers $((cameras * per_camera)) --ramp 20 --duration "$window" --baseline 3 \
    --sources 20 --connect-timeout 60 --pid "$ss_pid" >/dev/null
  if [[ -n "$gcdump" ]]; then
    wait "$dump_pid" || true
    report "cameras live heap (gcdump): before $(heap_mb before) MB, window $(heap_mb window) MB," \
      "per camera with its $per_camera viewers $(awk -v a="$(heap_mb before)" -v b="$(heap_mb window)" -v n="$cameras" 'BEGIN { printf "%.2f", (b - a) / n }') MB," \
      "track packetizers in the dump $(awk '$NF ~ /Media.dll/ && $3 == "SecureStream.Media.WebRtc.Rtp.OutboundTrackPacketizer" { print $2 }' "$out/cameras-window.txt")"
  fi
  report "cameras ($cameras pulled × $per_camera viewers): rss before $(json "$out/cameras.json" 'round(g["baselineResidentBytes"]/2**20,1)') MB," \
    "window $(json "$out/cameras.json" 'round(g["residentBytes"]/2**20,1)') MB," \
    "per camera with its $per_camera viewers $(json "$out/cameras.json" "round((g['residentBytes']-g['baselineResidentBytes'])/2**20/$cameras,2)") MB," \
    "played $(json "$out/cameras.json" 'r["summary"]["played"]')"
  stop_ss
  if [[ -n "$counters" ]]; then
    sleep 2 # dotnet-counters writes its last lines once the gateway is gone
    report "cameras gc: $("$here/gc-counters.py" "$out/cameras-counters.csv" | sed 's/^[^:]*: //')"
  fi
fi

if wants fresh; then
  # A fresh gateway: the viewers arrive as soon as it answers, and the whole first minute is
  # counted, start-up and JIT included (LoadTool's own window would skip its baseline).
  for n in $fresh_viewers; do
    sign bench/cam > "$out/links/bench-cam"
    start_ss "${ports[@]}"
    t0=$(cpu_s "$ss_pid")
    record_counters "fresh-$n"
    load "fresh-$n" --url-file "$out/links/bench-cam" --viewers "$n" --ramp 10 --duration 55 --baseline 0 \
      --sources 20 --pid "$ss_pid" >/dev/null
    report "fresh ($n viewers): cpu from ready to the end of a 55 s window $(awk -v a="$t0" -v b="$(cpu_s "$ss_pid")" 'BEGIN { printf "%.2f", b - a }') s" \
      "(start-up before ready $t0 s), window cpu/viewer $(json "$out/fresh-$n.json" 'round(g["cpuPerViewer"] or 0,5)') s/s," \
      "rss $(json "$out/fresh-$n.json" 'round(g["residentBytes"]/2**20,1)') MB, played $(json "$out/fresh-$n.json" 'r["summary"]["played"]')"
    stop_ss
  done
fi
