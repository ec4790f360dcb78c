#!/usr/bin/env bash
# Benchmark: Compose and Kubernetes files in ../shared/corpus. shipshape (all rules on) vs dclint (Compose)
# and checkov --framework kubernetes, on the same files, in one run. Median wall time of N runs for
# shipshape, of PEER_RUNS runs for the (much slower) peers; peak RSS; ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
compose=$(mktemp); k8s=$(mktemp)
find "$corpus/compose" -type f \( -name '*.yml' -o -name '*.yaml' \) | sort > "$compose"
find "$corpus/kubernetes" -type f \( -name '*.yml' -o -name '*.yaml' \) | sort > "$k8s"
read -r sc_t sc_m < <(measure "$runs" sh -c "xargs -d '\n' ./target/release/shipshape check --select ALL --exit-zero --format concise < $compose")
read -r d_t d_m < <(measure "$peer_runs" sh -c "xargs -d '\n' $venv/node/node_modules/.bin/dclint -q < $compose")
read -r sk_t sk_m < <(measure "$runs" sh -c "xargs -d '\n' ./target/release/shipshape check --select ALL --exit-zero --format concise < $k8s")
# checkov takes many files after one -f (xargs may split the list into a few checkov runs, which is
# checkov's real cost on that many files). BC_SKIP_MAPPING keeps it from trying the network.
read -r c_t c_m < <(measure "$peer_runs" sh -c "xargs -d '\\n' env BC_SKIP_MAPPING=TRUE $venv/bin/checkov --framework kubernetes --quiet --compact --skip-download -o json -f < $k8s")
printf 'files: %s Compose files, %s Kubernetes manifests; shipshape %s runs, peers %s (median wall time, max peak RSS)\n' \
  "$(wc -l < "$compose")" "$(wc -l < "$k8s")" "$runs" "$peer_runs"
printf 'shipshape, Compose:     %7.3f s  %7d KiB\n' "$sc_t" "$sc_m"
printf 'dclint, Compose:        %7.3f s  %7d KiB\n' "$d_t" "$d_m"
printf 'shipshape, Kubernetes:  %7.3f s  %7d KiB\n' "$sk_t" "$sk_m"
printf 'checkov, Kubernetes:    %7.3f s  %7d KiB\n' "$c_t" "$c_m"
awk -v s="$sc_t" -v d="$d_t" -v k="$sk_t" -v c="$c_t" 'BEGIN {
  if (s > 0) printf "Compose: %.0fx faster than dclint\n", d / s; else print "Compose: shipshape below timer resolution";
  if (k > 0) printf "Kubernetes: %.0fx faster than checkov\n", c / k; else print "Kubernetes: shipshape below timer resolution" }'
rm -f "$compose" "$k8s"
