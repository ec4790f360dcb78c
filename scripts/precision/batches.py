"""Split a drawn sample (DIR/sample.json) into N judge batches by repository, balanced by size, and
write the judges' brief beside them:

  python3 scripts/precision/batches.py DIR N

writes DIR/judge/batch<k>.tsv (id, repo, path, line, col, code, severity, confidence, message, help)
and DIR/judge/BRIEF.md (scripts/precision/BRIEF.md with DIR filled in). Each judge writes
DIR/judge/verdicts<k>.tsv;

  python3 scripts/precision/batches.py DIR N --merge

then joins each batch with its verdicts into DIR/judge/j<k>.tsv (id, repo, location, code, severity,
confidence, message, help, verdict, reason), which `rescore.py` and `section.py` read.
"""
import collections, csv, json, os, sys

base, n = sys.argv[1], int(sys.argv[2])
if sys.argv[3:] == ["--merge"]:
    cols = ("id", "repo", "location", "code", "severity", "confidence", "message", "help", "verdict", "reason")
    for k in range(1, n + 1):
        read = lambda name: list(csv.DictReader(open(os.path.join(base, "judge", name)), delimiter="\t", quoting=csv.QUOTE_NONE))
        verdicts = {v["id"].strip(): v for v in read(f"verdicts{k}.tsv")}
        with open(os.path.join(base, "judge", f"j{k}.tsv"), "w") as f:
            f.write("\t".join(cols) + "\n")
            for r in read(f"batch{k}.tsv"):
                v = verdicts.get(r["id"])
                if v is None or v["verdict"].strip() not in ("act", "not-worth", "wrong"):
                    sys.exit(f"batch {k}: finding {r['id']} has no verdict")
                r["location"] = f"{r['path']}:{r['line']}:{r['col']}"
                r["verdict"], r["reason"] = v["verdict"].strip(), v["reason"].replace("\t", " ").strip()
                f.write("\t".join(str(r[c]) for c in cols) + "\n")
    sys.exit(0)
rows = json.load(open(os.path.join(base, "sample.json")))["sample"]
by_repo = collections.defaultdict(list)
for i, r in enumerate(rows, 1):
    r["id"] = i
    by_repo[r["repo"]].append(r)
batches = [[] for _ in range(n)]
for repo in sorted(by_repo, key=lambda k: -len(by_repo[k])):
    min(batches, key=len).extend(by_repo[repo])
os.makedirs(os.path.join(base, "judge"), exist_ok=True)
clean = lambda s: str(s).replace("\t", " ").replace("\n", " ")
for k, b in enumerate(batches, 1):
    with open(os.path.join(base, "judge", f"batch{k}.tsv"), "w") as f:
        f.write("id\trepo\tpath\tline\tcol\tcode\tseverity\tconfidence\tmessage\thelp\n")
        for r in sorted(b, key=lambda r: r["id"]):
            f.write("\t".join(clean(r[c]) for c in ("id", "repo", "path", "line", "col", "code", "sev", "conf", "msg", "help")) + "\n")
    print(f"batch{k}: {len(b)} findings, repos {sorted({r['repo'] for r in b})}")
brief = open(os.path.join(os.path.dirname(__file__), "BRIEF.md")).read().replace("{DIR}", base.rstrip("/"))
open(os.path.join(base, "judge", "BRIEF.md"), "w").write(brief)
