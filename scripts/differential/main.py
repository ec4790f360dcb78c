"""Differential testing of shipshape against its peers (issue 13 §5).

For every rule that declares a peer (`peers: ["hadolint:DL3008", ...]`), run shipshape and the peer
over the same files and list every file where exactly one of the two fires. See docs/differential.md.

Usage (normally through scripts/differential.sh):
  python main.py --shipshape BIN --venv target/peers --out target/differential/full [--quick]
"""

import argparse
import collections
import concurrent.futures as cf
import datetime
import json
import os
import random
import resource
import re
import shutil
import subprocess
import sys
import time
import tomllib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers as P  # noqa: E402
import variants as V  # noqa: E402

KINDS = ["dockerfile", "github-actions", "compose", "kubernetes", "gitlab-ci", "terraform"]
TOOLS = {"hadolint", "shellcheck", "zizmor", "actionlint", "checkov", "dclint", "detect-secrets"}
DOCKERFILE_MASK = re.compile(r"^(?:.+\.)?[Dd]ockerfile(?:\..+)?$(?<!\.[Dd]ockerignore)")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------
# Peer groups: which files each peer audits, and which declared codes belong to it

def kind_of(rel):
    return rel.split(os.sep, 1)[0]


def in_workflows(rel):
    return "/.github/workflows/" in "/" + rel.replace(os.sep, "/")


GROUPS = [
    # name, namespaces of the codes it reports, files it audits
    ("hadolint", ("hadolint", "shellcheck"), lambda r: kind_of(r) == "dockerfile"),
    ("zizmor", ("zizmor",), lambda r: kind_of(r) == "github-actions"),
    ("actionlint", ("actionlint",), lambda r: kind_of(r) == "github-actions" and in_workflows(r)),
    ("dclint", ("dclint",), lambda r: kind_of(r) == "compose"),
    ("detect-secrets", ("detect-secrets",), lambda r: True),
    ("checkov/dockerfile", ("checkov",), lambda r: kind_of(r) == "dockerfile" and DOCKERFILE_MASK.fullmatch(os.path.basename(r))),
    ("checkov/github_actions", ("checkov",), lambda r: kind_of(r) == "github-actions" and in_workflows(r)),
    ("checkov/gitlab_ci", ("checkov",), lambda r: kind_of(r) == "gitlab-ci" and r.endswith((".gitlab-ci.yml", ".gitlab-ci.yaml"))),
    ("checkov/kubernetes", ("checkov",), lambda r: kind_of(r) == "kubernetes"),
    ("checkov/terraform", ("checkov",), lambda r: kind_of(r) == "terraform" and r.endswith(".tf")),
    ("checkov/secrets", ("checkov",), lambda r: True),
]


def group_of_code(code):
    ns = code.split(":", 1)[0]
    if ns == "checkov":
        return "checkov/" + P.checkov_framework_of(code)
    if ns == "shellcheck":
        return "hadolint"
    return ns


# --------------------------------------------------------------------------------------------------
# Verdicts: disagreements explained as the peer's error or a deliberate difference (verdicts/*.toml)

VERDICT_KINDS = {"peer-wrong", "declined"}
MATCHERS = ("content", "line", "file", "variant", "message", "note")
VERDICT_KEYS = {"peer", "check", "direction", "verdict", "why"} | set(MATCHERS)


def load_verdicts(directory):
    """Every [[verdict]] of directory/*.toml, validated; a malformed entry stops the run with its place."""
    out = []
    if not os.path.isdir(directory):
        return out
    groups = {g for g, _, _ in GROUPS}
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".toml"):
            continue
        path = os.path.join(directory, name)
        with open(path, "rb") as fh:
            try:
                data = tomllib.load(fh)
            except tomllib.TOMLDecodeError as e:
                sys.exit(f"{path}: {e}")
        for i, v in enumerate(data.get("verdict", [])):
            where = f"{path}: verdict {i + 1}"
            unknown = set(v) - VERDICT_KEYS
            if unknown:
                sys.exit(f"{where}: unknown keys {sorted(unknown)}")
            for k in ("peer", "check", "direction", "verdict", "why"):
                if not str(v.get(k, "")).strip():
                    sys.exit(f"{where}: `{k}` is required")
            if v["peer"] not in groups:
                sys.exit(f"{where}: peer {v['peer']!r} is not one of {sorted(groups)}")
            if v["direction"] not in ("only-peer", "only-shipshape"):
                sys.exit(f"{where}: direction must be only-peer or only-shipshape")
            if v["verdict"] not in VERDICT_KINDS:
                sys.exit(f"{where}: verdict must be one of {sorted(VERDICT_KINDS)}")
            if v["verdict"] == "peer-wrong" and not any(k in v for k in MATCHERS):
                sys.exit(f"{where}: a peer-wrong verdict needs a matcher ({', '.join(MATCHERS)}); "
                         "only a declined difference of scope may cover a whole check")
            rx = {}
            for k in MATCHERS:
                if k in v:
                    try:
                        rx[k] = re.compile(v[k], re.M)
                    except re.error as e:
                        sys.exit(f"{where}: `{k}` is not a regular expression: {e}")
            out.append({**v, "source": f"{name}:{i + 1}", "rx": rx, "used": 0})
    return out


