#!/usr/bin/env bash
# Benchmark: `shipshape review` of a 50-file change in a 1,000-file repository (issue 17's target:
# under 1 s). The repository is made of the first 1,000 infrastructure files of ../shared/corpus
# (one commit); the change edits 50 of them (a comment line, a replica count, an image tag where
# there is one) in a second commit. No peer scores infrastructure changes offline, so no ratio.
# Prints whole-process wall time (median of N runs) and peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
NO_PEERS=1 . scripts/bench-common.sh
bin=$PWD/target/release/shipshape
repo=$(mktemp -d)
trap 'rm -rf "$repo"' EXIT
mapfile -t files < <(cd "$corpus" && find . -type f \( -name '*.yml' -o -name '*.yaml' -o -name 'Dockerfile*' -o -name '*.tf' \) | sort | head -n 1000)
for f in "${files[@]}"; do mkdir -p "$repo/$(dirname "$f")"; cp "$corpus/$f" "$repo/$f"; done
git -C "$repo" init -q -b main
git -C "$repo" add -A
git -C "$repo" -c user.email=b@b -c user.name=b -c commit.gpgsign=false commit -q -m base
i=0
for f in "${files[@]}"; do
  i=$((i + 1))
  [ $((i % 20)) -eq 0 ] || continue
  sed -i -e 's/replicas: \([0-9]\+\)/replicas: 9\1/' -e 's/\(image: [^:@ ]*\):\([0-9][0-9.]*\)/\1:\2.1/' "$repo/$f"
  printf '\n# changed\n' >> "$repo/$f"
done
git -C "$repo" -c user.email=b@b -c user.name=b -c commit.gpgsign=false commit -q -am change
changed=$(git -C "$repo" diff --name-only HEAD~1 HEAD | wc -l)
read -r t m < <(cd "$repo" && measure "$runs" "$bin" review --base HEAD~1 --head HEAD --format json)
summary=$(cd "$repo" && "$bin" review --base HEAD~1 --head HEAD --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["riskLevel"], len(d["changes"]), "changes,", len(d["findings"]["new"]), "new findings")')
printf 'repository: %s files; change: %s files (%s); %s runs (median wall time, max peak RSS)\n' "${#files[@]}" "$changed" "$summary" "$runs"
printf 'review --format json:  %6.3f s  %7d KiB\n' "$t" "$m"
