#!/usr/bin/env bash
# Benchmark: every Dockerfile in ../shared/corpus, shipshape (all rules on) vs hadolint, in one run.
# Prints whole-process wall time (median of N runs), peak RSS, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus/dockerfile}
. scripts/bench-common.sh
list=$(mktemp)
find "$corpus" -type f \( -name 'Dockerfile' -o -name 'Dockerfile.*' -o -name '*.Dockerfile' -o -name '*.dockerfile' -o -name 'Dockerfile-*' \) \
  ! -name '*.template' ! -name '*.erb' ! -name '*.dockerignore' ! -name '*.txt' | sort > "$list"
n=$(wc -l < "$list")
read -r s_t s_m < <(measure "$runs" ./target/release/shipshape check --select ALL --exit-zero --format concise $(cat "$list"))
read -r h_t h_m < <(measure "$runs" sh -c "xargs $venv/bin/hadolint --no-fail < $list")
printf 'files: %s Dockerfiles, %s runs each (median wall time, max peak RSS)\n' "$n" "$runs"
printf 'shipshape: %6.3f s  %6d KiB\n' "$s_t" "$s_m"
printf 'hadolint:  %6.3f s  %6d KiB\n' "$h_t" "$h_m"
awk -v s="$s_t" -v h="$h_t" 'BEGIN { if (s > 0) printf "ratio: shipshape is %.1fx faster than hadolint\n", h / s; else print "ratio: shipshape below timer resolution" }'
rm -f "$list"
