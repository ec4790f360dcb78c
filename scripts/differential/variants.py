"""Variants around each rule's documented example and alternative.

Every rule that declares a peer documents a bad `## Example` and a good `## Use instead` (fenced
blocks in `shipshape explain CODE`). Each block is written as is, and once per mutation that changes
it: flags moved, environment variables that change a tool's behaviour (`PIP_NO_CACHE_DIR=1`),
`export` before the command, other package managers and their cache directories, line
continuations, heredocs, quoting, other YAML spellings, Terraform values behind variables, ...
A mutation is applied alone (never combined), so a disagreement points at one spelling.

Layout: <root>/<kind>/variants/<CODE>-<ex|alt>-<mutation>/<file name the tools classify by>.
"""

import json
import re

import yaml

# --------------------------------------------------------------------------------------------------
# Doc blocks

def doc_block(docs, section):
    m = re.search(r"^## " + re.escape(section) + r"\n```[^\n]*\n(.*?)\n```", docs, re.S | re.M)
    return m.group(1) if m else None


# --------------------------------------------------------------------------------------------------
# Dockerfile

PKG_TOOLS = r"(?:apt-get|apt|apk|yum|dnf|microdnf|zypper|pip3?|npm|gem|yarn|go|uv|python3? -m pip)"


def df_logical(text):
    """[(keyword or None, raw)]: logical instructions (continuations joined) and comment/blank lines."""
    out, buf = [], None
    for line in text.split("\n"):
        if buf is not None:
            if line.lstrip().startswith("#"):
                continue  # Docker drops comment lines inside a continuation
            if line.rstrip().endswith("\\"):
                buf += " " + line.strip()[:-1].strip()
                continue
            buf += " " + line.strip()
            out.append(buf)
            buf = None
            continue
        if line.rstrip().endswith("\\") and not line.lstrip().startswith("#"):
            buf = line.rstrip()[:-1].rstrip()
            continue
        out.append(line)
    if buf is not None:
        out.append(buf)
    res = []
    for raw in out:
        m = re.match(r"\s*([A-Za-z]+)\s+(.*)$", raw)
        if raw.strip() and not raw.lstrip().startswith("#") and m:
            res.append((m.group(1).upper(), m.group(2)))
        else:
            res.append((None, raw))
    return res


def df_emit(instrs):
    return "\n".join(raw if kw is None else f"{kw} {rest}" for kw, rest in instrs)


def df_with_from(text):
    if any(re.match(r"\s*FROM\s", l, re.I) for l in text.split("\n")):
        return text
    return "FROM debian:bookworm-slim\n" + text


def run_map(fn):
    """A mutation that rewrites the command of every RUN (skipping heredoc and exec forms)."""
    def mut(text):
        ins = df_logical(text)
        changed = False
        out = []
        for kw, rest in ins:
            if kw == "RUN" and not rest.lstrip().startswith(("[", "<<")):
                flags, cmd = split_run_flags(rest)
                new = fn(cmd)
                if isinstance(new, tuple):  # (extra instructions before, flags to add, command)
                    before, addflags, new = new
                else:
                    before, addflags = [], []
                if new is not None and (new != cmd or before or addflags):
                    changed = True
                    out.extend(before)
                    out.append(("RUN", " ".join(flags + addflags + [new])))
                    continue
            out.append((kw, rest))
        return df_emit(out) if changed else None
    return mut


def split_run_flags(rest):
    flags = []
    while True:
        m = re.match(r"(--[a-z-]+=\S+)\s+(.*)$", rest, re.S)
        if not m:
            return flags, rest
        flags.append(m.group(1))
        rest = m.group(2)


def segments(cmd):
    """Split a shell command at &&, ||, ; and | (quoting ignored), keeping the separators."""
    return re.split(r"(\s*(?:&&|\|\||;|\|)\s*)", cmd)


def seg_map(fn):
    def inner(cmd):
        parts = segments(cmd)
        new = [p if i % 2 else fn(p) for i, p in enumerate(parts)]
        return "".join(new)
    return run_map(inner)


NOVALUE_FLAGS = {
    "-y", "--yes", "-q", "-qq", "-qy", "--quiet", "--assume-yes", "--no-install-recommends", "--no-cache-dir",
    "--no-cache", "--update", "-U", "--upgrade", "--user", "--force-yes", "-n", "--non-interactive",
    "--no-recommends", "--global", "-g", "--production", "--frozen-lockfile", "--allow-unauthenticated",
    "--nodocs", "--setopt=install_weak_deps=False", "--no-document", "--break-system-packages", "--system",
}
INSTALL = re.compile(r"^(\s*(?:sudo\s+)?(?:[A-Z_]+=\S+\s+)*)((?:apt-get|apt|apk|yum|dnf|microdnf|zypper|pip3?|npm|gem|yarn)"
                     r"|python3? -m pip|uv pip)(\s+.*)$")