# Domain rules that report a literal secret with its context (the workflow, the service, the build
# argument); the engine keeps their finding and drops the SEC00x finding on the same value, so a
# secret peer's finding on that line is the same secret, reported under the domain rule.
SECRET_DOMAIN_RULES = {"GHA066", "GHA010", "DF065", "DC018", "K8S021", "TF006", "GL003"}
SECRET_GROUPS = {"detect-secrets", "checkov/secrets"}


def explain(d, verdicts, text_of, ss_lines=None):
    """The verdict explaining disagreement d, or None. Files the peer could not read are explained
    without a verdict: there is nothing to compare. A secret peer's finding on a line where a domain
    rule reports a literal secret is the same secret (see SECRET_DOMAIN_RULES)."""
    if d["note"].startswith("peer could not read"):
        return {"verdict": "unreadable", "why": "the peer could not read the file", "source": ""}
    if d["peer"] in SECRET_GROUPS and d["direction"] == "only-peer" and ss_lines is not None:
        rules = {r for line in d["lines"] for r in ss_lines.get((d["path"], line), ())}
        same = sorted(rules & SECRET_DOMAIN_RULES)
        if same:
            return {"verdict": "same-secret", "why": f"the same value is reported by {', '.join(same)} on that line "
                    "(a domain rule's finding replaces SEC00x for one value)", "source": ""}
    check = d["code"].split(":", 1)[1]
    for v in verdicts:
        if v["peer"] != d["peer"] or v["direction"] != d["direction"] or v["check"] not in ("*", check):
            continue
        rx = v["rx"]
        vs = f"{d['variant']['rule']}/{d['variant']['side']}/{d['variant']['mutation']}" if d["variant"] else ""
        if "variant" in rx and not rx["variant"].search(vs):
            continue
        if "file" in rx and not rx["file"].search(d["file"]):
            continue
        if "message" in rx and not rx["message"].search(d["message"]):
            continue
        if "note" in rx and not rx["note"].search(d["note"]):
            continue
        if "content" in rx and not rx["content"].search(text_of(d["path"])):
            continue
        if "line" in rx:
            lines = text_of(d["path"]).splitlines()
            if not any(0 < n <= len(lines) and rx["line"].search(lines[n - 1]) for n in d["lines"]):
                continue
        v["used"] += 1
        return v
    return None


# --------------------------------------------------------------------------------------------------
# Staging

