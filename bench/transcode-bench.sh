#!/usr/bin/env bash
# The transcoding benchmark of issue 10 (bench/TranscodeBench/README.md): a real GStreamer RTSP
# camera on 127.0.0.1 (H.265 640x360 25 fps + a 440 Hz AAC-LC tone, mpeg4-generic), then one after
# the other (never two measured at once), each for --seconds after --warmup:
#   passthrough   the origin's pull and a pass-through viewer (the baseline)
#   audio         + TranscoderHub AAC -> Opus (boxed ffmpeg) and a transcoded viewer
#   video         + TranscoderHub H.265 -> H.264 Constrained Baseline
#   go2rtc-audio  go2rtc's documented ffmpeg command for #audio=opus on the same camera
#   go2rtc-video  go2rtc's documented ffmpeg command for #video=h264
#   mediamtx-video MediaMTX's documented re-encode recipe (runOnReady ffmpeg, libx264 ultrafast)
# Competitors' outputs go to a pipe that is read and dropped (go2rtc and MediaMTX send them to
# their own RTSP server instead: one more local socket, not measured here).
#
#   bench/transcode-bench.sh [--seconds 30] [--warmup 8] [--no-build] [--out FILE] [--source PROPS]
#
# --source adds videotestsrc properties: the default SMPTE bars are nearly static (cheap to
# encode, like a quiet scene); "pattern=snow" is noise in every pixel, the costly extreme.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=30
warmup=8
build=1
out=/tmp/transcode-bench.txt
source=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --out) out=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

for tool in /usr/bin/ffmpeg /usr/bin/python3; do
  [ -x "$tool" ] || { echo "missing $tool (apt-get install ffmpeg python3-gi gir1.2-gst-rtsp-server-1.0)" >&2; exit 1; }
done
if [ "$build" = 1 ]; then
  dotnet build "$root/bench/TranscodeBench" -c Release -nologo -v q >&2
fi
bench=(dotnet "$root/bench/TranscodeBench/bin/Release/net10.0/SecureStream.TranscodeBench.dll")

# The camera: the same feed as the /h265-aac mount of tests/Interop/gst_rtsp_camera.py.
video="videotestsrc is-live=true $source ! video/x-raw,format=I420,width=640,height=360,framerate=25/1 ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! rtph265pay name=pay0 pt=96 config-interval=1"
tone="audiotestsrc is-live=true wave=sine freq=440 volume=0.5 ! audio/x-raw,rate=48000,channels=1 ! voaacenc bitrate=64000 ! rtpmp4gpay name=pay1 pt=97"
camera_log=$(mktemp)
/usr/bin/python3 "$root/tests/Interop/gst_rtsp_camera.py" --port 0 --mount "/cam=$video $tone" >"$camera_log" 2>&1 &
camera_pid=$!
trap 'kill "$camera_pid" 2>/dev/null || true; rm -f "$camera_log"' EXIT
for _ in $(seq 100); do
  port=$(sed -n 's/^PORT //p' "$camera_log")
  [ -n "$port" ] && break
  sleep 0.2
done
[ -n "${port:-}" ] || { echo "camera did not start:" >&2; cat "$camera_log" >&2; exit 1; }
url="rtsp://127.0.0.1:$port/cam"

# go2rtc (internal/ffmpeg/ffmpeg.go defaults): its RTSP input template and codec templates.
go2rtc_in=(-hide_banner -v error -fflags nobuffer -flags low_delay -timeout 5000000 -user_agent go2rtc/ffmpeg -rtsp_flags prefer_tcp -i "$url")
go2rtc_h264=(-c:v libx264 -g 50 -profile:v high -level:v 4.1 -preset:v superfast -tune:v zerolatency -pix_fmt:v yuv420p)
go2rtc_opus=(-c:a libopus -application:a lowdelay -min_comp 0)
# MediaMTX (docs, "Re-encoding"): ffmpeg -i rtsp://... -c:v libx264 -pix_fmt yuv420p -preset ultrafast -b:v 600k -max_muxing_queue_size 1024 -f rtsp ...
mediamtx=(-hide_banner -v error -i "$url" -c:v libx264 -pix_fmt yuv420p -preset ultrafast -b:v 600k -max_muxing_queue_size 1024)

timing=(--seconds "$seconds" --warmup "$warmup")
{
  echo "# transcode-bench $(date -u +%FT%TZ) $(nproc) cores, ${seconds}s measured after ${warmup}s warm-up, camera $url ${source:-pattern=smpte}"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# CPU columns: % of one core (CPU-seconds per wall-second, from /proc/PID/stat); latencies: ms"
  echo "label	wall_s	gateway_cpu_pct	ffmpeg_cpu_pct	frames_in	frames_out	latency_p50_ms	latency_p95_ms	passthrough_p50_ms	passthrough_p95_ms	restarts"
  for mode in passthrough audio video; do
    "${bench[@]}" hub --camera "$url" --mode "$mode" "${timing[@]}"
  done
  "${bench[@]}" command --label go2rtc-audio "${timing[@]}" -- /usr/bin/ffmpeg "${go2rtc_in[@]}" -map 0:a:0 -vn "${go2rtc_opus[@]}" -f mpegts pipe:1
  "${bench[@]}" command --label go2rtc-video "${timing[@]}" -- /usr/bin/ffmpeg "${go2rtc_in[@]}" -map 0:v:0 -an "${go2rtc_h264[@]}" -f mpegts pipe:1
  "${bench[@]}" command --label mediamtx-video "${timing[@]}" -- /usr/bin/ffmpeg "${mediamtx[@]}" -map 0:v:0 -an -f mpegts pipe:1
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
echo "results: $out" >&2
