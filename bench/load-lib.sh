# Shared by bench/side-by-side.sh and bench/cluster-bench.sh (sourced, not run): the SecureStream
# gateway started and stopped for one measurement, signed links, LoadTool runs (S2) and the wrk
# admission measurement (S5).
# The caller sets: root (the repository, also the working directory), out (results), proxy and
# tool (the Release builds); calls kill_on_exit before starting anything, and ss_init_args with the
# camera's RTSP port before start_ss. Optional: audit (the journal S5 counts admissions in,
# default data/audit/audit.jsonl), webhook_port (write_policy's admission webhook), and
# ss_http_port / ss_management_port (default 3333 / 8081) when the caller moves the gateway's
# listeners with --Listeners:Http:Port / --Listeners:Management:Port.

# Every process the script starts goes into the array pids and is killed when it exits.
kill_on_exit() {
  pids=()
  trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
}

start_bench_camera() { # the benchmarks' 1.5 Mbit/s clip camera; sets camera (its description), camera_url, camera_port
  camera=$("$here/janus/clip-camera.sh" --kbps 1500)
  pids+=("$(field pid "$camera")")
  camera_url=$(field url "$camera")
  camera_port=${camera_url##*:}; camera_port=${camera_port%%/*}
}

# A policy copy with an uncapped operator "bench" entitled to bench/*, the S7 camera s7/* and the
# S3 cameras s3c1/* … s3c50/*, and (when $2 is true) the admission webhook on 127.0.0.1:$webhook_port.
write_policy() { # $1 = file, $2 = webhook true|false
  python3 - "$1" "$2" "${webhook_port:-0}" "$out/links/webhook-secret" <<'PY'
import json, sys
path, webhook, port, secret = sys.argv[1], sys.argv[2] == "true", sys.argv[3], sys.argv[4]
policy = {
  "version": 1,
  "signedUrls": {"policyParam": "policy", "signatureParam": "signature",
                 "virtualHosts": [{"name": "default", "hosts": ["*"], "keys": [{"id": "dev", "secret": "file:data/dev-secrets/link-key"}]}]},
  "tokens": {"audience": "securestream", "issuers": ["securestream-dev"], "clockSkewSeconds": 30, "maxLifetimeSeconds": 86400,
             "keys": [{"kid": "dev-hs", "algorithm": "HS256", "secret": "file:data/dev-secrets/jwt-key"}]},
  "operators": [{"id": "bench", "cameras": ["bench/*", "s7/*"] + [f"s3c{k}/*" for k in range(1, 51)]}],
  "groups": [],
  "anonymousLinks": {"cameras": []},
  "links": {"maxUsesPerLinkId": 0},
  "admission": ({"enabled": True, "url": f"http://127.0.0.1:{port}/admission", "secret": f"file:{secret}"} if webhook else {"enabled": False}),
  "forwarding": {"cameras": []},
}
json.dump(policy, open(path, "w"), indent=1)
PY
}

# Loopback only: the viewer listeners and the ICE port default to 0.0.0.0, and a gateway bound to
# any address advertises every interface address as a candidate.
ss_loopback=(
  --Listeners:Http:Address=127.0.0.1 --Listeners:Https:Address=127.0.0.1
  --Listeners:Management:Address=127.0.0.1 --Listeners:Origin:Address=127.0.0.1
  --WebRtc:Ice:BindAddress=127.0.0.1 --WebRtc:Ice:AdvertisedAddresses:0=127.0.0.1
)

ss_init_args() { # $1 = the camera's RTSP port on 127.0.0.1; sets ss_common
  ss_common=(
    --DemoCameras:Enabled=false
    "${ss_loopback[@]}"
    --Logging:LogLevel:Default=Warning
    --OriginMap:Origins:1:Location=/bench --OriginMap:Origins:1:Scheme=rtsp "--OriginMap:Origins:1:Urls:0=127.0.0.1:$1"
    "--Cameras:Known:1=bench/*"
  )
}

# The one place the gateway process is launched: $proxy is the Release build's
# SecureStream.Proxy.dll (run with dotnet) or a published executable (run as it is). Change the
# launch here (a published ReadyToRun build, other environment) and every scenario follows.
ss_launch() { # configuration arguments; sets ss_pid
  if [[ $proxy == *.dll ]]; then
    dotnet "$proxy" "$@" >"$out/securestream.log" 2>&1 &
  else
    "$proxy" "$@" >"$out/securestream.log" 2>&1 &
  fi
  ss_pid=$!
  pids+=("$ss_pid")
}

start_ss() { # extra configuration arguments (later ones win); sets ss_pid
  start_ss_with --Policy:Path="$out/links/policy.json" "${ss_common[@]}" "$@"
}

start_ss_with() { # the whole configuration on the command line; waits for /healthz
  ss_launch "$@"
  for _ in $(seq 1 150); do
    curl -sf -o /dev/null "http://127.0.0.1:${ss_management_port:-8081}/healthz" && return 0
    kill -0 "$ss_pid" 2>/dev/null || { echo "$(basename "$0"): the gateway exited; see $out/securestream.log" >&2; exit 1; }
    sleep 0.2
  done
  echo "$(basename "$0"): the gateway did not answer within 30 s" >&2; exit 1
}
stop_ss() { kill "$ss_pid" 2>/dev/null || true; wait "$ss_pid" 2>/dev/null || true; sleep 1; }

sign() { # $1 = camera → the signed WHEP link (never printed)
  local run=(dotnet "$proxy"); [[ $proxy == *.dll ]] || run=("$proxy")
  SECURESTREAM_SIGN_KEY="$(cat data/dev-secrets/link-key)" "${run[@]}" sign --camera "$1" --operator bench --whep \
    --base "http://127.0.0.1:${ss_http_port:-3333}" --kid dev --lifetime 2h --policy "$out/links/policy.json" | sed -n 's/^signed link: //p'
}

# Datagrams the kernel dropped because a UDP socket's receive buffer was full (machine-wide: on
# loopback that is where a viewer's loss comes from, the gateway's or the load tool's socket).
rcvbuf_errors() { awk '/^Udp:/ { if (!n) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") col = i; n = 1 } else print $col }' /proc/net/snmp; }
load() { # $1 = result name, rest = LoadTool arguments
  local name=$1 before; shift
  before=$(rcvbuf_errors)
  ! declare -F host_tx_begin >/dev/null || host_tx_begin "$name"
  timeout 400 dotnet "$tool" "$@" --no-audio --json "$out/$name.json" | sed -n "/^$/,\$p" | tee -a "$out/$name.txt" || true
  ! declare -F host_tx_end >/dev/null || host_tx_end "$name"
  echo "UDP receive-buffer drops during the run (/proc/net/snmp RcvbufErrors): $(( $(rcvbuf_errors) - before ))" | tee -a "$out/$name.txt"
}

# --- S5 admissions -----------------------------------------------------------------------------
# Each request is a signed-link WHEP POST whose body is not an SDP offer: the front door checks
# the request shape, the signature, the camera and the entitlement, opens and audits a session
# (and calls the webhook when on), forwards to the origin, which refuses the body (no ICE, no
# DTLS: only the admission is measured), and ends the session. Admissions are counted from the
# audit journal, not from wrk (a refusal would count there too). wrk runs on the same 2 cores.
require_wrk() {
  command -v wrk >/dev/null || { echo "$(basename "$0"): wrk is missing: apt-get install -y wrk" >&2; exit 1; }
}
write_admit_script() { # → $out/links/admit.lua
  cat > "$out/links/admit.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "v=0\r\n"
wrk.headers["Content-Type"] = "application/sdp"
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("status %d: %d\n", k, v)) end
  io.write(string.format("latency p50 %.2f ms, p99 %.2f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
}
# session.start records in the journal $1 and the files rotated beside it (audit-<seq>.jsonl: a
# window's records can span a rotation at Audit:RotateBytes).
session_starts() {
  grep -c '"session.start"' "$(dirname "$1")"/*.jsonl 2>/dev/null | awk -F: '{ n += $NF } END { print n + 0 }'
}
# One S5 measurement on the running gateway ($ss_pid): $1 = result name (s5-wrk-$1.txt,
# s5-securestream-$1.txt), $2 = wrk connections, $3 = the title line. Calls s5_window_starts and
# s5_window_ends around the counted window when the caller defines them. Sets s5_admitted,
# s5_seconds, s5_cpu (gateway CPU-seconds in the window).
s5_measure() {
  local name=$1 connections=$2 title=$3 a0 a1 t0 t1 s0 s1 hz
  local journal=${audit:-data/audit/audit.jsonl}
  hz=$(getconf CLK_TCK)
  # 10 s of the same load first, not counted: the JIT is still compiling (tier 0, the
  # instrumented tier, then tier 1) for the first 5-10 s under load, up to 0.6 CPU-s/s of the 2
  # cores, which is start-up cost, not admission cost (dotnet-counters: dotnet.jit.compilation.time).
  timeout 30 wrk -t1 -c16 -d10s -s "$out/links/admit.lua" "$(cat "$out/links/bench-cam")" >/dev/null 2>&1 || true
  sleep 1
  ! declare -F s5_window_starts >/dev/null || s5_window_starts
  ! declare -F host_tx_begin >/dev/null || host_tx_begin "s5-$name"
  a0=$(session_starts "$journal")
  t0=$(awk '{print $14+$15}' "/proc/$ss_pid/stat"); s0=$(date +%s.%N)
  # wrk prints the URL ("… @ <url>"): drop that line, the link is signed.
  timeout 60 wrk -t1 "-c$connections" -d10s --latency -s "$out/links/admit.lua" "$(cat "$out/links/bench-cam")" 2>&1 | grep -v '@' > "$out/s5-wrk-$name.txt" || true
  t1=$(awk '{print $14+$15}' "/proc/$ss_pid/stat"); s1=$(date +%s.%N)
  ! declare -F s5_window_ends >/dev/null || s5_window_ends
  ! declare -F host_tx_end >/dev/null || host_tx_end "s5-$name"
  sleep 2
  a1=$(session_starts "$journal")
  s5_admitted=$((a1 - a0))
  s5_seconds=$(python3 -c "print($s1-$s0)")
  s5_cpu=$(python3 -c "print(($t1-$t0)/$hz)")
  {
    echo "$title"
    grep -E 'status|Requests/sec|latency p' "$out/s5-wrk-$name.txt"
    python3 -c "
a=$s5_admitted; t=$s5_seconds; cpu=$s5_cpu
print('admitted (audit journal) %d in %.1f s = %.0f/s; gateway CPU %.2f s/s = %.0f admissions per CPU-second' % (a, t, a/t, cpu/t, a/cpu if cpu else 0))"
  } | tee "$out/s5-securestream-$name.txt"
}
