#!/usr/bin/env bash
# Starts Janus 1.1.2 (Debian `janus`) as the comparison gateway of the load benchmark (issue 5):
# a private config folder, only the streaming plugin and the plain HTTP transport on 127.0.0.1,
# N RTSP mountpoints (ids 1..N) pulling one camera URL each, ICE-lite (no STUN, no mDNS, no
# IPv6), admin API, event handlers and loggers off.
#
#   bench/janus/run-janus.sh --ice-interface IF [--mountpoints N] [--camera-url TEMPLATE] [--port P]
#                            [--dir DIR] [--keyframe-buffer]
#
# TEMPLATE may contain {n} (the mountpoint id). Janus's RTSP client takes RTP over UDP only, which
# the gateway's demo camera server does not offer: use bench/janus/clip-camera.sh (GStreamer).
#
# ICE: Janus 1.1.2 gathers no loopback candidate (ice_enforce_list "lo" or "127.0.0.1" changes
# nothing), so it needs a non-loopback interface: IF, whose IPv4 address becomes Janus's only
# candidate (nat.ice_enforce_list) and its SDP address (general.interface). IF must be an
# interface of a private network namespace (bench/netns-lib.sh: a veth pair inside the namespace
# the benchmark runs in), never the machine's own: this script refuses an interface that carries
# the default route. The viewers (LoadTool --janus) check that address from the same address.
# Prints "janus pid=<pid> url=http://127.0.0.1:<port>/janus dir=<dir>" once the HTTP API answers;
# Janus keeps running in the background: stop it with `kill <pid>` (the pid is also in <dir>/janus.pid).
set -euo pipefail

mountpoints=1
camera_url=''
port=0
dir=""
keyframe_buffer=false
ice_interface=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mountpoints) mountpoints="$2"; shift 2 ;;
    --camera-url) camera_url="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --keyframe-buffer) keyframe_buffer=true; shift ;;
    --ice-interface) ice_interface="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "run-janus: unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v janus >/dev/null; then
  echo "run-janus: janus is not installed: apt-get install -y janus (Debian bookworm: 1.1.2-1)" >&2
  exit 2
fi
if [[ -z "$camera_url" ]]; then
  echo "run-janus: --camera-url is required, e.g. the url bench/janus/clip-camera.sh prints" >&2
  exit 2
fi
if [[ -z "$ice_interface" ]]; then
  echo "run-janus: --ice-interface is required: an interface of a private network namespace (bench/netns-lib.sh)" >&2
  exit 2
fi
ice_address=$(ip -o -4 addr show dev "$ice_interface" 2>/dev/null | awk '{ sub(/\/.*/, "", $4); print $4; exit }')
if [[ -z "$ice_address" ]]; then
  echo "run-janus: interface $ice_interface has no IPv4 address" >&2
  exit 2
fi
if ip route show default | grep -q "dev $ice_interface\b" || [[ "$ice_interface" == lo ]]; then
  echo "run-janus: refusing $ice_interface: it carries the default route (or is loopback); give Janus a veth of a private namespace" >&2
  exit 2
fi
if ! [[ "$mountpoints" =~ ^[0-9]+$ ]] || (( mountpoints < 1 )); then
  echo "run-janus: --mountpoints must be a positive integer" >&2
  exit 2
fi
if [[ "$port" == 0 ]]; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
fi
dir=${dir:-$(mktemp -d /tmp/janus-bench.XXXXXX)}
mkdir -p "$dir/conf" "$dir/plugins" "$dir/transports" "$dir/events" "$dir/loggers"

# Only what the benchmark needs is loadable: Janus loads every library in its folders.
libdir=/usr/lib/x86_64-linux-gnu/janus
[[ -d "$libdir" ]] || libdir=$(dirname "$(dirname "$(dpkg -L janus | grep -m1 'libjanus_streaming.so$')")")
ln -sf "$libdir/plugins/libjanus_streaming.so" "$dir/plugins/"
ln -sf "$libdir/transports/libjanus_http.so" "$dir/transports/"

cat > "$dir/conf/janus.jcfg" <<JCFG
general: {
	configs_folder = "$dir/conf"
	plugins_folder = "$dir/plugins"
	transports_folder = "$dir/transports"
	events_folder = "$dir/events"
	loggers_folder = "$dir/loggers"
	debug_level = 3
	session_timeout = 60
	# The address put in the SDP: the private interface's, never the machine's.
	interface = "$ice_address"
}
media: {
	ipv6 = false
}
nat: {
	nice_debug = false
	# The viewer is the controlling agent and checks Janus's candidate (RFC 8445 §2.5 ICE-lite);
	# libnice still checks the viewer's trickled candidate back before DTLS.
	ice_lite = true
	ignore_mdns = true
	# Gather on this interface only (the veth of the benchmark's private namespace).
	ice_enforce_list = "$ice_interface"
}
plugins: {
}
transports: {
}
loggers: {
}
events: {
	broadcast = false
}
JCFG

cat > "$dir/conf/janus.transport.http.jcfg" <<JCFG
general: {
	json = "plain"
	base_path = "/janus"
	http = true
	port = $port
	interface = "lo"
	ip = "127.0.0.1"
	https = false
}
admin: {
	admin_http = false
	admin_https = false
}
cors: {
}
JCFG

{
  echo "general: {"
  echo "}"
  for ((n = 1; n <= mountpoints; n++)); do
    url=${camera_url//\{n\}/$n}
    cat <<JCFG
cam$n: {
	type = "rtsp"
	id = $n
	description = "cam$n"
	url = "$url"
	audio = false
	video = true
	videobufferkf = $keyframe_buffer
	rtsp_reconnect_delay = 5
	rtsp_session_timeout = 0
	rtsp_timeout = 10
	rtsp_conn_timeout = 5
	rtsp_failcheck = false
}
JCFG
  done
} > "$dir/conf/janus.plugin.streaming.jcfg"

janus --configs-folder="$dir/conf" --config="$dir/conf/janus.jcfg" --disable-colors \
  --log-file="$dir/janus.log" --disable-stdout >/dev/null 2>&1 &
pid=$!
echo "$pid" > "$dir/janus.pid"

for _ in $(seq 1 100); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "run-janus: janus exited; see $dir/janus.log" >&2
    exit 1
  fi
  if curl -sf -o /dev/null "http://127.0.0.1:$port/janus/info"; then
    echo "janus pid=$pid url=http://127.0.0.1:$port/janus dir=$dir ice=$ice_address"
    exit 0
  fi
  sleep 0.1
done
echo "run-janus: janus did not answer on 127.0.0.1:$port within 10 s; see $dir/janus.log" >&2
exit 1
