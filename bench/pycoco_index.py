#!/usr/bin/env python3
"""Time what pycocotools' COCO(annotation_file) does: json.load, then build its indexes
(anns, imgs, cats by id; imgToAnns; catToImgs). Prints one JSON line with "ms".

usage: pycoco_index.py FILE
"""
import json, sys, time
from collections import defaultdict

t0 = time.perf_counter()
with open(sys.argv[1]) as f:
    dataset = json.load(f)
anns, cats, imgs = {}, {}, {}
img_to_anns, cat_to_imgs = defaultdict(list), defaultdict(list)
for ann in dataset.get("annotations", []):
    img_to_anns[ann["image_id"]].append(ann)
    anns[ann["id"]] = ann
for img in dataset.get("images", []):
    imgs[img["id"]] = img
for cat in dataset.get("categories", []):
    cats[cat["id"]] = cat
for ann in dataset.get("annotations", []):
    cat_to_imgs[ann["category_id"]].append(ann["image_id"])
ms = (time.perf_counter() - t0) * 1000
print(json.dumps({"ms": round(ms, 1), "images": len(imgs), "annotations": len(anns)}))
