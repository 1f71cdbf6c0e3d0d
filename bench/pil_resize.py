#!/usr/bin/python3
"""Decode and resize every COCO-tiny JPEG with PIL and print images per second.

The reference for ImageLoadBenchmark (datasets/src/test/java/dev/annogan/datasets/image):
same files, same output size, one thread, median of several passes after one warm-up pass.

    /usr/bin/python3 bench/pil_resize.py [--data ../shared/data/coco-tiny] [--size 128] [--passes 5]

Needs PIL only (Debian: apt-get install python3-pil). The default line is PIL's plain path,
open -> convert("RGB") -> resize(BOX), the area filter ImageLoader uses; the other lines show
PIL's bilinear filter and its JPEG draft mode (libjpeg DCT scaling, which ImageIO lacks).
PIL stops at 8-bit pixels: it does no float conversion or normalisation, which ImageLoader's
figure includes.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from PIL import Image


def jpegs(root):
    files = []
    for split in ("train2017", "val2017"):
        files.extend(sorted((root / split).glob("*.jpg")))
    if not files:
        sys.exit(f"no JPEGs under {root}/train2017 or {root}/val2017")
    return files


def plain(resample):
    def load(path, size):
        with Image.open(path) as im:
            return im.convert("RGB").resize((size, size), resample)

    return load


def draft(path, size):
    with Image.open(path) as im:
        # draft() picks the smallest DCT scale (1/2, 1/4, 1/8) that stays >= the request;
        # asking for twice the output keeps two samples per output pixel, as ImageLoader does.
        im.draft("RGB", (2 * size, 2 * size))
        return im.convert("RGB").resize((size, size), Image.BOX)


def rate(files, load, size, passes):
    for path in files:  # warm-up: file cache, lazy imports
        load(path, size)
    rates = []
    for _ in range(passes):
        start = time.perf_counter()
        for path in files:
            load(path, size)
        rates.append(len(files) / (time.perf_counter() - start))
    return statistics.median(rates), rates


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/coco-tiny"))
    parser.add_argument("--size", type=int, default=128)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    files = jpegs(args.data)
    print(f"PIL {Image.__version__}: {len(files)} JPEGs -> {args.size}x{args.size}, "
          f"{args.passes} passes, 1 thread")
    variants = [
        ("pil box (default)", plain(Image.BOX)),
        ("pil bilinear", plain(Image.BILINEAR)),
        ("pil draft+box", draft),
    ]
    for name, load in variants:
        median, rates = rate(files, load, args.size, args.passes)
        passes = " ".join(f"{r:.0f}" for r in rates)
        print(f"{name:18s} {median:7.1f} images/s (median; passes: {passes})")


if __name__ == "__main__":
    main()
