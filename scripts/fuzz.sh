#!/usr/bin/env bash
# The fuzzing harness (issue 12): seeded mutations of the corpus, the rules' examples and the
# regression cases, run through every oracle (crates/shipshape-fuzz).
#
#   bash scripts/fuzz.sh              the short seeded CI run: seed 1, a fixed number of inputs (~3 min
#                                     on 2 cores), every 50th diff cross-checked with `git apply`
#   bash scripts/fuzz.sh --long       1,000,000 inputs
#   options: --seed N  --jobs N (default: nproc)  --inputs N  --out DIR (default target/fuzz)
#            -- ARGS...  passed on to shipshape-fuzz (e.g. -- --time 600)
#
# One process per job, each with its own shard of the seed's input stream (input i runs in shard
# i mod jobs), so the set of inputs does not depend on the number of jobs. Each process runs under
# `ulimit -v` as a hard memory backstop. When the watchdog stops a process (an input over 10 s) or
# it dies (out of memory, killed), the input is saved and the shard goes on from the next input.
# Exit status: 0 when every shard passed, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

seed=1
jobs=$(nproc 2>/dev/null || echo 2)
out=target/fuzz
long=0
inputs=""
extra=()
while [ $# -gt 0 ]; do
    case "$1" in
        --long) long=1 ;;
        --seed) seed=$2; shift ;;
        --jobs) jobs=$2; shift ;;
        --inputs) inputs=$2; shift ;;
        --out) out=$2; shift ;;
        --) shift; extra=("$@"); break ;;
        *) echo "usage: bash scripts/fuzz.sh [--long] [--seed N] [--jobs N] [--inputs N] [--out DIR] [-- ARGS...]" >&2; exit 2 ;;
    esac
    shift
done

if [ "$long" = 1 ]; then
    inputs=${inputs:-1000000}
    mode=()
    cap=""
else
    # Sized for about 3 minutes on 2 cores; the time cap keeps a slow machine from running long.
    inputs=${inputs:-80000}
    mode=(--ci)
    cap=420
fi

# SHIPSHAPE_FUZZ_BIN: run a binary built earlier (e.g. a snapshot) instead of building one.
bin=${SHIPSHAPE_FUZZ_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release --quiet -p shipshape-fuzz
    bin=target/release/shipshape-fuzz
fi
rm -rf "$out"
mkdir -p "$out"
# 4 GiB of address space per process: far above the 1 GiB resident-set oracle, low enough that a
# runaway allocation ends the process instead of the machine.
vlimit=$((4 * 1024 * 1024))

echo "fuzz: seed $seed, $inputs inputs, $jobs processes, output in $out"
start=$(date +%s)

# One shard: run it; when the watchdog stops it (status 3: an input ran over the time limit, saved)
# or it dies (out of memory under ulimit -v, killed: the input is regenerated from the progress
# file and saved), note the failure and go on from the next input.
run_shard() {
    local i=$1 from=0 restarts=0 rc s idx log="$out/shard-$i.log" budget=()
    while :; do
        if [ -n "$cap" ]; then
            budget=(--time $((start + cap - $(date +%s))))
            if [ "${budget[1]}" -le 0 ]; then
                echo "$((restarts > 0))" >"$out/shard-$i.status"
                return
            fi
        fi
        rc=0
        (
            ulimit -v "$vlimit"
            exec "$bin" --seed "$seed" --inputs "$inputs" --shard "$i/$jobs" --jobs 1 --out "$out" \
                --progress "$out/shard-$i.current" --start "$from" "${mode[@]}" "${budget[@]}" "${extra[@]}"
        ) >>"$log" 2>&1 || rc=$?
        if [ "$rc" = 0 ] || [ "$rc" = 1 ]; then
            [ "$restarts" = 0 ] || rc=1
            echo "$rc" >"$out/shard-$i.status"
            return
        fi
        s=$seed idx=""
        read -r s idx <"$out/shard-$i.current" || true
        if [ -z "$idx" ]; then
            echo "fuzz: FAIL x1      crash: shard $i exited with status $rc before its first input" >>"$log"
            echo 2 >"$out/shard-$i.status"
            return
        fi
        if [ "$rc" != 3 ]; then
            echo "fuzz: FAIL x1      crash: the process died with status $rc (out of memory under ulimit -v, or killed)  [$out/replay-$s-$idx]" >>"$log"
            ( ulimit -v "$vlimit"; "$bin" --seed "$s" --replay "$idx" --out "$out" --timeout 1e9 ) >>"$log" 2>&1 || true
        fi
        restarts=$((restarts + 1))
        if [ "$restarts" -gt 100 ]; then
            echo "fuzz: shard $i: too many restarts, giving up" >>"$log"
            echo 2 >"$out/shard-$i.status"
            return
        fi
        from=$((idx + 1))
    done
}

pids=()
for ((i = 0; i < jobs; i++)); do
    run_shard "$i" &
    pids+=($!)
done
wait "${pids[@]}" || true
status=0
for ((i = 0; i < jobs; i++)); do
    rc=$(cat "$out/shard-$i.status" 2>/dev/null || echo 2)
    [ "$rc" = 0 ] || status=1
done

# Every shard's failures, slow inputs and summary; then the totals.
grep -h '^fuzz: FAIL' "$out"/shard-*.log | sort -k4 || true
grep -h '^fuzz: slow\|inputs in' "$out"/shard-*.log || true
awk -v secs=$(($(date +%s) - start)) -v jobs="$jobs" '
    /^fuzz: [0-9]+ inputs in / {
        n += $2
        match($0, /, [0-9]+ failures \(/); fails += substr($0, RSTART + 2, RLENGTH - 13)
        match($0, /peak RSS [0-9]+/); rss = substr($0, RSTART + 9, RLENGTH - 9); if (rss + 0 > peak) peak = rss + 0
        match($0, /slowest [0-9.]+ s CPU/); slow = substr($0, RSTART + 8, RLENGTH - 14); if (slow + 0 > slowest) slowest = slow + 0
    }
    END {
        printf "fuzz: total %d inputs in %d s (%.0f/s per process, %d processes), %d failing inputs; slowest %.2f s CPU; peak RSS %d MB\n",
            n, secs, n / (secs > 0 ? secs : 1) / jobs, jobs, fails, slowest, peak
    }' "$out"/shard-*.log
if [ "$status" != 0 ]; then
    echo "fuzz: FAILED: inputs and reasons under $out/<oracle>-<hash>/ (reason.txt tells how to replay each)"
fi
exit "$status"