def move_flags(where):
    def fn(seg):
        m = INSTALL.match(seg)
        if not m:
            return seg
        pre, tool, tail = m.groups()
        toks = tail.split()
        flags = [t for t in toks if t in NOVALUE_FLAGS]
        if not flags:
            return seg
        rest = [t for t in toks if t not in NOVALUE_FLAGS]
        if not rest:
            return seg
        if where == "last":
            new = rest + flags
        else:  # before the subcommand
            new = flags + rest
        if new == toks:
            return seg
        return f"{pre}{tool} " + " ".join(new)
    return seg_map(fn)


def sub_in_runs(pattern, repl, flags=0):
    def fn(cmd):
        return re.sub(pattern, repl, cmd, flags=flags)
    return run_map(fn)


def quote_args(seg):
    m = INSTALL.match(seg)
    if not m:
        return seg
    pre, tool, tail = m.groups()
    toks = tail.split()
    sub = {"install", "add", "i", "in", "ci", "get"}
    out = []
    for t in toks:
        if t.startswith("-") or t in sub or "'" in t or '"' in t or "$" in t:
            out.append(t)
        else:
            out.append(f'"{t}"')
    return f"{pre}{tool} " + " ".join(out)


def env_instead_of_flag(flag, var, value, how):
    """Drop `flag` from the commands and get the same behaviour from the environment instead."""
    tool_re = {"--no-cache-dir": r"\b(?:pip3?|python3? -m pip)\s+install\b"}[flag]

    def fn(cmd):
        if not re.search(tool_re, cmd):
            return None
        new = re.sub(r"\s+" + re.escape(flag) + r"\b", "", cmd)
        if how == "env":
            return ([("ENV", f"{var}={value}")], [], new)
        if how == "arg":
            return ([("ARG", f"{var}={value}")], [], new)
        if how == "inline":
            return re.sub(r"(?<![\w=-])((?:pip3?|python3? -m pip)\s+install)", f"{var}={value} \\1", new, count=1)
        if how == "export":
            return f"export {var}={value} && {new}"
        raise ValueError(how)
    return run_map(fn)


def cache_mount(tool_re, target, drop=()):
    def fn(cmd):
        if not re.search(tool_re, cmd):
            return None
        new = cmd
        for d in drop:
            new = re.sub(d, "", new)
        new = re.sub(r"\s+", " ", new).strip()
        return ([], [f"--mount=type=cache,target={target}"], new)
    return run_map(fn)


def df_continuation(text, sep="    ", comment=False):
    ins = df_logical(text)
    changed = False
    out = []
    for kw, rest in ins:
        if kw == "RUN" and re.search(r"&&|;", rest) and not rest.lstrip().startswith(("[", "<<")):
            c = "    # step\n" if comment else ""
            rest = re.sub(r"\s*(&&|;)\s*", lambda m: " \\\n" + c + sep + m.group(1) + " ", rest)
            changed = True
        out.append((kw, rest))
    return df_emit(out) if changed else None


def df_joined(text):
    new = df_emit(df_logical(text))
    return new if new != text else None


def df_heredoc(multi):
    def mut(text):
        ins = df_logical(text)
        changed = False
        out = []
        for kw, rest in ins:
            if kw == "RUN" and not rest.lstrip().startswith(("[", "<<")):
                flags, cmd = split_run_flags(rest)
                if multi:
                    if "&&" not in cmd:
                        out.append((kw, rest))
                        continue
                    body = "set -e\n" + "\n".join(s.strip() for s in re.split(r"&&", cmd))
                else:
                    body = cmd
                out.append(("RUN", " ".join(flags + ["<<EOF"]) + "\n" + body + "\nEOF"))
                changed = True
            else:
                out.append((kw, rest))
        return df_emit(out) if changed else None
    return mut


def df_exec_form(text):
    ins = df_logical(text)
    changed = False
    out = []
    for kw, rest in ins:
        if kw == "RUN" and not rest.lstrip().startswith(("[", "<<", "--")):
            out.append(("RUN", json.dumps(["/bin/sh", "-c", rest])))
            changed = True
        else:
            out.append((kw, rest))
    return df_emit(out) if changed else None


def df_sh_c(text):
    ins = df_logical(text)
    changed = False
    out = []
    for kw, rest in ins:
        if kw == "RUN" and not rest.lstrip().startswith(("[", "<<", "--")) and '"' not in rest:
            out.append(("RUN", f'/bin/sh -c "{rest}"'))
            changed = True
        else:
            out.append((kw, rest))
    return df_emit(out) if changed else None


def df_lowercase(text):
    ins = df_logical(text)
    out = [(kw.lower() if kw else None, rest) for kw, rest in ins]
    new = "\n".join(raw if kw is None else f"{kw} {rest}" for kw, rest in out)
    return new if any(kw for kw, _ in ins) else None


def df_escape_backtick(text):
    c = df_continuation(text)
    if c is None:
        return None
    return "# escape=`\n" + c.replace(" \\\n", " `\n")


