#!/usr/bin/env python3
"""Compare two bench/parity.sh folders: metrics.csv without its time column, result.json without
its seconds, the printed result tables of the demo, the label-set GAN and the cGAN, and the COCO
files annotate wrote (summaries without their timings). Prints ALL SAME or the differences.

usage: bench/parity_compare.py BEFORE_DIR AFTER_DIR
"""
import csv, json, sys, os, re, glob, hashlib
a, b = sys.argv[1], sys.argv[2]
bad = 0
def rows(p):
    with open(p) as f:
        r = list(csv.DictReader(f))
    for x in r:
        x.pop('seconds', None)
    return r
for m in sorted(glob.glob(f'{a}/**/metrics.csv', recursive=True)):
    rel = os.path.relpath(m, a); o = os.path.join(b, rel)
    if not os.path.exists(o): print('MISSING', rel); bad += 1; continue
    ra, rb = rows(m), rows(o)
    same = ra == rb
    print(('same ' if same else 'DIFF ') + rel, f'({len(ra)} rows)')
    if not same:
        bad += 1
        for x, y in zip(ra, rb):
            if x != y: print('  ', x, '\n  ', y); break
for m in sorted(glob.glob(f'{a}/**/result.json', recursive=True)):
    rel = os.path.relpath(m, a); o = os.path.join(b, rel)
    ja, jb = json.load(open(m)), json.load(open(o))
    for j in (ja, jb): j.pop('seconds', None)
    print(('same ' if ja == jb else 'DIFF ') + rel); bad += ja != jb
def table(p):
    t = open(p).read()
    return [l for l in t.splitlines() if re.match(r'\s+(segmenter|tagger)\s.*\d\.\d{4}\s+\S+\s+[-+]\d\.\d{4}\s*$', l) or 'L1' in l or 'variation' in l or 'Fréchet distance (' in l or 'recognised' in l]
for log in ['demo.log', 'lg.log', 'cgan.log', 'ssl-dense.log']:
    ta, tb = table(f'{a}/{log}'), table(f'{b}/{log}')
    print(('same ' if ta == tb else 'DIFF ') + log, f'({len(ta)} lines)'); bad += ta != tb
    if ta != tb:
        for x, y in zip(ta, tb):
            if x != y: print('  ', x, '\n  ', y)
for f in sorted(glob.glob(f'{a}/ann-seg/**/*.json', recursive=True)) + sorted(glob.glob(f'{a}/demo/annotated/**/*.json', recursive=True)):
    rel = os.path.relpath(f, a); o = os.path.join(b, rel)
    h = lambda p: hashlib.sha1(open(p, 'rb').read()).hexdigest() if os.path.exists(p) else None
    s = h(f) == h(o)
    if not s and rel.endswith('summary.json'):
        ja, jb = json.load(open(f)), json.load(open(o))
        strip = lambda d: {k: v for k, v in d.items() if 'econd' not in k and 'time' not in k}
        s = strip(ja) == strip(jb)
    print(('same ' if s else 'DIFF ') + rel); bad += not s
print('ALL SAME' if bad == 0 else f'{bad} DIFFERENCES')
sys.exit(0 if bad == 0 else 1)
