#!/bin/bash
# Short same-seed runs of every training command, the demo and annotate, for checking that a
# restructuring changes no result: run it with the jar before and the jar after, then compare the
# two folders with bench/parity_compare.py.
#
# usage: bench/parity.sh JAR_DIR OUT_DIR SHAPES_DIR [SHARED_DATA_DIR]
#   JAR_DIR      a folder holding annogan.jar (a copy of examples/target/annogan.jar)
#   OUT_DIR      where the runs go (created)
#   SHAPES_DIR   a shapes dataset, the same for both sides, e.g. made once with
#                java -jar examples/target/annogan.jar shapes --out runs/shapes2k --images 2000 --size 64 --seed 42
#   SHARED_DATA_DIR  ../shared/data by default (coco-tiny and fashion-mnist)
set -u
jar=$1; out=$2; shapes=$3; S=${4:-../shared/data}
mkdir -p "$out"
J="java -Dai.djl.pytorch.num_threads=1 -Xmx3g -jar $jar/annogan.jar"
r() {
  name=$1; shift
  start=$(date +%s)
  $J "$@" > "$out/$name.log" 2>&1
  echo "$name rc=$? wall=$(( $(date +%s) - start ))s" >> "$out/times.log"
}
r lg train label-gan --annotations $S/coco-tiny/annotations/instances_val2017.json --out $out/lg --epochs 10 --seed 42
r tag-adv train tagger --data shapes $shapes --out $out/tag-adv --labeled-fraction 0.125 --epochs 1 --seed 3
r tag-base train tagger --data shapes $shapes --out $out/tag-base --labeled-fraction 0.125 --epochs 1 --seed 3 --baseline
r seg-adv train segmenter --data shapes $shapes --out $out/seg-adv --labeled-fraction 0.125 --epochs 1 --seed 3 --ema 0.99 --consistency 1 --pseudo-labels 1
r seg-base train segmenter --data shapes $shapes --out $out/seg-base --labeled-fraction 0.125 --epochs 1 --seed 3 --baseline
r ssl-dense train ssl --data fashion-mnist $S/fashion-mnist --out $out/ssl-dense --max-steps 120 --train-limit 6000 --seed 3 --test
r ssl-base train ssl --data fashion-mnist $S/fashion-mnist --out $out/ssl-base --max-steps 120 --seed 3 --baseline
r ssl-conv train ssl --data fashion-mnist $S/fashion-mnist --out $out/ssl-conv --max-steps 40 --train-limit 3000 --seed 3 --network conv
r cgan train cgan --data fashion-mnist $S/fashion-mnist --out $out/cgan --classifier $out/clf --max-steps 100 --seed 3
r demo demo --out $out/demo --images 400 --new-images 40 --epochs 1 1 --seed 5
mkdir -p "$out/annotate-images"
ls "$shapes/images" | head -50 | while read f; do cp "$shapes/images/$f" "$out/annotate-images/"; done
r annotate annotate --model $out/seg-adv/model --images $out/annotate-images --out $out/ann-seg
echo done >> "$out/times.log"
