# Sourced by the benchmark scripts (from the repository root): settings from the environment
# (RUNS, PEER_RUNS, CORPUS), the peer tools' venv, a release build, and `measure`.
runs=${RUNS:-5}
peer_runs=${PEER_RUNS:-1}
corpus=${CORPUS:-../shared/corpus}
# NO_PEERS=1: a benchmark of shipshape alone (dupes) needs no peer venv.
if [ -z "${NO_PEERS:-}" ]; then venv=$(bash scripts/install-peers.sh | tail -n 1); fi
cargo build --release --quiet
command -v /usr/bin/time >/dev/null || { apt-get install -y -qq time >/dev/null 2>&1 || true; }

# `measure N command...` runs the command N times and prints "median_wall_seconds peak_rss_kib".
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
