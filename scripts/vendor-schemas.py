#!/usr/bin/env python3
"""Regenerates crates/shipshape-schema/schemas/: the JSON Schemas shipshape validates YAML files
against, taken from the check-jsonschema wheel on PyPI (which vendors them with their licences),
minified and zlib-compressed, with VERSIONS.tsv naming each one's source, version, date and SHA-256.

    python3 scripts/vendor-schemas.py [CHECK_JSONSCHEMA_VERSION]

Needs the network (pip download); shipshape itself never does.
"""
import datetime, hashlib, json, pathlib, shutil, subprocess, sys, tempfile, zipfile, zlib

VERSION = sys.argv[1] if len(sys.argv) > 1 else "0.39.0"
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
    (OUT / "VERSIONS.tsv").write_text("\n".join(rows) + "\n")
print(f"wrote {OUT}")
