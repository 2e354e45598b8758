#!/usr/bin/env bash
# Build benchmark: tierbook vs Hugo on the same generated corpus, measured in one run.
#
#   bench/run.sh                 # N = 1000 and 10000, plain and sidebar, 3 runs each
#   SIZES="1000" RUNS=5 bench/run.sh
#
# For each corpus the runs alternate tierbook, hugo, tierbook, hugo, ... so load from other
# processes hits both alike. Wall time and peak memory (max RSS) come from GNU time; the table
# shows the median of the runs. Corpora go to bench/corpus/, built sites to bench/out/ (both
# ignored by git). The table is printed and written to bench/out/results.md.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
VARIANTS=${VARIANTS:-"plain sidebar"}
RUNS=${RUNS:-3}
CORPUS=$PWD/bench/corpus
OUT=$PWD/bench/out

if ! command -v hugo >/dev/null; then
  echo "installing hugo" >&2
  apt-get install -y hugo >/dev/null || sudo apt-get install -y hugo >/dev/null
fi
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null

cargo build --release --quiet --bin tierbook --bin tierbook-corpus
mkdir -p "$CORPUS" "$OUT/bin"
# Copies, so that a rebuild in the same target folder during the run cannot change what is measured.
cp "${CARGO_TARGET_DIR:-$PWD/target}/release/tierbook" "${CARGO_TARGET_DIR:-$PWD/target}/release/tierbook-corpus" "$OUT/bin/"
TIERBOOK=$OUT/bin/tierbook

# Runs a command with GNU time; prints "seconds max_rss_kib".
measure() {
  local stats
  stats=$(mktemp)
  /usr/bin/time -o "$stats" -f '%e %M' "$@" >/dev/null 2>"$OUT/last-stderr.txt" || {
    echo "failed: $*" >&2
    cat "$OUT/last-stderr.txt" >&2
    exit 1
  }
  cat "$stats"
  rm -f "$stats"
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

{
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ { print $2 }') GiB"
  echo "tierbook: $($TIERBOOK --version) ($(git rev-parse --short HEAD)), $(rustc --version)"
  echo "hugo: $(hugo version)"
  echo "load before: $(uptime)"
} >"$OUT/header.txt"

rows=()
for n in $SIZES; do
  for variant in $VARIANTS; do
    dir=$CORPUS/$variant-$n
    "$OUT/bin/tierbook-corpus" --pages "$n" --variant "$variant" --out "$dir"
    tb_t=() tb_m=() hu_t=() hu_m=()
    for run in $(seq "$RUNS"); do
      rm -rf "$OUT/tierbook-$variant-$n" "$OUT/hugo-$variant-$n"
      sync
      stats=$(cd "$dir/tierbook" && measure "$TIERBOOK" build --output "$OUT/tierbook-$variant-$n")
      read -r t m <<<"$stats"
      tb_t+=("$t") tb_m+=("$m")
      stats=$(cd "$dir/hugo" && measure hugo --quiet --destination "$OUT/hugo-$variant-$n")
      read -r t m <<<"$stats"
      hu_t+=("$t") hu_m+=("$m")
      echo "$variant $n run $run: tierbook ${tb_t[-1]} s ${tb_m[-1]} KiB, hugo ${hu_t[-1]} s ${hu_m[-1]} KiB" >&2
    done
    tt=$(printf '%s\n' "${tb_t[@]}" | median) tm=$(printf '%s\n' "${tb_m[@]}" | median)
    ht=$(printf '%s\n' "${hu_t[@]}" | median) hm=$(printf '%s\n' "${hu_m[@]}" | median)
    rows+=("$(awk -v n="$n" -v v="$variant" -v tt="$tt" -v tm="$tm" -v ht="$ht" -v hm="$hm" -v runs="${tb_t[*]} / ${hu_t[*]}" 'BEGIN {
      printf "| %s | %s | %.2f | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.2f | %s |", n, v, tt, n / tt, tm / 1024, ht, n / ht, hm / 1024, tt / ht, tm / hm, runs
    }')")
  done
done
echo "load after: $(uptime)" >>"$OUT/header.txt"

{
  cat "$OUT/header.txt"
  echo
  echo "| pages | variant | tierbook s | tierbook pages/s | tierbook MiB | hugo s | hugo pages/s | hugo MiB | time ratio | memory ratio | runs (s): tierbook / hugo |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$OUT/results.md"
