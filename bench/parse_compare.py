#!/usr/bin/env python3
"""Alternate Python's COCO indexing and AnnoGAN's on one file; print medians and the ratio.

usage: parse_compare.py FILE [--rounds 4] [--java "java -Xmx4g -jar examples/target/annogan.jar"]

Each round runs both (A B, then B A, to cancel drift); each prints one JSON line with "ms".
"""
import argparse, json, os, shlex, statistics, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("--rounds", type=int, default=4)
ap.add_argument("--java", default="java -Xmx4g -jar examples/target/annogan.jar")
a = ap.parse_args()
py = [sys.executable, os.path.join(here, "pycoco_index.py"), a.file]
ours = shlex.split(a.java) + ["bench", "parse", "--annotations", a.file, "--repeat", "1", "--json"]


def run(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    lines = [l for l in out.stdout.strip().splitlines() if l.startswith("{")]
    if out.returncode != 0 or not lines:
        sys.exit("failed: %s\n%s" % (" ".join(cmd), out.stderr[-2000:]))
    return json.loads(lines[-1])


rows = []
for r in range(a.rounds):
    if r % 2 == 0:
        p = run(py); o = run(ours)
    else:
        o = run(ours); p = run(py)
    rows.append((p["ms"], o["ms"], o.get("heap_mb")))
    print("round %d: python %.0f ms  annogan %.0f ms  ratio %.3f  heap %s MB"
          % (r + 1, p["ms"], o["ms"], o["ms"] / p["ms"], o.get("heap_mb")), flush=True)
print(json.dumps({"python_ms": statistics.median(p for p, _, _ in rows),
                  "annogan_ms": statistics.median(o for _, o, _ in rows),
                  "ratio": round(statistics.median(o / p for p, o, _ in rows), 3),
                  "heap_mb": max(h for _, _, h in rows)}))
