#!/usr/bin/env python3
"""How many of the error lines actionlint's own test data expects shipshape reports (issue 18's
measure), by actionlint's check category.

    python3 scripts/actionlint-suite.py [--shipshape BIN] [--repo ACTIONLINT_CHECKOUT] [--show CATEGORY]

The checkout (`git clone https://github.com/rhysd/actionlint`, or a bare mirror) gives
testdata/err/*.yaml and the .out file of each: `test.yaml:LINE:COL: message [category]`. The
shellcheck and pyflakes categories are left out (other tools' checks). A line counts as covered when
shipshape reports any finding of a GitHub Actions rule (GHA*) on that line of that file.
"""
import argparse, collections, json, os, re, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--shipshape", default="target/release/shipshape")
ap.add_argument("--repo", default="/work/.mirror/rhysd+actionlint/repo")
ap.add_argument("--show", default="")
a = ap.parse_args()

def git(*args):
    return subprocess.run(["git", "-C", a.repo, *args], capture_output=True, text=True, check=True).stdout

names = git("ls-tree", "--name-only", "HEAD", "testdata/err/").split()
outs = sorted(n for n in names if n.endswith(".out"))
line_re = re.compile(r"^(?:/?[\w./-]*?)?test\.yaml:(\d+):(\d+): (.*) \[([\w-]+)\]$")
expected = collections.Counter()
covered = collections.Counter()
missed = collections.defaultdict(list)
with tempfile.TemporaryDirectory() as tmp:
    wf = os.path.join(tmp, ".github", "workflows")
    os.makedirs(wf)
    for out in outs:
        yaml = out[:-4] + ".yaml"
        if yaml not in names:
            continue
        text = git("show", f"HEAD:{yaml}")
        path = os.path.join(wf, os.path.basename(yaml))
        with open(path, "w") as f:
            f.write(text)
        want = []
        for l in git("show", f"HEAD:{out}").splitlines():
            l = l.strip().strip("/")
            m = line_re.search(l.replace("\\", ""))
            if m and m.group(4) not in ("shellcheck", "pyflakes"):
                want.append((int(m.group(1)), m.group(4), m.group(3)))
        if not want:
            os.remove(path)
            continue
        r = subprocess.run([a.shipshape, "check", path, "--select", "ALL", "--format", "json", "--no-config"], capture_output=True, text=True)
        got = {x["line"] for x in json.loads(r.stdout or '{"findings": []}')["findings"] if x["code"].startswith("GHA")}
        seen = set()
        for line, cat, msg in want:
            if (line, cat) in seen:
                continue
            seen.add((line, cat))
            expected[cat] += 1
            if line in got:
                covered[cat] += 1
            else:
                missed[cat].append(f"{os.path.basename(yaml)}:{line}: {msg}")
        os.remove(path)
total, hit = sum(expected.values()), sum(covered.values())
print(f"actionlint's expected error lines covered by shipshape: {hit}/{total} ({100 * hit / max(total, 1):.0f}%)")
for cat, n in expected.most_common():
    print(f"  {cat:24} {covered[cat]:4}/{n:<4} ({100 * covered[cat] / n:.0f}%)")
for cat in filter(None, a.show.split(",")):
    print(f"\nmissed {cat}:")
    for m in missed[cat]:
        print("  " + m)
