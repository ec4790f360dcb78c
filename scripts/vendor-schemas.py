#!/usr/bin/env python3
"""Regenerates crates/shipshape-schema/schemas/: the JSON Schemas shipshape validates YAML files
against, taken from the check-jsonschema wheel on PyPI (which vendors them with their licences),
minified and zlib-compressed, with VERSIONS.tsv naming each one's source, version, date and SHA-256.

    python3 scripts/vendor-schemas.py [CHECK_JSONSCHEMA_VERSION [KUBERNETES_VALIDATE_VERSION]]

Kubernetes: the strict (unknown fields rejected) JSON Schema definitions of every minor release the
kubernetes-validate wheel carries up to KUBERNETES_VALIDATE_VERSION (generated from Kubernetes'
OpenAPI), descriptions dropped, pooled: each distinct definition is stored once and every release
maps its definition names to the pool (`--kubernetes-version` picks the release).

A schema whose SHA-256 is unchanged keeps the date it was first vendored on.

Needs the network (pip download); shipshape itself never does.
"""
import datetime, hashlib, json, pathlib, shutil, subprocess, sys, tempfile, zipfile, zlib

VERSION = sys.argv[1] if len(sys.argv) > 1 else "0.39.0"
KUBE = sys.argv[2] if len(sys.argv) > 2 else "1.37.0"
OUT = pathlib.Path(__file__).resolve().parent.parent / "crates/shipshape-schema/schemas"
# name in the wheel -> (file shipshape ships, licence file in the wheel, upstream)
SCHEMAS = {
    "compose-spec": ("compose-spec", "LICENSE.compose-spec", "https://github.com/compose-spec/compose-spec"),
    "github-workflows": ("github-workflow", "LICENSE.schemastore", "https://json.schemastore.org/github-workflow.json"),
    "github-actions": ("github-action", "LICENSE.schemastore", "https://json.schemastore.org/github-action.json"),
    "gitlab-ci": ("gitlab-ci", "LICENSE.gitlab", "https://gitlab.com/gitlab-org/gitlab/-/raw/master/app/assets/javascripts/editor/schema/ci.json"),
    "dependabot": ("dependabot", "LICENSE.schemastore", "https://json.schemastore.org/dependabot-2.0.json"),
}

with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    "-d", tmp, f"check-jsonschema=={VERSION}"], check=True)
    wheel = next(pathlib.Path(tmp).glob("*.whl"))
    z = zipfile.ZipFile(wheel)
    vendor = "check_jsonschema/builtin_schemas/vendor/"
    old_dates = {}
    if (OUT / "VERSIONS.tsv").exists():
        for line in (OUT / "VERSIONS.tsv").read_text().splitlines()[1:]:
            f = line.split("\t")
            old_dates[(f[0], f[4])] = f[3]
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    rows = ["# name\tsource\tvendored from\tdate\tsha256 of the schema as published"]
    today = datetime.date.today().isoformat()
    licences = set()
    for name, (ours, licence, upstream) in SCHEMAS.items():
        raw = z.read(f"{vendor}{name}.json")
        doc = json.loads(raw)
        small = json.dumps(doc, separators=(",", ":"), sort_keys=False).encode()
        (OUT / f"{ours}.json.zz").write_bytes(zlib.compress(small, 9))
        sha = hashlib.sha256(raw).hexdigest()
        rows.append(f"{ours}\t{upstream}\tcheck-jsonschema {VERSION}\t{old_dates.get((ours, sha), today)}\t{sha}")
        licences.add(licence)
    for licence in sorted(licences):
        (OUT / licence).write_bytes(z.read(f"{vendor}licenses/{licence}"))
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    "-d", tmp, f"kubernetes-validate=={KUBE}"], check=True)
    kz = zipfile.ZipFile(next(pathlib.Path(tmp).glob("kubernetes_validate-*.whl")))
    base = "kubernetes_validate/kubernetes-json-schema/"
    newest = tuple(int(x) for x in KUBE.split(".")[:2])
    releases = sorted({tuple(int(x) for x in n[len(base) + 1:].split("-")[0].split(".")[:2])
                       for n in kz.namelist() if n.startswith(base + "v") and n.endswith("-local-strict/_definitions.json")})
    releases = [r for r in releases if r <= newest]

    def strip(o, names=False):
        # Descriptions go (a third of the size); a field *named* description (PriorityClass's, a
        # CRD's) stays: under `properties` every key is a name.
        if isinstance(o, dict):
            return {k: strip(v, k == "properties") for k, v in o.items() if names or not (k == "description" and isinstance(v, str))}
        if isinstance(o, list):
            return [strip(v) for v in o]
        return o

    # {"pool": [definition, ...], "releases": {"1.37": {name: index in pool}}}: the releases share
    # most definitions (97 KB compressed for thirteen releases, against 288 KB apart).
    pool, index, digest = {}, {}, hashlib.sha256()
    for major, minor in releases:
        raw = kz.read(f"{base}v{major}.{minor}.0-local-strict/_definitions.json")
        digest.update(raw)
        defs = strip(json.loads(raw))["$defs"]
        index[f"{major}.{minor}"] = {name: pool.setdefault(json.dumps(d, separators=(",", ":"), sort_keys=True), len(pool))
                                     for name, d in defs.items()}
    # Which releases serve each kind (`apps/v1/Deployment\t25\t37`), read without the definitions.
    served = {}
    for release, names in index.items():
        minor = int(release.split(".")[1])
        for name, i in names.items():
            for gvk in json.loads(next(d for d, j in pool.items() if j == i)).get("x-kubernetes-group-version-kind", []):
                api = f"{gvk['group']}/{gvk['version']}" if gvk["group"] else gvk["version"]
                served.setdefault(f"{api}/{gvk['kind']}", set()).add(minor)
    lines = []
    for gvk, minors in sorted(served.items()):
        assert max(minors) - min(minors) + 1 == len(minors), f"{gvk} is not served by consecutive releases"
        lines.append(f"{gvk}\t{min(minors)}\t{max(minors)}")
    (OUT / "kubernetes-kinds.tsv").write_text("# group/version/kind\tfirst minor release serving it\tlast (of those shipped)\n" + "\n".join(lines) + "\n")
    doc = {"pool": [json.loads(d) for d in sorted(pool, key=pool.get)], "releases": index}
    small = json.dumps(doc, separators=(",", ":")).encode()
    (OUT / "kubernetes.json.zz").write_bytes(zlib.compress(small, 9))
    licence = next(n for n in kz.namelist() if n.endswith("licenses/LICENSE"))
    (OUT / "LICENSE.kubernetes").write_bytes(
        b"The definitions are generated from Kubernetes' OpenAPI specification (Apache License 2.0,\n"
        b"https://github.com/kubernetes/kubernetes) by kubernetes-validate:\n\n" + kz.read(licence))
    first, last = releases[0], releases[-1]
    sha = digest.hexdigest()
    rows.append(f"kubernetes\thttps://github.com/kubernetes/kubernetes (OpenAPI v{first[0]}.{first[1]}-v{last[0]}.{last[1]}, strict)"
                f"\tkubernetes-validate {KUBE}\t{old_dates.get(('kubernetes', sha), today)}\t{sha}")
    (OUT / "VERSIONS.tsv").write_text("\n".join(rows) + "\n")
print(f"wrote {OUT}")
