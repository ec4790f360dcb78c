//! Dockerfiles: a base image or its tag changed (or moved to a mutable one), a non-root `USER`
//! removed from the image that ships, ports exposed, secret-named build arguments or environment
//! variables added, `ADD <url>` added.

use crate::changes::{Category, Change, Pair, Risk};
use shipshape_core::span::LineIndex;
use shipshape_dockerfile::model::{Dockerfile, ImageRef};
use shipshape_dockerfile::parser::Keyword;

/// Words that make a variable's name a secret's.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "secret",
    "token",
    "api_key",
    "apikey",
    "private_key",
    "credential",
    "access_key",
];

fn secret_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| l.contains(w))
}

/// A stage's key: its name, else its index counted from the end (the final stage is `-1`), so
/// that a stage added at the top does not make every other stage "changed".
fn stage_key(df: &Dockerfile<'_>, i: usize) -> String {
    df.stages[i]
        .name
        .clone()
        .map_or_else(|| format!("#{}", df.stages.len() - i), |n| n.to_ascii_lowercase())
}

fn root_user(u: &str) -> bool {
    let name = u.split(':').next().unwrap_or(u).trim();
    name.is_empty() || name == "root" || name == "0"
}

/// Every `EXPOSE`d port and secret-named `ARG`/`ENV` of the final image, and the `ADD <url>`s.
struct Facts {
    ports: Vec<(String, usize)>,
    secrets: Vec<(String, usize)>,
    downloads: Vec<(String, usize)>,
}

fn facts(df: &Dockerfile<'_>, lines: &LineIndex) -> Facts {
    let mut f = Facts {
        ports: Vec::new(),
        secrets: Vec::new(),
        downloads: Vec::new(),
    };
    for (i, ins) in df.instructions().iter().enumerate() {
        let line = lines.line_of(ins.span.start) + 1;
        let shipped = df.reaches_final_image(i);
        let args = ins.args.value.trim();
        match ins.keyword {
            Keyword::Expose if shipped => f.ports.extend(args.split_whitespace().map(|p| (p.to_owned(), line))),
            Keyword::Arg | Keyword::Env => {
                for word in args.split_whitespace() {
                    let name = word.split('=').next().unwrap_or(word);
                    // A name with a value set here: a secret in the build's history or the image.
                    let valued = word.contains('=') && !word.ends_with('=') || (ins.keyword == Keyword::Env && !word.contains('='));
                    if secret_name(name) && valued && !name.is_empty() {
                        f.secrets.push((name.to_owned(), line));
                    }
                    if ins.keyword == Keyword::Env && !word.contains('=') {
                        break; // `ENV NAME value`: one variable
                    }
                }
            }
            Keyword::Add => {
                if let Some(url) = args
                    .split_whitespace()
                    .find(|w| w.starts_with("http://") || w.starts_with("https://") || w.starts_with("git@"))
                {
                    f.downloads.push((url.to_owned(), line));
                }
            }
            _ => {}
        }
    }
    f
}

