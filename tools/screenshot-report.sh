#!/usr/bin/env bash
# Renders an HTML report to a PNG with headless Chromium, for looking at `hone improve`'s report.html.
# Usage: tools/screenshot-report.sh REPORT.html OUT.png
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 REPORT.html OUT.png" >&2
    exit 2
fi
report=$1
out=$2
if [[ ! -f "$report" ]]; then
    echo "screenshot-report: no such file: $report" >&2
    exit 2
fi

if [[ ! -x /usr/bin/chromium ]]; then
    sudo=""
    if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
    echo "screenshot-report: installing chromium with apt-get" >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
fi

abs_report=$(realpath "$report")
mkdir -p "$(dirname "$out")"
abs_out=$(realpath "$out")
rm -f "$abs_out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# Chromium's own log noise goes to a file; it is shown only when no PNG came out.
log="$profile/chromium.log"
/usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$profile" --window-size=1280,3000 \
    --screenshot="$abs_out" "file://$abs_report" >"$log" 2>&1 || true

if [[ ! -s "$abs_out" ]]; then
    tail -n 20 "$log" >&2 || true
    echo "screenshot-report: chromium did not produce $out" >&2
    exit 1
fi
echo "$abs_out"
