#!/usr/bin/env bash
# Benchmark: a secret scan of the whole ../shared/corpus (every file), shipshape (secret rules only,
# then every rule) against detect-secrets `scan --all-files`, in one run. Median wall time of RUNS
# runs for shipshape, of PEER_RUNS runs for detect-secrets; peak RSS; the ratio; finding counts.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
files=$(find "$corpus" -type f | wc -l)
bytes=$(du -sb "$corpus" | cut -f1)
read -r s_t s_m < <(measure "$runs" ./target/release/shipshape check --select SEC --exit-zero --format concise "$corpus")
read -r a_t a_m < <(measure "$runs" ./target/release/shipshape check --select ALL --exit-zero --format concise "$corpus")
# detect-secrets finds nothing when given a directory outside the working one: run it inside.
# Its report is kept from the timed run and counted afterwards (a second scan would take as long).
report=$(mktemp)
ds="cd '$corpus' && '$PWD/$venv-ds/bin/detect-secrets' scan --all-files . > '$report'"
read -r d_t d_m < <(measure "$peer_runs" sh -c "$ds")
ours=$(./target/release/shipshape check --select SEC --exit-zero --format concise "$corpus" | grep -c ' SEC0' || true)
theirs=$(python3 -c 'import json,sys; print(sum(len(v) for v in json.load(sys.stdin)["results"].values()))' < "$report")
printf 'corpus: %s files, %s MB; shipshape %s runs, detect-secrets %s (median wall time, max peak RSS)\n' "$files" "$((bytes / 1000000))" "$runs" "$peer_runs"
printf 'shipshape, secret rules: %8.3f s  %7d KiB  %5s findings\n' "$s_t" "$s_m" "$ours"
printf 'shipshape, every rule:   %8.3f s  %7d KiB\n' "$a_t" "$a_m"
printf 'detect-secrets:          %8.3f s  %7d KiB  %5s findings\n' "$d_t" "$d_m" "$theirs"
awk -v a="$d_t" -v b="$s_t" -v c="$a_t" 'BEGIN { printf "secrets: %.0fx faster than detect-secrets (%.0fx with every rule on)\n", a / b, a / c }'
