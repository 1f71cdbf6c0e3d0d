#!/bin/bash
# Images per second and peak memory of GAN pretraining, training on a backbone and pre-annotation
# at 224x224, on coco-tiny (BENCHMARKS.md, "Backbones from GAN pretraining").
# Usage: bench/backbone_speed.sh [JAR] [OUT] [THREADS]
set -euo pipefail
JAR=${1:-examples/target/annogan.jar}
OUT=${2:-runs/speed224}
THREADS=${3:-2}
C=${COCO_TINY:-../shared/data/coco-tiny}
SIZE=224
rm -rf "$OUT" && mkdir -p "$OUT"
J=(java "-Dai.djl.pytorch.num_threads=$THREADS" -jar "$JAR")
DATA=(--data coco "$C/annotations/instances_train2017.json" --images "$C/train2017"
      --val-data coco "$C/annotations/instances_val2017.json" --val-images "$C/val2017"
      --labeled-fraction 0.5 --size $SIZE --epochs 1)

timed() { # name, command...: prints wall seconds and peak resident memory
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$OUT/$name.time" "$@" > "$OUT/$name.log" 2>&1
    read -r seconds kb < "$OUT/$name.time"
    echo "$name: ${seconds} s wall, peak RSS $((kb / 1024)) MB"
}

timed pretrain "${J[@]}" pretrain --images "$C" --out "$OUT/pretrain" --size $SIZE --batch 16 \
    --epochs 1 --max-steps 10
grep -a "trained in" "$OUT/pretrain.log"
timed tagger "${J[@]}" train tagger "${DATA[@]}" --out "$OUT/tagger" --backbone "$OUT/pretrain/backbone"
grep -a "trained in\|images per step" "$OUT/tagger.log"
timed segmenter "${J[@]}" train segmenter "${DATA[@]}" --out "$OUT/segmenter" \
    --backbone "$OUT/pretrain/backbone"
grep -a "trained in\|images per step" "$OUT/segmenter.log"
for app in tagger segmenter; do
    timed "annotate-$app" "${J[@]}" annotate --model "$OUT/$app/model" --images "$C/val2017" \
        --out "$OUT/annotated-$app"
    grep -a "images" "$OUT/annotate-$app.log" | head -2
done
