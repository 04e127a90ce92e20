#!/usr/bin/env python3
"""Writes a large, realistic /metrics page (Prometheus text format 0.0.4) for the parser
benchmark: counters with several labels, gauges, histograms and summaries, escaped label values,
HELP and TYPE for every family. Deterministic: the same arguments give the same bytes.

usage: gen-metrics.py OUT [SERIES]   (default 100000 series, about 7 MB)
"""
import random
import sys


def main():
    out = sys.argv[1]
    target = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rnd = random.Random(42)
    methods = ["GET", "POST", "PUT", "DELETE"]
    codes = ["200", "201", "204", "301", "400", "404", "500", "503"]
    lines = []
    series = 0
    family = 0
    while series < target:
        family += 1
        kind = ("counter", "gauge", "histogram", "summary")[family % 4]
        name = f"app_op{family}"
        if kind == "counter":
            name += "_total"
        elif kind in ("histogram", "summary"):
            name += "_duration_seconds"
        lines.append(f"# HELP {name} Operation {family} of the application, as \\\\ measured\\n by it.")
        lines.append(f"# TYPE {name} {kind}")
        for i in range(rnd.randint(10, 60)):
            labels = (
                f'method="{rnd.choice(methods)}",code="{rnd.choice(codes)}",'
                f'pod="web-{i % 50}"'
            )
            if i % 17 == 0:
                labels += ',note="a \\"quoted\\" value"'
            if kind == "counter":
                lines.append(f"{name}{{{labels}}} {rnd.randint(0, 10**9)}")
                series += 1
            elif kind == "gauge":
                lines.append(f"{name}{{{labels}}} {rnd.random() * 1000:.6g}")
                series += 1
            elif kind == "histogram":
                count = 0
                for le in ("0.005", "0.01", "0.05", "0.1", "0.5", "1", "5", "+Inf"):
                    count += rnd.randint(0, 100)
                    lines.append(f'{name}_bucket{{{labels},le="{le}"}} {count}')
                lines.append(f"{name}_sum{{{labels}}} {rnd.random() * count:.9g}")
                lines.append(f"{name}_count{{{labels}}} {count}")
                series += 10
            else:
                for q in ("0.5", "0.9", "0.99"):
                    lines.append(f'{name}{{{labels},quantile="{q}"}} {rnd.random():.9g}')
                lines.append(f"{name}_sum{{{labels}}} {rnd.random() * 100:.9g}")
                lines.append(f"{name}_count{{{labels}}} {rnd.randint(1, 10**6)}")
                series += 5
            if series >= target:
                break
    with open(out, "w") as f:
        f.write("\n".join(lines))
        f.write("\n")


if __name__ == "__main__":
    main()
