#!/usr/bin/env python3
"""POST one task per request to a running `annogan serve` and print its resident memory every
1,000 requests (BENCHMARKS.md, "The ML backend under load").

usage: bench/serve_load.py IMAGE_PATH [--port 9191] [--requests 8000] [--pid PID]
"""
import argparse, json, time, urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("image")
ap.add_argument("--port", type=int, default=9191)
ap.add_argument("--requests", type=int, default=8000)
ap.add_argument("--pid", type=int, help="the server's process id, for its resident memory")
a = ap.parse_args()
body = json.dumps({"tasks": [{"id": 1, "data": {"image": a.image}}]}).encode()

def rss_mb():
    if a.pid is None:
        return float("nan")
    for line in open(f"/proc/{a.pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")

start = time.time()
for i in range(1, a.requests + 1):
    request = urllib.request.Request(
        f"http://127.0.0.1:{a.port}/predict", data=body,
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        response.read()
    if i % 1000 == 0:
        print(f"{i} requests, {time.time() - start:.1f} s, resident {rss_mb():.0f} MB", flush=True)
