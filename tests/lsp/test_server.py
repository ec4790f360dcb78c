"""Drive `shipshape server` with a real LSP client (pytest-lsp, on pygls) over stdio.

Run by tests/lsp.rs: SHIPSHAPE_BIN names the binary, SHIPSHAPE_ROOT the workspace.
"""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

BIN = os.environ["SHIPSHAPE_BIN"]
ROOT = pathlib.Path(os.environ["SHIPSHAPE_ROOT"])
DOCKERFILE = ROOT / "Dockerfile"
WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BIN, "server"]))
async def client(lsp_client: LanguageClient):
    params = types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=ROOT.as_uri())
    result = await lsp_client.initialize_session(params)
    assert result.server_info is not None and result.server_info.name == "shipshape"
    yield
    await lsp_client.shutdown_session()


async def open_doc(client: LanguageClient, path: pathlib.Path, text: str, language: str) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def code_action(client: LanguageClient, uri: str, diagnostic: types.Diagnostic) -> types.CodeAction:
    """The code action offered for `diagnostic`'s rule on its range."""
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    return next(a for a in actions if a.title.startswith(str(diagnostic.code)))


@pytest.mark.asyncio
async def test_diagnostics_on_open_and_change_from_the_unsaved_buffer(client: LanguageClient):
    text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install curl && rm -rf /var/lib/apt/lists/*\n"
    uri = await open_doc(client, DOCKERFILE, text, "dockerfile")
    codes = {d.code for d in client.diagnostics[uri]}
    assert "DF014" in codes, codes
    df014 = next(d for d in client.diagnostics[uri] if d.code == "DF014")
    assert df014.range.start.line == 1 and df014.source == "shipshape"
    assert df014.severity in (types.DiagnosticSeverity.Warning, types.DiagnosticSeverity.Information)
    # Nothing was written: the buffer is checked in memory.
    assert not DOCKERFILE.exists()

    fixed = text.replace("install curl", "install -y curl")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "DF014" not in {d.code for d in client.diagnostics[uri]}


@pytest.mark.asyncio
async def test_code_action_applies_the_fix_and_hover_explains(client: LanguageClient):
    text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install curl && rm -rf /var/lib/apt/lists/*\n"
    uri = await open_doc(client, DOCKERFILE, text, "dockerfile")
    df014 = next(d for d in client.diagnostics[uri] if d.code == "DF014")
    action = await code_action(client, uri, df014)
    assert action.is_preferred, "a safe fix is the preferred action"
    edits = action.edit.changes[uri]
    lines = text.split("\n")
    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        assert e.range.start.line == e.range.end.line
        line = lines[e.range.start.line]
        lines[e.range.start.line] = line[: e.range.start.character] + e.new_text + line[e.range.end.character :]
    assert "install -y curl" in "\n".join(lines)

    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=df014.range.start)
    )
    assert hover is not None and "DF014" in hover.contents.value


@pytest.mark.asyncio
async def test_a_workflow_by_its_path_and_a_broken_file_do_not_stop_the_server(client: LanguageClient):
    wf = "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@v4\n"
    uri = await open_doc(client, WORKFLOW, wf, "yaml")
    assert any(str(d.code).startswith("GHA") for d in client.diagnostics[uri]), client.diagnostics[uri]
    broken = await open_doc(client, ROOT / "compose.yaml", "services: [\n  x: {\n", "yaml")
    assert any(str(d.code).endswith("000") for d in client.diagnostics[broken]), client.diagnostics[broken]
    # Still serving.
    uri = await open_doc(client, DOCKERFILE, "FROM alpine:3.20\n", "dockerfile")
    assert uri in client.diagnostics


@pytest.mark.asyncio
async def test_cross_file_rules_see_the_other_unsaved_buffers(client: LanguageClient):
    # The compose file builds ./api, which exists only as an open, unsaved buffer: nothing is on
    # disk, yet the build context is found through the editor's buffers.
    compose = "services:\n  api:\n    build: ./api\n    image: acme/api:1.2.3\n"
    uri = await open_doc(client, ROOT / "compose.yaml", compose, "yaml")
    assert "DC036" in {d.code for d in client.diagnostics[uri]}, client.diagnostics[uri]
    await open_doc(client, ROOT / "api" / "Dockerfile", "FROM alpine:3.20\nUSER nobody\n", "dockerfile")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=compose)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert "DC036" not in {d.code for d in client.diagnostics[uri]}, client.diagnostics[uri]
    assert not (ROOT / "api").exists()


@pytest.mark.asyncio
async def test_a_fix_that_creates_a_file_is_a_create_operation(client: LanguageClient):
    # DF075's fix writes a `.dockerignore` beside the Dockerfile: a `create` resource operation and
    # the text inserted into the new file, not an edit of the open buffer.
    path = ROOT / "web" / "Dockerfile"
    # A Node context, where a local `npm install` leaves `node_modules` to keep out.
    (ROOT / "web").mkdir(parents=True, exist_ok=True)
    (ROOT / "web" / "package.json").write_text("{}\n")
    uri = await open_doc(client, path, "FROM node:24-slim\nWORKDIR /app\nCOPY . .\nUSER node\n", "dockerfile")
    df075 = next(d for d in client.diagnostics[uri] if d.code == "DF075")
    action = await code_action(client, uri, df075)
    assert not action.is_preferred, "an unsafe fix is not preferred"
    create, insert = action.edit.document_changes
    target = (ROOT / "web" / ".dockerignore").as_uri()
    assert isinstance(create, types.CreateFile) and create.uri == target, create
    assert insert.text_document.uri == target and ".git" in insert.edits[0].new_text, insert
    assert not (ROOT / "web" / ".dockerignore").exists(), "the server writes nothing itself"
