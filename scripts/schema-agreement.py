#!/usr/bin/env python3
"""How shipshape's schema rules (DC040, GHA073, GL028, K8S073) agree with check-jsonschema and
kubernetes-validate (--strict) on the same vendored schemas, file by file, over a corpus (default
../shared/corpus).

    python3 scripts/schema-agreement.py [--shipshape BIN] [--check-jsonschema BIN] [--corpus DIR] [--show N]

A file agrees when both accept it or both reject it. Files check-jsonschema accepts and shipshape
rejects are shipshape's false alarms against the schema; the reverse are the exceptions shipshape
makes on purpose (where the schema is stricter than the real tool: an expression for a
`strategy`, a `!reference`, GitLab `$[[ inputs ]]`, Kubernetes required fields a patch leaves to
its base) or misses. Exits 1 when a file
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
    "kubernetes": (None, "K8S073"),
}

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shipshape", default="target/release/shipshape")
    ap.add_argument("--check-jsonschema", default=os.environ.get("CHECK_JSONSCHEMA", "target/peers-cj/bin/check-jsonschema"))
    ap.add_argument("--kubernetes-validate", default=os.environ.get("KUBERNETES_VALIDATE", "target/peers/bin/kubernetes-validate"))
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
        out = subprocess.run([a.shipshape, "check", f, "--select", "DC040,GHA073,GL028,K8S073", "--format", "json", "--statistics", "--no-config"],
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
            if builtin is None:
                # kubernetes-validate: "ERROR <file> did not validate for resource …" per object.
                out = subprocess.run([a.kubernetes_validate, "--strict", "--quiet", "--no-warn", "-k", "1.37.0", *chunk],
                                     capture_output=True, text=True)
                for line in (out.stdout + out.stderr).splitlines():
                    for f in chunk:
                        if line.startswith(f"ERROR {f} did not validate"):
                            theirs.add(f)
                continue
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
        peer = f"check-jsonschema {builtin}" if builtin else "kubernetes-validate --strict"
        print(f"{kind} ({rule} vs {peer}): {len(group)} files, {agree} agree "
              f"({100 * agree / len(group):.1f}%): both accept {counts[(False, False)]}, both reject {counts[(True, True)]}, "
              f"only shipshape rejects {len(only_ours)}, only {peer.split()[0]} rejects {len(only_theirs)}")
        for f in only_ours[: a.show]:
            print(f"  shipshape only: {f}: {ours[f][0]}")
        for f in only_theirs[: a.show]:
            print(f"  {peer.split()[0]} only: {f}")
    sys.exit(1 if failing else 0)

main()
