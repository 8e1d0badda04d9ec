#!/usr/bin/env bash
# Hand-offs per admission: while bench/admissions.sh drives a gateway, count how often the
# gateway's threads sleep and wake per admission, and where they go to sleep.
#
#   bench/admission-handoffs.sh OUT PORT [SECONDS]
#
#   OUT      the --out directory of the running bench/admissions.sh (its journal is OUT/audit)
#   PORT     its --port-base (the HTTP port wrk drives)
#   SECONDS  the counting window (default 6); starts 1 s after the next wrk run on PORT starts,
#            so start it right after a round's line is printed to count during a warm-up window
#
# Prints per admission (session.start records gained in the window): context switches, wake-ups
# caused, futex, epoll_wait, sched_yield, fsync, send and recv calls (loopback HTTP both ways: the
# front door's and the embedded origin's); then the share of context switches by
# where the thread slept (perf record -e sched:sched_switch -g). Needs perf and root (tracepoints).
set -euo pipefail
out=${1:?OUT}; port=${2:?PORT}; secs=${3:-6}
audit="$out/audit/audit.jsonl"
# The gateway's command line names its journal; wait for it and for the next wrk run on PORT.
pid=
for _ in $(seq 1 600); do
  pid=$(pgrep -f "SecureStream.Proxy.dll.*$out/audit" | head -1 || true)
  [[ -n "$pid" ]] && pgrep -f "wrk.*:$port/" >/dev/null && break
  sleep 0.2
done
[[ -n "$pid" ]] || { echo "admission-handoffs: no gateway for $out" >&2; exit 1; }
sleep 1
s0=$(grep -c '"session.start"' "$audit")
perf stat -x, -o "$out/handoffs-stat.csv" -p "$pid" \
  -e context-switches,sched:sched_wakeup,syscalls:sys_enter_futex,syscalls:sys_enter_epoll_wait \
  -e syscalls:sys_enter_sched_yield,syscalls:sys_enter_fsync,syscalls:sys_enter_sendto,syscalls:sys_enter_recvfrom -- sleep "$secs" &
perf record -q -e sched:sched_switch -g -p "$pid" -o "$out/handoffs-switch.data" -- sleep "$secs" >/dev/null 2>&1
wait
n=$(( $(grep -c '"session.start"' "$audit") - s0 ))
(( n > 0 )) || { echo "admission-handoffs: no admissions in the window" >&2; exit 1; }
echo "admissions in ${secs} s: $n"
awk -F, -v n="$n" '/^[0-9]/ { printf "  %-34s %8d  %.2f per admission\n", $3, $1, $1 / n }' "$out/handoffs-stat.csv"
echo "context switches by where the thread slept:"
perf script -i "$out/handoffs-switch.data" -F comm,ip,sym 2>/dev/null | awk -v n="$n" 'BEGIN { RS = "" } {
  lines = split($0, L, "\n"); k = "other"
  for (i = 2; i <= lines; i++) {
    if (L[i] ~ /epoll_wait/) { k = "sockets event thread idle (epoll_wait)"; break }
    if (L[i] ~ /__send|__libc_send/) { k = "preempted in send"; break }
    if (L[i] ~ /fsync|ext4|io_schedule|blkdev/) { k = "journal fsync I/O"; break }
    if (L[i] ~ /sched_yield/) { k = "sched_yield (spinning)"; break }
    if (L[i] ~ /lll_lock/) { k = "lock contention"; break }
    if (L[i] ~ /futex_abstimed|futex_wait/) { k = "parked on a futex"; break }
    if (L[i] ~ /irqentry|asm_sysvec|asm_common/) { k = "preempted by an interrupt"; break }
    if (L[i] ~ /pthread_cond_signal|pthread_cond_broadcast/) { k = "preempted while signalling"; break }
  }
  count[k]++; total++
} END { for (k in count) printf "  %5.1f %%  %.2f per admission  %s\n", 100 * count[k] / total, count[k] / n, k }' | sort -rn
