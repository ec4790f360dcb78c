#!/usr/bin/env python3
"""Regenerate the table of webhook payload shapes that types `github.event` per trigger.

    python3 scripts/vendor-event-payloads.py WEBHOOKS_CHECKOUT [COMMIT DATE]

WEBHOOKS_CHECKOUT is a checkout of https://github.com/octokit/webhooks (MIT), or its
`payload-schemas` folder exported with `git archive` (then name the commit and its date); its
`payload-schemas/api.github.com/<event>/<action>.schema.json` describe every payload. Writes
crates/shipshape-actions/data/event-payloads.tsv: a header naming the source commit and date, then
one line per event and property, three levels deep (`pull_request`, `pull_request.head.ref`):

    event <TAB> path <TAB> kind

kind is `object` (closed: only the properties listed below it exist), `open` (an object that may
hold any property), `array` or `value`. An event's payload is the union of its actions' payloads.
"""
import json, os, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = sys.argv[1]
schemas = os.path.join(src, "payload-schemas", "api.github.com")
out = os.path.join(root, "crates", "shipshape-actions", "data", "event-payloads.tsv")
DEPTH = 3
# Events that start a workflow (`pull_request_target` reads `pull_request`'s payload).
TRIGGERS = {
    "branch_protection_rule", "check_run", "check_suite", "create", "delete", "deployment",
    "deployment_status", "discussion", "discussion_comment", "fork", "gollum", "issue_comment",
    "issues", "label", "merge_group", "milestone", "page_build", "public", "pull_request",
    "pull_request_review", "pull_request_review_comment", "push", "registry_package", "release",
    "repository_dispatch", "status", "watch", "workflow_dispatch", "workflow_run",
}
# Objects every payload may carry, large and the same in each: listed as open, not expanded.
SHARED = {"repository", "sender", "organization", "installation", "enterprise"}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def resolve(node, base):
    """Follow `$ref` (relative to the schema file's folder, or to the schemas' root)."""
    while isinstance(node, dict) and "$ref" in node:
        path = os.path.normpath(os.path.join(base, node["$ref"]))
        if not os.path.exists(path):
            path = os.path.normpath(os.path.join(schemas, node["$ref"]))
        node, base = load(path), os.path.dirname(path)
    return node, base


def shape(node, base, depth):
    """(kind, props) of a schema node: props maps a property to its shape when kind is `object`."""
    node, base = resolve(node, base)
    if not isinstance(node, dict):
        return ("value", None)
    parts = node.get("allOf")
    if parts:
        # Every part holds: the object has the properties of all.
        shapes = [shape(p, base, depth) for p in parts]
        objs = [s for s in shapes if s[0] in ("object", "open")]
        if not objs:
            return shapes[0]
        props = {}
        for s in objs:
            merge_props(props, s[1] or {})
        return ("open" if any(s[0] == "open" for s in objs) else "object", props)
    alts = node.get("oneOf") or node.get("anyOf")
    if alts:
        shapes = [shape(p, base, depth) for p in alts]
        shapes = [s for s in shapes if s != ("value", None) or len(shapes) == 1]
        return union(shapes)
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    if "array" in types:
        return ("array", None)
    if "object" in types or "properties" in node:
        props = {}
        if depth < DEPTH:
            for k, v in (node.get("properties") or {}).items():
                props[k] = shape(v, base, depth + 1)
        closed = node.get("additionalProperties") is False or node.get("tsAdditionalProperties") is False
        if depth >= DEPTH:
            return ("value", None)
        return ("object" if closed else "open", props)
    return ("value", None)


def merge_props(into, props):
    for k, v in props.items():
        into[k] = union([into[k], v]) if k in into else v


def union(shapes):
    """A value of any of the shapes: objects merge their properties (open if one is open)."""
    shapes = [s for s in shapes if s is not None]
    if not shapes:
        return ("value", None)
    kinds = {s[0] for s in shapes}
    if kinds <= {"object", "open"}:
        props = {}
        for s in shapes:
            merge_props(props, s[1] or {})
        return ("open" if "open" in kinds else "object", props)
    if len(kinds) == 1:
        return shapes[0]
    # An object or null, an array or null: the object's (or array's) shape; else a value.
    objs = [s for s in shapes if s[0] in ("object", "open", "array")]
    kinds = {s[0] for s in objs}
    if objs and (kinds <= {"object", "open"} or kinds == {"array"}):
        return union(objs)
    return ("value", None)


def lines(event, prefix, props):
    for k in sorted(props):
        kind, sub = props[k]
        path = f"{prefix}{k}"
        if prefix == "" and k in SHARED:
            yield f"{event}\t{path}\topen"
            continue
        yield f"{event}\t{path}\t{kind}"
        if kind in ("object", "open") and sub:
            yield from lines(event, path + ".", sub)


if len(sys.argv) >= 4:
    commit, date = sys.argv[2], sys.argv[3]
else:
    commit = subprocess.run(["git", "-C", src, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    date = subprocess.run(["git", "-C", src, "log", "-1", "--format=%cs"], capture_output=True, text=True).stdout.strip()
rows = []
for event in sorted(os.listdir(schemas)):
    folder = os.path.join(schemas, event)
    if event not in TRIGGERS or not os.path.isdir(folder):
        continue
    shapes = [shape(load(os.path.join(folder, f)), folder, 0) for f in sorted(os.listdir(folder)) if f.endswith(".schema.json")]
    kind, props = union(shapes)
    if kind not in ("object", "open"):
        continue
    rows.append(f"{event}\t\t{kind}")
    rows.extend(lines(event, "", props or {}))
os.makedirs(os.path.dirname(out), exist_ok=True)
licence = os.path.join(src, "LICENSE")
if os.path.exists(licence):
    with open(licence, encoding="utf-8") as f, open(os.path.join(os.path.dirname(out), "LICENSE.octokit-webhooks"), "w", encoding="utf-8") as g:
        g.write(f.read())
with open(out, "w", encoding="utf-8") as f:
    f.write(f"# octokit/webhooks {commit} ({date}), MIT: payload-schemas/api.github.com, {DEPTH} levels\n")
    f.write("\n".join(rows) + "\n")
print(f"{out}: {len(rows)} rows")
