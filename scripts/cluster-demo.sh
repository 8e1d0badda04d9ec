#!/usr/bin/env bash
# A SecureStream cluster on this machine's loopback (docs/cluster.md, "Topology"): one redis-server,
# two origins, two front doors, and the demo cameras in a process of their own. Prints the demo
# wall's address on each front door, then runs until Ctrl-C (or SIGTERM), which stops everything.
#
#   scripts/cluster-demo.sh                 builds Proxy (Release) and starts
#   CLUSTER_DEMO_BASE_PORT=20000            ports used: base+33 … base+99 (see below)
#   CLUSTER_DEMO_PROXY_DLL=path/to/SecureStream.Proxy.dll   use this build instead of building
#   CLUSTER_DEMO_DIR=/tmp/x                 working folder (default: a new temporary folder, removed at the end)
#
# Everything listens on 127.0.0.1 only. The secrets (link and JWT keys, ticket key, management
# token, audit checkpoint key) are made once in the working folder with random values and shared by
# the processes that need them; nothing is written into the repository.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
base="${CLUSTER_DEMO_BASE_PORT:-20000}"
if ! [[ "$base" =~ ^[0-9]+$ ]] || (( base < 1024 || base > 65400 )); then
  echo "CLUSTER_DEMO_BASE_PORT must be a number from 1024 to 65400" >&2
  exit 2
fi

redis_port=$((base + 79))
cameras_rtsp=$((base + 54))
cameras_signalling=$((base + 70))
cameras_ice=$((base + 71))
origin_a=$((base + 80)); origin_a_ice=$((base + 90)); origin_a_management=$((base + 82))
origin_b=$((base + 81)); origin_b_ice=$((base + 91)); origin_b_management=$((base + 83))
fd_a_http=$((base + 33)); fd_a_management=$((base + 35))
fd_b_http=$((base + 43)); fd_b_management=$((base + 45))

for tool in dotnet redis-server redis-cli curl openssl; do
  command -v "$tool" > /dev/null || { echo "cluster-demo: '$tool' is missing" >&2; exit 2; }
done

if [[ -n "${CLUSTER_DEMO_DIR:-}" ]]; then
  dir="$CLUSTER_DEMO_DIR"; keep_dir=1
  mkdir -p "$dir"
else
  dir="$(mktemp -d -t securestream-cluster-XXXXXX)"; keep_dir=0
fi