def stage_corpus(corpus, work, quick, seed, sample):
    """Copy the corpus (or a seeded sample) to work/<kind>/corpus/...; returns {staged: original}.
    Workflow templates outside `.github/workflows/` (actions/starter-workflows) are staged inside one,
    so that every tool reads them as workflows."""
    files = []
    for kind in KINDS:
        for root, _, names in os.walk(os.path.join(corpus, kind)):
            for n in names:
                files.append(os.path.relpath(os.path.join(root, n), corpus))
    files.sort()
    if quick:
        rng = random.Random(seed)
        by_kind = collections.defaultdict(list)
        for f in files:
            by_kind[kind_of(f)].append(f)
        per = max(1, sample // len(KINDS))
        files = sorted(x for k in KINDS for x in rng.sample(by_kind[k], min(per, len(by_kind[k]))))
    mapping = {}
    for f in files:
        kind, rest = f.split(os.sep, 1)
        if kind == "github-actions" and not in_workflows(f) and os.path.basename(f) not in ("action.yml", "action.yaml"):
            d, n = os.path.split(rest)
            rest = os.path.join(d, ".github", "workflows", n)
        dst = os.path.join(kind, "corpus", rest)
        os.makedirs(os.path.join(work, os.path.dirname(dst)), exist_ok=True)
        shutil.copyfile(os.path.join(corpus, f), os.path.join(work, dst))
        mapping[os.path.normpath(dst)] = "corpus/" + f
    return mapping


def stage_variants(ss, work, rules):
    def explain(code):
        return subprocess.run([ss, "explain", code], capture_output=True, text=True, check=True).stdout
    vs = V.generate(rules, explain, TOOLS)
    meta = {}
    for kind, vid, name, text, m in vs:
        rel = os.path.normpath(os.path.join(kind if kind != "secrets" else "secrets", "variants", vid, name))
        os.makedirs(os.path.join(work, os.path.dirname(rel)), exist_ok=True)
        with open(os.path.join(work, rel), "w", newline="") as fh:
            fh.write(text)
        meta[rel] = m
    return meta


def mark_repository_roots(work):
    """An empty `.git` beside every staged `.github/`: each staged tree is a repository's root, as its
    workflows were (shipshape, like GitHub, reads workflows only at a repository's root, and the work
    directory lies inside shipshape's own repository)."""
    for root, dirs, _ in os.walk(work):
        if ".github" in dirs:
            os.makedirs(os.path.join(root, ".git"), exist_ok=True)
        dirs[:] = [d for d in dirs if d != ".git"]


def all_files(work):
    out = []
    for root, _, names in os.walk(work):
        for n in names:
            out.append(os.path.normpath(os.path.relpath(os.path.join(root, n), work)))
    return sorted(out)


# --------------------------------------------------------------------------------------------------
# Running

def run_shipshape(ss, work, raw):
    P.run([ss, "check", "--select", "ALL", "--format", "json", "--exit-zero", "--no-config", "."], work, out_path=raw)
    return read_shipshape(raw, work)


def read_shipshape(raw, work):
    data = json.load(open(raw))
    return [{"file": P.norm(f["path"], work), "rule": f["code"], "line": f["line"], "end_line": f["end_line"],
             "message": f["message"]} for f in data["findings"]]


def run_tools(args, work, files, raw_dir, reuse):
    venv = args.venv
    b = lambda n: os.path.join(venv, "bin", n)  # noqa: E731
    dclint_bin = os.path.join(venv, "node", "node_modules", ".bin", "dclint")
    ds_bin = os.path.join(venv + "-ds", "bin", "detect-secrets")
    sel = lambda pred: [f for f in files if pred(f)]  # noqa: E731
    group_pred = {g: pred for g, _, pred in GROUPS}
    jobs = {
        "shipshape": lambda raw: run_shipshape(args.shipshape, work, raw),
        "hadolint": lambda raw: P.hadolint(b("hadolint"), sel(group_pred["hadolint"]), work, raw),
        "zizmor": lambda raw: P.zizmor(b("zizmor"), sel(group_pred["zizmor"]), work, raw),
        "zizmor-auditor": lambda raw: P.zizmor(b("zizmor"), sel(group_pred["zizmor"]), work, raw, "auditor"),
        "actionlint": lambda raw: P.actionlint(b("actionlint"), sel(group_pred["actionlint"]), work, raw),
        "dclint": lambda raw: P.dclint(dclint_bin, sel(group_pred["dclint"]), work, raw),
        "detect-secrets": lambda raw: P.detect_secrets(ds_bin, ["."], work, raw),
    }
    readers = {
        "shipshape": lambda raw: read_shipshape(raw, work),
        "hadolint": lambda raw: P.read_hadolint(raw, work),
        "zizmor": lambda raw: P.read_zizmor(raw, work),
        "zizmor-auditor": lambda raw: P.read_zizmor(raw, work),
        "actionlint": lambda raw: P.read_actionlint(raw, work),
        "dclint": lambda raw: P.read_dclint(raw, work),
        "detect-secrets": lambda raw: P.read_detect_secrets(raw, work),
    }
    frameworks = {"dockerfile": ["dockerfile"], "github_actions": ["github-actions"], "gitlab_ci": ["gitlab-ci"],
                  "kubernetes": ["kubernetes/corpus", "kubernetes/variants"], "terraform": ["terraform"], "secrets": ["."]}
    results, timings = {}, {}

    def timed(name, fn, raw):
        t = time.time()
        if reuse and os.path.exists(raw):
            r = (readers.get(name) or (lambda raw: P.read_checkov(raw, work)))(raw)
        else:
            log(f"running {name} ...")
            r = fn(raw)
        timings[name] = time.time() - t
        log(f"  {name}: {timings[name]:.0f}s")
        return r

    def checkov_all():
        out = {}
        for fw, ds in frameworks.items():
            d = [x for x in ds if os.path.isdir(os.path.join(work, x))]
            name = f"checkov/{fw}"
            out[name] = timed(name, lambda raw, fw=fw, d=d: P.checkov(b("checkov"), fw, d, work, raw),
                              os.path.join(raw_dir, f"checkov-{fw}.json"))
        return out

    with cf.ThreadPoolExecutor(max_workers=2) as ex:
        ck = ex.submit(checkov_all)
        for name, fn in jobs.items():
            results[name] = timed(name, fn, os.path.join(raw_dir, f"{name}.json"))
        results.update(ck.result())
    return results, timings


# --------------------------------------------------------------------------------------------------
# Comparing

def df_instruction_starts(path):
    """line -> first line of the Dockerfile instruction holding it (continuations, heredocs)."""
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    except OSError:
        return {}
    m, start, cont, heredoc = {}, None, False, None
    for i, l in enumerate(lines, 1):
        if heredoc:
            m[i] = start
            if l.strip() == heredoc:
                heredoc = None
            continue
        if not cont:
            start = i
        m[i] = start
        h = re.search(r"<<-?\s*['\"]?(\w+)['\"]?", l) if not l.lstrip().startswith("#") else None
        if h and re.match(r"\s*\w+\s", l):
            heredoc = h.group(1)
        cont = l.rstrip().endswith(("\\", "`")) or (cont and l.lstrip().startswith("#"))
    return m


def compare(results, files, mapping, vmeta, rules, work, unread, verdicts=()):
    declared = collections.defaultdict(set)  # peer code -> rules declaring it
    for r in rules:
        for p in r["peers"]:
            if p.split(":")[0] in TOOLS:
                declared[p].add(r["code"])
    rule_peers = {r["code"]: r["peers"] for r in rules}
    default = {r["code"]: r["default"] for r in rules}
    ss = results["shipshape"]
    ss_by = collections.defaultdict(list)  # (file, peer code) -> shipshape findings
    for f in ss:
        for p in rule_peers.get(f["rule"], []):
            ss_by[(f["file"], p)].append(f)
    report = {"groups": [], "unmapped": [], "silent": []}
    instr_cache = {}

    def instr(file):
        if file not in instr_cache:
            instr_cache[file] = df_instruction_starts(os.path.join(work, file))
        return instr_cache[file]

    def display(file):
        if file in mapping:
            return mapping[file]
        return "work/" + file.replace(os.sep, "/")

    for gname, _, pred in GROUPS:
        tool = gname.split("/")[0]
        no_result = set()
        if gname.startswith("checkov/"):
            findings, evaluated, parse_errors = results.get(gname, ([], set(), set()))
            seen_files = {f for f, _ in evaluated}
        else:
            findings, evaluated, parse_errors = results.get(tool, []), None, set()
            if tool == "hadolint":
                parse_errors = {f["file"] for f in findings if f["code"] == "hadolint:DL1000"}
            elif tool == "zizmor":
                parse_errors = unread.get("zizmor", set())
            elif tool == "dclint":
                # dclint stops at a schema error and lints nothing else in the file
                parse_errors = {f["file"] for f in findings if f["code"] == "dclint:invalid-schema"}
        gfiles = [f for f in files if pred(f)]
        gset = set(gfiles)
        if gname.startswith("checkov/") and gname != "checkov/secrets":
            # (the secrets framework reports failures only, so it has no "passed" to go by)
            # No result at all, passed or failed: checkov did not read the file (it skips hidden
            # directories such as .devcontainer/) or found nothing it checks in it.
            no_result = {f for f in gfiles if f not in seen_files} - parse_errors
        codes = sorted(c for c in declared if group_of_code(c) == gname)
        opt_in = []
        if gname == "zizmor" and "zizmor-auditor" in results:
            # The checks of rules that are opt-in in shipshape (on under --select ALL) are compared
            # with zizmor's auditor persona, which runs every audit (anonymous-definition and
            # concurrency-limits are pedantic, secrets-outside-env auditor-only): like with like.
            # Every other check is compared with the default (regular) persona.
            opt_in = [c for c in codes if not any(default[r] for r in declared[c])]
            findings = [f for f in findings if f["code"] not in opt_in] + [
                f for f in results["zizmor-auditor"] if f["code"] in opt_in]
        peer_by = collections.defaultdict(list)
        emitted = collections.Counter()
        emitted_files = collections.defaultdict(set)
        for f in findings:
            if f["file"] not in gset:
                continue
            peer_by[(f["file"], f["code"])].append(f)
            if f["file"] in mapping:
                emitted[f["code"]] += 1
                emitted_files[f["code"]].add(f["file"])
        both = only_ss = only_peer = 0
        line_both = line_match = 0
        dis = []
        bad_files = set()
        for file in gfiles:
            origin = "corpus" if file in mapping else "variant"
            for code in codes:
                s = ss_by.get((file, code), [])
                p = peer_by.get((file, code), [])
                if s and p:
                    both += 1
                    line_both += 1
                    if match_lines(s, p, instr(file) if kind_of(file) == "dockerfile" else None):
                        line_match += 1
                elif s or p:
                    bad_files.add(file)
                    direction = "only-shipshape" if s else "only-peer"
                    if s:
                        only_ss += 1
                    else:
                        only_peer += 1
                    note = ""
                    if file in parse_errors:
                        note = "peer could not read the file; "
                    elif file in no_result:
                        note = "peer could not read the file (no result at all: hidden directory, or nothing it checks); "
                    if s:
                        sib = sorted({c for r in declared[code] for c in rule_peers.get(r, [])
                                      if c != code and (file, c) in peer_by})
                        if sib:
                            note = "peer fired " + ", ".join(x.split(":", 1)[1] for x in sib) + ", declared by the same rule; "
                    if evaluated is not None and s and file not in parse_errors and file not in no_result:
                        note += "peer evaluated the check and passed" if (file, code) in evaluated else "peer did not evaluate the check here"
                    dis.append({
                        "peer": gname, "code": code, "direction": direction, "file": display(file), "origin": origin,
                        "rules": sorted({x["rule"] for x in s}) or sorted(declared[code]),
                        "lines": sorted({x["line"] for x in (s or p)}),
                        "message": (s or p)[0]["message"][:160], "full_message": (s or p)[0]["message"],
                        "variant": vmeta.get(file), "note": note, "path": file,
                    })
        # Verdicts: which disagreements are the peer's error or a deliberate difference.
        texts = {}

        def text_of(rel):
            if rel not in texts:
                try:
                    with open(os.path.join(work, rel), encoding="utf-8", errors="replace") as fh:
                        texts[rel] = fh.read()
                except OSError:
                    texts[rel] = ""
            return texts[rel]

        ss_lines = collections.defaultdict(set)
        for f in ss:
            for line in range(f["line"], (f.get("end_line") or f["line"]) + 1):
                ss_lines[(f["file"], line)].add(f["rule"])
        bad_unexplained = set()
        pairs_unexplained = 0
        explained = collections.Counter()
        for d in dis:
            v = explain(dict(d, message=d["full_message"]), verdicts, text_of, ss_lines)
            d["explained"] = v and {"verdict": v["verdict"], "why": v["why"], "source": v["source"]}
            if v:
                explained[v["verdict"]] += 1
            else:
                pairs_unexplained += 1
                bad_unexplained.add(d["path"])
        right = both + pairs_unexplained
        # By mapping component: rules and the codes they declare, joined where a rule declares
        # several codes or several rules declare one code. A component agrees on a file when
        # shipshape fires any of its rules exactly when the peer fires any of its codes.
        comps = components(codes, declared, rule_peers)
        rb = collections.Counter()
        ss_rules = collections.defaultdict(set)
        for f in ss:
            ss_rules[f["file"]].add(f["rule"])
        for file in gfiles:
            fr = ss_rules.get(file, set())
            for crules, ccodes in comps:
                a = bool(fr & crules)
                b = any((file, c) in peer_by for c in ccodes)
                if a or b:
                    rb["both" if a and b else "only_shipshape" if a else "only_peer"] += 1
        grules = sorted({r for c in codes for r in declared[c]})
        compared = len(gfiles)
        n_corpus = sum(1 for f in gfiles if f in mapping)
        fired = both + only_ss + only_peer
        unmapped = sorted(((c, n, len(emitted_files[c])) for c, n in emitted.items() if c not in declared),
                          key=lambda x: (-x[2], x[0]))
        seen = {f["code"] for f in findings if f["file"] in gset} | {c for (_, c) in ss_by if group_of_code(c) == gname and c in codes}
        silent = [c for c in codes if c not in seen]
        report["groups"].append({
            "peer": gname, "mapped": len(codes), "files": compared, "corpus_files": n_corpus,
            "variant_files": compared - n_corpus, "both": both, "only_shipshape": only_ss, "only_peer": only_peer,
            "files_agreeing": compared - len(bad_files),
            "agreement": 100.0 * (compared - len(bad_files)) / compared if compared else 100.0,
            "agreement_fired": 100.0 * both / fired if fired else 100.0,
            "line_both": line_both, "line_match": line_match, "disagreements": dis,
            "explained": dict(explained), "unexplained": pairs_unexplained,
            "files_agreeing_explained": compared - len(bad_unexplained),
            "agreement_explained": 100.0 * (compared - len(bad_unexplained)) / compared if compared else 100.0,
            "agreement_fired_explained": 100.0 * both / right if right else 100.0,
            "unmapped": unmapped, "silent": silent, "opt_in": opt_in,
            "rules": len(grules), "components": len(comps), "by_rule": dict(rb), "codes": codes,
            "declared_by": {c: sorted(declared[c]) for c in codes},
        })
    return report


def components(codes, declared, rule_peers):
    """[(rules, codes)]: connected parts of the rule-declares-code relation, within `codes`."""
    codes = set(codes)
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for c in codes:
        for r in declared[c]:
            parent[find(("r", r))] = find(("c", c))
    out = collections.defaultdict(lambda: (set(), set()))
    for x in list(parent):
        rs, cs = out[find(x)]
        (rs if x[0] == "r" else cs).add(x[1])
    return list(out.values())


def match_lines(s, p, starts):
    def norm(a, b):
        if starts is not None:
            return starts.get(a, a), starts.get(b, b)
        return a, b
    for x in s:
        a1, a2 = norm(x["line"], x["end_line"] or x["line"])
        for y in p:
            b1, b2 = norm(y["line"], y["end_line"] or y["line"])
            if a1 <= b2 and b1 <= a2:
                return True
    return False


# --------------------------------------------------------------------------------------------------
# Reporting

def patterns(dis):
    """Disagreements grouped by (code, direction): count, files, one corpus example, one variant example."""
    g = collections.OrderedDict()
    for d in dis:
        k = (d["code"], d["direction"])
        e = g.setdefault(k, {"code": d["code"], "direction": d["direction"], "count": 0, "corpus": 0,
                             "variants": 0, "example_corpus": None, "example_variant": None, "rules": set(),
                             "mutations": collections.Counter()})
        e["count"] += 1
        e["rules"].update(d["rules"])
        e["unread"] = e.get("unread", 0) + ("could not read" in d["note"])
        if d["origin"] == "corpus":
            e["corpus"] += 1
            e["example_corpus"] = e["example_corpus"] or d
        else:
            e["variants"] += 1
            e["example_variant"] = e["example_variant"] or d
            if d["variant"]:
                e["mutations"][f"{d['variant']['side']}:{d['variant']['mutation']}"] += 1
    return sorted(g.values(), key=lambda e: (-e["count"], e["code"], e["direction"]))


def mutation_induced(dis):
    """[((code, direction, mutation), (count, example))] of variant disagreements whose rule's
    unmutated block (same rule, same side) has no such disagreement."""
    base = {(d["code"], d["direction"], d["variant"]["rule"], d["variant"]["side"])
            for d in dis if d["variant"] and d["variant"]["mutation"] == "doc"}
    out = collections.OrderedDict()
    for d in dis:
        v = d["variant"]
        if not v or v["mutation"] == "doc" or (d["code"], d["direction"], v["rule"], v["side"]) in base:
            continue
        k = (d["code"], d["direction"], v["mutation"])
        n, ex = out.get(k, (0, d["file"]))
        out[k] = (n + 1, ex)
    return sorted(out.items(), key=lambda kv: (-kv[1][0], kv[0]))


def write_reports(report, out, timings, mode, top):
    lines = []
    p = lines.append
    p(f"shipshape differential test ({mode}), {datetime.date.today().isoformat()}")
    p("")
    hdr = f"{'peer':<24}{'mapped':>7}{'files':>7}{'both':>7}{'only-ss':>9}{'only-peer':>10}{'files agree':>13}{'fired agree':>13}{'lines':>13}"
    p(hdr)
    p("-" * len(hdr))
    for g in report["groups"]:
        ln = f"{g['line_match']}/{g['line_both']}"
        p(f"{g['peer']:<24}{g['mapped']:>7}{g['files']:>7}{g['both']:>7}{g['only_shipshape']:>9}{g['only_peer']:>10}"
          f"{g['agreement']:>12.1f}%{g['agreement_fired']:>12.1f}%{ln:>13}")
    p("")
    p("where the peer is right: disagreements explained as the peer's error or a deliberate difference")
    p("(scripts/differential/verdicts/*.toml), or on a file the peer could not read, are left out")
    hdr2 = f"{'peer':<24}{'disagree':>9}{'explained':>10}{'unexplained':>12}{'files agree':>13}{'fired agree':>13}"
    p(hdr2)
    p("-" * len(hdr2))
    for g in report["groups"]:
        n = len(g["disagreements"])
        p(f"{g['peer']:<24}{n:>9}{n - g['unexplained']:>10}{g['unexplained']:>12}"
          f"{g['agreement_explained']:>12.1f}%{g['agreement_fired_explained']:>12.1f}%")
    p("")
    p(f"{'by mapping':<24}{'rules':>7}{'groups':>7}{'both':>7}{'only-ss':>9}{'only-peer':>10}{'fired agree':>13}")
    for g in report["groups"]:
        rb = g["by_rule"]
        n = sum(rb.values())
        p(f"{g['peer']:<24}{g['rules']:>7}{g['components']:>7}{rb.get('both', 0):>7}{rb.get('only_shipshape', 0):>9}{rb.get('only_peer', 0):>10}"
          f"{(100.0 * rb.get('both', 0) / n if n else 100.0):>12.1f}%")
    p("")
    p("files agree: files where, for every mapped check, both tools fire or neither does.")
    p("fired agree: both / (both + only-shipshape + only-peer), over (file, check) pairs where either fires.")
    p("lines: of the pairs where both fire, those where a reported line (Dockerfile instruction) overlaps.")
    p("by mapping: rules and the checks they declare, joined where a rule declares several checks or several")
    p("  rules one check; (file, group) pairs: shipshape fires any of the rules, the peer any of the checks.")
    for g in report["groups"]:
        if g.get("opt_in"):
            p(f"{g['peer']}: checks of opt-in rules compared with --persona auditor: "
              + ", ".join(c.split(":", 1)[1] for c in g["opt_in"]))
    for g in report["groups"]:
        pats = patterns([d for d in g["disagreements"] if not d["explained"]])
        if not pats:
            continue
        p("")
        p(f"== {g['peer']}: {g['unexplained']} unexplained disagreements; top {min(top, len(pats))} patterns of {len(pats)}")
        for e in pats[:top]:
            ex = e["example_corpus"] or e["example_variant"]
            muts = ", ".join(f"{m}" for m, _ in e["mutations"].most_common(4))
            skipped = f"; the peer could not read {e['unread']} of the files" if e.get("unread") else ""
            p(f"  {e['count']:>5}  {e['direction']:<15}{e['code']:<40} ({', '.join(sorted(e['rules']))}; corpus {e['corpus']}, variants {e['variants']}{skipped})")
            p(f"         e.g. {ex['file']}:{','.join(map(str, ex['lines'][:3]))}  {ex['message'][:100]}"
              + (f"  [{ex['note']}]" if ex["note"] else ""))
            if e["example_corpus"] and e["example_variant"]:
                v = e["example_variant"]
                p(f"         and {v['file']}")
            if muts:
                p(f"         variants: {muts}")
    p("")
    p("== explained disagreements, by verdict (verdict file:entry, count, why)")
    for g in report["groups"]:
        by = collections.Counter((d["explained"]["source"], d["explained"]["verdict"], d["explained"]["why"])
                                 for d in g["disagreements"] if d["explained"])
        if by:
            p(f"  {g['peer']}:")
            for (src, verdict, why), n in sorted(by.items(), key=lambda kv: (-kv[1], kv[0])):
                p(f"    {n:>5}  {src or '-':<28} {verdict:<11} {why[:110]}")
    unused = report.get("unused_verdicts") or []
    if unused:
        p("  verdicts that matched nothing in this run: " + ", ".join(unused))
    p("")
    p("== disagreements a mutation introduced: the rule's documented block agrees, its mutated variant does not")
    p("   (code, direction, mutation: variants; one example)")
    for g in report["groups"]:
        rows = mutation_induced([d for d in g["disagreements"] if not d["explained"]])
        if rows:
            p(f"  {g['peer']}:")
            for (code, direction, mut), (n, ex) in rows[:top * 2]:
                p(f"    {n:>3}  {code.split(':', 1)[1]:<28} {direction:<15} {mut:<26} {ex}")
    p("")
    p("== peer checks that fired on the corpus but no rule declares (code: findings, files)")
    for g in report["groups"]:
        if g["unmapped"]:
            p(f"  {g['peer']}: " + "; ".join(f"{c.split(':', 1)[1]} {n}/{f}" for c, n, f in g["unmapped"]))
    titles = report.get("checkov_titles") or {}
    if titles:
        p("")
        p("== declared checkov checks and what checkov calls them (ids checkov does not list are marked)")
        seen = set()
        for g in report["groups"]:
            for c in g.get("codes", []):
                if c.startswith("checkov:") and c not in seen:
                    seen.add(c)
                    cid = c.split(":", 1)[1]
                    p(f"  {cid:<22} {', '.join(g['declared_by'][c]):<14} {titles.get(cid, '** not a checkov check id **')}")
    p("")
    p("== declared peer checks that neither tool fired on any compared file")
    for g in report["groups"]:
        if g["silent"]:
            p(f"  {g['peer']}: " + ", ".join(c.split(":", 1)[1] for c in g["silent"]))
    if timings:
        p("")
        p("time: " + ", ".join(f"{k} {v:.0f}s" for k, v in timings.items()))
    text = "\n".join(lines) + "\n"
    open(os.path.join(out, "summary.txt"), "w").write(text)
    with open(os.path.join(out, "disagreements.tsv"), "w") as fh:
        fh.write("peer\tcode\tdirection\tfile\tlines\tshipshape rules\torigin\tvariant\tnote\tverdict\tmessage\n")
        for g in report["groups"]:
            for d in sorted(g["disagreements"], key=lambda d: (d["code"], d["direction"], d["file"])):
                v = d["variant"]
                vs = f"{v['rule']}/{v['side']}/{v['mutation']}" if v else ""
                fh.write("\t".join([d["peer"], d["code"], d["direction"], d["file"], ",".join(map(str, d["lines"])),
                                    ",".join(d["rules"]), d["origin"], vs, d["note"],
                                    (f"{d['explained']['verdict']} ({d['explained']['source']})" if d["explained"] else ""),
                                    d["message"].replace("\t", " ").replace("\n", " ")]) + "\n")
    with open(os.path.join(out, "unmapped.tsv"), "w") as fh:
        fh.write("peer\tcode\tfindings\tfiles\n")
        for g in report["groups"]:
            for c, n, f in g["unmapped"]:
                fh.write(f"{g['peer']}\t{c}\t{n}\t{f}\n")
    summary = {k: v for k, v in report.items() if k != "groups"}
    summary["groups"] = [{k: v for k, v in g.items() if k != "disagreements"} | {"patterns": [
        {k: (sorted(v) if isinstance(v, set) else v) for k, v in e.items() if k not in ("example_corpus", "example_variant", "mutations")}
        | {"example": (e["example_corpus"] or e["example_variant"])["file"],
           "mutations": dict(e["mutations"].most_common(6))}
        for e in patterns([d for d in g["disagreements"] if not d["explained"]])]} for g in report["groups"]]
    summary["mode"] = mode
    summary["date"] = datetime.date.today().isoformat()
    summary["timings"] = timings
    json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=1, default=str)
    return text


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shipshape", required=True)
    ap.add_argument("--venv", required=True)
    ap.add_argument("--corpus", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "corpus"))
    ap.add_argument("--out", required=True)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--sample", type=int, default=150)
    ap.add_argument("--no-corpus", action="store_true", help="variants only")
    ap.add_argument("--reuse", action="store_true", help="re-read the raw outputs of the last run instead of running the tools")
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--fail-on-unexplained", action="store_true",
                    help="exit 1 when any disagreement is neither fixed nor explained by a verdict")
    ap.add_argument("--verdicts", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "verdicts"),
                    help="directory of verdict files (*.toml) explaining disagreements")
    args = ap.parse_args()
    args.shipshape = os.path.abspath(args.shipshape)
    args.venv = os.path.abspath(args.venv)
    args.corpus = os.path.abspath(args.corpus)
    out = os.path.abspath(args.out)
    work = os.path.join(out, "work")
    raw = os.path.join(out, "raw")
    rules = json.loads(subprocess.run([args.shipshape, "rules", "--format", "json"], capture_output=True, check=True).stdout)["rules"]
    t0 = time.time()
    if args.reuse:
        meta = json.load(open(os.path.join(out, "staging.json")))
        mapping, vmeta = meta["mapping"], meta["variants"]
    else:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(raw, ignore_errors=True)
        os.makedirs(work)
        os.makedirs(raw)
        mapping = {} if args.no_corpus else stage_corpus(args.corpus, work, args.quick, args.seed, args.sample)
        vmeta = stage_variants(args.shipshape, work, rules)
        mark_repository_roots(work)
        json.dump({"mapping": mapping, "variants": vmeta}, open(os.path.join(out, "staging.json"), "w"))
        log(f"staged {len(mapping)} corpus files and {len(vmeta)} variants in {work}")
    files = all_files(work)
    results, timings = run_tools(args, work, files, raw, args.reuse)
    titles = P.checkov_titles(os.path.join(args.venv, "bin", "checkov"), work, os.path.join(raw, "checkov-list.txt"))
    zfiles = [f for f in files if dict((g, pr) for g, _, pr in GROUPS)["zizmor"](f)]
    unread = {"zizmor": P.zizmor_unread(os.path.join(args.venv, "bin", "zizmor"), zfiles,
                                        results.get("zizmor-auditor", []), work, os.path.join(raw, "zizmor-unread.json"))}
    verdicts = load_verdicts(args.verdicts)
    report = compare(results, files, mapping, vmeta, rules, work, unread, verdicts)
    report["unused_verdicts"] = [v["source"] for v in verdicts if not v["used"]]
    report["checkov_titles"] = titles
    timings["total"] = time.time() - t0
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    timings["cpu (all processes)"] = ru.ru_utime + ru.ru_stime
    mode = ("quick" if args.quick else "full") + (f", seed {args.seed}, {len(mapping)} corpus files" if args.quick else f", {len(mapping)} corpus files") + f", {len(vmeta)} variants"
    text = write_reports(report, out, timings, mode, args.top)
    print(text)
    print(f"full lists: {out}/disagreements.tsv, {out}/unmapped.tsv, {out}/summary.json")
    unexplained = sum(g["unexplained"] for g in report["groups"])
    if args.fail_on_unexplained and unexplained:
        sys.exit(f"differential: {unexplained} disagreements are neither fixed nor explained by a verdict "
                 f"(see the patterns above and {out}/disagreements.tsv)")


if __name__ == "__main__":
    main()
