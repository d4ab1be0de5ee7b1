#!/bin/bash
# Runs every (input, variant) as its own node process, one at a time, REPS times (rep-major order).
# Output: results.jsonl (one JSON line per process). Then: node summarize.js results.jsonl
set -e
cd "$(dirname "$0")"
REPS=${REPS:-3}
OUT=${OUT:-results.jsonl}
: > "$OUT"
VARIANTS="A_decode B_decode_parse C_parse copy_only wasm_scalar wasm_simd wasm_index_resident wasm_index_copy1 wasm_index_batch total_copy1 total_batch total_batch_objs total_batch_sub total_batch_sub_objs"
for rep in $(seq 1 $REPS); do
  for input in compact portal diagnostic; do
    for v in $VARIANTS; do
      node bench.js $input $v 2 5 256 >> "$OUT"
    done
  done
  echo "rep $rep done $(date +%T) load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done
