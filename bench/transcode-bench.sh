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
# then snapshot latency (--repeat times each) on two more cameras, H.264 and H.265 640x360 25 fps,
# a keyframe a second, kept running by a stream-copy client as a real camera runs:
#   snapshot-CODEC-cold    unwatched camera: probe to first keyframe, leave, boxed decode
#   snapshot-CODEC-newkey  watched camera, a keyframe just arrived: one boxed decode
#   snapshot-CODEC-warm    watched camera, keyframe already decoded: the cache
#   go2rtc-decode-...      go2rtc's /api/frame.jpeg decode command on the same keyframes
#   go2rtc-rtsp-CODEC      ffmpeg with go2rtc's RTSP input template, one frame to mjpeg: start to JPEG
# Competitors' outputs go to a pipe that is read and dropped (go2rtc and MediaMTX send them to
# their own RTSP server instead: one more local socket, not measured here).
#
#   bench/transcode-bench.sh [--seconds 30] [--warmup 8] [--no-build] [--out FILE] [--source PROPS]
#                            [--repeat 20] [--only transcode|snapshot]
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
repeat=20
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --no-build) build=0; shift ;;
    --out) out=$2; shift 2 ;;
    --source) source=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
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

# The camera: the same feed as the /h265-aac mount of clients/GStreamerCamera/gst_rtsp_camera.py.
video="videotestsrc is-live=true $source ! video/x-raw,format=I420,width=640,height=360,framerate=25/1 ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! rtph265pay name=pay0 pt=96 config-interval=1"
tone="audiotestsrc is-live=true wave=sine freq=440 volume=0.5 ! audio/x-raw,rate=48000,channels=1 ! voaacenc bitrate=64000 ! rtpmp4gpay name=pay1 pt=97"
# The snapshot cameras: one shared pipeline per mount (--shared), so a snapshot joins a running
# camera mid-GOP as it would a real one.
feed="videotestsrc is-live=true ! video/x-raw,format=I420,width=640,height=360,framerate=25/1"
snap_h264="$feed ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! rtph264pay name=pay0 pt=96 config-interval=1"
snap_h265="$feed ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=25 ! rtph265pay name=pay0 pt=96 config-interval=1"
pids=()
logs=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -f "${logs[@]}"' EXIT
# start_camera ARGS...: starts clients/GStreamerCamera/gst_rtsp_camera.py, sets $port.
start_camera() {
  local log
  log=$(mktemp)
  logs+=("$log")
  /usr/bin/python3 "$root/clients/GStreamerCamera/gst_rtsp_camera.py" --port 0 "$@" >"$log" 2>&1 &
  pids+=($!)
  port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/^PORT //p' "$log")
    [ -n "$port" ] && break
    sleep 0.2
  done
  [ -n "$port" ] || { echo "camera did not start:" >&2; cat "$log" >&2; exit 1; }
}
if [ "$only" != snapshot ]; then
  start_camera --mount "/cam=$video $tone"
  url="rtsp://127.0.0.1:$port/cam"
fi
if [ "$only" != transcode ]; then
  start_camera --shared --mount "/h264=$snap_h264" --mount "/h265=$snap_h265"
  snap_port=$port
  for mount in h264 h265; do
    /usr/bin/ffmpeg -v quiet -rtsp_transport tcp -i "rtsp://127.0.0.1:$snap_port/$mount" -map 0:v -c copy -f null - </dev/null &
    pids+=($!)
  done
  sleep 3
fi

# go2rtc (internal/ffmpeg/ffmpeg.go defaults): its RTSP input template and codec templates.
go2rtc_rtsp=(-hide_banner -v error -fflags nobuffer -flags low_delay -timeout 5000000 -user_agent go2rtc/ffmpeg -rtsp_flags prefer_tcp -i)
go2rtc_in=("${go2rtc_rtsp[@]}" "${url:-}")
go2rtc_h264=(-c:v libx264 -g 50 -profile:v high -level:v 4.1 -preset:v superfast -tune:v zerolatency -pix_fmt:v yuv420p)
go2rtc_opus=(-c:a libopus -application:a lowdelay -min_comp 0)
# MediaMTX (docs, "Re-encoding"): ffmpeg -i rtsp://... -c:v libx264 -pix_fmt yuv420p -preset ultrafast -b:v 600k -max_muxing_queue_size 1024 -f rtsp ...
mediamtx=(-hide_banner -v error -i "${url:-}" -c:v libx264 -pix_fmt yuv420p -preset ultrafast -b:v 600k -max_muxing_queue_size 1024)

timing=(--seconds "$seconds" --warmup "$warmup")
{
  echo "# transcode-bench $(date -u +%FT%TZ) $(nproc) cores, ${seconds}s measured after ${warmup}s warm-up, camera ${url:-} ${source:-pattern=smpte}; snapshots: ${repeat} each"
  echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# CPU columns: % of one core (CPU-seconds per wall-second, from /proc/PID/stat); latencies: ms"
  echo "# snapshot rows: frames_in = requests, frames_out = JPEGs (cold: cameras released after their snapshot), latency = request to JPEG"
  echo "label	wall_s	gateway_cpu_pct	ffmpeg_cpu_pct	frames_in	frames_out	latency_p50_ms	latency_p95_ms	passthrough_p50_ms	passthrough_p95_ms	restarts"
  if [ "$only" != snapshot ]; then
    for mode in passthrough audio video; do
      "${bench[@]}" hub --camera "$url" --mode "$mode" "${timing[@]}"
    done
    "${bench[@]}" command --label go2rtc-audio "${timing[@]}" -- /usr/bin/ffmpeg "${go2rtc_in[@]}" -map 0:a:0 -vn "${go2rtc_opus[@]}" -f mpegts pipe:1
    "${bench[@]}" command --label go2rtc-video "${timing[@]}" -- /usr/bin/ffmpeg "${go2rtc_in[@]}" -map 0:v:0 -an "${go2rtc_h264[@]}" -f mpegts pipe:1
    "${bench[@]}" command --label mediamtx-video "${timing[@]}" -- /usr/bin/ffmpeg "${mediamtx[@]}" -map 0:v:0 -an -f mpegts pipe:1
  fi
  if [ "$only" != transcode ]; then
    for mount in h264 h265; do
      "${bench[@]}" snapshot --camera "rtsp://127.0.0.1:$snap_port/$mount" --repeat "$repeat" --label "$mount"
      # go2rtc's RTSP input template, one frame to mjpeg (its ffmpeg source with #video=mjpeg, or what a
      # user without a running go2rtc scripts): start to JPEG on stdout, 1 s between runs.
      "${bench[@]}" once --repeat "$repeat" --label "go2rtc-rtsp-$mount" -- /usr/bin/ffmpeg "${go2rtc_rtsp[@]}" "rtsp://127.0.0.1:$snap_port/$mount" -frames:v 1 -c:v mjpeg -f mjpeg -
    done
  fi
  echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
echo "results: $out" >&2
