"""Running the peer tools and reading what they report.

Each reader returns findings as dicts {file, code, line, end_line, message} where `file` is relative
to the work directory and `code` is namespaced as the rules' `peers` metadata spells it
(`hadolint:DL3008`, `checkov:CKV_K8S_20`, ...). checkov readers also return the (file, code) pairs it
evaluated and passed, so a silent checkov can be told apart from a checkov that never looked.
"""

import json
import os
import re
import subprocess
import sys


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def chunks(xs, n):
    for i in range(0, len(xs), n):
        yield xs[i:i + n]


def run(cmd, cwd, out_path=None, env=None):
    """Run `cmd` in `cwd`; stdout to `out_path` (or returned). Exit codes are not errors: linters
    exit non-zero when they find something."""
    e = dict(os.environ)
    e.update(env or {})
    if out_path:
        with open(out_path, "wb") as out, open(out_path + ".stderr", "wb") as err:
            p = subprocess.run(cmd, cwd=cwd, stdout=out, stderr=err, env=e)
        return p.returncode
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, env=e)
    return p.returncode, p.stdout, p.stderr


def norm(path, work):
    if os.path.isabs(path):
        path = os.path.relpath(path, work)
    return os.path.normpath(path)


# ---- hadolint (its ShellCheck findings keep ShellCheck's namespace: `shellcheck:SC2002`)

# hadolint's checks that are off by default (their shipshape rules are opt-in too; the run uses
# `--select ALL`). The label-schema checks (DL3049-DL3058) and DL3026 need a configuration on both sides.
HADOLINT_OPT_IN = ["--warning", "DL3057", "--warning", "DL1001"]


def hadolint(bin_, files, work, raw):
    out = []
    for i, batch in enumerate(chunks(files, 400)):
        rc, so, se = run([bin_, "--no-fail", "-f", "json", *HADOLINT_OPT_IN, *batch], work)
        try:
            data = json.loads(so or b"[]")
        except json.JSONDecodeError:
            log(f"hadolint: unreadable output on batch {i}: {se[:300]!r}")
            data = []
        out.extend(data)
    json.dump(out, open(raw, "w"))
    return read_hadolint(raw, work)


def read_hadolint(raw, work):
    res = []
    for f in json.load(open(raw)):
        code = f.get("code", "")
        ns = "shellcheck" if code.startswith("SC") else "hadolint"
        res.append({"file": norm(f["file"], work), "code": f"{ns}:{code}", "line": f.get("line") or 0,
                    "end_line": f.get("line") or 0, "message": f.get("message", "")})
    return res


# ---- zizmor (default persona, offline)

def zizmor(bin_, files, work, raw, persona="regular"):
    out = []
    base = [bin_, "--offline", "--no-config", "--no-progress", "--persona", persona, "--format", "json"]
    errs = []
    for batch in chunks(files, 500):
        rc, so, se = run([*base, *batch], work)
        errs.append(se.decode(errors="replace"))
        try:
            out.extend(json.loads(so or b"[]"))
        except json.JSONDecodeError:
            # a whole batch refused: run its files one by one
            for f in batch:
                rc, so1, se1 = run([*base, f], work)
                try:
                    out.extend(json.loads(so1 or b"[]"))
                except json.JSONDecodeError:
                    log(f"zizmor: no report for {f}: {se1[-200:]!r}")
    json.dump(out, open(raw, "w"))
    open(raw + ".stderr", "w").write("".join(errs))
    return read_zizmor(raw, work)


def zizmor_unread(bin_, files, findings, work, raw):
    """Files zizmor skipped. It warns and audits the rest: `failed to validate file://PATH as
    workflow` names the file, `failed to parse input: ...` does not. So each file on which the
    auditor run found nothing at all is run alone and its warning read. Cached in `raw`."""
    if os.path.exists(raw):
        return set(json.load(open(raw)))
    seen = {f["file"] for f in findings}
    out = []
    for f in files:
        if f in seen:
            continue
        rc, so, se = run([bin_, "--offline", "--no-config", "--no-progress", "--persona", "auditor", "--format", "json", f], work)
        if re.search(rb"failed to (?:validate|load|parse)", se):
            out.append(f)
    json.dump(sorted(out), open(raw, "w"))
    return set(out)


