#!/usr/bin/env python3
"""Writes a bigger COCO split out of a small one, for `annogan bench data`: every image of
SRC/annotations/instances_NAME.json repeated N times under new ids (symlinks to the same JPEGs, so
each repeat is decoded on its own: the image cache is keyed by id), with its annotations.

    python3 bench/repeat_coco.py ../shared/data/coco-tiny train2017 25 /tmp/coco-rep
"""
import json
import os
import sys

src, split, times, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(os.path.join(src, "annotations", f"instances_{split}.json")) as f:
    coco = json.load(f)
os.makedirs(os.path.join(out, "annotations"), exist_ok=True)
os.makedirs(os.path.join(out, split), exist_ok=True)
images, annotations = [], []
next_image, next_annotation = 1, 1
by_image = {}
for a in coco["annotations"]:
    by_image.setdefault(a["image_id"], []).append(a)
for r in range(times):
    for image in coco["images"]:
        name = f"r{r:03d}_{image['file_name']}"
        link = os.path.join(out, split, name)
        if os.path.lexists(link):  # an earlier run's link, perhaps to another SRC's image
            os.remove(link)
        os.symlink(os.path.abspath(os.path.join(src, split, image["file_name"])), link)
        images.append(dict(image, id=next_image, file_name=name))
        for a in by_image.get(image["id"], []):
            annotations.append(dict(a, id=next_annotation, image_id=next_image))
            next_annotation += 1
        next_image += 1
coco["images"], coco["annotations"] = images, annotations
with open(os.path.join(out, "annotations", f"instances_{split}.json"), "w") as f:
    json.dump(coco, f)
print(f"{len(images)} images, {len(annotations)} annotations in {out}")
