#!/usr/bin/env bash
# Renders the demo's report in headless Chromium and saves a screenshot, to check that it shows.
#   bench/report_screenshot.sh [REPORT_HTML] [PNG]   (defaults: runs/demo/report.html, runs/demo/report.png)
# Needs Debian's chromium package (apt-get install -y chromium). The page loads nothing from the
# network; the flags keep Chromium itself offline and quiet too.
set -euo pipefail
report="${1:-runs/demo/report.html}"
png="${2:-$(dirname "$report")/report.png}"
if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium is not installed (apt-get install -y chromium)" >&2
    exit 2
fi
[ -f "$report" ] || { echo "no such file: $report" >&2; exit 2; }
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
rm -f "$png"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --screenshot="$(realpath -m "$png")" --window-size=1200,1600 \
    "file://$(realpath "$report")" 2>"$profile/chromium.log" || true
if [ ! -s "$png" ]; then
    echo "chromium wrote no screenshot; its log:" >&2
    cat "$profile/chromium.log" >&2
    exit 1
fi
echo "wrote $png"
