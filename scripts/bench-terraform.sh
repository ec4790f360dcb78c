#!/usr/bin/env bash
# Benchmark: the Terraform files of ../shared/corpus, shipshape (all rules on) against checkov
# --framework terraform on the same directory, in one run. Median wall time of RUNS runs for
# shipshape, of PEER_RUNS runs for checkov; peak RSS; the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
files=$(find "$corpus/terraform" -name '*.tf' | wc -l)
read -r s_t s_m < <(measure "$runs" ./target/release/shipshape check --select ALL --exit-zero --format concise "$corpus/terraform")
read -r c_t c_m < <(measure "$peer_runs" env BC_SKIP_MAPPING=TRUE "$venv/bin/checkov" --framework terraform --quiet --compact --skip-download -o json -d "$corpus/terraform")
printf 'files: %s .tf files; shipshape %s runs, checkov %s (median wall time, max peak RSS)\n' "$files" "$runs" "$peer_runs"
printf 'shipshape, Terraform: %8.3f s  %7d KiB\n' "$s_t" "$s_m"
printf 'checkov, Terraform:   %8.3f s  %7d KiB\n' "$c_t" "$c_m"
awk -v a="$c_t" -v b="$s_t" 'BEGIN { printf "Terraform: %.0fx faster than checkov\n", a / b }'
