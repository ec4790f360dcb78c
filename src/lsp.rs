//! `shipshape server`: a Language Server on stdio. Diagnostics on open and on change (from the
//! unsaved buffer, checked in memory), a code action for every fix (safe ones preferred), and hover
//! on a finding with its rule's explanation. The workspace's config is honoured (the server runs
//! in the workspace root).

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use serde_json::{Value, json};
use shipshape_check::{Input, Options, Workspace};
use shipshape_core::engine::FixMode;
use shipshape_core::{Applicability, Diagnostic, Severity, Span};
use std::collections::HashMap;
use std::path::PathBuf;

/// An open document: its text and the findings of its last check.
struct Document {
    text: String,
    findings: Vec<Diagnostic>,
}

/// Byte offsets to LSP positions (0-based line, UTF-16 column) of one text.
struct Positions<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { text, starts }
    }

    fn at(&self, offset: usize) -> Value {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let character: usize = self.text[self.starts[line]..offset].chars().map(char::len_utf16).sum();
        json!({"line": line, "character": character})
    }

    fn range(&self, span: Span) -> Value {
        json!({"start": self.at(span.start), "end": self.at(span.end)})
    }

    /// The byte offset of an LSP position (clamped to the text).
    fn offset(&self, pos: &Value) -> usize {
        let line = pos["line"].as_u64().unwrap_or(0) as usize;
        let Some(&start) = self.starts.get(line) else {
            return self.text.len();
        };
        let want = pos["character"].as_u64().unwrap_or(0) as usize;
        let mut units = 0;
        for (i, c) in self.text[start..].char_indices() {
            if units >= want || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        self.text.len()
    }
}

/// `file://` URI of a path, with every byte outside the unreserved set and `/` percent-encoded.
fn path_to_uri(path: &std::path::Path) -> String {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = rest.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(PathBuf::from(String::from_utf8(out).ok()?))
}

struct Server {
    connection: Connection,
    workspace: Workspace,
    documents: HashMap<String, Document>,
}

impl Server {
    /// Check a document's text in memory and publish its diagnostics.
    fn check(&mut self, uri: &str, text: String) {
        // A file: URI is checked as the file it is, in its directory (cross-file rules see its
        // neighbours on disk, and the other open documents as they are in the editor); anything
        // else by its name alone.
        let (input, unsaved) = match uri_to_path(uri) {
            Some(path) => {
                let unsaved: Vec<(PathBuf, String)> = self
                    .documents
                    .iter()
                    .filter(|(u, _)| u.as_str() != uri)
                    .filter_map(|(u, d)| Some((uri_to_path(u)?, d.text.clone())))
                    .collect();
                let input = Input::Buffer {
                    path,
                    bytes: text.clone().into_bytes(),
                };
                (input, unsaved)
            }
            None => {
                let name = Some(uri.rsplit('/').next().unwrap_or(uri).to_owned());
                (
                    Input::Content {
                        name,
                        bytes: text.clone().into_bytes(),
                    },
                    Vec::new(),
                )
            }
        };
        let findings: Vec<Diagnostic> = match self.workspace.check_in(&[input], &unsaved) {
            Ok(run) => run
                .reports()
                .into_iter()
                .flat_map(|r| r.findings.iter().map(|f| f.diagnostic.clone()))
                .collect(),
            Err(e) => {
                self.log(&format!("shipshape: {e}"));
                Vec::new()
            }
        };
        let pos = Positions::new(&text);
        let diagnostics: Vec<Value> = findings.iter().map(|d| lsp_diagnostic(&pos, d)).collect();
        self.notify("textDocument/publishDiagnostics", json!({"uri": uri, "diagnostics": diagnostics}));
        self.documents.insert(uri.to_owned(), Document { text, findings });
    }

    fn notify(&self, method: &str, params: Value) {
        let _ = self
            .connection
            .sender
            .send(Message::Notification(Notification::new(method.to_owned(), params)));
    }

    fn log(&self, message: &str) {
        self.notify("window/logMessage", json!({"type": 1, "message": message}));
    }

