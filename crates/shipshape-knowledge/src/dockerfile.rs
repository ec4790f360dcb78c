//! Dockerfile syntax: the total parser every domain uses, and the facts other files ask of a
//! Dockerfile (a Compose `build.target`, a published port, an image's healthcheck, the images a
//! repository builds upon), read from its instructions rather than from lines of text, so
//! continuations, comments, flags and quoting mean what they mean to Docker.

pub mod parser;
pub mod text;

use parser::Keyword;

/// One build stage.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stage {
    /// `FROM … AS name`, lowercase (Docker compares stage names case-insensitively).
    pub name: Option<String>,
    /// The base image or stage as written.
    pub base: String,
    /// The earlier stage it is built `FROM`, if any.
    pub parent: Option<usize>,
    /// Its last `HEALTHCHECK`: `Some(true)` for a check, `Some(false)` for `HEALTHCHECK NONE`.
    pub healthcheck: Option<bool>,
}

/// What other files ask of a Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub stages: Vec<Stage>,
    /// The ports any stage `EXPOSE`s (`EXPOSE` is inherited), or `None` when a variable or a
    /// malformed port makes them unknowable.
    pub exposes: Option<Vec<u16>>,
    /// Where each `EXPOSE` instruction is.
    pub expose_spans: Vec<shipshape_core::Span>,
}

impl Facts {
    pub fn of(src: &str) -> Facts {
        let parsed = parser::parse(src);
        let mut facts = Facts {
            stages: Vec::new(),
            exposes: Some(Vec::new()),
            expose_spans: Vec::new(),
        };
        for ins in &parsed.instructions {
            match ins.keyword {
                Keyword::From => {
                    let words = ins.words();
                    let base = words.first().map(|w| w.text.clone()).unwrap_or_default();
                    let name = match words.as_slice() {
                        [_, kw, name, ..] if kw.text.eq_ignore_ascii_case("as") => Some(name.text.to_ascii_lowercase()),
                        _ => None,
                    };
                    let parent = facts
                        .stages
                        .iter()
                        .rposition(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&base)));
                    facts.stages.push(Stage {
                        name,
                        base,
                        parent,
                        healthcheck: None,
                    });
                }
                Keyword::Healthcheck => {
                    if let Some(stage) = facts.stages.last_mut() {
                        let none = ins.words().first().is_some_and(|w| w.text.eq_ignore_ascii_case("none"));
                        stage.healthcheck = Some(!none);
                    }
                }
                Keyword::Expose => {
                    facts.expose_spans.push(ins.span);
                    if let Some(ports) = facts.exposes.as_mut()
                        && exposed(&ins.words().iter().map(|w| w.text.as_str()).collect::<Vec<_>>(), ports).is_none()
                    {
                        facts.exposes = None;
                    }
                }
                _ => {}
            }
        }
        facts
    }

    /// The stage names, in order.
    pub fn stage_names(&self) -> impl Iterator<Item = &str> {
        self.stages.iter().filter_map(|s| s.name.as_deref())
    }

    /// The external image the stage `target` (the last when `None`) is ultimately built `FROM`:
    /// the base of its chain's first stage.
    pub fn root_base(&self, target: Option<&str>) -> Option<&str> {
        let mut at = self.stage_index(target)?;
        while let Some(p) = self.stages[at].parent {
            at = p;
        }
        Some(self.stages[at].base.as_str())
    }

    fn stage_index(&self, target: Option<&str>) -> Option<usize> {
        match target {
            Some(t) => self
                .stages
                .iter()
                .rposition(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(t))),
            None => self.stages.len().checked_sub(1),
        }
    }

    /// Whether the image built up to `target` (the last stage when `None`) defines a healthcheck
    /// of its own, inherited from earlier stages; `false` for an unknown target.
    pub fn healthcheck(&self, target: Option<&str>) -> bool {
        let mut at = self.stage_index(target);
        // Parents are always earlier stages, so this walk ends.
        while let Some(i) = at {
            if let Some(h) = self.stages[i].healthcheck {
                return h;
            }
            at = self.stages[i].parent;
        }
        false
    }
}

/// Add the ports of one `EXPOSE`'s words (`80`, `443/tcp`, `9000-9002`); `None` when one is a
/// variable or not a port.
fn exposed(words: &[&str], out: &mut Vec<u16>) -> Option<()> {
    for w in words {
        if w.contains('$') {
            return None;
        }
        let port = w.split('/').next().unwrap_or(w);
        match port.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (a.parse::<u16>().ok()?, b.parse::<u16>().ok()?);
                out.extend(a..=b.min(a.saturating_add(1024)));
            }
            None => out.push(port.parse().ok()?),
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stage_names_follow_continuations_and_flags() {
        let f = Facts::of("FROM --platform=$BUILDPLATFORM node:22 \\\n  AS Build\n# FROM fake AS comment\nfrom build as final\n");
        assert_eq!(f.stage_names().collect::<Vec<_>>(), ["build", "final"]);
        assert_eq!(f.stages[0].base, "node:22");
        assert_eq!(f.stages[1].parent, Some(0));
    }

    #[test]
    fn exposes() {
        let ports = |s: &str| Facts::of(s).exposes;
        assert_eq!(
            ports("FROM x\nEXPOSE 80 443/tcp\nexpose 9000-9002\n"),
            Some(vec![80, 443, 9000, 9001, 9002])
        );
        assert_eq!(ports("FROM x\nEXPOSE \\\n  8080\n"), Some(vec![8080]));
        assert_eq!(ports("FROM x\nEXPOSE $PORT\n"), None);
        assert_eq!(ports("FROM x\n"), Some(vec![]));
        assert_eq!(ports("FROM x\nRUN echo EXPOSE 22\n"), Some(vec![]));
    }

    #[test]
    fn healthcheck_of_the_built_stage() {
        let f = Facts::of("FROM a AS base\nHEALTHCHECK CMD true\nFROM base AS app\nFROM b AS tools\nHEALTHCHECK NONE\n");
        assert!(!f.healthcheck(None));
        assert!(f.healthcheck(Some("app")));
        assert!(f.healthcheck(Some("BASE")));
        assert!(!f.healthcheck(Some("missing")));
        assert!(!Facts::of("FROM a\n# HEALTHCHECK CMD true\n").healthcheck(None));
        assert!(Facts::of("FROM a\nHEALTHCHECK --interval=5s \\\n  CMD curl -f localhost\n").healthcheck(None));
    }
}
