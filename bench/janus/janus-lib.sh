# Shared by bench/janus/janus-scenarios.sh and bench/side-by-side.sh (sourced, not run).
# The caller sets camera_url, camera_port and the array pids (killed on exit).

janus_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

field() { grep -o "$1=[^ ]*" <<<"$2" | cut -d= -f2; }

# Janus's ICE interface: the veth of the private namespace (bench/netns-lib.sh, netns_setup).
start_janus() { # $1 = mountpoints, $2 = camera URL (default $camera_url); sets janus_pid, janus_url
  local line
  line=$("$janus_dir/run-janus.sh" --mountpoints "$1" --camera-url "${2:-$camera_url}" --ice-interface "$netns_janus_if")
  janus_pid=$(field pid "$line"); janus_url=$(field url "$line")
  pids+=("$janus_pid")
  # Janus's first RTSP attempt at start-up finds no media for 5 s and reconnects.
  sleep 12
}

# The addresses of Janus's candidates for mountpoint 1 and the addresses its UDP sockets are bound
# to: the record that its media stays on the private namespace's veth address.
janus_addresses() {
  timeout 60 python3 "$janus_dir/janus-candidates.py" "$janus_url" 1 || echo "janus candidates: probe failed"
  echo "janus UDP sockets bound to: $(ss -uanp | awk -v p="pid=$janus_pid," 'index($0, p) { split($4, a, ":"); print a[1] }' | sort | uniq -c | awk '{ printf "%s (%d) ", $2, $1 }')"
}

stop_janus() { kill "$janus_pid" 2>/dev/null || true; wait "$janus_pid" 2>/dev/null || true; sleep 1; }

janus_idle_report() { # $1 = mountpoints: camera connections, UDP sockets, CPU over 30 s, threads, RSS
  echo "=== S1 Janus: $1 mountpoints, nobody watching, pid $janus_pid"
  echo "camera connections (ESTABLISHED to port $camera_port): $(ss -tnp state established "( dport = :$camera_port )" | grep -c "pid=$janus_pid,")"
  echo "UDP sockets: $(ss -uanp | grep -c "pid=$janus_pid,")"
  local hz t0 s0 t1 s1
  hz=$(getconf CLK_TCK)
  t0=$(awk '{print $14+$15}' "/proc/$janus_pid/stat"); s0=$(date +%s.%N)
  sleep 30
  t1=$(awk '{print $14+$15}' "/proc/$janus_pid/stat"); s1=$(date +%s.%N)
  python3 -c "print('CPU over %.1f s: %.3f s/s (%.2f %% of a core)' % ($s1-$s0, ($t1-$t0)/$hz/($s1-$s0), 100*($t1-$t0)/$hz/($s1-$s0)))"
  grep -E "Threads|VmRSS" "/proc/$janus_pid/status"
  echo "load average $(cat /proc/loadavg)"
}

# Datagrams the kernel dropped at Janus's own UDP sockets because their receive buffer was full
# (ss skmem "d"): its camera pull (RTP over UDP, kernel-default buffer) and its ICE sockets. Read
# before the gateway stops: tells Janus's upstream loss from the viewers'.
janus_socket_drops() {
  echo "janus UDP socket drops (receive buffer full): $(ss -uanpm | awk -v p="pid=$janus_pid," 'index($0, p) { mine = 1; next } mine && /skmem/ { if (match($0, /,d[0-9]+\)/)) n += substr($0, RSTART + 2, RLENGTH - 3); mine = 0 }  { mine = 0 } END { print n + 0 }')"
}
