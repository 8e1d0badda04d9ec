#!/usr/bin/env python3
"""Markdown tables of a bench/side-by-side.sh run: SecureStream and Janus side by side, with the
ratios SecureStream / Janus of CPU per viewer and resident memory per viewer; S7 (per byte); the
host interface's traffic per row and Janus's candidate addresses (the private namespace's
record); and the targets table, each figure with its target and met / missed.

    bench/side-by-side-tables.py [DIR] [--first-frame FILE]
        DIR            the run's results (default /tmp/side-by-side-results)
        --first-frame  bench/FirstFrame's --json output for the cold first frame row
                       (default DIR/first-frame.json when it exists)
"""
import json
import pathlib
import re
import sys

args = sys.argv[1:]
first_frame_file = None
if "--first-frame" in args:
    at = args.index("--first-frame")
    first_frame_file = pathlib.Path(args[at + 1])
    del args[at:at + 2]
out = pathlib.Path(args[0] if args else "/tmp/side-by-side-results")
first_frame_file = first_frame_file or out / "first-frame.json"


def load(name):
    path = out / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def pair(a, b, digits=0):
    return "-" if a is None else f"{a:.{digits}f}/{b:.{digits}f}"


def ratio(a, b):
    return "-" if a is None or not b else f"{a / b:.2f}"


def mb(value):
    return "-" if value is None else f"{value / 1048576:.2f}"


def cells(report):
    if report is None:
        return ["-"] * 7
    s, g = report["summary"], report.get("gateway") or {}
    return [
        f"{s['played']}/{s['started']}",
        pair(s.get("firstKeyframeP50Ms"), s.get("firstKeyframeP99Ms")),
        f"{s['lossPercent']:.3f}",
        f"{g.get('cpuPerSecond', 0):.3f}",
        "-" if g.get("cpuPerViewer") is None else f"{g['cpuPerViewer']:.4f}",
        f"{g.get('residentBytes', 0) / 1048576:.1f}",
        mb(g.get("residentPerViewerBytes")),
    ]


