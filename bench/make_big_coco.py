#!/usr/bin/env python3
"""Write a COCO instances file at train2017 scale for the parse benchmark.

usage: make_big_coco.py OUT.json [--images 118287] [--annotations 860001] [--seed 0]

The file has COCO's shape: 80 categories with COCO's sparse ids, images with license and
coco_url, annotations with polygons of 6-40 points (crowd RLE regions for 1%), bbox and area.
It is about the size of the real instances_train2017.json (~450 MB).
"""
import argparse, json, math, random

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--images", type=int, default=118287)
ap.add_argument("--annotations", type=int, default=860001)
ap.add_argument("--seed", type=int, default=0)
a = ap.parse_args()
rng = random.Random(a.seed)

cat_ids = [i for i in range(1, 91) if i not in (12, 26, 29, 30, 45, 66, 68, 69, 71, 83)]
categories = [{"supercategory": "thing", "id": c, "name": "class%d" % c} for c in cat_ids]
images = []
for i in range(a.images):
    w, h = rng.choice([(640, 480), (640, 427), (480, 640), (640, 426), (500, 375)])
    images.append({"license": rng.randint(1, 6), "file_name": "%012d.jpg" % (i + 1),
                   "coco_url": "http://images.cocodataset.org/train2017/%012d.jpg" % (i + 1),
                   "height": h, "width": w, "id": i + 1})

annotations = []
for k in range(a.annotations):
    img = images[rng.randrange(len(images))]
    w, h = img["width"], img["height"]
    cx, cy = rng.uniform(20, w - 20), rng.uniform(20, h - 20)
    r = rng.uniform(5, min(cx, cy, w - cx, h - cy))
    if rng.random() < 0.01:
        x0, y0 = int(cx - r), int(cy - r)
        side = int(2 * r)
        counts = [x0 * h + y0]
        for _ in range(side - 1):
            counts += [side, h - side]
        counts += [side, h * w - sum(counts) - side]
        seg = {"counts": counts, "size": [h, w]}
        bbox = [x0, y0, side, side]
        area = side * side
        crowd = 1
    else:
        n = rng.randint(6, 40)
        pts = []
        for j in range(n):
            t = 2 * math.pi * j / n
            rr = r * rng.uniform(0.6, 1.0)
            pts += [round(cx + rr * math.cos(t), 2), round(cy + rr * math.sin(t), 2)]
        xs, ys = pts[0::2], pts[1::2]
        bbox = [min(xs), min(ys), round(max(xs) - min(xs), 2), round(max(ys) - min(ys), 2)]
        seg = [pts]
        area = round(0.5 * abs(sum(xs[i] * ys[i - 1] - xs[i - 1] * ys[i] for i in range(n))), 4)
        crowd = 0
    annotations.append({"segmentation": seg, "area": area, "iscrowd": crowd,
                        "image_id": img["id"], "bbox": bbox,
                        "category_id": rng.choice(cat_ids), "id": k + 1})

with open(a.out, "w") as f:
    json.dump({"info": {"description": "synthetic train2017-scale file"}, "licenses": [],
               "images": images, "annotations": annotations, "categories": categories}, f)
print("wrote %s: %d images, %d annotations" % (a.out, len(images), len(annotations)))
