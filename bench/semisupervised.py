#!/usr/bin/env python3
"""Runs an annotator application adversarially and as its supervised baseline, seed by seed, and
prints a Markdown table of the final held-out metrics with their means.

Both sides of a seed use the same data split, labelled subset, network and data order; only
--baseline differs. Each run's folder is kept under --runs for its pictures and metrics.csv.

Example (the tagging figure of BENCHMARKS.md):
  python3 bench/semisupervised.py tagger --data shapes /tmp/shapes8k --labeled-fraction 0.1 \
      --epochs 20 --seeds 1 2 3 --runs runs/tagging -- --size 64
Arguments after `--` go to every `annogan train` command unchanged.
"""
import argparse
import csv
import os
import statistics
import subprocess
import sys
import time

import passthrough

METRICS = {"tagger": ["mAP", "f1_micro", "f1_macro"], "segmenter": ["mIoU", "pixel_accuracy"]}


def final_metrics(run):
    with open(os.path.join(run, "metrics.csv")) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise SystemExit(f"{run}/metrics.csv has no epochs")
    return rows[-1]


def main():
    argv, extra = passthrough.split(sys.argv[1:])
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("application", choices=sorted(METRICS))
    p.add_argument("--data", nargs=2, metavar=("KIND", "PATH"), required=True)
    p.add_argument("--labeled-fraction", type=float, required=True)
    p.add_argument("--epochs", type=int, required=True)
    p.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    p.add_argument("--runs", required=True, help="folder that receives one run folder per run")
    p.add_argument("--jar", default="examples/target/annogan.jar")
    p.add_argument("--threads", type=int, default=1, help="PyTorch intra-op threads per run")
    a = p.parse_args(argv)

    names = METRICS[a.application]
    rows = []
    for seed in a.seeds:
        for mode in ("baseline", "adversarial"):
            run = os.path.join(a.runs, f"seed{seed}-{mode}")
            cmd = ["java", f"-Dai.djl.pytorch.num_threads={a.threads}", "-jar", a.jar,
                   "train", a.application, "--data", *a.data, "--out", run,
                   "--labeled-fraction", str(a.labeled_fraction), "--epochs", str(a.epochs),
                   "--seed", str(seed)] + (["--baseline"] if mode == "baseline" else []) + extra
            if os.path.exists(os.path.join(run, "metrics.csv")):
                cmd.append("--resume")
            print("$", " ".join(cmd), flush=True)
            start = time.time()
            os.makedirs(a.runs, exist_ok=True)
            with open(run + ".log", "w") as log:
                done = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT)
            if done.returncode != 0:
                raise SystemExit(f"run failed ({done.returncode}); see {run}.log")
            m = final_metrics(run)
            rows.append((seed, mode, {n: float(m[n]) for n in names}, time.time() - start))
            print(f"  seed {seed} {mode}: " + ", ".join(f"{n} {float(m[n]):.4f}" for n in names)
                  + f" ({time.time() - start:.0f} s)", flush=True)

    print()
    print("| seed | " + " | ".join(f"baseline {n} | adversarial {n}" for n in names)
          + " | seconds (baseline / adversarial) |")
    print("| --- " * (2 * len(names) + 2) + "|")
    for seed in a.seeds:
        b = next(r for r in rows if r[0] == seed and r[1] == "baseline")
        g = next(r for r in rows if r[0] == seed and r[1] == "adversarial")
        cells = [f"{b[2][n]:.4f} | {g[2][n]:.4f}" for n in names]
        print(f"| {seed} | " + " | ".join(cells) + f" | {b[3]:.0f} / {g[3]:.0f} |")
    means = []
    for n in names:
        mb = statistics.mean(r[2][n] for r in rows if r[1] == "baseline")
        mg = statistics.mean(r[2][n] for r in rows if r[1] == "adversarial")
        means.append(f"**{mb:.4f}** | **{mg:.4f}**")
    print("| mean | " + " | ".join(means) + " | |")


if __name__ == "__main__":
    main()
