# The private network namespace the load benchmarks run in (sourced, not run): nothing the
# benchmark starts can send to the machine's own interfaces or beyond, because inside the
# namespace there are none. docs/benchmarks/side-by-side-method.md describes the set-up.
#
#   netns_enter "$@"        outside: re-run the calling script inside a fresh `unshare --net`
#                           (needs root); returns only when already inside
#   netns_setup             inside: loopback up, the veth pair for Janus, then netns_require
#   netns_require           refuse (exit 3) unless the namespace holds only lo and the veth pair
#   host_tx                 "<packets> <bytes>" sent so far by the host's interface (read through
#                           the host-side parent process, i.e. outside the namespace)
#   host_tx_begin NAME / host_tx_end NAME    one row of $out/host-tx.tsv per measured row
#
# Janus gathers no loopback candidate, so it gets a non-loopback interface of its own here: a veth
# pair with BOTH ends in this namespace and a private /30 on one end. Every datagram to that
# address is delivered inside the namespace (a local address is routed over its loopback).

netns_janus_if=ssb-janus0
netns_peer_if=ssb-janus1
netns_janus_address=10.213.0.1
netns_prefix=30

netns_enter() {
  if [[ ${SECURESTREAM_BENCH_NETNS:-} == inside ]]; then
    return 0
  fi
  if [[ $(id -u) != 0 ]] || ! command -v unshare >/dev/null || ! command -v ip >/dev/null; then
    echo "$(basename "$0"): refusing to run outside a private network namespace, and cannot create one" \
      "(needs root, unshare and ip from util-linux/iproute2): every packet must stay inside a namespace this script creates" >&2
    exit 3
  fi
  local host_if host_address=""
  host_if=$(ip route show default 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')
  [[ -z $host_if ]] || host_address=$(ip -o -4 addr show dev "$host_if" | awk '{ sub(/\/.*/, "", $4); print $4; exit }')
  # Not exec: this shell stays in the host's namespace, so the inner run reads the host's
  # interface counters through /proc/<this pid>/net/dev.
  local rc=0
  SECURESTREAM_BENCH_NETNS=inside SECURESTREAM_BENCH_HOST_PID=$$ SECURESTREAM_BENCH_HOST_IF=${host_if:-} \
    SECURESTREAM_BENCH_HOST_ADDRESS=$host_address SECURESTREAM_BENCH_HOST_BUFFERS="$(netns_buffers)" \
    unshare --net -- bash "$0" "$@" || rc=$?
  exit "$rc"
}

netns_setup() {
  # Checked before anything is created: never touch the links of a namespace this script did not make.
  netns_require
  ip link set lo up
  if ! ip link show "$netns_janus_if" >/dev/null 2>&1; then
    ip link add "$netns_janus_if" type veth peer name "$netns_peer_if"
  fi
  # No IPv6 on the pair: no link-local addresses, no router or neighbour solicitations.
  sysctl -qw "net.ipv6.conf.$netns_janus_if.disable_ipv6=1" "net.ipv6.conf.$netns_peer_if.disable_ipv6=1" 2>/dev/null || true
  ip addr replace "$netns_janus_address/$netns_prefix" dev "$netns_janus_if"
  ip link set "$netns_janus_if" up
  ip link set "$netns_peer_if" up
  netns_require
}

netns_require() {
  local links unexpected here host=""
  links=$(ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }')
  unexpected=$(grep -vxE "lo|$netns_janus_if|$netns_peer_if" <<<"$links" || true)
  here=$(readlink /proc/self/ns/net)
  [[ -z ${SECURESTREAM_BENCH_HOST_PID:-} ]] || host=$(readlink "/proc/$SECURESTREAM_BENCH_HOST_PID/ns/net" 2>/dev/null || true)
  if [[ -n $unexpected || ${SECURESTREAM_BENCH_NETNS:-} != inside || -z ${SECURESTREAM_BENCH_HOST_PID:-} || $here == "$host" ]]; then
    echo "$(basename "$0"): refusing to run outside a private network namespace (interfaces here: $(tr '\n' ' ' <<<"$links"))." \
      "Run the script as root without SECURESTREAM_BENCH_NETNS set: it re-runs itself under unshare --net." >&2
    exit 3
  fi
  if ip route show default | grep -q .; then
    echo "$(basename "$0"): refusing: this namespace has a default route" >&2
    exit 3
  fi
}

netns_buffers() {
  local k
  for k in rmem_default rmem_max wmem_default wmem_max; do printf '%s %s ' "$k" "$(cat "/proc/sys/net/core/$k")"; done
}

netns_describe() { # what the namespace holds, for the run's summary
  echo "network namespace $(readlink /proc/self/ns/net) (host's: $(readlink "/proc/${SECURESTREAM_BENCH_HOST_PID:-1}/ns/net" 2>/dev/null || echo '?')); addresses:"
  ip -o addr show | awk '{ print "  " $2, $3, $4 }'
  echo "routes: $(ip route show table all | grep -v '^local\|^broadcast\|^multicast\|^fe80\|^ff00' | tr '\n' ';')"
  # Socket-buffer limits are per namespace: recorded beside the host's, which a run outside had.
  echo "socket buffers here: $(netns_buffers); the host's: ${SECURESTREAM_BENCH_HOST_BUFFERS:-?}"
  local target=${SECURESTREAM_BENCH_HOST_ADDRESS:-}
  if [[ -n $target ]]; then
    # A UDP "connect" only looks the route up: it fails at once when there is none.
    if (exec 3<>"/dev/udp/$target/9") 2>/dev/null; then
      echo "REACHABLE: the host's address $target can be sent to from this namespace" >&2
      exit 3
    fi
    echo "the host's address $target ($SECURESTREAM_BENCH_HOST_IF) from here: no route (unreachable)"
  fi
}

host_tx() {
  local dev=${SECURESTREAM_BENCH_HOST_IF:-}
  if [[ -z $dev || -z ${SECURESTREAM_BENCH_HOST_PID:-} ]]; then
    echo "0 0"
    return
  fi
  # /proc/PID/net/dev: "dev: rx-bytes rx-packets … (8 receive columns) tx-bytes tx-packets …"
  sed 's/:/ /' "/proc/$SECURESTREAM_BENCH_HOST_PID/net/dev" | awk -v dev="$dev" '$1 == dev { print $11, $10 }'
}

declare -A host_tx_started
host_tx_begin() { host_tx_started[$1]="$(host_tx) $(date +%s.%N)"; }
host_tx_end() { # appends: name, seconds, packets, bytes the host's interface sent during the row
  local p0 b0 t0 p1 b1
  read -r p0 b0 t0 <<<"${host_tx_started[$1]}"
  read -r p1 b1 <<<"$(host_tx)"
  [[ -s "$out/host-tx.tsv" ]] || printf 'row\tseconds\tpackets\tbytes\tinterface\n' > "$out/host-tx.tsv"
  printf '%s\t%.1f\t%d\t%d\t%s\n' "$1" "$(python3 -c "import time; print(time.time() - $t0)")" $((p1 - p0)) $((b1 - b0)) \
    "${SECURESTREAM_BENCH_HOST_IF:-none}" >> "$out/host-tx.tsv"
}