def side_by_side(title, rows):
    print(f"\n{title}\n")
    print("| viewers | played SS / J | 1st key p50/p99 ms SS | 1st key p50/p99 ms J | loss % SS / J | cpu s/s SS / J "
          "| cpu/viewer SS / J | ratio cpu | rss MB SS / J | rss/viewer MB SS / J | ratio rss |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, ss, janus in rows:
        a, b = cells(ss), cells(janus)
        gs = (ss or {}).get("gateway") or {}
        gj = (janus or {}).get("gateway") or {}
        print(f"| {label} | {a[0]} / {b[0]} | {a[1]} | {b[1]} | {a[2]} / {b[2]} | {a[3]} / {b[3]} | {a[4]} / {b[4]} "
              f"| {ratio(gs.get('cpuPerViewer'), gj.get('cpuPerViewer'))} | {a[5]} / {b[5]} | {a[6]} / {b[6]} "
              f"| {ratio(gs.get('residentPerViewerBytes'), gj.get('residentPerViewerBytes'))} |")


counts = sorted({int(p.stem.rsplit("-", 1)[1]) for p in out.glob("s2-*-*.json")})
side_by_side("S2 fan-out, one 1.5 Mbit/s camera (SS = SecureStream, J = Janus)",
             [(str(n), load(f"s2-securestream-{n}"), load(f"s2-janus-{n}")) for n in counts])
if (out / "s3-securestream.json").exists() or (out / "s3-janus.json").exists():
    side_by_side("S3 50 cameras x 2 viewers", [("100", load("s3-securestream"), load("s3-janus"))])
for name in ("s4-securestream", "s4-janus"):
    report = load(name)
    if report:
        s, g = report["summary"], report.get("gateway") or {}
        print(f"\n{name}: started {s['started']}, played {s['played']}, failures {s['failures']}, "
              f"1st packet {pair(s.get('firstPacketP50Ms'), s.get('firstPacketP99Ms'))} ms, "
              f"1st keyframe {pair(s.get('firstKeyframeP50Ms'), s.get('firstKeyframeP99Ms'))} ms, loss {s['lossPercent']:.3f} %, "
              f"cpu {g.get('cpuPerSecond', 0):.3f} s/s, threads {g.get('threadsBefore')} -> {g.get('threadsAfter')}, "
              f"sockets {g.get('socketsBefore')} -> {g.get('socketsAfter')}, fds {g.get('openFilesBefore')} -> {g.get('openFilesAfter')}")

quiet, flood = load("s6-quiet"), load("s6-flood")
quiet_extra, flood_extra = load("s6-quiet-summary"), load("s6-flood-summary")
if quiet and flood and quiet_extra and flood_extra:
    def peak(report):
        return ((report.get("gateway") or {}).get("peakResidentBytes") or 0) / 1048576

    def minute(extra):
        return extra["journalBytes"] / 1048576 / max(1, extra["seconds"]) * 60

    print("\nS6 hostile load: 50 viewers and 2 admissions/s, quiet and under the flood (SecureStream only)\n")
    print("| figure | quiet | flood | target |")
    print("|---|---:|---:|---|")
    print(f"| viewers played | {quiet['summary']['played']}/{quiet['summary']['started']} | "
          f"{flood['summary']['played']}/{flood['summary']['started']} | all |")
    print(f"| viewer loss % | {quiet['summary']['lossPercent']:.3f} | {flood['summary']['lossPercent']:.3f} | no more than S2's |")
    print(f"| legitimate admissions answered (failed) | {quiet_extra['admissions']} ({quiet_extra['admissionFailures']}) | "
          f"{flood_extra['admissions']} ({flood_extra['admissionFailures']}) | all |")
    print(f"| admission signalling p50 / p99 ms | {quiet_extra['signallingP50Ms']:.0f} / {quiet_extra['signallingP99Ms']:.0f} | "
          f"{flood_extra['signallingP50Ms']:.0f} / {flood_extra['signallingP99Ms']:.0f} | p99 < 250 under the flood |")
    print(f"| audit journal MB per minute | {minute(quiet_extra):.3f} | {minute(flood_extra):.3f} | < 1 under the flood |")
    print(f"| gateway peak RSS MB | {peak(quiet):.1f} | {peak(flood):.1f} | flood < 2x quiet ({2 * peak(quiet):.1f}) |")


def gateway(report):
    return (report or {}).get("gateway") or {}


def delivered_mbits(report):
    """What the viewers received, Mbit/s: viewers playing × their mean bitrate."""
    if report is None:
        return None
    s = report["summary"]
    return s["played"] * s["meanBitsPerSecond"] / 1e6


def cpu_per_mbit(report):
    rate = delivered_mbits(report)
    return None if not rate else gateway(report).get("cpuPerSecond", 0) / rate


s7_ss, s7_janus = load("s7-securestream"), load("s7-janus")
if s7_ss or s7_janus:
    print("\nS7 per byte: one 1920x1080 6 Mbit/s camera (25 fps, 1 s GOP) to many viewers (SS = SecureStream, J = Janus)\n")
    print("| figure | SecureStream | Janus | ratio SS ÷ J |")
    print("|---|---:|---:|---:|")

    def row(label, ss_value, j_value, fmt):
        cell = lambda v: "-" if v is None else fmt.format(v)
        print(f"| {label} | {cell(ss_value)} | {cell(j_value)} | {ratio(ss_value, j_value)} |")

    summary = lambda r, key: None if r is None else r["summary"].get(key)
    print(f"| viewers played | {'-' if not s7_ss else str(s7_ss['summary']['played']) + '/' + str(s7_ss['summary']['started'])} "
          f"| {'-' if not s7_janus else str(s7_janus['summary']['played']) + '/' + str(s7_janus['summary']['started'])} | |")
    row("delivered Mbit/s", delivered_mbits(s7_ss), delivered_mbits(s7_janus), "{:.1f}")
    row("cpu s/s", gateway(s7_ss).get("cpuPerSecond"), gateway(s7_janus).get("cpuPerSecond"), "{:.3f}")
    row("cpu/viewer", gateway(s7_ss).get("cpuPerViewer"), gateway(s7_janus).get("cpuPerViewer"), "{:.4f}")
    row("cpu per delivered Mbit/s (ms/s)", None if cpu_per_mbit(s7_ss) is None else 1000 * cpu_per_mbit(s7_ss),
        None if cpu_per_mbit(s7_janus) is None else 1000 * cpu_per_mbit(s7_janus), "{:.2f}")
    row("loss %", summary(s7_ss, "lossPercent"), summary(s7_janus, "lossPercent"), "{:.3f}")
    row("rss MB", None if not s7_ss else gateway(s7_ss).get("residentBytes", 0) / 1048576,
        None if not s7_janus else gateway(s7_janus).get("residentBytes", 0) / 1048576, "{:.1f}")
    row("rss/viewer MB", None if gateway(s7_ss).get("residentPerViewerBytes") is None else gateway(s7_ss)["residentPerViewerBytes"] / 1048576,
        None if gateway(s7_janus).get("residentPerViewerBytes") is None else gateway(s7_janus)["residentPerViewerBytes"] / 1048576, "{:.2f}")
    row("1st keyframe p50 ms", summary(s7_ss, "firstKeyframeP50Ms"), summary(s7_janus, "firstKeyframeP50Ms"), "{:.0f}")
    row("1st keyframe p99 ms", summary(s7_ss, "firstKeyframeP99Ms"), summary(s7_janus, "firstKeyframeP99Ms"), "{:.0f}")
    drops = re.search(r"janus UDP socket drops \(receive buffer full\): (\d+)", (out / "s7-janus.txt").read_text()) \
        if (out / "s7-janus.txt").exists() else None
    if drops:
        print(f"| datagrams dropped at the gateway's own UDP sockets (camera pull, ICE) | - | {drops.group(1)} | |")
    s2_ss, s2_janus = load("s2-securestream-50"), load("s2-janus-50")
    if s2_ss or s2_janus:
        row("S2 at 50 viewers (1.5 Mbit/s), cpu per delivered Mbit/s (ms/s)",
            None if cpu_per_mbit(s2_ss) is None else 1000 * cpu_per_mbit(s2_ss),
            None if cpu_per_mbit(s2_janus) is None else 1000 * cpu_per_mbit(s2_janus), "{:.2f}")

# --- the private namespace's record ----------------------------------------------------------------
host_tx = out / "host-tx.tsv"
if host_tx.exists():
    rows = [line.split("\t") for line in host_tx.read_text().splitlines()[1:] if line.strip()]
    background = next((r for r in rows if r[0] == "background"), None)
    rate = float(background[2]) / max(float(background[1]), 1) if background else 0.0
    interface = rows[0][4] if rows else "?"
    print(f"\nHost interface {interface}: packets it sent during each row, read outside the namespace "
          f"(background before the rows: {rate:.1f} packets/s; a row is quiet under 3x that plus 100)\n")
    print("| row | seconds | packets | bytes | packets/s | |")
    print("|---|---:|---:|---:|---:|---|")
    for name, seconds, packets, size, _ in rows:
        seconds, packets = float(seconds), int(packets)
        verdict = "background" if name == "background" else ("quiet" if packets <= 3 * rate * seconds + 100 else "**MOVED**")
        print(f"| {name} | {seconds:.0f} | {packets} | {int(size)} | {packets / max(seconds, 1):.1f} | {verdict} |")
candidates = {}
for path in sorted(out.glob("s*-janus*.txt")) + sorted(out.glob("s*-securestream*.txt")):
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith(("janus candidates:", "janus UDP sockets bound to:", "securestream UDP sockets bound to:")):
            candidates.setdefault(line.strip(), []).append(path.stem)
if candidates:
    print("\nAddresses the gateways' ICE used (each row's record):\n")
    for line, names in candidates.items():
        print(f"- {line} — {', '.join(names)}")

# --- targets -----------------------------------------------------------------------------------
def verdict(value, target, lower_is_better):
    if value is None:
        return "not run"
    return "met" if (value <= target if lower_is_better else value >= target) else "missed"


def s5_per_cpu_second():
    path = out / "s5-securestream-off.txt"
    if not path.exists():
        return None
    found = re.search(r"= (\d+) admissions per CPU-second", path.read_text())
    return int(found.group(1)) if found else None


def cold_first_frame():
    if not first_frame_file.exists():
        return None, "see cold-start (bench/FirstFrame; docs/benchmarks/cold-start.md)"
    document = json.loads(first_frame_file.read_text())
    cases = [c for c in document.get("cases", []) if c.get("mode") == "cold" and c.get("keyframeIntervalSeconds") == 1]
    if not cases:
        return None, f"no cold 1 s case in {first_frame_file.name}"
    p50 = cases[-1]["firstFrameMs"]["p50"]
    return p50, f"{p50:.0f} ms ({first_frame_file.name}, {cases[-1]['firstFrameMs']['count']} runs)"


print("\nTargets (this run; SS = SecureStream, J = Janus)\n")
print("| figure | this run | target | |")
print("|---|---:|---|---|")
ss200, j200 = load("s2-securestream-200"), load("s2-janus-200")
per_viewer = gateway(ss200).get("cpuPerViewer")
per_core = None if not per_viewer else 1 / per_viewer
print(f"| viewers per core at 1.5 Mbit/s (1 ÷ CPU per viewer at 200 viewers, pull included) | "
      f"{'-' if per_core is None else f'{per_core:,.0f}'} | ≥ 1,000 | {verdict(per_core, 1000, False)} |")
for n, target in ((1, 1.0), (10, 1.0), (100, 0.3), (200, 0.3)):
    a, b = gateway(load(f"s2-securestream-{n}")).get("cpuPerViewer"), gateway(load(f"s2-janus-{n}")).get("cpuPerViewer")
    value = None if a is None or not b else a / b
    print(f"| CPU per viewer SS ÷ J at {n} viewer{'s' if n > 1 else ''} | "
          f"{'-' if value is None else f'{value:.2f} ({a:.4f} / {b:.4f})'} | ≤ {target:.1f} | {verdict(value, target, True)} |")
idle = load("s0-securestream")
idle_mb = None if idle is None else idle["residentBytes"] / 1048576
print(f"| resident memory idle, default run (S0) | {'-' if idle_mb is None else f'{idle_mb:.1f} MB'} | ≤ 60 MB | {verdict(idle_mb, 60, True)} |")
s3 = load("s3-securestream")
per_camera = None
if s3 and gateway(s3).get("residentPerViewerBytes") is not None:
    # (mean RSS − RSS before any pull) ÷ 50 cameras: each camera with its two viewers.
    per_camera = gateway(s3)["residentPerViewerBytes"] * s3["summary"]["played"] / 50 / 1048576
print(f"| memory per pulled camera (S3, with its 2 viewers) | {'-' if per_camera is None else f'{per_camera:.2f} MB'} | ≤ 1 MB | "
      f"{verdict(per_camera, 1, True)} |")
rss_viewer = gateway(ss200).get("residentPerViewerBytes")
rss_viewer = None if rss_viewer is None else rss_viewer / 1048576
print(f"| memory per viewer (S2, 200) | {'-' if rss_viewer is None else f'{rss_viewer:.2f} MB'} | ≤ 0.25 MB | {verdict(rss_viewer, 0.25, True)} |")
admissions = s5_per_cpu_second()
print(f"| admissions per gateway CPU-second, webhook off (S5) | {'-' if admissions is None else f'{admissions:,}'} | ≥ 10,000 | "
      f"{verdict(admissions, 10000, False)} |")
p50, text = cold_first_frame()
print(f"| cold first frame p50, 1 s GOP, camera honouring PLI | {text} | ≤ 350 ms | {verdict(p50, 350, True) if p50 is not None else '-'} |")
