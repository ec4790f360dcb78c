#!/usr/bin/env bash
# Benchmark: `shipshape dupes` over every repository folder of ../shared/corpus at once (issue 16's
# organisation-scale target: under 3 s with bounded memory), and the index workflow: one index per
# repository, then the merge. No peer finds infrastructure duplication by structure, so no ratio.
# Prints whole-process wall time (median of N runs) and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
NO_PEERS=1 . scripts/bench-common.sh
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