    fn code_actions(&self, params: &Value) -> Value {
        let uri = params["textDocument"]["uri"].as_str().unwrap_or_default();
        let Some(doc) = self.documents.get(uri) else { return json!([]) };
        let pos = Positions::new(&doc.text);
        let (from, to) = (pos.offset(&params["range"]["start"]), pos.offset(&params["range"]["end"]));
        let actions: Vec<Value> = doc
            .findings
            .iter()
            .filter(|d| d.span.start <= to && from <= d.span.end)
            .filter_map(|d| {
                let fix = d.fix.as_ref()?;
                let edits: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| json!({"range": pos.range(e.span), "newText": e.replacement}))
                    .collect();
                let edit = if fix.files.is_empty() {
                    json!({"changes": {uri: edits}})
                } else {
                    // Files to create: a `create` operation and the text inserted into it. An
                    // append would need the other file's current text: not offered here.
                    let mut ops = Vec::new();
                    for c in &fix.files {
                        let shipshape_core::diagnostic::FileOp::Create(text) = &c.op else { return None };
                        let file = path_to_uri(&c.path);
                        let start = json!({"line": 0, "character": 0});
                        ops.push(json!({"kind": "create", "uri": file, "options": {"ignoreIfExists": true}}));
                        ops.push(json!({"textDocument": {"uri": file, "version": null}, "edits": [{"range": {"start": start, "end": start}, "newText": text}]}));
                    }
                    if !edits.is_empty() {
                        ops.push(json!({"textDocument": {"uri": uri, "version": null}, "edits": edits}));
                    }
                    json!({"documentChanges": ops})
                };
                Some(json!({
                    "title": format!("{}: {}", d.rule.code, fix.message),
                    "kind": "quickfix",
                    "diagnostics": [lsp_diagnostic(&pos, d)],
                    "isPreferred": fix.applicability == Applicability::Safe,
                    "edit": edit,
                }))
            })
            .collect();
        Value::Array(actions)
    }

    fn hover(&self, params: &Value) -> Value {
        let uri = params["textDocument"]["uri"].as_str().unwrap_or_default();
        let Some(doc) = self.documents.get(uri) else { return Value::Null };
        let pos = Positions::new(&doc.text);
        let at = pos.offset(&params["position"]);
        let here: Vec<&Diagnostic> = doc
            .findings
            .iter()
            .filter(|d| d.span.start <= at && at <= d.span.end.max(d.span.start + 1))
            .collect();
        if here.is_empty() {
            return Value::Null;
        }
        let text: Vec<String> = here
            .iter()
            .map(|d| {
                format!(
                    "**{} {}**: {}\n\n{}",
                    d.rule.code,
                    d.rule.name,
                    d.message,
                    crate::docs::explain(d.rule)
                )
            })
            .collect();
        json!({"contents": {"kind": "markdown", "value": text.join("\n\n---\n\n")}, "range": pos.range(here[0].span)})
    }

    fn request(&mut self, req: Request) {
        let result = match req.method.as_str() {
            "textDocument/codeAction" => Ok(self.code_actions(&req.params)),
            "textDocument/hover" => Ok(self.hover(&req.params)),
            _ => Err((ErrorCode::MethodNotFound, format!("unsupported request `{}`", req.method))),
        };
        let response = match result {
            Ok(v) => Response::new_ok(req.id, v),
            Err((code, message)) => Response::new_err(req.id, code as i32, message),
        };
        let _ = self.connection.sender.send(Message::Response(response));
    }

    fn notification(&mut self, n: Notification) {
        let p = &n.params;
        let uri = p["textDocument"]["uri"].as_str().unwrap_or_default().to_owned();
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let text = p["textDocument"]["text"].as_str().unwrap_or_default().to_owned();
                self.check(&uri, text);
            }
            // Full synchronisation: the last change holds the whole text.
            "textDocument/didChange" => {
                if let Some(text) = p["contentChanges"]
                    .as_array()
                    .and_then(|c| c.last())
                    .and_then(|c| c["text"].as_str())
                {
                    self.check(&uri, text.to_owned());
                }
            }
            "textDocument/didSave" => {
                if let Some(text) = self.documents.get(&uri).map(|d| d.text.clone()) {
                    self.check(&uri, text);
                }
            }
            "textDocument/didClose" => {
                self.documents.remove(&uri);
                self.notify("textDocument/publishDiagnostics", json!({"uri": uri, "diagnostics": []}));
            }
            _ => {}
        }
    }
}

fn lsp_diagnostic(pos: &Positions, d: &Diagnostic) -> Value {
    let severity = match d.severity {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
    };
    let message = match &d.help {
        Some(h) => format!("{} ({})", d.message, h),
        None => d.message.clone(),
    };
    json!({
        "range": pos.range(d.span),
        "severity": severity,
        "code": d.rule.code,
        "codeDescription": {"href": d.rule.docs_url()},
        "source": "shipshape",
        "message": message,
    })
}

/// Serve on stdin/stdout until the client shuts the server down.
pub fn serve() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    let capabilities = json!({
        "textDocumentSync": {"openClose": true, "change": 1, "save": {"includeText": false}},
        "codeActionProvider": {"codeActionKinds": ["quickfix"]},
        "hoverProvider": true,
    });
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("LSP initialisation failed: {e}"))?;
    let result = json!({
        "capabilities": capabilities,
        "serverInfo": {"name": "shipshape", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("LSP initialisation failed: {e}"))?;
    // The workspace root decides the config (and the names rules see): run from there.
    let root = params["rootUri"]
        .as_str()
        .or_else(|| params["workspaceFolders"][0]["uri"].as_str())
        .and_then(uri_to_path)
        .filter(|p| p.is_dir());
    if let Some(root) = &root {
        let _ = std::env::set_current_dir(root);
    }
    let options = Options {
        fix: FixMode::Off,
        jobs: Some(1),
        ..Options::default()
    };
    let workspace = Workspace::open(options).map_err(|e| e.to_string())?;
    let mut server = Server {
        connection,
        workspace,
        documents: HashMap::new(),
    };
    while let Ok(msg) = server.connection.receiver.recv() {
        match msg {
            Message::Request(req) => {
                if server.connection.handle_shutdown(&req).map_err(|e| e.to_string())? {
                    break;
                }
                server.request(req);
            }
            Message::Notification(n) if n.method == "exit" => break,
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
    }
    drop(server);
    io_threads.join().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_map_back() {
        let text = "a\néb𝄞c\n";
        let p = Positions::new(text);
        let c = text.find('c').unwrap();
        assert_eq!(p.at(c), json!({"line": 1, "character": 4}), "é is 1 unit, 𝄞 is 2");
        assert_eq!(p.offset(&json!({"line": 1, "character": 4})), c);
        assert_eq!(p.offset(&json!({"line": 9, "character": 0})), text.len());
        assert_eq!(uri_to_path("file:///a%20b/Dockerfile"), Some(PathBuf::from("/a b/Dockerfile")));
    }
}
