#!/usr/bin/env python3
"""Runs the ablation of one annotator application over seeds and prints Markdown tables.

Five recipes, each with the same network, data split, labelled subset, schedule and data order
(only the named options differ):

  supervised      the labelled images alone, no augmentation
  supervised+aug  the labelled images alone, with the run's augmentation
  teacher         + consistency and pseudo-labels from the mean teacher, no D
  adversarial     + D (the adversarial recipe), no teacher terms
  full            + D and the teacher terms (train ssl's defaults)

and, given --backbone DIR (a backbone of `annogan pretrain`), the same G started from it:

  supervised+backbone         supervised+aug, G's encoder from the backbone, fine-tuned
  supervised+frozen-backbone  the same with the backbone's weights kept as they are
  adversarial+backbone        adversarial, G's (and the tagger's D's) encoder from the backbone

Runs go two at a time by default, each with one PyTorch thread; every run's folder and log stay
under --runs, and each run's command, seed and wall time are appended to RUNS/ablation.log.

Example (the segmentation table of BENCHMARKS.md):
  python3 bench/ablation.py segmenter --seeds 1 2 3 --runs runs/seg -- \
      --data shapes data/shapes4k --labeled-fraction 0.125 --epochs 10 \
      --val-data shapes data/shapes-test
Arguments after `--` go to every `annogan train` command unchanged.
"""
import argparse
import concurrent.futures
import csv
import json
import os
import statistics
import subprocess
import sys
import time

import passthrough

NO_TEACHER = ["--consistency", "0", "--pseudo-labels", "0"]
TEACHER = ["--consistency", "1", "--pseudo-labels", "1"]
# Every recipe validates (and tests) the moving average of its weights, the teacher's or not.
EMA = ["--ema", "0.99"]
NO_AUGMENTATION = {
    "ssl": ["--flips", "none", "--shift", "0"],
    "segmenter": ["--augment", "none"],
    "tagger": ["--augment", "none"],
}
RECIPES = {
    "supervised": lambda app, bb: ["--baseline"] + NO_TEACHER + NO_AUGMENTATION[app],
    "supervised+aug": lambda app, bb: ["--baseline"] + NO_TEACHER,
    "teacher": lambda app, bb: ["--baseline"] + TEACHER,
    "adversarial": lambda app, bb: NO_TEACHER,
    "full": lambda app, bb: TEACHER,
    "supervised+backbone": lambda app, bb: ["--baseline"] + NO_TEACHER + ["--backbone", bb],
    "supervised+frozen-backbone": lambda app, bb: (["--baseline"] + NO_TEACHER
                                                   + ["--backbone", bb, "--freeze-backbone"]),
    "adversarial+backbone": lambda app, bb: NO_TEACHER + ["--backbone", bb],
}
DEFAULT_RECIPES = ["supervised", "supervised+aug", "teacher", "adversarial", "full"]
METRICS = {
    "ssl": ["testAccuracy", "validationAccuracy"],
    "segmenter": ["mIoU", "pixel_accuracy"],
    "tagger": ["mAP", "f1_micro"],
}


def final_metrics(app, run):
    """Returns the run's final metrics: result.json for ssl, metrics.csv's last row otherwise."""
    if app == "ssl":
        with open(os.path.join(run, "result.json")) as f:
            result = json.load(f)
        return {k: result[k] for k in METRICS[app] if result.get(k) is not None}
    with open(os.path.join(run, "metrics.csv")) as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise RuntimeError(f"{run}/metrics.csv has no epochs")
    return {k: float(rows[-1][k]) for k in METRICS[app] if rows[-1].get(k)}


def run_one(a, extra, recipe, seed):
    folder = os.path.join(a.runs, f"{recipe}-s{seed}")
    command = ["java", f"-Dai.djl.pytorch.num_threads={a.threads}", "-jar", a.jar,
               "train", a.application, "--out", folder, "--seed", str(seed)]
    command += EMA + RECIPES[recipe](a.application, a.backbone) + extra
    # A finished run (ssl writes result.json, the annotators export model/ last) is read, not
    # repeated; an unfinished one is an error rather than a partial figure.
    finished = os.path.join(folder, "result.json" if a.application == "ssl" else "model")
    if os.path.exists(finished):
        return recipe, seed, final_metrics(a.application, folder), None
    if os.path.exists(folder):
        raise RuntimeError(f"{folder} holds an unfinished run: finish it with --resume or remove it")
    start = time.time()
    with open(folder + ".log", "w") as log:
        code = subprocess.call(command, stdout=log, stderr=subprocess.STDOUT)
    seconds = time.time() - start
    with open(os.path.join(a.runs, "ablation.log"), "a") as log:
        log.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')} rc={code} seconds={seconds:.0f} "
                  f"{' '.join(command)}\n")
    if code != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {code}; see {folder}.log")
    return recipe, seed, final_metrics(a.application, folder), seconds


def main():
    argv, extra = passthrough.split(sys.argv[1:])
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("application", choices=sorted(METRICS))
    p.add_argument("--recipes", nargs="+", default=DEFAULT_RECIPES, choices=list(RECIPES))
    p.add_argument("--backbone", help="backbone folder of the *backbone recipes")
    p.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    p.add_argument("--runs", required=True, help="folder that receives one run folder per run")
    p.add_argument("--jar", default="examples/target/annogan.jar")
    p.add_argument("--threads", type=int, default=1, help="PyTorch intra-op threads per run")
    p.add_argument("--parallel", type=int, default=2, help="runs at once")
    a = p.parse_args(argv)
    if any("backbone" in r for r in a.recipes) and not a.backbone:
        p.error("the backbone recipes need --backbone DIR")
    os.makedirs(a.runs, exist_ok=True)

    results = {}
    seconds = {}
    jobs = [(r, s) for s in a.seeds for r in a.recipes]
    with concurrent.futures.ThreadPoolExecutor(a.parallel) as pool:
        futures = [pool.submit(run_one, a, extra, r, s) for r, s in jobs]
        for future in concurrent.futures.as_completed(futures):
            recipe, seed, metrics, took = future.result()
            results[(recipe, seed)] = metrics
            seconds[(recipe, seed)] = took
            print(f"{recipe} seed {seed}: {metrics}"
                  + (f" ({took:.0f} s)" if took else " (kept)"), flush=True)

    for metric in METRICS[a.application]:
        if not any(metric in m for m in results.values()):
            continue
        print(f"\n{metric}\n")
        print("| recipe | " + " | ".join(f"seed {s}" for s in a.seeds) + " | mean | "
              + " − supervised+aug |" * ("supervised+aug" in a.recipes) + " minutes/run |")
        print("| --- " * (len(a.seeds) + 3 + ("supervised+aug" in a.recipes)) + "|")
        base = None
        if "supervised+aug" in a.recipes:
            base = statistics.mean(results[("supervised+aug", s)][metric] for s in a.seeds)
        for recipe in a.recipes:
            values = [results[(recipe, s)].get(metric) for s in a.seeds]
            if any(v is None for v in values):
                continue
            mean = statistics.mean(values)
            times = [seconds[(recipe, s)] for s in a.seeds if seconds[(recipe, s)]]
            cells = [f"{v:.4f}" for v in values] + [f"**{mean:.4f}**"]
            if base is not None:
                cells.append(f"{mean - base:+.4f}")
            cells.append(f"{statistics.mean(times) / 60:.1f}" if times else "")
            print(f"| {recipe} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
