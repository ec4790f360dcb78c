#!/usr/bin/env bash
# Scale (issue 19): shipshape over synthetic trees of 10×, 100× (and, with SIZES="10 100 1000",
# 1,000×) the corpus, made of hard links (no disk copy), reporting files, time, files/s and peak RSS.
#   bash scripts/bench-scale.sh            # 10× and 100×
#   SIZES="10" bash scripts/bench-scale.sh
# The trees above 10× are removed afterwards (their directories alone take gigabytes); KEEP=1 keeps them.
set -euo pipefail
cd "$(dirname "$0")/.."
NO_PEERS=1 RUNS=1
source scripts/bench-common.sh
sizes=${SIZES:-"10 100"}
root=target/scale
mkdir -p "$root"
# x10 holds ten links of the corpus; x100 ten links of x10, and so on.
max=$(printf '%s\n' $sizes | sort -n | tail -n 1)
prev=$corpus
for n in 10 100 1000; do
  [ "$n" -le "$max" ] || break
  dir=$root/x$n
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    for k in $(seq 1 10); do cp -al "$prev" "$dir/c$k"; done
  fi
  prev=$dir
done
printf '| tree | files | wall (s) | files/s | peak RSS (MiB) |\n|---|---:|---:|---:|---:|\n'
for n in $sizes; do
  dir=$root/x$n
  files=$(find "$dir" -type f | wc -l)
  read -r wall kib < <(measure 1 target/release/shipshape check --format concise --exit-zero --no-progress "$dir")
  printf '| %s× corpus | %s | %s | %s | %s |\n' "$n" "$files" "$wall" \
    "$(awk -v f="$files" -v w="$wall" 'BEGIN {printf "%d", f / (w > 0 ? w : 1)}')" "$((kib / 1024))"
done
if [ "${KEEP:-0}" != 1 ]; then
  for n in 100 1000; do rm -rf "$root/x$n"; done
fi
