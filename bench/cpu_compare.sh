#!/usr/bin/env bash
# CPU time per training iteration of the reference workloads, PyTorch's script against AnnoGAN,
# one thread each. On a shared machine wall time mostly measures the turns other processes take;
# CPU time does not. The reference prints no CPU time, so /usr/bin/time measures its process for
# two iteration counts and the difference per iteration removes start-up, model building and
# warm-up. `bench train` reports its own (cpu_ms_per_iter, over the timed iterations only).
#
# usage: bench/cpu_compare.sh [JAR] [WORKLOAD ...]     (from the repository root, ../shared beside it)
set -euo pipefail
jar=${1:-examples/target/annogan.jar}
shift || true
workloads=${*:-w1 w2 w3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for w in $workloads; do
  if [ "$w" = w1 ]; then n1=100; n2=1100; else n1=10; n2=60; fi
  for n in $n1 $n2; do
    /usr/bin/time -f "%U %S" -o "$tmp/$n" \
      python3 ../shared/bench/pytorch/$w.py --threads 1 --iters $n --warmup 20 --reps 1 >"$tmp/$n.out" 2>&1 ||
      { echo "$w: the PyTorch reference failed:" >&2; cat "$tmp/$n.out" >&2; exit 1; }
  done
  ref=$(python3 -c "import sys; a, b = (sum(map(float, open(f).read().split())) for f in sys.argv[1:3]); print('%.2f' % ((b - a) / ($n2 - $n1) * 1000))" "$tmp/$n1" "$tmp/$n2")
  java -jar "$jar" bench train --workload $w --threads 1 --iters $((n2 - n1)) --warmup 20 --reps 3 --json \
      >"$tmp/ours.json" 2>"$tmp/ours.err" ||
      { echo "$w: bench train failed:" >&2; cat "$tmp/ours.err" >&2; exit 1; }
  ours=$(tail -1 "$tmp/ours.json" |
    python3 -c "import json, sys; d = json.load(sys.stdin); print('%.2f %.2f' % (d['cpu_ms_per_iter'], d['ms_per_iter']))")
  read -r ours_cpu ours_wall <<<"$ours"
  python3 -c "print('$w: PyTorch %s ms of CPU per iteration, AnnoGAN %s (wall %s): ratio %.3f' % ('$ref', '$ours_cpu', '$ours_wall', $ours_cpu / $ref))"
done
