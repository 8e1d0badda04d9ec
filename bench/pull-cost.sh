#!/usr/bin/env bash
# The camera pull's fixed cost: one GStreamer camera at 1.5 Mbit/s (bench/janus/clip-camera.sh,
# 640x360, 25 fps, ≈ 7 RTP packets per frame, RTP interleaved over the RTSP TCP connection), one
# fresh gateway per build and row, and per row the gateway's CPU and thread wake-ups per camera
# frame. Builds are measured in turns (A B A B …, same camera), so a busy machine shifts both alike.
#
#   bench/pull-cost.sh [--out DIR] [--viewers "0 1 10"] [--window S] [--rounds N] [--perf]
#                      [--cameras N] --proxy A.dll[,ENV=VALUE…] [--proxy B.dll[,ENV=VALUE…]]
#
# --proxy   a Release build's SecureStream.Proxy.dll, or a published executable (repeatable: the
#           builds compared), with environment variables for its process after the commas
# --viewers rows, viewers per camera; 0 = the camera stays pulled after its only viewer left (the
#           stream is released only after Streams:UnusedStreamDeletionTimeoutMs), nobody watching
# --cameras pull the camera under N names (N pulls of the same GStreamer camera, like S3 of
#           side-by-side.sh), each with the row's viewers; frames are counted per pull (default 1)
# --window  seconds counted per row (default 10), after 6 s of warm-up with the viewers playing
# --perf    also `perf record -g` the first round's windows (DOTNET_PerfMapEnabled=1) → DIR/*.perf.data
#
# Per row: CPU-seconds per second of the gateway (/proc/PID/stat utime+stime), context switches
# per camera frame (voluntary and involuntary, summed over the gateway's threads from
# /proc/PID/task/*/status, and split by thread name), CPU µs per frame; frames are the camera's
# 25 per second. Runs inside a private network namespace (bench/netns-lib.sh) like side-by-side.sh.
# A row counts only once every viewer plays; checks.txt says per row whether they all did and
# whether the camera connection was up at the window's end (a row without it measured nothing).
# Results: DIR (default /tmp/pull-cost-results): rows.tsv, checks.txt and one threads-*.txt per row.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
arguments=("$@")
out=/tmp/pull-cost-results
viewer_counts="0 1 10"
window=10
rounds=3
perf_on=false
cameras=1
proxies=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --viewers) viewer_counts="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --perf) perf_on=true; shift ;;
    --cameras) cameras="$2"; shift 2 ;;
    --proxy) proxies+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "pull-cost: unknown option $1" >&2; exit 2 ;;
  esac
