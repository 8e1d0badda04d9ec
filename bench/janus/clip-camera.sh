#!/usr/bin/env bash
# A camera Janus can pull, for the load benchmark (issue 5). Janus 1.1.2's RTSP client asks for
# RTP over UDP only (Transport: RTP/AVP;unicast;client_port=…) and the gateway's demo camera
# server streams interleaved over TCP only (it answers 461), so Janus's cameras come from
# GStreamer's RTSP server (clients/GStreamerCamera/gst_rtsp_camera.py). Like the demo cameras it loops a
# pre-encoded H.264 clip (parse and packetize only: no encoding during the run).
#
#   bench/janus/clip-camera.sh [--clip FILE.h264 | --kbps N [--size WxH]] [--port P]
#
# --clip   an Annex-B H.264 clip, 25 fps (default: DemoCameras/clips/lobby.h264, 640x360, ~0.1 Mbit/s)
# --kbps   encode a 10 s 640x360 25 fps clip at N kbit/s once (videotestsrc snow, keyframe every
#          second exactly: scenecut=0, else x264 makes every other snow frame an IDR; constrained baseline), cached in /tmp/securestream-bench-clips, and loop it
# --size   with --kbps: another picture size, e.g. 1920x1080 (S7: 6000 kbit/s). Encoded once with
#          ffmpeg/libx264: a moving test pattern with per-frame noise (enough detail to fill the
#          bitrate), 25 fps, an IDR every 25 frames and only there, constrained baseline, the rate
#          held by a one-second VBV (maxrate = bufsize = N kbit/s)
# Every RTSP client gets its own session of rtsp://127.0.0.1:<port>/cam (one per Janus mountpoint).
# Prints "camera pid=<pid> url=rtsp://127.0.0.1:<port>/cam" once it listens; stop it with `kill <pid>`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
clip="$root/DemoCameras/clips/lobby.h264"
port=0
kbps=""
size=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --clip) clip="$2"; shift 2 ;;
    --kbps) kbps="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "clip-camera: unknown option $1" >&2; exit 2 ;;
  esac
done

if [[ -n "$kbps" ]]; then
  [[ "$kbps" =~ ^[0-9]+$ ]] || { echo "clip-camera: --kbps must be an integer" >&2; exit 2; }
  mkdir -p /tmp/securestream-bench-clips
  clip="/tmp/securestream-bench-clips/snow-${kbps}k-gop25.h264"
  if [[ -n "$size" ]]; then
    [[ "$size" =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "clip-camera: --size must be WxH, e.g. 1920x1080" >&2; exit 2; }
    clip="/tmp/securestream-bench-clips/noise-${size}-${kbps}k-gop25.h264"
    if [[ ! -s "$clip" ]]; then
      command -v ffmpeg >/dev/null || { echo "clip-camera: ffmpeg is missing: apt-get install -y ffmpeg" >&2; exit 2; }
      # Written beside and renamed: a cut-short encode never becomes the cached clip.
      ffmpeg -nostdin -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=$size:rate=25,noise=alls=24:allf=t" -frames:v 250 \
        -c:v libx264 -preset veryfast -tune zerolatency -profile:v baseline -pix_fmt yuv420p \
        -b:v "${kbps}k" -maxrate "${kbps}k" -bufsize "${kbps}k" -g 25 -keyint_min 25 -sc_threshold 0 -x264-params "scenecut=0:open-gop=0:vbv-init=0.3" \
        -bsf:v h264_mp4toannexb -f h264 "$clip.part"
      mv "$clip.part" "$clip"
    fi
  elif [[ ! -s "$clip" ]]; then
    gst-launch-1.0 -q videotestsrc num-buffers=250 pattern=snow \
      ! video/x-raw,width=640,height=360,framerate=25/1 ! videoconvert \
      ! x264enc bitrate="$kbps" vbv-buf-capacity=1000 key-int-max=25 speed-preset=veryfast tune=zerolatency threads=1 option-string=scenecut=0 \
      ! video/x-h264,profile=constrained-baseline,stream-format=byte-stream,alignment=au \
      ! filesink location="$clip"
  fi
fi
[[ -s "$clip" ]] || { echo "clip-camera: no clip at $clip" >&2; exit 2; }

out=$(mktemp /tmp/clip-camera.XXXXXX)
/usr/bin/python3 "$root/clients/GStreamerCamera/gst_rtsp_camera.py" --port "$port" \
  --mount "/cam=multifilesrc location=$clip loop=true caps=video/x-h264,stream-format=byte-stream,alignment=au,framerate=25/1 ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1" \
  >"$out" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  if bound=$(grep -m1 -o '^PORT [0-9]*' "$out"); then
    echo "camera pid=$pid url=rtsp://127.0.0.1:${bound#PORT }/cam"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { echo "clip-camera: the camera exited:" >&2; cat "$out" >&2; exit 1; }
  sleep 0.1
done
echo "clip-camera: the camera did not listen within 10 s" >&2
exit 1
