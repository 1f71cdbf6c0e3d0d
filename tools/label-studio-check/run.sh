#!/usr/bin/env bash
# Checks AnnoGAN's Label Studio files in Label Studio's own frontend: trains a small segmenter
# and tagger on synthetic shapes, pre-annotates new images with each (annogan annotate), loads
# every task into @heartexlabs/label-studio 1.4.0 in headless Chromium, reads back the regions
# and choices Label Studio shows, and saves a screenshot of each.
#
# usage: tools/label-studio-check/run.sh [JAR] [OUT_DIR]
#   JAR      the built annogan.jar (default examples/target/annogan.jar)
#   OUT_DIR  where the runs, reports and screenshots go (default target/label-studio-check)
# Needs node and npm, and Chromium (Debian: apt-get install chromium); installs the npm packages
# from package-lock.json on first use. Exit code 0 when every region and choice shows.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=${1:-examples/target/annogan.jar}
out=${2:-target/label-studio-check}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [ -z "$chromium" ]; then
    echo "run.sh: Chromium is needed (Debian: apt-get install chromium; or set CHROMIUM)" >&2
    exit 2
fi
if [ ! -d "$here/node_modules/@heartexlabs/label-studio/build" ]; then
    (cd "$here" && npm ci --no-audit --no-fund)
fi
rm -rf "$out"
mkdir -p "$out"
run() { java -Dai.djl.pytorch.num_threads=1 -jar "$jar" "$@"; }
run shapes --out "$out/train" --images 300 --size 64 --seed 1 > "$out/shapes.log"
run shapes --out "$out/new" --images 8 --size 256 --seed 2 >> "$out/shapes.log"
root=http://annogan.invalid/images/
status=0
for app in segmenter tagger; do
    # A two-epoch segmenter is unsure of everything: every object it finds is shown.
    threshold=$([ "$app" = segmenter ] && echo 0 || echo 0.3)
    run train "$app" --data shapes "$out/train" --out "$out/$app-run" --labeled-fraction 0.5 \
        --epochs 2 --seed 1 > "$out/$app-train.log"
    run annotate --model "$out/$app-run/model" --images "$out/new/images" --out "$out/$app" \
        --image-root-url "$root" --threshold "$threshold" > "$out/$app-annotate.log"
    node "$here/check.mjs" --tasks "$out/$app/label-studio" --images "$out/new/images" \
        --root "$root" --out "$out/$app-check" --chromium "$chromium" || status=1
done
exit $status