def df_from(fn):
    def mut(text):
        ins = df_logical(text)
        out, changed = [], False
        for kw, rest in ins:
            if kw == "FROM":
                new = fn(rest)
                if new is not None and new != rest:
                    changed = True
                    if isinstance(new, list):
                        out.extend(new)
                        continue
                    rest = new
            out.append((kw, rest))
        return df_emit(out) if changed else None
    return mut


def from_arg(rest):
    m = re.match(r"(--\S+\s+)?(\S+)(.*)$", rest)
    if not m or "$" in m.group(2) or m.group(2) == "scratch":
        return None
    return [("ARG", f"BASE_IMAGE={m.group(2)}"), ("FROM", f"{m.group(1) or ''}${{BASE_IMAGE}}{m.group(3)}")]


def from_docker_io(rest):
    m = re.match(r"(--\S+\s+)?(\S+)(.*)$", rest)
    img = m.group(2)
    if "$" in img or img == "scratch" or "." in img.split("/")[0] and "/" in img:
        return None
    if "/" not in img:
        img = "library/" + img
    return f"{m.group(1) or ''}docker.io/{img}{m.group(3)}"


def df_instr(keyword, fn):
    def mut(text):
        ins = df_logical(text)
        out, changed = [], False
        for kw, rest in ins:
            if kw == keyword:
                new = fn(rest)
                if new is not None and new != rest:
                    rest, changed = new, True
            out.append((kw, rest))
        return df_emit(out) if changed else None
    return mut


def env_legacy(rest):
    m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)=(\S+)", rest)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    m = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*) (\S+)", rest)
    if m:
        return f"{m.group(1)}={m.group(2)}"
    return None


def add_shell(text):
    if "SHELL " in text.upper():
        return None
    lines = text.split("\n")
    for i, l in enumerate(lines):
        if re.match(r"\s*FROM\s", l, re.I):
            lines.insert(i + 1, 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]')
            return "\n".join(lines)
    return None


def apt_conf_norecommends(text):
    if "--no-install-recommends" not in text:
        if not re.search(r"apt(-get)? install", text):
            return None
    new = re.sub(r"\s+--no-install-recommends\b", "", text)
    lines = new.split("\n")
    for i, l in enumerate(lines):
        if re.match(r"\s*FROM\s", l, re.I):
            lines.insert(i + 1, "RUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99-no-recommends")
            return "\n".join(lines)
    return None


