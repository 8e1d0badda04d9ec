#!/usr/bin/env bash
# Makes the demo cameras' pre-encoded clips (committed next to this script, embedded in
# SecureStream.DemoCameras). Run it again only to change the clips; the server never encodes.
#
# Every clip is a 10 s loop, 640x360, 25 fps, H.264 constrained baseline (no B-frames, so
# decoding order = presentation order and one access unit = one frame; packetization-mode 1
# friendly), Annex-B with an access unit delimiter before each frame and SPS/PPS before every
# IDR (x264's default for raw output), so the server splits access units on AUDs and a joining
# viewer finds parameter sets at every keyframe. Keyframe every 25 frames (1 s) except
# "lobby-gop4" (every 100 frames, 4 s, for benchmarks of late joiners). scenecut=0 keeps the
# keyframes exactly where asked. 250 frames divide into whole GOPs, so the loop restarts on an
# IDR. One encoder thread makes the output byte-for-byte reproducible.
#
# Audio: one 10 s PCMU track (G.711 mu-law, 8 kHz mono, raw, 80,000 bytes) shared by every
# clip: a 1 kHz beep at the top of each second over a quiet tone, so loops and A/V sync are
# audible. PCMU cannot be compressed, so sharing it keeps the repository small.
set -euo pipefail
cd "$(dirname "$0")"

seconds=10
size=640x360
fps=25

# Burnt-in clip name and running time when a font is available; plain patterns otherwise.
font=$(fc-match -f '%{file}' 'DejaVu Sans Mono' 2>/dev/null || true)
text() { # $1 = label
  if [ -n "$font" ] && [ -f "$font" ]; then
    printf ",drawtext=fontfile=%s:text='%s %%{pts\\:hms}':x=16:y=16:fontsize=28:fontcolor=white:box=1:boxcolor=black@0.6" "$font" "$1"
  fi
}

encode() { # $1 = output name, $2 = lavfi source, $3 = keyframe interval (frames), $4 = label
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i "$2=size=$size:rate=$fps" -frames:v $((seconds * fps)) \
    -vf "format=yuv420p$(text "$4")" \
    -c:v libx264 -threads 1 -profile:v baseline -level:v 3.0 -preset veryslow -tune stillimage \
    -b:v 96k -maxrate 200k -bufsize 400k -g "$3" -keyint_min "$3" -bf 0 -refs 1 \
    -x264-params "scenecut=0:aud=1:keyint=$3:min-keyint=$3" \
    -bsf:v h264_mp4toannexb -f h264 "$1.h264"
}

encode lobby testsrc2 25 lobby
encode gate smptebars 25 gate
encode yard mandelbrot 25 yard
encode lobby-gop4 testsrc2 100 lobby-gop4

ffmpeg -hide_banner -loglevel error -y \
  -f lavfi -i "sine=frequency=440:sample_rate=8000:duration=$seconds" \
  -f lavfi -i "sine=frequency=1000:sample_rate=8000:duration=$seconds" \
  -filter_complex "[0]volume=0.1[a];[1]volume='if(lt(mod(t,1),0.1),0.5,0)':eval=frame[b];[a][b]amix=inputs=2:normalize=0,aformat=sample_rates=8000:channel_layouts=mono" \
  -c:a pcm_mulaw -f mulaw tone.ulaw

ls -l ./*.h264 ./*.ulaw
