#!/usr/bin/env python3
"""Time two commands alternately (A B, B A, ...) and print the medians and the median ratio A/B.

usage: alternate.py --rounds 6 --a "COMMAND A" --b "COMMAND B"

Each command runs as a whole process; its wall time is measured from outside. Rounds alternate
the order to cancel drift on a shared machine; quote the median ratio, not single times. A command
that fails stops the script with its output.
"""
import argparse, shlex, statistics, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--a", required=True)
ap.add_argument("--b", required=True)
ap.add_argument("--rounds", type=int, default=6)
args = ap.parse_args()


def seconds(cmd):
    start = time.perf_counter()
    out = subprocess.run(shlex.split(cmd), capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed ({out.returncode}): {cmd}\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    return time.perf_counter() - start


a_times, b_times, ratios = [], [], []
for r in range(args.rounds):
    if r % 2 == 0:
        a = seconds(args.a); b = seconds(args.b)
    else:
        b = seconds(args.b); a = seconds(args.a)
    a_times.append(a); b_times.append(b); ratios.append(a / b)
    print(f"round {r + 1}: A {a:.2f} s  B {b:.2f} s  ratio {a / b:.3f}", flush=True)
print(f"A median {statistics.median(a_times):.2f} s, B median {statistics.median(b_times):.2f} s,"
      f" ratio A/B median {statistics.median(ratios):.3f} (rounds: "
      + ", ".join(f"{x:.3f}" for x in ratios) + ")")