DOCKERFILE_MUTATIONS = [
    ("joined", df_joined),
    ("continuation", df_continuation),
    ("continuation-tabs", lambda t: df_continuation(t, sep="\t")),
    ("continuation-empty-line", lambda t: df_continuation(t, sep="\n    ")),
    ("continuation-comments", lambda t: df_continuation(t, comment=True)),
    ("escape-backtick", df_escape_backtick),
    ("semicolons", sub_in_runs(r"\s*&&\s*", " ; ")),
    ("set-eux", run_map(lambda c: "set -eux; " + c)),
    ("subshell", run_map(lambda c: "(" + c + ")")),
    ("heredoc", df_heredoc(False)),
    ("heredoc-lines", df_heredoc(True)),
    ("exec-form", df_exec_form),
    ("sh-c", df_sh_c),
    ("lowercase-instructions", df_lowercase),
    ("crlf", lambda t: t.replace("\n", "\r\n") if "\n" in t else None),
    ("sudo", sub_in_runs(r"(^|&&\s*|;\s*|\|\s*)(" + PKG_TOOLS + r")\b", r"\1sudo \2")),
    ("flags-last", move_flags("last")),
    ("flags-first", move_flags("first")),
    ("long-flags", sub_in_runs(r"(?<=\s)-y\b", "--yes")),
    ("assume-yes", sub_in_runs(r"(?<=\s)-y\b", "--assume-yes")),
    ("combined-short-flags", sub_in_runs(r"(?<=\s)-y\b", "-qy")),
    ("quoted-args", seg_map(quote_args)),
    ("apt-get-to-apt", sub_in_runs(r"\bapt-get\b", "apt")),
    ("apt-to-apt-get", sub_in_runs(r"\bapt(?=\s)", "apt-get")),
    ("apt-o-no-recommends", sub_in_runs(r"--no-install-recommends\b", "-o APT::Install-Recommends=false")),
    ("apt-conf-no-recommends", apt_conf_norecommends),
    ("apt-lists-no-star", sub_in_runs(r"/var/lib/apt/lists/\*", "/var/lib/apt/lists/")),
    ("apt-lists-find-delete", sub_in_runs(r"rm -rf /var/lib/apt/lists/\*", "find /var/lib/apt/lists -type f -delete")),
    ("apt-clean-too", sub_in_runs(r"rm -rf /var/lib/apt/lists/\*", "apt-get clean && rm -rf /var/lib/apt/lists/*")),
    ("apt-cache-mount", cache_mount(r"\bapt(-get)?\s", "/var/lib/apt/lists",
                                    drop=[r"\s*&&\s*rm -rf /var/lib/apt/lists/\*"])),
    ("yum-to-dnf", sub_in_runs(r"\byum\b", "dnf")),
    ("dnf-to-yum", sub_in_runs(r"\bdnf\b", "yum")),
    ("to-microdnf", sub_in_runs(r"\b(?:yum|dnf)\b", "microdnf")),
    ("to-tdnf", sub_in_runs(r"\b(?:yum|dnf)\b", "tdnf")),
    ("yum-clean-rm", sub_in_runs(r"\b(yum|dnf) clean all\b", r"rm -rf /var/cache/\1")),
    ("zypper-short", sub_in_runs(r"\bzypper (install|in)\b", lambda m: "zypper " + ("in" if m.group(1) == "install" else "install"))),
    ("zypper-non-interactive-long", sub_in_runs(r"\bzypper -n\b", "zypper --non-interactive")),
    ("apk-update-flag", sub_in_runs(r"\bapk add --no-cache\b", "apk add --no-cache --update")),
    ("apk-rm-cache", sub_in_runs(r"\bapk add --no-cache (.*)$", r"apk add \1 && rm -rf /var/cache/apk/*")),
    ("apk-cache-mount", cache_mount(r"\bapk\s", "/var/cache/apk", drop=[r"--no-cache\s*"])),
    ("pip3", sub_in_runs(r"\bpip install\b", "pip3 install")),
    ("python-m-pip", sub_in_runs(r"\bpip3? install\b", "python3 -m pip install")),
    ("uv-pip", sub_in_runs(r"\bpip3? install\b", "uv pip install --system")),
    ("pip-env", env_instead_of_flag("--no-cache-dir", "PIP_NO_CACHE_DIR", "1", "env")),
    ("pip-env-off", env_instead_of_flag("--no-cache-dir", "PIP_NO_CACHE_DIR", "off", "env")),
    ("pip-arg", env_instead_of_flag("--no-cache-dir", "PIP_NO_CACHE_DIR", "1", "arg")),
    ("pip-env-inline", env_instead_of_flag("--no-cache-dir", "PIP_NO_CACHE_DIR", "1", "inline")),
    ("pip-export", env_instead_of_flag("--no-cache-dir", "PIP_NO_CACHE_DIR", "1", "export")),
    ("pip-cache-mount", cache_mount(r"\bpip3? install\b", "/root/.cache/pip", drop=[r"--no-cache-dir\s*"])),
    ("pip-no-cache-equals", sub_in_runs(r"--no-cache-dir\b", "--no-cache-dir=true")),
    ("pin-pip-range", sub_in_runs(r"(\b[a-z][\w.-]*)==([\w.]+)", r"\1>=\2")),
    ("pin-pip-compatible", sub_in_runs(r"(\b[a-z][\w.-]*)==([\w.]+)", r"\1~=\2")),
    ("pin-apt-wildcard", sub_in_runs(r"(\b[a-z][\w.+-]*)=(\d[\w.:~+-]*)", r"\1=\2*")),
    ("npm-i", sub_in_runs(r"\bnpm install\b", "npm i")),
    ("go-latest", sub_in_runs(r"(go install \S+)@v[\w.]+", r"\1@latest")),
    ("gem-colon-version", sub_in_runs(r"gem install (\S+) -v ([\w.]+)", r"gem install \1:\2")),
    ("from-platform", df_from(lambda r: None if r.startswith("--platform") else "--platform=$BUILDPLATFORM " + r)),
    ("from-arg", df_from(from_arg)),
    ("from-docker-io", df_from(from_docker_io)),
    ("from-as-lower", df_from(lambda r: re.sub(r"\s+AS\s+", " as ", r))),
    ("copy-chown", df_instr("COPY", lambda r: None if r.startswith("--chown") else "--chown=0:0 " + r)),
    ("copy-link", df_instr("COPY", lambda r: "--link " + r)),
    ("env-legacy-syntax", df_instr("ENV", env_legacy)),
    ("shell-bash-pipefail", add_shell),
]


# --------------------------------------------------------------------------------------------------
# YAML (Actions, Compose, Kubernetes, GitLab CI)

class Loader12(yaml.SafeLoader):
    """YAML 1.2 booleans: `on:` stays a string key."""


# YAML 1.2 core schema: only true/false are booleans, and no base-60 numbers (`2222:22` is a
# string, as Compose and Kubernetes read it).
Loader12.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
Loader12.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
Loader12.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
Loader12.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


def _no_duplicate_keys(loader, node, deep=False):
    """A mapping with a repeated key is refused: re-serialising it would drop one of them and
    change what the block means (a mutation must keep the meaning)."""
    keys = [loader.construct_object(k, deep=deep) for k, _ in node.value]
    if len(keys) != len(set(map(repr, keys))):
        raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


