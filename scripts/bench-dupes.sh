#!/usr/bin/env bash
# Benchmark: `shipshape dupes` over every repository folder of ../shared/corpus at once (issue 16's
# organisation-scale target: under 3 s with bounded memory), and the index workflow: one index per
# repository, then the merge. No peer finds infrastructure duplication by structure, so no ratio.
# Prints whole-process wall time (median of N runs) and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
corpus=${CORPUS:-../shared/corpus}
cargo build --release --quiet -p shipshape
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null 2>&1 || true; }
measure() {
  local n=$1; shift
  local times=() peak=0
  for _ in $(seq "$n"); do
    local tf out
    tf=$(mktemp)
    /usr/bin/time -o "$tf" -f '%e %M' "$@" > /dev/null 2>&1 || true
    out=$(tail -n 1 "$tf"); rm -f "$tf"
    times+=("${out% *}")
    local kib=${out#* }
    [ "$kib" -gt "$peak" ] && peak=$kib
  done
  printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "$peak"
}
mapfile -t repos < <(find "$corpus" -mindepth 2 -maxdepth 2 -type d | sort)
bin=./target/release/shipshape
read -r d_t d_m < <(measure "$runs" "$bin" dupes --format json "${repos[@]}")
idx=$(mktemp -d)
i=0
for r in "${repos[@]}"; do "$bin" dupes "$r" --index-out "$idx/$i.json"; i=$((i + 1)); done
args=(); for f in "$idx"/*.json; do args+=(--index "$f"); done
read -r m_t m_m < <(measure "$runs" "$bin" dupes --format json "${args[@]}")
clusters=$("$bin" dupes --format json "${repos[@]}" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["clusters"]))')
printf 'repositories: %s; clusters: %s; %s runs each (median wall time, max peak RSS)\n' "${#repos[@]}" "$clusters" "$runs"
printf 'dupes, one run over all:      %6.3f s  %7d KiB\n' "$d_t" "$d_m"
printf 'dupes, merge of %s indexes:   %6.3f s  %7d KiB (index files: %s KiB)\n' "${#repos[@]}" "$m_t" "$m_m" "$(du -sk "$idx" | cut -f1)"
rm -rf "$idx"
