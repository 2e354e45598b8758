#!/usr/bin/env bash
# Build benchmark: tierbook vs Hugo on the same generated corpus, measured in one run.
#
#   bench/run.sh                 # N = 1000 and 10000, plain, sidebar and sections, 3 runs each
#   SIZES="1000" RUNS=5 bench/run.sh
#   BENCH_DIR=/dev/shm/tierbook-bench bench/run.sh   # corpora and outputs on tmpfs
#
# For each corpus the runs alternate tierbook, hugo, tierbook, hugo, ... so load from other
# processes hits both alike. Wall time, CPU time (user + system) and peak memory (max RSS) come
# from GNU time; the table shows the median of the runs. Corpora go to bench/corpus/, built sites
# to bench/out/ (both ignored by git; BENCH_DIR moves both). The table is printed and written to
# <out>/results.md.
set -euo pipefail

cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000"}
VARIANTS=${VARIANTS:-"plain sidebar sections"}
RUNS=${RUNS:-3}
# Corpora and built sites go under BENCH_DIR (default bench/, ignored by git); a tmpfs folder
# keeps the disk out of the comparison.
BENCH_DIR=${BENCH_DIR:-$PWD/bench}
CORPUS=$BENCH_DIR/corpus
OUT=$BENCH_DIR/out

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

# Runs a command with GNU time; prints "wall_seconds max_rss_kib cpu_seconds" (CPU: user + system).
measure() {
  local stats
  stats=$(mktemp)
  /usr/bin/time -o "$stats" -f '%e %M %U %S' "$@" >/dev/null 2>"$OUT/last-stderr.txt" || {
    echo "failed: $*" >&2
    cat "$OUT/last-stderr.txt" >&2
    exit 1
  }
  awk '{ print $1, $2, $3 + $4 }' "$stats"
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
: >"$OUT/loads.txt"
for n in $SIZES; do
  for variant in $VARIANTS; do
    dir=$CORPUS/$variant-$n
    "$OUT/bin/tierbook-corpus" --pages "$n" --variant "$variant" --out "$dir"
    tb_t=() tb_m=() tb_c=() hu_t=() hu_m=() hu_c=()
    for run in $(seq "$RUNS"); do
      rm -rf "$OUT/tierbook-$variant-$n" "$OUT/hugo-$variant-$n"
      sync
      stats=$(cd "$dir/tierbook" && measure "$TIERBOOK" build --output "$OUT/tierbook-$variant-$n")
      read -r t m c <<<"$stats"
      tb_t+=("$t") tb_m+=("$m") tb_c+=("$c")
      stats=$(cd "$dir/hugo" && measure hugo --quiet --destination "$OUT/hugo-$variant-$n")
      read -r t m c <<<"$stats"
      hu_t+=("$t") hu_m+=("$m") hu_c+=("$c")
      echo "$variant $n run $run: tierbook ${tb_t[-1]} s ${tb_c[-1]} s CPU ${tb_m[-1]} KiB, hugo ${hu_t[-1]} s ${hu_c[-1]} s CPU ${hu_m[-1]} KiB" >&2
    done
    echo "load after $variant-$n: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loads.txt"
    # Phase profiles: RUNS more tierbook runs with TIERBOOK_TIMINGS=1, kept in bench/out as
    # phases-<variant>-<pages>-<run>.txt; the search index's share of the phases' CPU time in
    # each goes into the results (one run alone is too noisy to judge a 15% target by).
    shares=()
    for run in $(seq "$RUNS"); do
      rm -rf "$OUT/tierbook-$variant-$n"
      phases=$OUT/phases-$variant-$n-$run.txt
      (cd "$dir/tierbook" && TIERBOOK_TIMINGS=1 "$TIERBOOK" build --output "$OUT/tierbook-$variant-$n" 2>"$phases" >/dev/null)
      shares+=("$(awk '/^timing: [a-z]/ { for (i = 1; i < NF; i++) if ($i == "cpu") { all += $(i + 1); if (/search index/) s += $(i + 1) } }
        END { printf "%.1f", all ? 100 * s / all : 0 }' "$phases")")
    done
    echo "search index, % of the phases' CPU, $variant-$n: ${shares[*]}" >>"$OUT/loads.txt"
    tt=$(printf '%s\n' "${tb_t[@]}" | median) tm=$(printf '%s\n' "${tb_m[@]}" | median)
    ht=$(printf '%s\n' "${hu_t[@]}" | median) hm=$(printf '%s\n' "${hu_m[@]}" | median)
    tc=$(printf '%s\n' "${tb_c[@]}" | median) hc=$(printf '%s\n' "${hu_c[@]}" | median)
    rows+=("$(awk -v n="$n" -v v="$variant" -v tt="$tt" -v tm="$tm" -v ht="$ht" -v hm="$hm" -v tc="$tc" -v hc="$hc" -v runs="${tb_t[*]} / ${hu_t[*]}" 'BEGIN {
      printf "| %s | %s | %.2f | %.2f | %.0f | %.0f | %.2f | %.2f | %.0f | %.0f | %.2f | %.2f | %.2f | %s |", n, v, tt, tc, n / tt, tm / 1024, ht, hc, n / ht, hm / 1024, tt / ht, tc / hc, tm / hm, runs
    }')")
  done
done
echo "load after: $(uptime)" >>"$OUT/header.txt"

{
  cat "$OUT/header.txt" "$OUT/loads.txt"
  echo
  echo "| pages | variant | tierbook wall s | tierbook CPU s | tierbook pages/s | tierbook MiB | hugo wall s | hugo CPU s | hugo pages/s | hugo MiB | wall ratio | CPU ratio | memory ratio | wall runs (s): tierbook / hugo |"
  echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$OUT/results.md"
