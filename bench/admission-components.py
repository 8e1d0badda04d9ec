#!/usr/bin/env python3
"""The gateway's CPU by component, from a perf profile of an S5 run (bench/admissions.sh --perf).

    perf script -i DIR/perf-tcp.data > DIR/perf-tcp.txt
    python3 bench/admission-components.py DIR/perf-tcp.txt [MICROSECONDS_PER_ADMISSION]

Each sample goes to one component: walking its stack from the leaf up, the first frame that names
a component claims it (so the SHA-256 inside an audit line counts for the audit line, a loopback
send made by Kestrel for Kestrel). Stacks that name none are split by what they show: libc's
send/recv (libc has no frame pointers, so perf cannot see past it to the caller), thread parking,
the sockets' event thread, getpid, context switches; the rest is the runtime's own dispatch.
"Inclusive" counts a component wherever it is on the stack (shares overlap). With the round's
CPU per admission (the figure bench/admissions.sh prints) each share is also shown in µs.
docs/benchmarks/admissions.md, "CPU by component", reads these tables."""
import re, sys, collections

# (component, regex on a frame's text); the first match walking from the leaf up claims a sample.
COMPONENTS = [
    ("Serilog sinks (console copy writer)", r"ConsoleLine|Serilog\.Sinks"),
    ("journal fsync", r"AuditJournal.*::Commit|FlushToDisk|fsync"),
    ("audit line serialisation + SHA-256 chain", r"AuditJournal.*::(AppendLine|AppendPair|WriteBatch)|AuditChain|AuditJsonFieldWriter|Records?::WriteFields"),
    ("audit journal queue/loop", r"SecureStream\.Policy\.Audit\.AuditJournal"),
    ("audit Serilog copy", r"AuditWriter::WriteToSerilog|AuditLogEventFieldWriter"),
    ("Serilog (diagnostic logs, sinks)", r"Serilog"),
    ("Microsoft.Extensions.Logging", r"Microsoft\.Extensions\.Logging"),
    ("signed link check (HMAC)", r"SignedUrl|TokenLinkValidator"),
    ("ticket mint/check (HMAC)", r"Ticket(Issuer|Validator|Key|Check)|OriginTicket"),
    ("request shape parse", r"RequestTargetParser|RequestShape"),
    ("policy/entitlements/catalog", r"Entitlement|PolicyStore|PolicySnapshot|CameraCatalog|ForwardingRules|SessionLimiter|SessionCounter|LinkUse"),
    ("session registry / end", r"SecureStream\.Proxy\.Sessions|SessionRegistry|AdmittedSession"),
    ("gate (other)", r"SecureStream\.Proxy\.Gate|GateAdmission"),
    ("forwarding transforms/origin choice", r"SecureStream\.Proxy\.Forwarding|Yarp\.ReverseProxy\.Transforms|CameraRendezvous"),
    ("metrics (Meter/instruments)", r"System\.Diagnostics\.Metrics|Instrument|Meter|SecureStream\..*Metrics"),
    ("Activity / diagnostics", r"System\.Diagnostics\.(Activity|DiagnosticListener|DistributedContextPropagator)|HostingApplicationDiagnostics|EdgeTracePropagator"),
    ("origin endpoint (embedded origin)", r"SecureStream\.Media"),
    ("YARP forwarder", r"Yarp\."),
    ("HttpClient / SocketsHttpHandler", r"System\.Net\.Http"),
    ("Kestrel (HTTP/1.1 parse, write, connections)", r"Kestrel|Microsoft\.AspNetCore\.Server"),
    ("ASP.NET pipeline (routing, hosting, middleware)", r"Microsoft\.AspNetCore"),
    ("sockets (event loop, send/recv)", r"System\.Net\.Sockets"),
]
compiled = [(n, re.compile(p)) for n, p in COMPONENTS]

def samples(path):
    frames, head = [], None
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if not line:
            if head is not None:
                yield head, frames
            frames, head = [], None
        elif line[0] != "\t" and line[0] != " " or (head is None and not line.startswith("\t")):
            head = line
        else:
            frames.append(line.strip())
    if head is not None:
        yield head, frames

def leaf_kind(frames):
    if not frames:
        return "unknown"
    f = frames[0]
    if "kernel.kallsyms" in f: return "kernel"
    if "libcoreclr" in f or "libclrjit" in f: return "runtime (libcoreclr: GC, allocation, stubs)"
    if "libc.so" in f: return "libc"
    if "libcrypto" in f or "libssl" in f: return "OpenSSL"
    return "managed/other"

total = 0
incl = collections.Counter(); excl = collections.Counter(); excl_leaf = collections.defaultdict(collections.Counter)
alloc = collections.Counter()
for head, frames in samples(sys.argv[1]):
    total += 1
    seen = set()
    owner = None
    for f in frames:
        for n, rx in compiled:
            if rx.search(f):
                if owner is None: owner = n
                seen.add(n)
                break
    for n in seen: incl[n] += 1
    if owner is None and any("libcrypto" in f for f in frames):
        owner = "OpenSSL (caller unresolved)"
    if owner is None:
        text = " ".join(frames)
        if "__send" in text: owner = "kernel: loopback send, incl. waking the receiver (caller unresolved)"
        elif "__libc_recv" in text: owner = "kernel: recv (caller unresolved)"
        elif "getpid" in text: owner = "getpid (OpenSSL's fork check per random draw)"
        elif "futex" in text or "pthread_cond" in text or "lll_lock" in text: owner = "thread parking/signalling (futex)"
        elif "epoll_wait" in text: owner = "sockets' event thread (epoll_wait)"
        elif "finish_task_switch" in text or "__schedule" in text: owner = "kernel: context switches (other)"
        elif "Tiered" in head: owner = "tiered JIT"
        else: owner = "runtime: thread-pool dispatch, GC, stubs (no owner on the stack)"
    excl[owner] += 1
    excl_leaf[owner][leaf_kind(frames)] += 1
    if any(re.search(r"JIT_New|RhpNew|AllocateObject|gc_heap|GCHeap|Alloc", f) for f in frames[:6]):
        alloc[owner] += 1

us = float(sys.argv[2]) if len(sys.argv) > 2 else None
print(f"samples: {total}" + (f", {us:.0f} us of CPU per admission" if us else ""))
print("\n| component | exclusive | µs per admission | inclusive | exclusive: kernel / runtime / managed |")
print("|---|---:|---:|---:|---|")
for n, c in excl.most_common():
    l = excl_leaf[n]
    print(f"| {n} | {100*c/total:.1f} % | {us*c/total if us else 0:.0f} | {100*incl.get(n,0)/total:.1f} % | {100*l['kernel']/total:.1f} / {100*l['runtime (libcoreclr: GC, allocation, stubs)']/total:.1f} / {100*(l['managed/other']+l['libc']+l['OpenSSL'])/total:.1f} |")
