#!/usr/bin/env bash
# Measures the calculator's browser payload (the .wasm plus its JS glue), raw and gzipped (-9),
# as embedded in the tierbook binary. Budget: at most 20 KB (20,480 bytes) gzipped together.
# Usage: scripts/wasm-size.sh [--release]
set -euo pipefail
cd "$(dirname "$0")/.."
profile=debug
if [[ "${1:-}" == "--release" ]]; then profile=release; fi
cargo build --quiet ${1:-} >&2
# The newest generated copy (test and build runs keep separate build-script output folders).
out=$(dirname "$(ls -t target/"$profile"/build/tierbook-*/out/calculator_bg.wasm | head -n 1)")
total_raw=0
total_gz=0
printf '%-22s %10s %10s\n' file raw gzip
for f in calculator_bg.wasm calculator.js; do
  raw=$(stat -c %s "$out/$f")
  gz=$(gzip -9 -c "$out/$f" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '%-22s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-22s %10d %10d\n' total "$total_raw" "$total_gz"
# A panic site in the wasm path links core's panic formatting back in (about 8 KB); its tell is
# the source paths of panic locations in the data section.
if grep -aqE 'src/[a-z0-9_/]+\.rs' "$out/calculator_bg.wasm"; then
  echo "the wasm contains panic locations: a panic site (indexing, unwrap, division by a variable) is in the wasm path" >&2
  exit 1
fi
if ((total_gz > 20480)); then
  echo "over budget: $total_gz > 20480 bytes gzipped" >&2
  exit 1
fi