Loader12.add_constructor("tag:yaml.org,2002:map", lambda l, n: dict(_no_duplicate_keys(l, n, deep=True)))


class Dumper12(yaml.SafeDumper):
    pass


Dumper12.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeDumper.yaml_implicit_resolvers.items()
}
Dumper12.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE|yes|no|on|off|y|n)$", re.I), list("tTfFyYnNoO"))


def yload_all(text):
    return list(yaml.load_all(text, Loader=Loader12))


def ydump(docs, **kw):
    return "---\n".join(yaml.dump(d, Dumper=Dumper12, sort_keys=False, allow_unicode=True, width=1000, **kw) for d in docs)


def y_safe(fn):
    def mut(text):
        try:
            return fn(text)
        except yaml.YAMLError:
            return None
    return mut


PLAIN = re.compile(r"^(\s*(?:- )?[\w.\-/]+:\s+)([^\s'\"&*!|>\[{#][^#]*?)\s*$")
NONSTR = re.compile(r"^(?:true|false|null|~|-?\d+(?:\.\d+)?|\$\{\{.*)$", re.I)


def quote_scalars(q):
    def mut(text):
        out, changed = [], False
        for line in text.split("\n"):
            m = PLAIN.match(line)
            if m and not NONSTR.match(m.group(2)) and q not in m.group(2) and "\\" not in m.group(2):
                line = f"{m.group(1)}{q}{m.group(2)}{q}"
                changed = True
            out.append(line)
        return "\n".join(out) if changed else None
    return mut


def comments(text):
    out = []
    for line in text.split("\n"):
        if re.match(r"^\s*[\w.\-/\"']+:\s*$", line):
            out.append(line + "  # note")
        else:
            out.append(line)
    new = "\n".join(out)
    return "# generated variant\n" + new


def reindent(text):
    docs = yload_all(text)
    new = ydump(docs, indent=4)
    return new


def flow_json(text):
    docs = yload_all(text)
    if len(docs) != 1:
        return None
    return json.dumps(docs[0], indent=2)


def doc_markers(text):
    return "---\n" + text.rstrip("\n") + "\n...\n"


YAML_MUTATIONS = [
    ("double-quoted", quote_scalars('"')),
    ("single-quoted", quote_scalars("'")),
    ("comments", comments),
    ("reserialized-indent4", y_safe(reindent)),
    ("json", y_safe(flow_json)),
    ("doc-markers", doc_markers),
    ("crlf", lambda t: t.replace("\n", "\r\n")),
]


# ---- Kubernetes

POD_SPEC_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}


def pod_spec_of(doc):
    k = doc.get("kind")
    if k == "Pod":
        return doc.get("spec")
    if k in POD_SPEC_KINDS:
        return ((doc.get("spec") or {}).get("template") or {}).get("spec")
    if k == "CronJob":
        return (((((doc.get("spec") or {}).get("jobTemplate") or {}).get("spec") or {}).get("template") or {}).get("spec"))
    return None


