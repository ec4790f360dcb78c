#!/usr/bin/env bash
# Benchmark: CI files in ../shared/corpus. shipshape (all rules on) vs actionlint (no shellcheck, no
# pyflakes) and zizmor --offline on the same workflow files, in one run; shipshape on GitLab CI too.
# Prints whole-process wall time (median of N runs), peak RSS and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-common.sh
gha=$(mktemp); gl=$(mktemp)
find "$corpus/github-actions" -path '*/.github/workflows/*' -type f \( -name '*.yml' -o -name '*.yaml' \) | sort > "$gha"
find "$corpus/gitlab-ci" -type f \( -name '*.yml' -o -name '*.yaml' \) | sort > "$gl"
read -r s_t s_m < <(measure "$runs" sh -c "xargs -d '\n' ./target/release/shipshape check --select ALL --exit-zero --format concise < $gha")
read -r a_t a_m < <(measure "$runs" sh -c "xargs -d '\n' $venv/bin/actionlint -shellcheck= -pyflakes= < $gha")
read -r z_t z_m < <(measure "$runs" sh -c "xargs -d '\n' $venv/bin/zizmor --offline --no-progress --no-exit-codes --persona auditor < $gha")
read -r g_t g_m < <(measure "$runs" sh -c "xargs -d '\n' ./target/release/shipshape check --select ALL --exit-zero --format concise < $gl")
printf 'files: %s workflows, %s GitLab CI files; %s runs each (median wall time, max peak RSS)\n' \
  "$(wc -l < "$gha")" "$(wc -l < "$gl")" "$runs"
printf 'shipshape, workflows:   %6.3f s  %7d KiB\n' "$s_t" "$s_m"
printf 'actionlint, workflows:  %6.3f s  %7d KiB\n' "$a_t" "$a_m"
printf 'zizmor, workflows:      %6.3f s  %7d KiB\n' "$z_t" "$z_m"
printf 'shipshape, GitLab CI:   %6.3f s  %7d KiB\n' "$g_t" "$g_m"
awk -v s="$s_t" -v a="$a_t" -v z="$z_t" 'BEGIN { if (s > 0) printf "ratios: %.1fx faster than actionlint, %.1fx faster than zizmor\n", a / s, z / s; else print "ratios: shipshape below timer resolution" }'
rm -f "$gha" "$gl"
