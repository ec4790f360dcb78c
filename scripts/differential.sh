#!/usr/bin/env bash
# Differential testing against the peer tools (issue 13 §5): for every rule that declares a peer
# (hadolint, zizmor, actionlint, checkov, dclint, detect-secrets), run shipshape and the peer over the
# same files and list every file where exactly one of the two fires. See docs/differential.md.
#
#   bash scripts/differential.sh            full: the corpus (/work/shared/corpus) + rule variants
#   bash scripts/differential.sh --quick    CI: rule variants + a seeded sample of 150 corpus files
#
# Other options: --corpus DIR, --out DIR, --seed N, --sample N, --no-build, --reuse (re-read the
# raw outputs of the last run), --top N, --fail-on-unexplained (exit 1 when a disagreement has no
# verdict; CI runs the quick form with it). Otherwise exits 0 when the tools ran: it reports.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0 build=1 out="" pass=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; pass+=(--quick) ;;
    --no-build) build=0 ;;
    --out) out="$2"; shift ;;
    --corpus|--seed|--sample|--top) pass+=("$1" "$2"); shift ;;
    --reuse|--no-corpus|--fail-on-unexplained) pass+=("$1") ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "differential.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -n "$out" ] || { [ $quick = 1 ] && out=target/differential/quick || out=target/differential/full; }

ss=target/release/shipshape
if [ $build = 1 ]; then
  # Other work in the tree may not build at this moment; an existing binary is then used, and said so.
  if ! cargo build --release -q -p shipshape; then
    [ -x "$ss" ] || { echo "differential.sh: cannot build shipshape" >&2; exit 1; }
    echo "differential.sh: build failed; using the existing $ss" >&2
  fi
fi

venv=$(bash scripts/install-peers.sh | tail -n 1)
mkdir -p "$out"
# The peers' venv has PyYAML (a checkov dependency), which the variant generator uses.
PYTHONDONTWRITEBYTECODE=1 exec "$venv/bin/python" scripts/differential/main.py --shipshape "$ss" --venv "$venv" --out "$out" "${pass[@]}"
