#!/usr/bin/env python3
"""Regenerate the inputs and outputs of the actions shipshape knows, per major version.

    python3 scripts/vendor-action-metadata.py MIRRORS [DATE]

MIRRORS holds a bare git snapshot of each action's repository as `OWNER+NAME/repo` (the layout
the project's fetch tool writes). The actions are those of crates/shipshape-core/data/actions-refs.tsv
(shared/data's release table) and those of scripts/actions-extra.txt, whose version tags the script
reads from their snapshots (`git show-ref --tags -d`, peeled) into
crates/shipshape-core/data/actions-refs-extra.tsv. For every action and every major version, the script reads `action.yml` (or `action.yaml`) at the commit of
the major's floating tag (`v4`) or else of its newest release, in the repository's root and in
its folders (sub-path actions such as `github/codeql-action/init`; test and example folders left
out), and writes crates/shipshape-core/data/action-metadata.tsv:

    action <TAB> major <TAB> commit <TAB> using <TAB> inputs <TAB> outputs <TAB> deprecations

inputs and outputs are comma-separated names. An input ends in `!` when it is required and has no
default, in `~` when it carries a `deprecationMessage`; deprecations holds those messages as
`input: message`, separated by ` ;; ` (whitespace folded, cut at 240 characters). Outputs are `*` for the actions that set
outputs they do not declare (DYNAMIC below). A major whose commit or metadata the snapshot lacks
is left out: shipshape then knows nothing of it, and says nothing.
"""
import datetime, os, re, subprocess, sys

import yaml

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
refs = os.path.join(root, "crates", "shipshape-core", "data", "actions-refs.tsv")
out = os.path.join(root, "crates", "shipshape-core", "data", "action-metadata.tsv")
extra = os.path.join(root, "scripts", "actions-extra.txt")
extra_out = os.path.join(root, "crates", "shipshape-core", "data", "actions-refs-extra.tsv")
mirrors = sys.argv[1]
date = sys.argv[2] if len(sys.argv) > 2 else datetime.date.today().isoformat()

# Outputs named by the workflow, not the metadata: one per filter (paths-filter), one set per
# `files_yaml` key (changed-files), or whatever the script the step passes sets (github-script,
# run-on-arch, Azure's CLI).
DYNAMIC = {
    "dorny/paths-filter", "tj-actions/changed-files", "actions/github-script",
    "uraimo/run-on-arch-action", "azure/cli",
}
# Folders whose action.yml is no published action.
SKIP = re.compile(r"(^|/)(\.github|tests?|__tests__|testdata|fixtures?|examples?|node_modules|e2e|internal)/")
VERSION = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$")
# The tags shared/data's release table keeps: version-like, a pre-release suffix allowed.
TAG = re.compile(r"^v?\d+(\.\d+){0,3}(-[0-9A-Za-z.-]+)?$")


def git(repo, *args):
    r = subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


def majors(rows):
    """major -> commit: the floating tag's, else the newest release's."""
    best = {}
    for tag, commit in rows:
        m = VERSION.match(tag)
        if not m:
            continue
        major = int(m.group(1))
        floating = m.group(2) is None
        key = (floating, int(m.group(2) or 0), int(m.group(3) or 0))
        if major not in best or key > best[major][0]:
            best[major] = (key, commit)
    return {f"v{k}": v[1] for k, v in best.items()}


def names(section, inputs):
    if not isinstance(section, dict):
        return []
    got = []
    for name, spec in section.items():
        name = str(name)
        if inputs and isinstance(spec, dict):
            if spec.get("required") in (True, "true") and "default" not in spec:
                name += "!"
            elif spec.get("deprecationMessage"):
                name += "~"
        got.append(name)
    return got


def deprecations(section):
    if not isinstance(section, dict):
        return []
    got = []
    for name, spec in section.items():
        if isinstance(spec, dict) and spec.get("deprecationMessage"):
            message = " ".join(str(spec["deprecationMessage"]).split())
            if len(message) > 240:
                message = message[:239].rstrip() + "…"
            assert ";;" not in message and ":" not in str(name), (name, message)
            got.append(f"{name}: {message}")
    return got


def tag_order(tag):
    """Newest first, a major's floating tag before its releases (as in shared/data's table)."""
    nums = [int(n) for n in re.findall(r"\d+", tag.split("-")[0])]
    return (nums[0], len(nums) == 1, nums[1:], "-" not in tag)


