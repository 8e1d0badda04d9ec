#!/usr/bin/env python3
"""The GC's side of a bench/memory.sh figure, from its dotnet-counters CSV ($out/<figure>-counters.csv).

    bench/gc-counters.py FILE.csv [FILE.csv ...]

One line per file: the means over the second half of the run of the heap sizes after the last
collection (gen1, gen2, LOH), the GC's committed memory and the working set, in MB; bytes
allocated and collections per generation over the whole run. The second half leaves out the
ramp-up, when the heap is still growing to its working size (docs/benchmarks/camera-memory.md).
"""
import collections
import csv
import sys

MB = 2 ** 20


def summarize(path):
    series = collections.defaultdict(list)
    with open(path, newline="") as f:
        for row in list(csv.reader(f))[1:]:
            if len(row) < 5:
                continue
            try:
                series[row[2]].append(float(row[4]))
            except ValueError:
                continue

    def late_mean(name):
        values = series.get(name, [])
        late = values[len(values) // 2:]
        return sum(late) / len(late) / MB if late else float("nan")

    def heap(gen):
        return late_mean(f"dotnet.gc.last_collection.heap.size (By)[gc.heap.generation={gen}]")

    def collections_of(gen):
        return int(sum(series.get(f"dotnet.gc.collections ({{collection}} / 1 sec)[gc.heap.generation={gen}]", [])))

    allocated = sum(series.get("dotnet.gc.heap.total_allocated (By / 1 sec)", [])) / MB
    return (f"{path}: second-half means gen1 {heap('gen1'):.1f} MB, gen2 {heap('gen2'):.1f} MB, "
            f"loh {heap('loh'):.1f} MB, gc committed {late_mean('dotnet.gc.last_collection.memory.committed_size (By)'):.1f} MB, "
            f"working set {late_mean('dotnet.process.memory.working_set (By)'):.1f} MB; "
            f"allocated {allocated:.0f} MB; collections gen0/gen1/gen2 "
            f"{collections_of('gen0')}/{collections_of('gen1')}/{collections_of('gen2')}")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sys.argv[1:]:
        print(summarize(path))
