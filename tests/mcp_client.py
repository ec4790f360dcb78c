"""Drive `shipshape mcp` with the real MCP client (the `mcp` package from PyPI) over stdio.

Usage: python mcp_client.py SHIPSHAPE_BINARY WORKDIR
Exits non-zero (with the failed assertion) on any mismatch; prints the warm latency of an
inline check of a 200-line workflow.
"""

import asyncio
import json
import os
import subprocess
import statistics
import sys
import time

import jsonschema
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.shared.exceptions import MCPError

BINARY, WORKDIR = sys.argv[1], sys.argv[2]

DOCKERFILE = (
    "FROM debian:bookworm-slim\n"
    "RUN apt-get update && apt-get install curl && rm -rf /var/lib/apt/lists/*\n"
)


def workflow(lines: int) -> str:
    head = [
        "name: ci",
        "on: [push, pull_request]",
        "permissions:",
        "  contents: read",
        "jobs:",
    ]
    body = []
    job = 0
    while len(head) + len(body) < lines:
        body += [
            f"  job{job}:",
            "    runs-on: ubuntu-24.04",
            "    timeout-minutes: 10",
            "    steps:",
            "      - uses: actions/checkout@v4",
            "        with:",
            "          persist-credentials: false",
            "      - run: make test",
        ]
        job += 1
    return "\n".join(head + body)[: 10**6] + "\n"


