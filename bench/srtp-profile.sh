#!/usr/bin/env bash
# The gateway's CPU per viewer with each SRTP profile (docs/benchmarks/srtp.md): one 1.5 Mbit/s
# clip camera (bench/janus/clip-camera.sh), N WHEP viewers from bench/LoadTool offering what
# Chromium offers (AES-CM and AES-128-GCM), and the gateway restricted by WebRtc:Dtls:SrtpProfiles
# to one profile per run. Runs alternate (gcm, cm, gcm, cm, ...) so a busy machine's drift falls on
# both alike; each run starts a fresh gateway. The figure is the gateway's CPU-seconds per second
# over the window (utime+stime from /proc, the LoadTool's --pid reading) divided by the viewers.
# Everything runs on 127.0.0.1, on ports of its own (3533, 3534, 8281, 3580, ICE 10200) so a
# side-by-side run elsewhere on the machine does not collide; every process started is killed on
# exit. Results: $out/summary.tsv, one row per run.
#
#   bench/srtp-profile.sh [--viewers 200] [--window 20] [--rounds 2] [--out DIR]
#                         [--proxy DLL] [--tool DLL]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
proxy="$root/Proxy/bin/Release/net10.0/SecureStream.Proxy.dll"
tool="$root/bench/LoadTool/bin/Release/net10.0/SecureStream.LoadTool.dll"
viewers=200
window=20
rounds=2
out=/tmp/srtp-profile-results
while [[ $# -gt 0 ]]; do
  case "$1" in
    --viewers) viewers="$2"; shift 2 ;;
    --window) window="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --proxy) proxy="$2"; shift 2 ;;
    --tool) tool="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "srtp-profile: unknown option $1" >&2; exit 2 ;;
  esac
done
[[ -f "$proxy" ]] || { echo "srtp-profile: no gateway build at $proxy (dotnet build -c Release Proxy)" >&2; exit 2; }
[[ -f "$tool" ]] || { echo "srtp-profile: no LoadTool build at $tool (dotnet build -c Release bench/LoadTool)" >&2; exit 2; }
mkdir -p "$out" "$out/links"
chmod 700 "$out/links"
cd "$root"
ss_http_port=3533
ss_management_port=8281
for port in 3533 3534 8281 3580 10200; do
  if ss -lntu "( sport = :$port )" | grep -q ":$port "; then
    echo "srtp-profile: port $port is taken (another run?)" >&2; exit 2
  fi
done

source "$here/janus/janus-lib.sh"
source "$here/load-lib.sh"
kill_on_exit
start_bench_camera
write_policy "$out/links/policy.json" false
ss_init_args "$camera_port"
ports=(--Listeners:Http:Port=3533 --Listeners:Https:Port=3534 --Listeners:Management:Port=8281
  --Listeners:Origin:Port=3580 --WebRtc:Ice:Port=10200)
summary="$out/summary.tsv"
printf 'round\tprofile\tplayed\tnegotiated\tcpu_s_per_s\tcpu_ms_per_s_per_viewer\trx_kbit_per_viewer\tloss_pct\n' > "$summary"

for round in $(seq 1 "$rounds"); do
  for profile in gcm cm; do
    case $profile in
      gcm) only=SRTP_AEAD_AES_128_GCM ;;
      cm) only=SRTP_AES128_CM_HMAC_SHA1_80 ;;
    esac
    start_ss "${ports[@]}" "--WebRtc:Dtls:SrtpProfiles:0=$only"
    sign bench/cam > "$out/links/bench-cam"
    [[ -s "$out/links/bench-cam" ]] || { echo "srtp-profile: signing failed" >&2; exit 1; }
    name="srtp-$profile-$viewers-r$round"
    echo "=== $name: gateway pid $ss_pid, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/$name.txt"
    timeout 600 dotnet "$tool" --url-file "$out/links/bench-cam" --viewers "$viewers" --ramp 20 \
      --duration "$window" --baseline 3 --warmup 3 --sources 20 --pid "$ss_pid" --no-audio --connect-timeout 30 \
      --srtp-profiles cm,gcm --json "$out/$name.json" > "$out/$name.log" 2>&1 || true
    negotiated=$(sed -n 's/^srtp profiles negotiated: //p' "$out/$name.log" | tr -d ' ')
    sed -n '/^$/,$p' "$out/$name.log" | tee -a "$out/$name.txt"
    [[ -s "$out/$name.json" ]] || { printf '%s\t%s\tno result (see %s)\n' "$round" "$profile" "$out/$name.log" >> "$summary"; stop_ss; continue; }
    python3 - "$out/$name.json" "$round" "$profile" "${negotiated:-unknown}" >> "$summary" <<'EOF'
import json, sys
path, rnd, profile, negotiated = sys.argv[1:5]
r = json.load(open(path))
s, c = r["summary"], r["gateway"]
# Every viewer is sent the same camera, so CPU per viewer compares the profiles directly; the
# received rate and loss show whether the load tool kept up (loss at its sockets still cost the
# gateway its sends).
print(f"{rnd}\t{profile}\t{s['played']}\t{negotiated}\t{c['cpuPerSecond']:.4f}\t{(c.get('cpuPerViewer') or 0) * 1000:.4f}\t{s['meanBitsPerSecond'] / 1000:.0f}\t{s['lossPercent']:.3f}")
EOF
    stop_ss
  done
done
column -t -s $'\t' "$summary"
