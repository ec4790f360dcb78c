#!/usr/bin/env bash
# Benchmark: every Dockerfile in ../shared/corpus, shipshape (all rules on) vs hadolint, in one run.
# Prints whole-process wall time (median of N runs), peak RSS, and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
corpus=${CORPUS:-../shared/corpus/dockerfile}
venv=$(bash scripts/install-peers.sh | tail -n 1)
cargo build --release --quiet
list=$(mktemp)
find "$corpus" -type f \( -name 'Dockerfile' -o -name 'Dockerfile.*' -o -name '*.Dockerfile' -o -name '*.dockerfile' -o -name 'Dockerfile-*' \) \
  ! -name '*.template' ! -name '*.erb' ! -name '*.dockerignore' ! -name '*.txt' | sort > "$list"
n=$(wc -l < "$list")
measure() { # name, command...: prints "median_seconds peak_kib"
  local name=$1; shift
  local times=() peak=0
  for _ in $(seq "$runs"); do
    local out tf
    tf=$(mktemp)
    /usr/bin/time -o "$tf" -f '%e %M' "$@" > /dev/null 2>&1 || true
    out=$(tail -n 1 "$tf"); rm -f "$tf"
    times+=("${out% *}")
    local kib=${out#* }
    [ "$kib" -gt "$peak" ] && peak=$kib
  done
  local median
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$median $peak"
}
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null 2>&1 || true; }
read -r s_t s_m < <(measure shipshape ./target/release/shipshape check --select ALL --exit-zero --format concise $(cat "$list"))
read -r h_t h_m < <(measure hadolint sh -c "xargs $venv/bin/hadolint --no-fail < $list")
printf 'files: %s Dockerfiles, %s runs each (median wall time, max peak RSS)\n' "$n" "$runs"
printf 'shipshape: %6.3f s  %6d KiB\n' "$s_t" "$s_m"
printf 'hadolint:  %6.3f s  %6d KiB\n' "$h_t" "$h_m"
awk -v s="$s_t" -v h="$h_t" 'BEGIN { if (s > 0) printf "ratio: shipshape is %.1fx faster than hadolint\n", h / s; else print "ratio: shipshape below timer resolution" }'
rm -f "$list"
