#!/usr/bin/env python3
"""Regenerates crates/shipshape-schema/schemas/: the JSON Schemas shipshape validates YAML files
against, taken from the check-jsonschema wheel on PyPI (which vendors them with their licences),
minified and zlib-compressed, with VERSIONS.tsv naming each one's source, version, date and SHA-256.

    python3 scripts/vendor-schemas.py [CHECK_JSONSCHEMA_VERSION [KUBERNETES_VALIDATE_VERSION]]

Kubernetes: the strict (unknown fields rejected) JSON Schema definitions of the newest release that
the kubernetes-validate wheel carries (generated from Kubernetes' OpenAPI), descriptions dropped.

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
    if OUT.exists():
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
        rows.append(f"{ours}\t{upstream}\tcheck-jsonschema {VERSION}\t{today}\t{hashlib.sha256(raw).hexdigest()}")
        licences.add(licence)
    for licence in sorted(licences):
        (OUT / licence).write_bytes(z.read(f"{vendor}licenses/{licence}"))
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
                    "-d", tmp, f"kubernetes-validate=={KUBE}"], check=True)
    kz = zipfile.ZipFile(next(pathlib.Path(tmp).glob("kubernetes_validate-*.whl")))
    raw = kz.read(f"kubernetes_validate/kubernetes-json-schema/v{KUBE}-local-strict/_definitions.json")

    def strip(o, names=False):
        # Descriptions go (a third of the size); a field *named* description (PriorityClass's, a
        # CRD's) stays: under `properties` every key is a name.
        if isinstance(o, dict):
            return {k: strip(v, k == "properties") for k, v in o.items() if names or not (k == "description" and isinstance(v, str))}
        if isinstance(o, list):
            return [strip(v) for v in o]
        return o

    small = json.dumps(strip(json.loads(raw)), separators=(",", ":")).encode()
    (OUT / "kubernetes.json.zz").write_bytes(zlib.compress(small, 9))
    licence = next(n for n in kz.namelist() if n.endswith("licenses/LICENSE"))
    (OUT / "LICENSE.kubernetes").write_bytes(
        b"The definitions are generated from Kubernetes' OpenAPI specification (Apache License 2.0,\n"
        b"https://github.com/kubernetes/kubernetes) by kubernetes-validate:\n\n" + kz.read(licence))
    rows.append(f"kubernetes\thttps://github.com/kubernetes/kubernetes (OpenAPI v{KUBE}, strict)\tkubernetes-validate {KUBE}\t{today}\t{hashlib.sha256(raw).hexdigest()}")
    (OUT / "VERSIONS.tsv").write_text("\n".join(rows) + "\n")
print(f"wrote {OUT}")
