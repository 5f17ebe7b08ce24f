#!/usr/bin/env bash
# Fuzzes the readers of untrusted files with libFuzzer (and AddressSanitizer): the space parser,
# the routing trace reader and the CSV reader, each for SECONDS (default 60), from a corpus seeded
# with the shipped spaces, a generated trace and a small sweep's CSV files. A crash or a broken
# property (Sources/ndpscope-fuzz/FuzzTarget.swift) stops it with a non-zero exit; the input is
# kept in fuzz-artifacts/ (emptied at the start; replay it with `swift run ndpscope-fuzz TARGET FILE`).
#
# usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(space trace csv)

scratch=.build-fuzz
swift build -c release --scratch-path "$scratch" --product ndpscope-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -use-ld=lld
fuzzer="$scratch/release/ndpscope-fuzz"
swift build -c release --product ndpscope
ndpscope="$(swift build -c release --show-bin-path)/ndpscope"

rm -rf fuzz-artifacts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/space" "$work/trace" "$work/csv" fuzz-artifacts
cp spaces/*.yaml spaces/calibration/*.yaml "$work/space/"
"$ndpscope" trace generate --model olmoe-1b-7b --prompt 3 --output 2 --out "$work/trace/small.jsonl" >/dev/null
"$ndpscope" sweep spaces/expert-scaling.yaml --out "$work/sweep" --no-report --quiet >/dev/null
head -c 4000 "$work/sweep/results.csv" > "$work/csv/results-head.csv"
head -c 4000 "$work/sweep/pareto.csv" > "$work/csv/pareto-head.csv"

for target in "${targets[@]}"; do
  echo "== fuzzing $target for $seconds s"
  # A fixed seed: every CI run tries the same inputs in the same order (FUZZ_SEED varies it).
  status=0
  # Swift's own backtracer reads memory ASan guards; libFuzzer's report is the one to keep.
  SWIFT_BACKTRACE=enable=no "$fuzzer" "$target" "$work/$target" -seed="${FUZZ_SEED:-1}" -max_total_time="$seconds" -max_len=8192 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="fuzz-artifacts/$target-" -print_final_stats=1 \
    > "$work/$target.log" 2>&1 || status=$?
  grep -E "stat::number_of_executed_units|ERROR|SUMMARY|Test unit written|broken property" "$work/$target.log" || true
  if [ "$status" -ne 0 ] || ls fuzz-artifacts/"$target"-* >/dev/null 2>&1; then
    tail -40 "$work/$target.log"
    echo "fuzzing $target failed (exit $status): $(ls fuzz-artifacts/ 2>/dev/null | tr '\n' ' ')"
    exit 1
  fi
done