pub fn dockerfile(pair: &Pair<'_>) -> Vec<Change> {
    let path = pair.path;
    let (Some(base), Some(head)) = (pair.base, pair.head) else {
        return Vec::new();
    };
    let (b, h) = (Dockerfile::new(base), Dockerfile::new(head));
    let (bl, hl) = (LineIndex::new(base), LineIndex::new(head));
    let mut out = Vec::new();

    // Base images, stage by stage (stages built FROM another stage are that stage's business).
    for (i, stage) in h.stages.iter().enumerate() {
        if stage.parent_stage.is_some() {
            continue;
        }
        let key = stage_key(&h, i);
        let Some(old) = (0..b.stages.len()).find(|&j| stage_key(&b, j) == key).map(|j| &b.stages[j]) else {
            continue;
        };
        if old.parent_stage.is_some() || old.image == stage.image {
            continue;
        }
        let line = hl.line_of(stage.image_span.start) + 1;
        let what = stage
            .name
            .as_deref()
            .map_or_else(|| "the final stage".to_owned(), |n| format!("stage `{n}`"));
        let what = if stage.name.is_some() || i + 1 == h.stages.len() {
            what
        } else {
            format!("stage {i}")
        };
        let (old_ref, new_ref) = (ImageRef::parse(&old.image), ImageRef::parse(&stage.image));
        let same_repo = old_ref.repo == new_ref.repo && old_ref.registry == new_ref.registry;
        let floating = new_ref.is_floating() && !old_ref.is_floating();
        let (kind, risk, msg) = if floating {
            (
                "dockerfile.base-image-mutable",
                Risk::Medium,
                format!(
                    "moves the base image of {what} from `{}` to `{}`, a tag that moves: builds stop being repeatable and a rollback may not rebuild the same image",
                    old.image, stage.image
                ),
            )
        } else if same_repo {
            (
                "dockerfile.base-image-tag",
                Risk::Medium,
                format!(
                    "moves the base image of {what}: {}; rebuild and test the image before it ships",
                    crate::changes::image_change(&old.image, &stage.image)
                ),
            )
        } else {
            (
                "dockerfile.base-image-changed",
                Risk::Medium,
                format!(
                    "changes the base image of {what} from `{}` to `{}`: another distribution, other libraries and users",
                    old.image, stage.image
                ),
            )
        };
        out.push(Change::new(path, line, kind, Category::SupplyChain, risk, msg).values(old.image.clone(), stage.image.clone()));
    }

    // The user the shipped image runs as.
    if let (Some(bf), Some(hf)) = (b.final_stage(), h.final_stage()) {
        let before = b.stage_user(bf).map(|(_, u)| u);
        let after = h.stage_user(hf);
        if before.as_deref().is_some_and(|u| !root_user(u)) && after.as_ref().is_none_or(|(_, u)| root_user(u)) {
            let line = after.as_ref().map_or(hl.line_of(hf.image_span.start) + 1, |(i, _)| {
                hl.line_of(h.instructions()[*i].span.start) + 1
            });
            out.push(
                Change::new(
                    path,
                    line,
                    "dockerfile.user-removed",
                    Category::Access,
                    Risk::High,
                    format!(
                        "the image no longer runs as `{}`: its processes run as root",
                        before.as_deref().unwrap_or_default()
                    ),
                )
                .values(
                    before.unwrap_or_default(),
                    after.map(|(_, u)| u).unwrap_or_else(|| "root".to_owned()),
                ),
            );
        }
    }

    let (fb, fh) = (facts(&b, &bl), facts(&h, &hl));
    for (port, line) in &fh.ports {
        if !fb.ports.iter().any(|(p, _)| p == port) {
            out.push(Change::new(
                path,
                *line,
                "dockerfile.port-exposed",
                Category::Network,
                Risk::Low,
                format!("exposes port {port}"),
            ));
        }
    }
    for (name, line) in &fh.secrets {
        if !fb.secrets.iter().any(|(n, _)| n == name) {
            out.push(Change::new(
                path,
                *line,
                "dockerfile.secret-variable-added",
                Category::Secrets,
                Risk::High,
                format!("sets `{name}` in the build: its value stays in the image's history for anyone who can pull it (use a BuildKit secret mount)"),
            ));
        }
    }
    for (url, line) in &fh.downloads {
        if !fb.downloads.iter().any(|(u, _)| u == url) {
            out.push(Change::new(
                path,
                *line,
                "dockerfile.remote-add",
                Category::SupplyChain,
                Risk::Medium,
                format!("downloads `{url}` with ADD, unverified: what it serves goes into the image"),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_core::classify::FileKind;

    fn run(base: &str, head: &str) -> Vec<Change> {
        dockerfile(&Pair {
            path: "Dockerfile",
            kind: FileKind::Dockerfile,
            base: Some(base),
            head: Some(head),
            production: false,
            owner: None,
        })
    }

    const BASE: &str = "FROM node:22-slim AS build\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /app /app\nUSER node\nEXPOSE 3000\nCMD [\"node\", \"/app/server.js\"]\n";

    #[test]
    fn equal_is_quiet() {
        assert!(run(BASE, BASE).is_empty());
    }

    #[test]
    fn base_images() {
        let head = BASE
            .replace("FROM node:22-slim AS build", "FROM node:24-slim AS build")
            .replace("FROM node:22-slim\n", "FROM node\n");
        let c = run(BASE, &head);
        let kinds: Vec<_> = c.iter().map(|c| (c.kind, c.line)).collect();
        assert_eq!(kinds, [("dockerfile.base-image-tag", 1), ("dockerfile.base-image-mutable", 3)]);
        assert!(c[0].message.contains("stage `build`"), "{}", c[0].message);
        assert!(c[1].message.contains("the final stage"), "{}", c[1].message);
    }

    #[test]
    fn user_ports_secrets_downloads() {
        let head = BASE.replace("USER node\n", "").replace(
            "EXPOSE 3000\n",
            "EXPOSE 3000 9229\nENV API_TOKEN=abc\nADD https://example.com/x.tgz /x.tgz\n",
        );
        let c = run(BASE, &head);
        let kinds: Vec<_> = c.iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            [
                "dockerfile.user-removed",
                "dockerfile.port-exposed",
                "dockerfile.secret-variable-added",
                "dockerfile.remote-add"
            ]
        );
        assert_eq!(c[0].risk, Risk::High);
        assert!(c[1].message.contains("9229"));
        // A secret-named ARG with no value is how BuildKit secrets are passed around: no change to weigh.
        let head = BASE.replace("RUN npm ci\n", "ARG NPM_TOKEN\nRUN npm ci\n");
        assert!(run(BASE, &head).is_empty());
    }
}