def extra_refs(dirs):
    """action -> [(tag, commit)] for the actions of actions-extra.txt, from their snapshots."""
    got = {}
    for line in open(extra, encoding="utf-8"):
        action = line.strip()
        if not action or action.startswith("#"):
            continue
        repo = os.path.join(mirrors, dirs.get(action.lower(), "-"), "repo")
        shown = git(repo, "show-ref", "--tags", "-d") if os.path.isdir(repo) else None
        if shown is None:
            print(f"no snapshot of {action}", file=sys.stderr)
            continue
        peeled = {}
        for row in shown.splitlines():
            commit, ref = row.split(" ", 1)
            tag = ref.removeprefix("refs/tags/")
            if tag.endswith("^{}"):
                peeled[tag[:-3]] = commit
            else:
                peeled.setdefault(tag, commit)
        tags = sorted((t for t in peeled if TAG.match(t)), key=tag_order, reverse=True)
        got[action] = [(t, peeled[t]) for t in tags]
    return got


def main():
    table = {}
    for line in open(refs, encoding="utf-8"):
        if line.startswith("#"):
            continue
        action, tag, commit = line.rstrip("\n").split("\t")
        table.setdefault(action, []).append((tag, commit))
    dirs = {d.replace("+", "/", 1).lower(): d for d in os.listdir(mirrors)}
    known = {a.lower() for a in table}
    extras = {a: rows for a, rows in extra_refs(dirs).items() if a.lower() not in known}
    with open(extra_out, "w", encoding="utf-8") as f:
        f.write(
            f"# action<TAB>tag<TAB>commit, newest first: the version tags of scripts/actions-extra.txt's actions\n"
            f"# in their snapshots ({date}; python3 scripts/vendor-action-metadata.py MIRRORS).\n"
        )
        for action in sorted(extras, key=str.lower):
            for tag, commit in extras[action]:
                f.write(f"{action}\t{tag}\t{commit}\n")
    table.update(extras)
    lines = []
    for action in sorted(table, key=str.lower):
        repo = os.path.join(mirrors, dirs.get(action.lower(), "-"), "repo")
        if not os.path.isdir(repo):
            print(f"no snapshot of {action}", file=sys.stderr)
            continue
        for major, commit in sorted(majors(table[action]).items(), key=lambda kv: int(kv[0][1:])):
            files = git(repo, "ls-tree", "-r", "--name-only", commit)
            if files is None:
                print(f"{action} {major}: commit {commit[:12]} not in the snapshot", file=sys.stderr)
                continue
            for path in sorted(files.split("\n")):
                if os.path.basename(path) not in ("action.yml", "action.yaml") or SKIP.search("/" + path):
                    continue
                folder = os.path.dirname(path)
                if folder and os.path.basename(path) == "action.yaml" and f"{folder}/action.yml" in files:
                    continue
                text = git(repo, "show", f"{commit}:{path}")
                try:
                    meta = yaml.safe_load(text or "")
                except yaml.YAMLError:
                    continue
                if not isinstance(meta, dict) or "runs" not in meta:
                    continue
                name = action + ("/" + folder if folder else "")
                inputs = names(meta.get("inputs"), True)
                outputs = ["*"] if action.lower() in DYNAMIC else names(meta.get("outputs"), False)
                for n in inputs + outputs:
                    assert "," not in n and "\t" not in n, (action, n)
                runs = meta.get("runs")
                using = str(runs.get("using", "")).lower() if isinstance(runs, dict) else ""
                notes = " ;; ".join(deprecations(meta.get("inputs")))
                lines.append(f"{name}\t{major}\t{commit}\t{using}\t{','.join(inputs)}\t{','.join(outputs)}\t{notes}")
    with open(out, "w", encoding="utf-8") as f:
        f.write(
            f"# Inputs and outputs of each action's major versions, from its action.yml ({date}).\n"
            "# Regenerate: python3 scripts/vendor-action-metadata.py MIRRORS. `!` required without default,\n"
            "# `~` deprecated, `*` outputs the workflow names. action<TAB>major<TAB>commit<TAB>using<TAB>inputs<TAB>outputs<TAB>deprecations\n"
        )
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} rows to {out}")


main()
