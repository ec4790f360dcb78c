#!/usr/bin/env python3
"""How shipshape's schema rules (DC040, GHA073, GL028) agree with check-jsonschema on the same
vendored schemas, file by file, over a corpus (default ../shared/corpus).

    python3 scripts/schema-agreement.py [--shipshape BIN] [--check-jsonschema BIN] [--corpus DIR] [--show N]

A file agrees when both accept it or both reject it. Files check-jsonschema accepts and shipshape
rejects are shipshape's false alarms against the schema; the reverse are the exceptions shipshape
makes on purpose (where the schema is stricter than the real tool: an expression for a
`strategy`, a `!reference`, GitLab `$[[ inputs ]]`) or misses. Exits 1 when a file
check-jsonschema accepts gets a shipshape schema error.
"""
import argparse, collections, json, os, subprocess, sys

FAMILIES = {
    # kind reported by shipshape -> (check-jsonschema builtin, shipshape rule)
    "compose": ("vendor.compose-spec", "DC040"),
    "github-workflow": ("vendor.github-workflows", "GHA073"),
    "github-action": ("vendor.github-actions", "GHA073"),
    "dependabot": ("vendor.dependabot", "GHA073"),
    "gitlab-ci": ("vendor.gitlab-ci", "GL028"),
}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shipshape", default="target/release/shipshape")
    ap.add_argument("--check-jsonschema", default=os.environ.get("CHECK_JSONSCHEMA", "target/peers-cj/bin/check-jsonschema"))
    ap.add_argument("--corpus", default="../shared/corpus")
    ap.add_argument("--show", type=int, default=10)
    a = ap.parse_args()
    files = []
    for root, _, names in os.walk(a.corpus):
        files += [os.path.join(root, n) for n in names if n.endswith((".yml", ".yaml"))]
    files.sort()
    # shipshape: each file's kind, and whether it reports a schema error there.
    kind_of, ours = {}, collections.defaultdict(list)
    for f in files:
        out = subprocess.run([a.shipshape, "check", f, "--select", "DC040,GHA073,GL028", "--format", "json", "--statistics", "--no-config"],
                             capture_output=True, text=True)
        try:
            doc = json.loads(out.stdout)
        except json.JSONDecodeError:
            continue
        kinds = list(doc["statistics"]["by_kind"])
        if len(kinds) != 1 or kinds[0] not in FAMILIES:
            continue
        kind_of[f] = kinds[0]
        for x in doc["findings"]:
            if x.get("severity") == "error":
                ours[f].append(f'{x["line"]}: {x["message"]}')
    table = {}
    failing = 0
    for kind, (builtin, rule) in FAMILIES.items():
        group = [f for f, k in kind_of.items() if k == kind]
        if not group:
            continue
        theirs = set()
        for i in range(0, len(group), 200):
            chunk = group[i:i + 200]
            out = subprocess.run([a.check_jsonschema, "--builtin-schema", builtin, "--disable-formats", "*", "-o", "json", *chunk],
                                 capture_output=True, text=True)
            try:
                theirs |= {e["filename"] for e in json.loads(out.stdout).get("errors", [])}
            except json.JSONDecodeError:
                theirs |= set(chunk)
        counts = collections.Counter()
        only_ours, only_theirs = [], []
        for f in group:
            o, t = bool(ours.get(f)), f in theirs
            counts[(o, t)] += 1
            if o and not t:
                only_ours.append(f)
            if t and not o:
                only_theirs.append(f)
        failing += len(only_ours)
        agree = counts[(True, True)] + counts[(False, False)]
        print(f"{kind} ({rule} vs check-jsonschema {builtin}): {len(group)} files, {agree} agree "
              f"({100 * agree / len(group):.1f}%): both accept {counts[(False, False)]}, both reject {counts[(True, True)]}, "
              f"only shipshape rejects {len(only_ours)}, only check-jsonschema rejects {len(only_theirs)}")
        for f in only_ours[: a.show]:
            print(f"  shipshape only: {f}: {ours[f][0]}")
        for f in only_theirs[: a.show]:
            print(f"  check-jsonschema only: {f}")
    sys.exit(1 if failing else 0)

main()