pids=()
stop() {
  trap - INT TERM EXIT
  echo "cluster-demo: stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2> /dev/null || true; done
  if (( keep_dir == 0 )); then rm -rf "$dir"; fi
  echo "cluster-demo: stopped"
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

dll="${CLUSTER_DEMO_PROXY_DLL:-}"
if [[ -z "$dll" ]]; then
  echo "cluster-demo: building Proxy (Release)"
  dotnet build "$repo/Proxy" -c Release -nologo -v q > "$dir/build.log" || { cat "$dir/build.log" >&2; exit 1; }
  dll="$(ls "$repo"/Proxy/bin/Release/net*/SecureStream.Proxy.dll | head -n 1)"
fi

# Shared secrets, made once: 256 random bits each, as hex.
secrets="$dir/secrets"
mkdir -p "$secrets"
for name in link-key jwt-key ticket-key management-token audit-checkpoint-key; do
  [[ -s "$secrets/$name" ]] || { (umask 077; openssl rand -hex 32 > "$secrets/$name"); }
done
# The repository's policy.json, with its development secrets replaced by these.
sed -e "s#file:data/dev-secrets/link-key#file:$secrets/link-key#" \
    -e "s#file:data/dev-secrets/jwt-key#file:$secrets/jwt-key#" \
    "$repo/policy.json" > "$dir/policy.json"

# Starts one process in a working folder of its own (its data/ and log).
start() {
  local name="$1"; shift
  mkdir -p "$dir/$name"
  (cd "$dir/$name" && exec "$@" > "$dir/$name/out.log" 2>&1) &
  pids+=("$!")
}

start redis redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no

shared=(
  "--Origin:TicketKey=file:$secrets/ticket-key"
  "--OriginMap:Origins:0:Location=/demo" "--OriginMap:Origins:0:Scheme=rtsp"
  "--OriginMap:Origins:0:Urls:0=127.0.0.1:$cameras_rtsp/demo"
)

# The demo cameras in their own process, so losing any origin or front door leaves them running
# for the others. It is an origin process no front door lists: only its RTSP server is used.
start cameras dotnet "$dll" origin "${shared[@]}" \
  --DemoCameras:Enabled=true --DemoCameras:Address=127.0.0.1 "--DemoCameras:Port=$cameras_rtsp" \
  --Listeners:Origin:Address=127.0.0.1 "--Listeners:Origin:Port=$cameras_signalling" \
  --WebRtc:Ice:BindAddress=127.0.0.1 "--WebRtc:Ice:Port=$cameras_ice" --Listeners:Management:Enabled=false

for origin in "a $origin_a $origin_a_ice $origin_a_management" "b $origin_b $origin_b_ice $origin_b_management"; do
  read -r name port ice management <<< "$origin"
  # Redis carries each session's end to the front door that admitted it, and kicks to the origin.
  start "origin-$name" dotnet "$dll" origin "${shared[@]}" --DemoCameras:Enabled=false \
    "--Cluster:Redis:Endpoints:0=127.0.0.1:$redis_port" "--Cluster:NodeId=origin-$name" \
    --Listeners:Origin:Address=127.0.0.1 "--Listeners:Origin:Port=$port" \
    --WebRtc:Ice:BindAddress=127.0.0.1 "--WebRtc:Ice:Port=$ice" \
    --Listeners:Management:Address=127.0.0.1 "--Listeners:Management:Port=$management" \
    "--Management:AccessToken=file:$secrets/management-token"
done

for door in "a $fd_a_http $fd_a_management" "b $fd_b_http $fd_b_management"; do
  read -r name http management <<< "$door"
  # DemoCameras:Enabled=true turns the demo wall on; this front door's own demo camera server
  # takes a free port and goes unused (the origins pull the cameras process's).
  start "front-door-$name" dotnet "$dll" run "${shared[@]}" \
    "--Origin:Destinations:0=http://127.0.0.1:$origin_a" "--Origin:Destinations:1=http://127.0.0.1:$origin_b" \
    "--Cluster:Redis:Endpoints:0=127.0.0.1:$redis_port" "--Cluster:NodeId=fd-$name" \
    --DemoCameras:Enabled=true --DemoCameras:Port=0 \
    --Listeners:Http:Address=127.0.0.1 "--Listeners:Http:Port=$http" --Listeners:Https:Enabled=false \
    --Listeners:Management:Address=127.0.0.1 "--Listeners:Management:Port=$management" \
    "--Policy:Path=$dir/policy.json" --Policy:CreateMissingDevelopmentSecrets=false \
    "--Management:AccessToken=file:$secrets/management-token" \
    "--Audit:CheckpointKey=file:$secrets/audit-checkpoint-key" "--Audit:JournalPath=$dir/front-door-$name/audit/audit.jsonl"
done

# Up when Redis answers and both front doors say ready (each checks its origins by itself).
deadline=$((SECONDS + ${CLUSTER_DEMO_START_SECONDS:-180}))
until redis-cli -h 127.0.0.1 -p "$redis_port" ping > /dev/null 2>&1 &&
      curl -fsS "http://127.0.0.1:$fd_a_management/readyz" > /dev/null 2>&1 &&
      curl -fsS "http://127.0.0.1:$fd_b_management/readyz" > /dev/null 2>&1; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2> /dev/null; then
      echo "cluster-demo: a process exited during start; its logs are in $dir/*/out.log" >&2
      tail -n 20 "$dir"/*/out.log >&2 || true
      exit 1
    fi
  done
  if (( SECONDS > deadline )); then
    echo "cluster-demo: not up after ${CLUSTER_DEMO_START_SECONDS:-180} s; logs in $dir/*/out.log" >&2
    exit 1
  fi
  sleep 0.5
done

cat <<EOF
cluster-demo: up (logs in $dir/*/out.log)
  Redis               127.0.0.1:$redis_port
  origins             http://127.0.0.1:$origin_a (/readyz, /metrics on $origin_a_management)  http://127.0.0.1:$origin_b (/readyz, /metrics on $origin_b_management)
  front doors         http://127.0.0.1:$fd_a_http (fd-a, /readyz on $fd_a_management)  http://127.0.0.1:$fd_b_http (fd-b, /readyz on $fd_b_management)
Wall via fd-a: http://127.0.0.1:$fd_a_http/
Wall via fd-b: http://127.0.0.1:$fd_b_http/
In front of the front doors, put a reverse proxy that sends each new connection to a front door
whose /readyz answers 200 (docs/cluster.md, "A reverse proxy in front").
Ctrl-C stops everything.
EOF

# Runs until a signal; a process that dies is reported, the others keep running (try killing an origin).
while true; do
  sleep 1 &
  wait "$!" || true
done