done
(( ${#proxies[@]} > 0 )) || { echo "pull-cost: at least one --proxy PATH/SecureStream.Proxy.dll" >&2; exit 2; }
for p in "${proxies[@]}"; do [[ -f "${p%%,*}" ]] || { echo "pull-cost: no gateway at ${p%%,*}" >&2; exit 2; }; done
cd "$root"
tool="$root/bench/LoadTool/bin/Release/net10.0/SecureStream.LoadTool.dll"
[[ -f "$tool" ]] || dotnet build -c Release bench/LoadTool >/dev/null

source "$here/netns-lib.sh"
netns_enter "${arguments[@]}"
netns_setup
mkdir -p "$out" "$out/links"
chmod 700 "$out/links"
source "$here/load-lib.sh"
kill_on_exit
fps=$((25 * cameras)) # camera frames per second, all pulls together

camera=$("$here/janus/clip-camera.sh" --kbps 1500)
camera_pid=${camera#*pid=}; camera_pid=${camera_pid%% *}
pids+=("$camera_pid")
camera_port=${camera##*:}; camera_port=${camera_port%%/*}
echo "=== pull-cost $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $camera" | tee "$out/summary.txt"
write_policy "$out/links/policy.json" false
ss_init_args "$camera_port"
# Cameras 2…N: more names for the same camera (s3c1/cam …, each its own pull), as S3 of side-by-side.sh does.
more_cameras=()
for k in $(seq 2 "$cameras"); do
  more_cameras+=("--OriginMap:Origins:$k:Location=/s3c$((k - 1))" "--OriginMap:Origins:$k:Scheme=rtsp"
    "--OriginMap:Origins:$k:Urls:0=127.0.0.1:$camera_port" "--OriginMap:Origins:$k:Properties:UnusedStreamDeletionTimeoutMs=120000"
    "--Cameras:Known:$k=s3c$((k - 1))/*")
done

# "<cpu ticks> <voluntary> <involuntary>" of the gateway, and one line per thread into $1.
sample() {
  local ticks
  ticks=$(awk '{print $14+$15}' "/proc/$ss_pid/stat")
  : > "$1"
  for t in /proc/"$ss_pid"/task/*; do
    printf '%s\t%s\t%s\n' "$(cat "$t/comm" 2>/dev/null || echo gone)" \
      "$(awk '/^voluntary_ctxt_switches/ {print $2}' "$t/status" 2>/dev/null || echo 0)" \
      "$(awk '/^nonvoluntary_ctxt_switches/ {print $2}' "$t/status" 2>/dev/null || echo 0)" >> "$1"
  done
  awk -F'\t' -v t="$ticks" '{ v += $2; n += $3 } END { print t, v, n }' "$1"
}

printf 'round\tbuild\tviewers\tseconds\tcpu_s_per_s\tcpu_us_per_frame\tcsw_per_frame\tvoluntary_per_frame\tinvoluntary_per_frame\n' > "$out/rows.tsv"
hz=$(getconf CLK_TCK)
for round in $(seq 1 "$rounds"); do
  for n in $viewer_counts; do
    for b in "${!proxies[@]}"; do
      proxy=${proxies[$b]%%,*}
      build_env=()
      [[ ${proxies[$b]} == *,* ]] && IFS=',' read -ra build_env <<< "${proxies[$b]#*,}"
      for e in "${build_env[@]}"; do export "${e?}"; done
      start_ss --OriginMap:Origins:1:Properties:UnusedStreamDeletionTimeoutMs=120000 "${more_cameras[@]}"
      for e in "${build_env[@]}"; do unset "${e%%=*}"; done
      sign bench/cam > "$out/links/bench-cam"
      for k in $(seq 1 $((cameras - 1))); do sign "s3c$k/cam" >> "$out/links/bench-cam"; done
      playing=$(( (n == 0 ? 1 : n) * cameras ))
      : > "$out/load-$round-$b-$n.txt"
      timeout 300 dotnet "$tool" --url-file "$out/links/bench-cam" --viewers "$playing" --ramp $(( playing > 10 ? 20 : 1 )) --duration 240 --connect-timeout 90 \
        --no-audio --json "$out/load-$round-$b-$n.json" > "$out/load-$round-$b-$n.txt" 2>&1 &
      load_pid=$!
      pids+=("$load_pid")
      # Counted only once every viewer plays (signalling is slow on a busy machine), then 3 s more.
      for _ in $(seq 1 240); do
        grep -Eq " $playing playing " "$out/load-$round-$b-$n.txt" && break
        sleep 0.5
      done
      sleep 3
      if (( n == 0 )); then
        # The viewer leaves; the camera stays pulled (deletion timeout above), nobody watching.
        kill "$load_pid" 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true
        # A killed viewer says no goodbye: its session ends when ICE consent lapses, until then
        # the gateway still sends to it. Counted from the session's end on.
        for _ in $(seq 1 120); do
          grep -q "WebRTC session .* ended" "$out/securestream.log" && break
          sleep 0.5
        done
        sleep 2
      fi
      all_playing=$(grep -Eq " $playing playing " "$out/load-$round-$b-$n.txt" && echo yes || echo no)
      a=$(sample "$out/threads-before.txt"); s0=$(date +%s.%N)
      if [[ $perf_on == true && $round == 1 ]]; then
        perf record -q -g -p "$ss_pid" -o "$out/r$round-b$b-v$n.perf.data" -- sleep "$window" >/dev/null 2>&1
      else
        sleep "$window"
      fi
      z=$(sample "$out/threads-after.txt"); s1=$(date +%s.%N)
      [[ $perf_on == true && $round == 1 ]] && cp "/tmp/perf-$ss_pid.map" "$out/" 2>/dev/null || true
      python3 - "$round" "$b" "$n" "$a" "$z" "$s0" "$s1" "$hz" "$fps" >> "$out/rows.tsv" <<'PY'
import sys
r, b, n, a, z, s0, s1, hz, fps = sys.argv[1:]
a = [int(x) for x in a.split()]; z = [int(x) for x in z.split()]
secs = float(s1) - float(s0); frames = secs * int(fps)
cpu = (z[0] - a[0]) / int(hz)
print(f"{r}\t{b}\t{n}\t{secs:.1f}\t{cpu / secs:.4f}\t{cpu * 1e6 / frames:.0f}\t{(z[1] + z[2] - a[1] - a[2]) / frames:.2f}\t{(z[1] - a[1]) / frames:.2f}\t{(z[2] - a[2]) / frames:.2f}")
PY
      # Switches per frame by thread name (threads of one name summed).
      python3 - "$out/threads-before.txt" "$out/threads-after.txt" "$(python3 -c "print($s1-$s0)")" "$fps" > "$out/threads-$round-$b-$n.txt" <<'PY'
import sys, collections
def read(p):
    d = collections.Counter()
    for line in open(p):
        name, v, i = line.rstrip("\n").split("\t")
        d[name] += int(v) + int(i)
    return d
a, z = read(sys.argv[1]), read(sys.argv[2])
frames = float(sys.argv[3]) * int(sys.argv[4])
for name, v in sorted(((k, z[k] - a.get(k, 0)) for k in z), key=lambda kv: -kv[1]):
    if v > 0:
        print(f"{v / frames:7.2f}  {name}")
PY
      pulled=$(ss -tnp state established "( dport = :$camera_port )" | grep -c "pid=$ss_pid," || true)
      echo "round $round build $b viewers $n: all played $all_playing, camera connections $pulled" >> "$out/checks.txt"
      kill "$load_pid" 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true
      tail -n 1 "$out/rows.tsv"; tail -n 1 "$out/checks.txt"
      stop_ss
    done
  done
done
echo "builds: $(for b in "${!proxies[@]}"; do printf '%s=%s ' "$b" "${proxies[$b]}"; done)" | tee -a "$out/summary.txt"
python3 - "$out/rows.tsv" <<'PY' | tee -a "$out/summary.txt"
import csv, sys, statistics, collections
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
g = collections.defaultdict(list)
for r in rows:
    g[(int(r["viewers"]), r["build"])].append(r)
print("viewers build  cpu s/s (median)  cpu µs/frame  csw/frame  (rounds)")
for (n, b), rs in sorted(g.items()):
    med = lambda k: statistics.median(float(r[k]) for r in rs)
    print(f"{n:7d} {b:>5}  {med('cpu_s_per_s'):16.4f}  {med('cpu_us_per_frame'):12.0f}  {med('csw_per_frame'):9.2f}  ({len(rs)})")
PY
