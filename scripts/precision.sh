#!/usr/bin/env bash
# Regenerate the precision sample of docs/precision.md.
#
#   scripts/precision.sh [options] SEED REPO_DIR...
#
# Runs `shipshape check --format json --exit-zero .` (default rules only: no --select) inside each
# repository directory, then draws a stratified sample of the findings with a fixed seed and prints it
# as TSV on stdout (the population and the allocation go to stderr).
#
# Sampling (see docs/precision.md, "Method"):
#   * errors: up to ERRORS of them (default 40), allocated across error rule codes in proportion to
#     their counts, at least one and at most RULE_LIMIT (default 8) per code, drawn at random within
#     a code (one rule's many copies of one mistake should not fill the error sample);
#   * warnings and infos: the rest of TOTAL (default 160), allocated across (domain, severity) strata in
#     proportion to their counts (largest remainder), at least one per stratum, drawn at random;
#   * no repository gives more than CAP findings (default 25); strata are filled round-robin so the
#     cap does not starve the strata filled last.
#
# Options:
#   -n TOTAL   sample size (default 160)
#   -e ERRORS  error quota (default 40)
#   -r RULE_LIMIT  errors of one rule code at most (default 8)
#   -c CAP     findings per repository at most (default 25)
#   -a         print every finding (the population) instead of a sample
#
# Environment:
#   SHIPSHAPE           the binary (default: target/release/shipshape of this checkout)
#   PRECISION_JSON_DIR  keep each repository's JSON there as <repo>.json and reuse it when present
set -euo pipefail

total=160
errors=40
rule_limit=8
cap=25
all=0
while getopts "n:e:r:c:a" opt; do
  case "$opt" in
    n) total=$OPTARG ;;
    e) errors=$OPTARG ;;
    r) rule_limit=$OPTARG ;;
    c) cap=$OPTARG ;;
    a) all=1 ;;
    *) sed -n '2,30p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