def k8s_as(kind):
    def mut(text):
        docs = yload_all(text)
        out, changed = [], False
        for d in docs:
            if not isinstance(d, dict):
                out.append(d)
                continue
            spec = pod_spec_of(d)
            if spec is None or d.get("kind") == kind:
                out.append(d)
                continue
            meta = dict(d.get("metadata") or {"name": "web"})
            name = meta.get("name", "web")
            labels = {"app": name}
            tmpl = {"metadata": {"labels": labels}, "spec": spec}
            if kind == "Pod":
                nd = {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}
            elif kind == "CronJob":
                spec = dict(spec)
                spec.setdefault("restartPolicy", "OnFailure")
                nd = {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta,
                      "spec": {"schedule": "0 * * * *", "jobTemplate": {"spec": {"template": {"spec": spec}}}}}
            elif kind == "Job":
                spec = dict(spec)
                spec.setdefault("restartPolicy", "OnFailure")
                nd = {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": {"template": {"spec": spec}}}
            else:
                s = {"selector": {"matchLabels": labels}, "template": tmpl}
                if kind == "StatefulSet":
                    s = {"serviceName": name, **s}
                nd = {"apiVersion": "apps/v1", "kind": kind, "metadata": meta, "spec": s}
            out.append(nd)
            changed = True
        return ydump(out) if changed else None
    return y_safe(mut)


def k8s_list(text):
    docs = [d for d in yload_all(text) if d is not None]
    if not docs or not all(isinstance(d, dict) and "kind" in d for d in docs):
        return None
    return ydump([{"apiVersion": "v1", "kind": "List", "items": docs}])


def k8s_extra_doc(text):
    return ("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unrelated\ndata:\n  key: value\n---\n" + text)


def k8s_namespace(text):
    docs = yload_all(text)
    changed = False
    for d in docs:
        if isinstance(d, dict) and isinstance(d.get("metadata"), dict) and "namespace" not in d["metadata"]:
            d["metadata"]["namespace"] = "apps"
            changed = True
    return ydump(docs) if changed else None


K8S_MUTATIONS = [
    ("as-pod", k8s_as("Pod")),
    ("as-deployment", k8s_as("Deployment")),
    ("as-statefulset", k8s_as("StatefulSet")),
    ("as-daemonset", k8s_as("DaemonSet")),
    ("as-job", k8s_as("Job")),
    ("as-cronjob", k8s_as("CronJob")),
    ("list-kind", y_safe(k8s_list)),
    ("extra-document", k8s_extra_doc),
    ("namespaced", y_safe(k8s_namespace)),
]


# ---- Compose

def compose_env_list(text):
    docs = yload_all(text)
    changed = False
    for d in docs:
        for svc in ((d or {}).get("services") or {}).values():
            env = (svc or {}).get("environment")
            if isinstance(env, dict):
                svc["environment"] = [f"{k}={v}" for k, v in env.items()]
                changed = True
            elif isinstance(env, list):
                svc["environment"] = dict(e.split("=", 1) if "=" in e else (e, None) for e in env)
                changed = True
    return ydump(docs) if changed else None


def compose_ports_long(text):
    docs = yload_all(text)
    changed = False
    for d in docs:
        for svc in ((d or {}).get("services") or {}).values():
            ports = (svc or {}).get("ports")
            if not isinstance(ports, list):
                continue
            new = []
            for p in ports:
                if isinstance(p, (str, int)):
                    parts = str(p).split(":")
                    e = {}
                    if len(parts) == 3:
                        e = {"host_ip": parts[0], "published": parts[1], "target": int(parts[2]) if parts[2].isdigit() else parts[2]}
                    elif len(parts) == 2:
                        e = {"published": parts[0], "target": int(parts[1]) if parts[1].isdigit() else parts[1]}
                    else:
                        e = {"target": int(parts[0]) if parts[0].isdigit() else parts[0]}
                    new.append(e)
                    changed = True
                else:
                    new.append(p)
            svc["ports"] = new
    return ydump(docs) if changed else None


COMPOSE_MUTATIONS = [
    ("environment-other-form", y_safe(compose_env_list)),
    ("ports-long-syntax", y_safe(compose_ports_long)),
    ("docker-compose-yml", "RENAME:docker-compose.yml"),
    ("compose-yml", "RENAME:compose.yml"),
]


# ---- GitHub Actions

GHA_MUTATIONS = [
    ("on-list", lambda t: re.sub(r"^on: (\w+)$", r"on: [\1]", t, flags=re.M) if re.search(r"^on: \w+$", t, re.M) else None),
    ("expr-no-spaces", lambda t: re.sub(r"\$\{\{\s*(.*?)\s*\}\}", r"${{\1}}", t) if "${{ " in t else None),
    ("if-wrapped", lambda t: re.sub(r"^(\s*if: )(?!\$\{\{)(.+)$", r"\1${{ \2 }}", t, flags=re.M) if re.search(r"^\s*if: (?!\$\{\{)", t, re.M) else None),
    ("if-unwrapped", lambda t: re.sub(r"^(\s*if: )\$\{\{\s*(.*?)\s*\}\}\s*$", r"\1\2", t, flags=re.M) if re.search(r"^\s*if: \$\{\{.*\}\}\s*$", t, re.M) else None),
    ("run-block", lambda t: re.sub(r"^(\s*)(- )?run: (?![|>])(.+)$", lambda m: f"{m.group(1)}{m.group(2) or ''}run: |\n{m.group(1)}{'  ' if m.group(2) else ''}  {m.group(3)}", t, flags=re.M) if re.search(r"^\s*(- )?run: (?![|>])", t, re.M) else None),
    ("workflow-yaml-ext", "RENAME:.yaml"),
]


# ---- GitLab CI

def gitlab_image_mapping(text):
    new = re.sub(r"^(\s*)image: (?![{\n])(\S+)\s*$", r"\1image:\n\1  name: \2", text, flags=re.M)
    return new if new != text else None


def gitlab_extends(text):
    docs = yload_all(text)
    if len(docs) != 1 or not isinstance(docs[0], dict):
        return None
    d = docs[0]
    jobs = [k for k, v in d.items() if isinstance(v, dict) and not k.startswith(".") and k not in (
        "default", "variables", "workflow", "include", "stages")]
    if not jobs:
        return None
    j = jobs[0]
    body = d[j]
    base = {k: v for k, v in body.items() if k != "script"}
    if not base:
        return None
    out = {}
    for k, v in d.items():
        if k == j:
            out[".base"] = base
            out[j] = {"extends": ".base", **({"script": body["script"]} if "script" in body else {"script": "true"})}
        else:
            out[k] = v
    return ydump([out])


def gitlab_default(text):
    docs = yload_all(text)
    if len(docs) != 1 or not isinstance(docs[0], dict):
        return None
    d = docs[0]
    for k, v in d.items():
        if isinstance(v, dict) and "image" in v and not k.startswith("."):
            img = v.pop("image")
            return ydump([{"default": {"image": img}, **d}])
    return None


GITLAB_MUTATIONS = [
    ("image-mapping", gitlab_image_mapping),
    ("extends", y_safe(gitlab_extends)),
    ("default-image", y_safe(gitlab_default)),
    ("other-file-name", "RENAME:ci/.gitlab-ci.yaml"),
]


# --------------------------------------------------------------------------------------------------
# Terraform

TF_ATTR = re.compile(r"^(\s*)([a-z_][a-z0-9_]*)(\s*=\s*)(true|false|-?\d+|\"[^\"$]*\")\s*$", re.M)


def tf_to_refs(kind):
    def mut(text):
        found = []

        def repl(m):
            name = f"{m.group(2)}_{len(found)}"
            found.append((name, m.group(4)))
            ref = f"var.{name}" if kind == "var" else f"local.{name}"
            return f"{m.group(1)}{m.group(2)}{m.group(3)}{ref}"
        # only values that decide a check: booleans, numbers, CIDRs and ports are the usual ones
        new = TF_ATTR.sub(lambda m: repl(m) if m.group(4) in ("true", "false") or m.group(4).lstrip("-").isdigit()
                          or "/" in m.group(4) else m.group(0), text)
        if not found:
            return None
        if kind == "var":
            decl = "\n".join(f'variable "{n}" {{\n  default = {v}\n}}\n' for n, v in found)
        else:
            decl = "locals {\n" + "\n".join(f"  {n} = {v}" for n, v in found) + "\n}\n"
        return decl + "\n" + new
    return mut


def tf_bool_strings(text):
    new = re.sub(r"(=\s*)(true|false)\b", r'\1"\2"', text)
    return new if new != text else None


def tf_compact(text):
    new = re.sub(r"[ \t]+=[ \t]+", " = ", text)
    new = re.sub(r"(?m)^(\s+)", lambda m: "\t" * (len(m.group(1)) // 2), new)
    return new if new != text else None


def tf_comments(text):
    out = []
    for line in text.split("\n"):
        if line.rstrip().endswith("{"):
            out.append(line + " # block")
        else:
            out.append(line)
    return "/* generated variant */\n// header\n" + "\n".join(out)


def tf_count(text):
    if len(re.findall(r'^resource "', text, re.M)) != 1:
        return None  # `count` would turn references to the resource into lists
    new = re.sub(r'^(resource "[^"]+" "[^"]+" \{)$', r"\1\n  count = 1", text, flags=re.M)
    return new if new != text else None


def tf_cidr_list_var(text):
    new = re.sub(r'(\w+\s*=\s*)\["0\.0\.0\.0/0"\]', r"\1var.open_cidrs", text)
    if new == text:
        return None
    return 'variable "open_cidrs" {\n  default = ["0.0.0.0/0"]\n}\n\n' + new


TF_MUTATIONS = [
    ("values-from-variables", tf_to_refs("var")),
    ("values-from-locals", tf_to_refs("local")),
    ("bools-as-strings", tf_bool_strings),
    ("tabs-compact", tf_compact),
    ("comments", tf_comments),
    ("count", tf_count),
    ("cidr-list-variable", tf_cidr_list_var),
    ("crlf", lambda t: t.replace("\n", "\r\n")),
]


# --------------------------------------------------------------------------------------------------
# Secrets (plain text blocks): other files and spellings

def sec_spell(fn):
    def mut(text):
        out, changed = [], False
        for line in text.split("\n"):
            m = re.match(r"^(\s*)([A-Za-z_][\w.-]*)\s*[=:]\s*(.+?)\s*$", line)
            if m and not line.lstrip().startswith("#"):
                val = m.group(3).strip("\"'")
                new = fn(m.group(1), m.group(2), val)
                if new != line:
                    changed = True
                out.append(new)
            else:
                out.append(line)
        return "\n".join(out) if changed else None
    return mut


SECRETS_MUTATIONS = [
    ("yaml-key", sec_spell(lambda i, k, v: f"{i}{k}: {v}")),
    ("yaml-quoted", sec_spell(lambda i, k, v: f'{i}{k}: "{v}"')),
    ("export", sec_spell(lambda i, k, v: f"{i}export {k}={v}")),
    ("shell-quoted", sec_spell(lambda i, k, v: f"{i}{k}='{v}'")),
    ("json", lambda t: None),  # filled in below (needs the key/value pairs)
    ("as-dockerfile-env", "FILE:Dockerfile"),
    ("as-workflow-env", "FILE:workflow"),
    ("as-python", "FILE:settings.py"),
    ("as-env-file", "FILE:app.env"),
    ("as-tfvars", "FILE:terraform.tfvars"),
]


def sec_pairs(text):
    pairs = []
    for line in text.split("\n"):
        m = re.match(r"^\s*([A-Za-z_][\w.-]*)\s*[=:]\s*(.+?)\s*$", line)
        if m and not line.lstrip().startswith("#"):
            pairs.append((m.group(1), m.group(2).strip("\"'")))
    return pairs


def sec_json(text):
    pairs = sec_pairs(text)
    if not pairs:
        return None
    return json.dumps(dict(pairs), indent=2)


def sec_file(kind, text):
    pairs = sec_pairs(text)
    if kind == "Dockerfile":
        if not pairs:
            return None
        return "FROM alpine:3.20\n" + "\n".join(f"ENV {k}={v}" for k, v in pairs)
    if kind == "workflow":
        if not pairs:
            return None
        env = "\n".join(f"      {k}: {v}" for k, v in pairs)
        return f"on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    env:\n{env}\n    steps:\n      - run: make\n"
    if kind == "settings.py":
        if not pairs:
            return None
        return "\n".join(f'{k.upper()} = "{v}"' for k, v in pairs)
    if kind in ("app.env", "terraform.tfvars"):
        if kind == "terraform.tfvars":
            if not pairs:
                return None
            return "\n".join(f'{k.lower()} = "{v}"' for k, v in pairs)
        return text
    return None


# --------------------------------------------------------------------------------------------------

DOMAIN_KIND = {
    "dockerfile": "dockerfile",
    "github-actions": "github-actions",
    "compose": "compose",
    "kubernetes": "kubernetes",
    "gitlab-ci": "gitlab-ci",
    "terraform": "terraform",
    "secrets": "secrets",
}


def gha_place(src):
    if src.startswith("version: 2"):
        return ".github/dependabot.yml"
    if src.startswith("name:") and "\nruns:" in src:
        return "action.yml"
    return ".github/workflows/ci.yml"


def default_name(kind, src):
    return {
        "dockerfile": "Dockerfile",
        "github-actions": gha_place(src),
        "compose": "compose.yaml",
        "kubernetes": "manifest.yaml",
        "gitlab-ci": ".gitlab-ci.yml",
        "terraform": "main.tf",
        "secrets": "config.yaml",
    }[kind]


def mutations_for(kind):
    return {
        "dockerfile": DOCKERFILE_MUTATIONS,
        "github-actions": YAML_MUTATIONS + GHA_MUTATIONS,
        "compose": YAML_MUTATIONS + COMPOSE_MUTATIONS,
        "kubernetes": YAML_MUTATIONS + K8S_MUTATIONS,
        "gitlab-ci": YAML_MUTATIONS + GITLAB_MUTATIONS,
        "terraform": TF_MUTATIONS,
        "secrets": SECRETS_MUTATIONS,
    }[kind]


def generate(rules, explain, peer_prefixes):
    """[(kind, variant id, relative file name, text, meta)] for every rule that declares a peer
    among `peer_prefixes`. `explain(code)` returns the rule's docs."""
    out = []
    for r in rules:
        if not any(p.split(":")[0] in peer_prefixes for p in r["peers"]):
            continue
        kind = DOMAIN_KIND.get(r["domain"])
        if kind is None:
            continue
        docs = explain(r["code"])
        for side, section in (("ex", "Example"), ("alt", "Use instead")):
            block = doc_block(docs, section)
            if block is None:
                continue
            seen = set()

            def add(mut, name, text):
                if text is None:
                    return
                if kind == "dockerfile":
                    directives = re.match(r"((?:#[ \t]*(?:escape|syntax)=[^\n]*\n)*)(.*)$", text, re.S)
                    text = directives.group(1) + df_with_from(directives.group(2))
                key = (name, text)
                if key in seen:
                    return
                seen.add(key)
                vid = f"{r['code']}-{side}-{mut}"
                out.append((kind, vid, name, text.rstrip("\r\n") + ("\r\n" if "\r\n" in text else "\n"),
                            {"rule": r["code"], "side": side, "mutation": mut}))

            base = default_name(kind, block)
            add("doc", base, block)
            for mname, fn in mutations_for(kind):
                if isinstance(fn, str) and fn.startswith("RENAME:"):
                    target = fn[len("RENAME:"):]
                    if target.startswith("."):  # new extension
                        name = re.sub(r"\.ya?ml$", target, base)
                    elif "/" in target or kind != "github-actions":
                        name = target if kind != "github-actions" else base
                    else:
                        name = target
                    if kind == "github-actions" and not base.startswith(".github/workflows/"):
                        continue
                    add(mname, name, block)
                    continue
                if isinstance(fn, str) and fn.startswith("FILE:"):
                    target = fn[len("FILE:"):]
                    text = sec_file(target, block)
                    name = ".github/workflows/ci.yml" if target == "workflow" else target
                    add(mname, name, text)
                    continue
                if mname == "json" and kind == "secrets":
                    add(mname, "config.json", sec_json(block))
                    continue
                try:
                    text = fn(block)
                except Exception as e:  # a mutation that does not fit this block
                    text = None
                if text is not None and text != block:
                    add(mname, base, text)
    return out
