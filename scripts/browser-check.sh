#!/usr/bin/env bash
# Renders DIR/index.html with headless Chromium (Debian package `chromium`) to a PNG, and fails if
# the page logs an error to the console or the PNG is blank.
# Usage: scripts/browser-check.sh DIR [PNG]   (PNG defaults to a temporary file)
set -euo pipefail
dir=${1:?usage: browser-check.sh DIR [PNG]}
page=$(realpath "$dir/index.html")
work=$(mktemp -d /tmp/ndpscope-browser.XXXXXX)
trap 'rm -rf "$work"' EXIT
png=${2:-$work/page.png}
browser=$(command -v chromium || command -v chromium-browser || true)
[[ -n "$browser" ]] || { echo "browser-check: chromium is not installed (apt-get install chromium)" >&2; exit 1; }

# --enable-logging=stderr --v=1 makes console messages appear as CONSOLE lines on stderr.
timeout 120 "$browser" --headless=new --no-sandbox --disable-gpu --hide-scrollbars \
  --user-data-dir="$work/profile" --enable-logging=stderr --v=1 --window-size=1280,2400 \
  --screenshot="$png" "file://$page" >"$work/stdout.log" 2>"$work/stderr.log" || {
  echo "browser-check: chromium failed" >&2; tail -20 "$work/stderr.log" >&2; exit 1; }

if grep -E "CONSOLE[(:]" "$work/stderr.log" | grep -Ei "error|uncaught" >&2; then
  echo "browser-check: the page logged an error (above)" >&2
  exit 1
fi
[[ -s "$png" ]] || { echo "browser-check: no screenshot was written" >&2; exit 1; }

python3 - "$png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat = 8, b""
while pos < len(data):
    length = struct.unpack(">I", data[pos:pos + 4])[0]
    kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
    pos += 12 + length
    if kind == b"IHDR":
        width, height, depth, colour = struct.unpack(">IIBB", body[:10])
    elif kind == b"IDAT":
        idat += body
raw = zlib.decompress(idat)
# Distinct byte values over the image (filter bytes included): a blank page has a handful.
distinct = len(set(raw[:: max(1, len(raw) // 400000)]))
if distinct < 16:
    sys.exit("browser-check: the screenshot is blank (%d distinct values)" % distinct)
print("browser-check: rendered %dx%d, %d distinct values, no console errors" % (width, height, distinct))
PY
