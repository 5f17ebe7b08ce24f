#!/usr/bin/env bash
# Makes every page the tool writes (each shipped space's sweep report, the validation page, an
# eval page, a sensitivity page, a compare page) with NDPSCOPE, run from a folder outside the repository, and checks them all in
# headless Chromium at 1,280 px (scripts/browser-check.py), the example report with --self-test.
# Installs Debian's chromium and chromium-driver and a Python venv with selenium and PyYAML (in
# /tmp, outside the repository) when missing.
# Usage: scripts/browser-pages.sh NDPSCOPE [SCREENSHOT_DIR]
set -euo pipefail
ndpscope=$(realpath "${1:?usage: browser-pages.sh NDPSCOPE [SCREENSHOT_DIR]}")
repository=$(cd "$(dirname "$0")/.." && pwd)
shots=${2:-}

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
venv=/tmp/ndpscope-browser-venv
if ! "$venv/bin/python" -c "import selenium, yaml" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q selenium pyyaml
fi

work=$(mktemp -d /tmp/ndpscope-pages.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
pages=()
# A space that draws more than 20,000 samples (bandwidth-sizing's million) is swept as a copy with
# 20,000: the page is built by the same code (its charts sample a bounded number of rows), and this
# check runs a debug build.
for space in "$repository"/spaces/*.yaml; do
  name=$(basename "$space" .yaml)
  samples=$(sed -n 's/^samples: *\([0-9]*\).*/\1/p' "$space")
  if [ -n "$samples" ] && [ "$samples" -gt 20000 ]; then
    sed 's/^samples: .*/samples: 20000/' "$space" > "$work/$name.yaml"
    echo "$name: checked with 20,000 of its $samples samples"
    space="$work/$name.yaml"
  fi
  "$ndpscope" sweep "$space" --out "$name" --quiet >/dev/null
  pages+=("$name")
done
"$ndpscope" validate --out validation --calibration "$repository/spaces/calibration/seed-papers.yaml" >/dev/null
pages+=(validation/index.html)
mkdir eval
"$ndpscope" eval --model qwen3-30b-a3b --prompt 64 --output 16 --policy all --report eval/index.html >/dev/null
pages+=(eval/index.html)
mkdir sensitivity
"$ndpscope" sensitivity --model qwen3-30b-a3b --prompt 64 --output 16 --report sensitivity/index.html >/dev/null
pages+=(sensitivity/index.html)
mkdir compare
for units in 4 8; do
  "$ndpscope" eval --model qwen3-30b-a3b --prompt 64 --output 16 --policy all --ndp-units "$units" --format csv \
    > "compare/units-$units.csv"
done
"$ndpscope" compare compare/units-4.csv compare/units-8.csv --report compare/index.html >/dev/null
pages+=(compare/index.html)

"$venv/bin/python" "$repository/scripts/browser-check.py" ${shots:+--screenshots "$shots"} "${pages[@]}"
"$venv/bin/python" "$repository/scripts/browser-check.py" --self-test "$repository/reports/example"
