#!/usr/bin/env python3
"""Markdown tables of a bench/side-by-side.sh run: SecureStream and Janus side by side, with the
ratios SecureStream / Janus of CPU per viewer and resident memory per viewer.

    bench/side-by-side-tables.py [DIR]        (default /tmp/side-by-side-results)
"""
import json
import pathlib
import sys

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/side-by-side-results")


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
