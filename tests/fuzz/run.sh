#!/usr/bin/env bash
# Run every libFuzzer target in BUILD_DIR for SECONDS each, starting from its
# committed seed corpus tests/fuzz/corpus/<target>/. New inputs go to a
# scratch copy so the committed corpus stays as reviewed. Fails on any crash.
set -euo pipefail
build=$(cd "${1:?usage: run.sh BUILD_DIR SECONDS}" && pwd) # absolute: targets run from a scratch dir
secs=${2:-20}
here=$(cd "$(dirname "$0")" && pwd)
shopt -s nullglob
ran=0
for bin in "$build"/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin")
  work=$(mktemp -d)
  if [ -d "$here/corpus/$name" ]; then cp -r "$here/corpus/$name/." "$work/"; fi
  dict=()
  if [ -f "$here/$name.dict" ]; then dict=(-dict="$here/$name.dict"); fi
  echo "fuzz: $name for ${secs}s"
  (cd "$work" && "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
      "${dict[@]}" -print_final_stats=1 "$work" >"$work.log" 2>&1) || {
    tail -n 60 "$work.log"; echo "fuzz: $name FAILED"; exit 1; }
  tail -n 3 "$work.log"
  rm -rf "$work" "$work.log"
  ran=$((ran + 1))
done
echo "fuzz: $ran target(s) ran clean"