def read_zizmor(raw, work):
    res = []
    for f in json.load(open(raw)):
        if f.get("ignored"):
            continue
        locs = [l for l in f.get("locations", []) if l.get("symbolic", {}).get("kind") == "Primary"] or f.get("locations", [])
        if not locs:
            continue
        loc = locs[0]
        key = loc["symbolic"]["key"]
        path = (key.get("Local") or {}).get("verbatim_path") if isinstance(key, dict) else None
        if not path:
            continue
        c = loc.get("concrete", {}).get("location", {})
        start = c.get("start_point", {}).get("row", -1) + 1
        end = c.get("end_point", {}).get("row", -1) + 1
        res.append({"file": norm(path, work), "code": f"zizmor:{f['ident']}", "line": start, "end_line": max(start, end),
                    "message": f"{f.get('desc', '')}: {loc['symbolic'].get('annotation', '')}"})
    return res


# ---- actionlint (no shellcheck, no pyflakes)

def actionlint(bin_, files, work, raw):
    out = []
    for batch in chunks(files, 500):
        rc, so, se = run([bin_, "-format", "{{json .}}", "-shellcheck=", "-pyflakes=", *batch], work)
        try:
            out.extend(json.loads(so or b"[]") or [])
        except json.JSONDecodeError:
            log(f"actionlint: unreadable output: {se[:300]!r}")
    json.dump(out, open(raw, "w"))
    return read_actionlint(raw, work)


def read_actionlint(raw, work):
    return [{"file": norm(f["filepath"], work), "code": f"actionlint:{f['kind']}", "line": f.get("line", 0),
             "end_line": f.get("line", 0), "message": f.get("message", "")} for f in json.load(open(raw))]


# ---- dclint

def dclint(bin_, files, work, raw):
    # Node truncates what it writes to a pipe when it exits: the report goes to a file.
    out = []
    tmp = raw + ".part"
    for batch in chunks(files, 400):
        run([bin_, "-f", "json", "--color", "false", *batch], work, out_path=tmp)
        try:
            out.extend(json.load(open(tmp)))
        except json.JSONDecodeError:
            # dclint stops at a file it cannot read: one by one
            for f in batch:
                run([bin_, "-f", "json", "--color", "false", f], work, out_path=tmp)
                try:
                    out.extend(json.load(open(tmp)))
                except json.JSONDecodeError:
                    log(f"dclint: no report for {f}: {open(tmp + '.stderr').read()[-200:]!r}")
    json.dump(out, open(raw, "w"))
    return read_dclint(raw, work)


def read_dclint(raw, work):
    res = []
    for f in json.load(open(raw)):
        for m in f.get("messages", []):
            res.append({"file": norm(f["filePath"], work), "code": f"dclint:{m['rule']}", "line": m.get("line", 0),
                        "end_line": m.get("endLine") or m.get("line", 0), "message": m.get("message", "")})
    return res


# ---- detect-secrets (Yelp's; finding types named by plugin class, as the rules declare them)

def detect_secrets(bin_, paths, work, raw):
    py = os.path.join(os.path.dirname(bin_), "python")
    # The plugin class behind each finding type, from detect-secrets itself.
    rc, so, se = run([py, "-c", "import json\nfrom detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class as m\n"
                      "print(json.dumps({k: v.__name__ for k, v in m().items()}))"], work)
    types = json.loads(so)
    run([bin_, "scan", "--all-files", *paths], work, out_path=raw)
    json.dump(types, open(raw + ".types", "w"))
    return read_detect_secrets(raw, work)


def read_detect_secrets(raw, work):
    types = json.load(open(raw + ".types"))
    data = json.load(open(raw))
    res = []
    for path, results in data.get("results", {}).items():
        for r in results:
            plugin = types.get(r["type"], r["type"].replace(" ", ""))
            res.append({"file": norm(path, work), "code": f"detect-secrets:{plugin}", "line": r.get("line_number", 0),
                        "end_line": r.get("line_number", 0), "message": r["type"]})
    return res


# ---- checkov (one run per framework over a directory)

def checkov(bin_, framework, directories, work, raw, env=None):
    """One checkov run per directory (several runs' results are merged)."""
    failed, passed = [], []
    for i, d in enumerate(directories):
        env_d = dict(env or {})
        if framework == "kubernetes" and d.endswith("variants"):
            # The variants are hundreds of objects with the same names and labels; checkov's graph
            # would join each to every other (quadratic memory: >16 GB). The edges serve only the
            # CKV2_K8S graph checks, which no rule declares.
            env_d["CREATE_EDGES"] = ""
        f, p = checkov_one(bin_, framework, d, work, f"{raw}.{i}", env_d)
        failed += f
        passed += p
    json.dump({"failed": failed, "passed": passed}, open(raw, "w"))
    return read_checkov(raw, work)