async def main() -> None:
    params = StdioServerParameters(command=BINARY, args=["mcp"], cwd=WORKDIR, env=dict(os.environ))
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            assert init.server_info.name == "shipshape", init
            assert init.capabilities.tools is not None

            listed = (await session.list_tools()).tools
            names = [t.name for t in listed]
            again = [t.name for t in (await session.list_tools()).tools]
            assert names == again, "tools are listed in a deterministic order"
            assert set(names) == {
                "check_paths",
                "check_content",
                "preview_fixes",
                "apply_fixes",
                "explain_rule",
                "list_rules",
                "plan_init",
                "find_duplicates",
                "review_change",
                "report_project",
            }, names
            tools = {t.name: t for t in listed}
            for t in listed:
                assert t.input_schema and t.output_schema, t.name
                assert t.annotations is not None, t.name
                if t.name == "apply_fixes":
                    assert t.annotations.read_only_hint is False and t.annotations.destructive_hint is True
                else:
                    assert t.annotations.read_only_hint is True, t.name

            async def call(name: str, args: dict, ok: bool = True):
                res = await session.call_tool(name, args)
                if not ok:
                    assert res.is_error, (name, args, res)
                    return res
                assert not res.is_error, (name, args, res.content)
                data = res.structured_content
                jsonschema.validate(data, tools[name].output_schema)
                # The structured result is mirrored as text.
                texts = [c.text for c in res.content if c.type == "text"]
                assert texts and json.loads(texts[0]) == data, name
                return data

            # Inline content: the file is never written.
            r = await call("check_content", {"content": "FROM node:latest\nUSER node\n", "filename": "Dockerfile"})
            codes = {f["code"] for f in r["findings"]}
            assert "DF006" in codes or "DF007" in codes, codes
            assert r["files_checked"] == 1
            assert not os.path.exists(os.path.join(WORKDIR, "Dockerfile.written"))
            r = await call("check_content", {"content": workflow(200), "filename": ".github/workflows/ci.yml"})
            assert all(f["code"].startswith(("GHA", "SS", "SEC")) for f in r["findings"]), r["findings"]
            r = await call(
                "check_content",
                {"content": "FROM node:latest\n", "filename": "Dockerfile", "select": ["DF006", "DF007"], "min_severity": "warning"},
            )
            assert {f["code"] for f in r["findings"]} <= {"DF006", "DF007"} and r["findings"], r

            # On disk: check, preview (writes nothing), apply (writes), apply again (nothing left).
            path = os.path.join(WORKDIR, "Dockerfile")
            with open(path, "w") as f:
                f.write(DOCKERFILE)
            r = await call("check_paths", {"paths": ["."]})
            assert any(f["code"] == "DF014" and f["path"] == "Dockerfile" for f in r["findings"]), r["findings"]
            df014 = next(f for f in r["findings"] if f["code"] == "DF014")
            assert (df014["line"], df014["fix"]["applicability"]) == (2, "safe"), df014
            r = await call("preview_fixes", {"paths": ["Dockerfile"]})
            assert r["fixes"] >= 1 and "install -y curl" in r["patches"][0]["diff"], r
            assert open(path).read() == DOCKERFILE, "preview writes nothing"
            r = await call("apply_fixes", {"paths": ["Dockerfile"]})
            assert r["fixes"] >= 1 and r["files_written"] == ["Dockerfile"], r
            assert "install -y curl" in open(path).read()
            r = await call("apply_fixes", {"paths": ["Dockerfile"]})
            assert r["fixes"] == 0 and r["files_written"] == [], r

            # A git revision: the Dockerfile as first committed, before the fixes above.
            git = lambda *a: subprocess.run(["git", "-C", WORKDIR, "-c", "user.name=t", "-c", "user.email=t@example.com",
                                             "-c", "commit.gpgsign=false", *a], check=True, capture_output=True)
            with open(path, "w") as f:
                f.write(DOCKERFILE)
            git("init", "-q")
            git("add", "Dockerfile")
            git("commit", "-q", "-m", "one")
            await call("apply_fixes", {"paths": ["Dockerfile"]})
            git("commit", "-q", "-am", "two")
            r = await call("check_paths", {"paths": ["."], "revision": "HEAD~1"})
            assert any(f["code"] == "DF014" for f in r["findings"]), r["findings"]
            r = await call("check_paths", {"paths": ["."], "revision": "HEAD"})
            assert not any(f["code"] == "DF014" for f in r["findings"]), r["findings"]
            await call("check_paths", {"paths": ["."], "revision": "no-such-branch"}, ok=False)

            # Rules.
            r = await call("explain_rule", {"rule": "DL3008"})
            assert [x["code"] for x in r["rules"]] == ["DF008"] and "apt" in r["text"].lower(), r["rules"]
            r = await call("list_rules", {"domain": "dockerfile", "fixable": True})
            assert r["rules"] and all(x["code"].startswith("DF") and x["fix"] != "none" for x in r["rules"])

            # Planning init: detection with evidence and the files, checked; nothing written.
            app = os.path.join(WORKDIR, "app")
            os.makedirs(os.path.join(app, "src"), exist_ok=True)
            with open(os.path.join(app, "package.json"), "w") as f:
                f.write('{"name": "shop", "scripts": {"start": "node src/index.js"}, "dependencies": {"express": "^4.21.0", "pg": "^8.13.0"}}\n')
            with open(os.path.join(app, "src", "index.js"), "w") as f:
                f.write("const app = require('express')();\napp.get('/healthz', (req, res) => res.send('ok'));\napp.listen(process.env.PORT || 4000);\n")
            r = await call("plan_init", {"path": app})
            svc = r["detection"]["services"][0]
            assert (svc["framework"], svc["port"], svc["health_path"]) == ("express", 4000, "/healthz"), svc
            assert svc["datastores"] == [{"kind": "postgres", "required": True}], svc
            paths = {f["path"] for f in r["files"]}
            assert {"Dockerfile", "compose.yaml", ".github/workflows/ci.yml", "k8s/base/shop.yaml"} <= paths, paths
            assert not [f for f in r["findings"] if f["severity"] != "info"], r["findings"]
            assert not os.path.exists(os.path.join(app, "Dockerfile")), "plan_init writes nothing"
            r = await call("plan_init", {"path": app, "only": ["dockerfile"]})
            assert {f["path"] for f in r["files"]} == {"Dockerfile", ".dockerignore"}, r["files"]
            r = await call("plan_init", {"path": app, "ci": "gitlab", "only": ["ci"]})
            assert {f["path"] for f in r["files"]} == {".gitlab-ci.yml"}, r["files"]
            assert not [f for f in r["findings"] if f["severity"] != "info"], r["findings"]
            r = await call("plan_init", {"path": app, "deploy": True, "only": ["ci", "deploy"]})
            paths = {f["path"] for f in r["files"]}
            assert ".github/workflows/deploy.yml" in paths, paths
            deploy = next(f["text"] for f in r["files"] if f["path"] == ".github/workflows/deploy.yml")
            assert "environment:" in deploy and "uses: $/.github/workflows/ci.yml" in deploy, deploy
            assert not [f for f in r["findings"] if f["severity"] != "info"], r["findings"]
            await call("plan_init", {"path": app, "ci": "jenkins"}, ok=False)

            # The same job in two workflows: one cluster, a reusable workflow proposed beside them.
            dup = os.path.join(WORKDIR, "dup")
            os.makedirs(os.path.join(dup, ".github", "workflows"))
            steps = (
                "      - uses: actions/checkout@v4\n"
                "      - uses: actions/setup-python@v5\n        with:\n          python-version: '3.12'\n"
                "      - run: pip install -r requirements.txt\n"
                "      - run: ruff check .\n"
                "      - run: pytest -q\n"
            )
            for name in ("ci", "release"):
                with open(os.path.join(dup, ".github", "workflows", f"{name}.yml"), "w") as f:
                    f.write(f"on: push\njobs:\n  {name}:\n    runs-on: ubuntu-24.04\n    steps:\n{steps}")
            r = await call("find_duplicates", {"paths": [dup]})
            assert len(r["clusters"]) == 1, r
            c = r["clusters"][0]
            assert c["proposal"]["kind"] == "reusable-workflow", c
            assert c["proposal"]["path"] == ".github/workflows/reusable-ci.yml", c
            assert "workflow_call" in c["proposal"]["content"], c
            assert sorted(m["path"].rsplit("/", 1)[1] for m in c["members"]) == ["ci.yml", "release.yml"], c
            assert r["lines_saved"] == c["lines_saved"] > 0, r
            assert sorted(os.listdir(os.path.join(dup, ".github", "workflows"))) == ["ci.yml", "release.yml"], "find_duplicates writes nothing"
            await call("find_duplicates", {"paths": [dup], "min_similarity": 2}, ok=False)
            await call("find_duplicates", {"paths": [os.path.join(WORKDIR, "nope")]}, ok=False)
            await call("plan_init", {"path": os.path.join(WORKDIR, "no-such-dir")}, ok=False)

            # A change between two commits of a real repository: its risk, approval and rollback.
            repo = os.path.join(WORKDIR, "rev")
            os.makedirs(os.path.join(repo, "k8s"))
            deploy = (
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n"
                "  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n"
                "    spec:\n      containers:\n        - name: web\n          image: ghcr.io/acme/web:1.0.0\n"
            )
            g = ["git", "-c", "user.email=t@t", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
            subprocess.run(["git", "init", "-q", "-b", "main"], cwd=repo, check=True)
            for replicas in ("2", "5"):
                with open(os.path.join(repo, "k8s", "web.yaml"), "w") as f:
                    f.write(deploy.replace("replicas: 2", f"replicas: {replicas}"))
                subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
                subprocess.run(g + ["commit", "-q", "-m", replicas], cwd=repo, check=True)
            r = await call("review_change", {"repository": repo, "base": "HEAD~1", "head": "HEAD"})
            rv = r["review"]
            assert rv["riskLevel"] == "high" and rv["approvalNeeded"] is True, rv
            assert "SAFE-02 #2" in rv["approvalReason"], rv
            assert any("kubectl rollout undo deployment/web" in s for s in rv["rollbackSteps"]), rv
            assert [c["kind"] for c in rv["changes"]] == ["kubernetes.replicas"], rv["changes"]
            assert r["markdown"].startswith("## shipshape review"), r["markdown"]
            await call("review_change", {"repository": repo, "base": "no-such-rev"}, ok=False)

            # The state of a small project: a Dockerfile that reinstalls on every change, no CI.
            proj = os.path.join(WORKDIR, "proj")
            os.makedirs(proj)
            with open(os.path.join(proj, "Dockerfile"), "w") as f:
                f.write('FROM python:3.12\nCOPY . .\nRUN pip install -r requirements.txt\nCMD ["python", "app.py"]\n')
            with open(os.path.join(proj, "requirements.txt"), "w") as f:
                f.write("flask\n")
            r = await call("report_project", {"paths": [proj]})
            rp = r["report"]
            areas = {a["name"]: a["mark"] for a in rp["areas"]}
            assert areas["Containers"] == "warn" and areas["CI/CD"] == "warn" and areas["Kubernetes"] == "absent", areas
            assert "DF074" in [p["code"] for p in rp["problems"]], rp["problems"]
            assert rp["totals"]["findings"] == sum(p["count"] for p in rp["problems"]), rp
            assert r["markdown"].startswith("# DevOps Setup Report"), r["markdown"]
            assert sorted(os.listdir(proj)) == ["Dockerfile", "requirements.txt"], "report_project writes nothing"
            r = await call("report_project", {"paths": [proj], "ignore": ["DF074"]})
            assert "DF074" not in [p["code"] for p in r["report"]["problems"]], r["report"]["problems"]
            await call("report_project", {"paths": [os.path.join(WORKDIR, "nope")]}, ok=False)

            # Errors are MCP errors, and the server goes on.
            await call("check_paths", {"paths": ["no/such/path"]}, ok=False)
            await call("explain_rule", {"rule": "NOPE999"}, ok=False)
            await call("check_content", {"content": "x" * (9 << 20), "filename": "Dockerfile"}, ok=False)
            await call("check_content", {"content": "FROM x\n", "min_severity": "fatal"}, ok=False)
            try:
                bad = await session.call_tool("no_such_tool", {})
                assert bad.is_error, bad
            except MCPError as e:
                assert "not found" in str(e), e
            await call("check_content", {"content": "FROM alpine:3.20\n", "filename": "Dockerfile"})

            # Warm latency of an inline check of a 200-line workflow.
            content = workflow(200)
            times = []
            for _ in range(20):
                t0 = time.perf_counter()
                await call("check_content", {"content": content, "filename": ".github/workflows/ci.yml"})
                times.append((time.perf_counter() - t0) * 1000)
            print(f"mcp: check_content of a 200-line workflow: median {statistics.median(times):.1f} ms warm")


asyncio.run(main())
