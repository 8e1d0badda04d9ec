#!/usr/bin/env python3
"""Markdown tables of a bench/cluster-bench.sh run: admissions (S5) and fan-out CPU per viewer (S2),
single node vs cluster mode, and what cluster mode adds.

    bench/cluster-bench-tables.py [DIR]        (default /tmp/cluster-bench-results)
"""
import json
import pathlib
import statistics
import sys

out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/cluster-bench-results")

runs = [json.loads(line) for line in (out / "s5.jsonl").read_text().splitlines()] if (out / "s5.jsonl").exists() else []
if runs:
    print("\nS5 admissions, webhook off (wrk 10 s per row; CPU from /proc; admissions from the audit journal)\n")
    print("| run | mode | connections | load 1 min | admissions/s | p50 ms | p99 ms | gateway CPU ms per admission "
          "| redis calls per admission | redis server us per admission | redis-server CPU us per admission |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in sorted(runs, key=lambda r: (r["connections"] != 16, r["run"], r["mode"] != "single")):
        a = r["admitted"] or float("nan")
        redis = r.get("redis")
        calls = f"{sum(c['calls'] for c in redis.values()) / a:.2f}" if redis else "-"
        server = f"{sum(c['usec'] for c in redis.values()) / a:.1f}" if redis else "-"
        rcpu = f"{r['redisCpuSeconds'] / a * 1e6:.1f}" if redis else "-"
        print(f"| {r['run']} | {r['mode']} | {r['connections']} | {r['load1']:.1f} | {r['admitted'] / r['seconds']:.0f} "
              f"| {r['p50Ms']:.2f} | {r['p99Ms']:.2f} | {r['gatewayCpuSeconds'] / a * 1000:.3f} | {calls} | {server} | {rcpu} |")

    print("\nWhat cluster mode adds (cluster minus single of the same run; median over runs)\n")
    print("| connections | p50 added ms (per run) | p99 added ms (per run) | CPU ms per admission added (per run) | median p50 added ms |")
    print("|---:|---|---|---|---:|")
    for connections in sorted({r["connections"] for r in runs}):
        pairs = []
        for run in sorted({r["run"] for r in runs}):
            by = {r["mode"]: r for r in runs if r["run"] == run and r["connections"] == connections}
            if "single" in by and "cluster" in by:
                pairs.append((by["single"], by["cluster"]))
        if not pairs:
            continue
        p50 = [c["p50Ms"] - s["p50Ms"] for s, c in pairs]
        p99 = [c["p99Ms"] - s["p99Ms"] for s, c in pairs]
        cpu = [c["gatewayCpuSeconds"] / c["admitted"] * 1000 - s["gatewayCpuSeconds"] / s["admitted"] * 1000 for s, c in pairs]
        fmt = lambda values, d: ", ".join(f"{v:+.{d}f}" for v in values)
        print(f"| {connections} | {fmt(p50, 2)} | {fmt(p99, 2)} | {fmt(cpu, 3)} | {statistics.median(p50):+.2f} |")

s2 = sorted({int(p.stem.rsplit("-", 1)[1]) for p in out.glob("s2-*-*.json")})
if s2:
    print("\nS2 fan-out, one 1.5 Mbit/s camera (LoadTool)\n")
    print("| viewers | mode | played | loss % | gateway cpu s/s | cpu per viewer (s/s) | cluster ÷ single |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for n in s2:
        reports = {}
        for mode in ("single", "cluster"):
            path = out / f"s2-{mode}-{n}.json"
            if path.exists():
                reports[mode] = json.loads(path.read_text())
        for mode, report in reports.items():
            s, g = report["summary"], report.get("gateway") or {}
            single = (reports.get("single") or {}).get("gateway") or {}
            ratio = f"{g['cpuPerViewer'] / single['cpuPerViewer']:.2f}" if mode == "cluster" and single.get("cpuPerViewer") and g.get("cpuPerViewer") else ""
            per_viewer = "-" if g.get("cpuPerViewer") is None else f"{g['cpuPerViewer']:.4f}"
            print(f"| {n} | {mode} | {s['played']}/{s['started']} | {s['lossPercent']:.3f} | {g.get('cpuPerSecond', 0):.3f} "
                  f"| {per_viewer} | {ratio} |")