def checkov_one(bin_, framework, directory, work, raw, env):
    args = [bin_, "-d", directory, "--framework", framework, "-o", "json", "--compact", "--skip-download"]
    if framework == "secrets":
        args.append("--enable-secret-scan-all-files")
    full = raw + ".full"
    run(args, work, out_path=full, env={"LOG_LEVEL": "ERROR", **env})
    # The full report lists every passed check: large. Keep (file, check, lines) only.
    try:
        data = json.load(open(full))
    except json.JSONDecodeError:
        log(f"checkov {framework}: unreadable output; see {full}.stderr")
        data = []
    reports = data if isinstance(data, list) else [data]
    failed, passed = [], []
    cache = {}

    def path(f):
        # `file_path` is relative to the -d directory; checkov's `file_abs_path` repeats a relative
        # -d directory (work/kubernetes/corpus/kubernetes/corpus/...), so it is a fallback only.
        key = (f.get("file_path"), f.get("file_abs_path"))
        if key not in cache:
            fp = (f.get("file_path") or "").lstrip("/")
            cands = [os.path.join(work, directory, fp), os.path.join(work, fp), f.get("file_abs_path") or ""]
            cache[key] = next((c for c in cands if c and os.path.isfile(c)), cands[0])
        return cache[key]
    for r in reports:
        res = r.get("results") or {}
        for f in res.get("failed_checks", []):
            failed.append([path(f), f["check_id"], f.get("file_line_range") or [0, 0],
                           f.get("check_name", ""), f.get("resource", "")])
        for f in res.get("passed_checks", []):
            passed.append([path(f), f["check_id"]])
        for p in res.get("parsing_errors", []):
            p = p if os.path.isabs(p) else os.path.join(work, directory, p.lstrip("/"))
            failed.append([p, "PARSE_ERROR", [0, 0], "checkov could not parse the file", ""])
    os.remove(full)
    return failed, passed


def repair(path, work):
    """A path under `work` that exists: checkov sometimes repeats the -d directory in its paths."""
    if os.path.isfile(path):
        return path
    parts = os.path.relpath(path, work).split(os.sep)
    for i in range(1, len(parts)):
        c = os.path.join(work, *parts[i:])
        if os.path.isfile(c):
            return c
    return path


def read_checkov(raw, work):
    d = json.load(open(raw))
    cache = {}

    def fix(p):
        if p not in cache:
            cache[p] = repair(p, work)
        return cache[p]
    d["failed"] = [[fix(p), *rest] for p, *rest in d["failed"]]
    d["passed"] = [[fix(p), c] for p, c in d["passed"]]
    res, parse_errors = [], set()
    for path, code, rng, name, resource in d["failed"]:
        if code == "PARSE_ERROR":
            parse_errors.add(norm(path, work))
            continue
        rng = rng or [0, 0]
        res.append({"file": norm(path, work), "code": f"checkov:{code}", "line": rng[0], "end_line": rng[-1],
                    "message": f"{name} [{resource}]"})
    evaluated = {(norm(p, work), f"checkov:{c}") for p, c in d["passed"]}
    evaluated |= {(f["file"], f["code"]) for f in res}
    return res, evaluated, parse_errors


def checkov_framework_of(code):
    """The checkov framework that runs a check, by its id."""
    c = code.split(":", 1)[1]
    if re.match(r"CKV2?_DOCKER_", c):
        return "dockerfile"
    if c.startswith("CKV_K8S_"):
        return "kubernetes"
    if re.match(r"CKV2?_GHA_", c):
        return "github_actions"
    if c.startswith("CKV_GITLABCI_"):
        return "gitlab_ci"
    if c.startswith("CKV_SECRET_"):
        return "secrets"
    if re.match(r"CKV2?_(AWS|GCP|AZURE|TF|GIT|OCI|ALI|IBM|LIN|OPENSTACK|PAN|NCP|DIO|K8S)_", c):
        return "terraform"
    return "?"


def checkov_titles(bin_, work, raw):
    """{check id: title} from `checkov --list` (to name checks in the report and to find declared
    ids checkov does not have)."""
    if not os.path.exists(raw):
        run([bin_, "--list"], work, out_path=raw)
    titles = {}
    for line in open(raw, errors="replace"):
        c = [x.strip() for x in line.split("|")]
        if len(c) > 6 and c[2].startswith("CKV"):
            titles.setdefault(c[2], c[5])
    return titles