if [ $# -lt 2 ]; then
  sed -n '2,30p' "$0" >&2
  exit 2
fi
seed=$1
shift

root=$(cd "$(dirname "$0")/.." && pwd)
shipshape=${SHIPSHAPE:-$root/target/release/shipshape}
if [ ! -x "$shipshape" ]; then
  echo "no shipshape binary at $shipshape (cargo build --release -p shipshape, or set SHIPSHAPE)" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jsondir=${PRECISION_JSON_DIR:-$work}
mkdir -p "$jsondir"

: > "$work/repos.tsv"
for dir in "$@"; do
  dir=$(cd "$dir" && pwd)
  name=$(basename "$dir")
  commit=$(git -C "$dir" rev-parse HEAD 2>/dev/null || echo unknown)
  out=$jsondir/$name.json
  if [ ! -s "$out" ]; then
    (cd "$dir" && "$shipshape" check --format json --exit-zero .) > "$out"
  fi
  printf '%s\t%s\t%s\n' "$name" "$commit" "$out" >> "$work/repos.tsv"
done

python3 - "$work/repos.tsv" "$seed" "$total" "$errors" "$rule_limit" "$cap" "$all" <<'PY'
import collections, json, random, sys

repos_tsv, seed, total, error_quota, rule_limit, cap, show_all = sys.argv[1:]
total, error_quota, rule_limit, cap = int(total), int(error_quota), int(rule_limit), int(cap)
show_all = show_all == "1"

DOMAINS = [("GHA", "actions"), ("GL", "gitlab-ci"), ("DF", "dockerfile"), ("DC", "compose"),
           ("K8S", "kubernetes"), ("TF", "terraform"), ("SEC", "secrets"), ("XF", "cross-file"),
           ("SS", "engine")]

def domain(code):
    for prefix, name in DOMAINS:
        if code.startswith(prefix) and code[len(prefix):].isdigit():
            return name
    return "other"

findings = []
for line in open(repos_tsv):
    name, commit, path = line.rstrip("\n").split("\t")
    for f in json.load(open(path))["findings"]:
        findings.append({
            "repo": name, "commit": commit, "path": f["path"], "line": f["line"],
            "column": f["column"], "code": f["code"], "severity": f["severity"],
            "domain": domain(f["code"]), "message": " ".join(f["message"].split()),
            "fingerprint": f["fingerprint"],
        })
findings.sort(key=lambda f: (f["repo"], f["path"], f["line"], f["column"], f["code"], f["fingerprint"]))

for f in findings:
    if f["severity"] == "error":
        f["stratum"] = "error/" + f["code"]
    else:
        f["stratum"] = f["severity"] + "/" + f["domain"]

cols = ["stratum", "repo", "commit", "path", "line", "column", "code", "severity", "domain", "message"]
if show_all:
    print("\t".join(cols))
    for f in findings:
        print("\t".join(str(f[c]) for c in cols))
    sys.exit(0)

strata = collections.OrderedDict()
for f in findings:
    strata.setdefault(f["stratum"], []).append(f)

def allocate(names, quota, limit=None):
    """Largest-remainder allocation proportional to stratum size, at least one per stratum, no
    stratum above min(its size, limit); what a full stratum cannot take goes to the others."""
    cap_of = {s: min(len(strata[s]), limit or len(strata[s])) for s in names}
    if sum(cap_of.values()) <= quota:
        return dict(cap_of)
    fixed = {}
    while True:
        free = [s for s in names if s not in fixed]
        q = quota - sum(fixed.values())
        if q < len(free):
            raise SystemExit(f"quota {quota} is too small for {len(names)} strata")
        pop = sum(len(strata[s]) for s in free)
        alloc = {s: 1 for s in free}
        left = q - len(free)
        share = {s: (len(strata[s]) - 1) * left / max(pop - len(free), 1) for s in free}
        for s in free:
            alloc[s] += int(share[s])
        rest = q - sum(alloc.values())
        for s in sorted(free, key=lambda s: (-(share[s] - int(share[s])), s))[:rest]:
            alloc[s] += 1
        over = [s for s in free if alloc[s] > cap_of[s]]
        if not over:
            alloc.update(fixed)
            return alloc
        for s in over:
            fixed[s] = cap_of[s]

err_names = [s for s in strata if s.startswith("error/")]
other_names = [s for s in strata if not s.startswith("error/")]
alloc = allocate(err_names, error_quota, rule_limit)
alloc.update(allocate(other_names, total - sum(alloc.values())))

rng = random.Random(int(seed))
queues = {}
for s in sorted(strata):
    items = list(strata[s])
    rng.shuffle(items)
    queues[s] = items

per_repo = collections.Counter()
picked = {s: [] for s in strata}
# Errors first (the target "no wrong error" needs them most), then the rest; round-robin within each.
for group in (sorted(err_names), sorted(other_names)):
    active = [s for s in group if alloc[s] > 0]
    while active:
        nxt = []
        for s in active:
            q = queues[s]
            while q and per_repo[q[0]["repo"]] >= cap:
                q.pop(0)
            if q:
                f = q.pop(0)
                picked[s].append(f)
                per_repo[f["repo"]] += 1
                if len(picked[s]) < alloc[s]:
                    nxt.append(s)
        active = nxt

print("stratum\tpopulation\tallocated\tsampled", file=sys.stderr)
for s in sorted(strata):
    print(f"{s}\t{len(strata[s])}\t{alloc[s]}\t{len(picked[s])}", file=sys.stderr)
print(f"total\t{len(findings)}\t{sum(alloc.values())}\t{sum(len(v) for v in picked.values())}",
      file=sys.stderr)
for r, n in sorted(per_repo.items()):
    print(f"repo\t{r}\t{n}", file=sys.stderr)

sample = [f for s in strata for f in picked[s]]
sample.sort(key=lambda f: (f["severity"] != "error", f["repo"], f["path"], f["line"], f["column"], f["code"]))
print("\t".join(cols))
for f in sample:
    print("\t".join(str(f[c]) for c in cols))
PY
