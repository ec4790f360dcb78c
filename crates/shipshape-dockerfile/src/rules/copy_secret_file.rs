use crate::parser::Keyword;
use crate::{Ctx, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "DF066", name: "copy-secret-file", severity: Error, category: Security, default: true, fix: None,
    peers: ["trivy:DS031"], options: [],
    summary: "A secret file is copied into the image",
    what: "Flags `COPY`/`ADD` of `.env` files, `*.pem`, `*.key`, `*.p12`, `*.pfx`, `id_rsa*`/`id_ed25519*`, `.npmrc`, `.pypirc`, `.netrc`, `credentials.json`, `kubeconfig` (`.env.example` and public keys are fine). An `.npmrc` is a warning of medium confidence: it often holds only settings. A `.pem` or `.key` is an error when the build context holds it as a private key, nothing when it holds a public key or certificate, and a warning of medium confidence otherwise (not in the repository, or something else).",
    why: "Files copied into a layer stay in the image for anyone who pulls it, even if a later step deletes them.",
    example: "COPY .env /app/.env",
    instead: "RUN --mount=type=secret,id=dotenv,target=/app/.env ./build.sh",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.docker.com/build/building/secrets/",
    spans: [".env"],
}

pub fn secret_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let example = ["example", "sample", "template", "dist", "tmpl"]
        .iter()
        .any(|s| name.ends_with(&format!(".{s}")));
    // Public key material: `yarn-pubkey.gpg.key`, `nginx_public_keys.key`, an armoured `.asc`.
    let public =
        name.ends_with(".pub") || name.contains("pubkey") || name.contains("public") || name.contains(".gpg") || name.ends_with(".asc");
    // A certificate is public too: a CA's (`ca.pem`, installed into the trust store), a chain, a
    // server's `cert.pem` (temporalio's TLS images copy `.pki/ca.pem`).
    let stem = name.strip_suffix(".pem").unwrap_or("");
    let certificate = !stem.is_empty()
        && !stem.contains("key")
        && (stem == "ca"
            || stem.starts_with("ca-")
            || stem.starts_with("ca_")
            || stem.ends_with("-ca")
            || stem.ends_with("_ca")
            || ["cert", "crt", "chain", "bundle"].iter().any(|w| stem.contains(w)));
    if example || public || certificate {
        return false;
    }
    name == ".env"
        || (name.starts_with(".env.") && !name.ends_with(".example"))
        || [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore"]
            .iter()
            .any(|e| name.ends_with(e))
        || name.starts_with("id_rsa")
        || name.starts_with("id_ed25519")
        || name.starts_with("id_ecdsa")
        || matches!(
            name.as_str(),
            ".npmrc" | ".pypirc" | ".netrc" | "credentials.json" | "kubeconfig" | ".git-credentials" | ".dockercfg"
        )
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let last = cx.df.stages.len().saturating_sub(1);
    for (i, ins) in cx
        .instructions()
        .iter()
        .enumerate()
        .filter(|(_, i)| matches!(i.keyword, Keyword::Copy | Keyword::Add))
    {
        // Copied into a build stage only, the file is in that stage's layers and the build cache,
        // not in the shipped image (Dozzle embeds its default key with `go:embed`): a warning.
        let build_stage = cx.df.stage_of[i].is_some_and(|s| s != last);
        if ins.flag("from").is_some() || !ins.heredocs.is_empty() {
            continue;
        }
        let words = ins.operands();
        let Some((_, sources)) = words.split_last() else { continue };
        for s in sources {
            if secret_name(&s.text) && !s.text.contains("://") {
                let name = s.text.rsplit('/').next().unwrap_or(&s.text).to_ascii_lowercase();
                // An `.npmrc` in the build context without a token holds only settings (the
                // context may be a folder above the Dockerfile's: stork's root, judged wrong, the
                // fortieth sample).
                if name == ".npmrc" && cx.file_in_some_context(&s.text).is_some_and(|t| !t.contains("_auth")) {
                    continue;
                }
                // An env file is read for what it holds: committed without a secret-like setting
                // (`PORT=3000`, `NODE_ENV=production`) it is configuration; not in the repository
                // (CI writes it, as dokploy's `.env.production`), its contents are unknown: a
                // warning, not a certainty (judged wrong, 2026-12-05).
                if name.starts_with(".env") {
                    // A development or test env file the repository commits holds that
                    // environment's throwaway settings, public already (glific's
                    // `config/.env.dev.txt` with `this_is_not_the_key`, copied into its local-dev
                    // image: judged wrong as an error, the sixty-second sample).
                    let throwaway = name
                        .split('.')
                        .any(|p| matches!(p, "dev" | "development" | "test" | "testing" | "ci" | "e2e"));
                    match cx.context_file(&s.text) {
                        Some(_) if throwaway => continue,
                        // Symfony's committed defaults, whose recipe header forbids secrets in it
                        // (`.env.local` holds them): public already (ecamp3's API image, judged
                        // wrong as an error, the seventy-first sample).
                        Some(t) if t.contains("DO NOT DEFINE PRODUCTION SECRETS IN THIS FILE") => continue,
                        Some(t) if !holds_secret_settings(&t) => continue,
                        None => {
                            out.push(
                                Diagnostic::new(
                                    meta(),
                                    s.span,
                                    format!(
                                        "`{}` is copied into the image: whatever secrets it holds at build time are stored there",
                                        s.text
                                    ),
                                )
                                .severity(shipshape_core::Severity::Warning)
                                .confidence(shipshape_core::Confidence::Medium)
                                .help("pass settings at run time (`--env-file`), or mount secrets with `RUN --mount=type=secret`"),
                            );
                            continue;
                        }
                        Some(_) => {}
                    }
                }
                // A `.pem` or `.key` is a secret by what it holds: a private key is a certainty; a
                // public key or certificate is none (elastic's e2e image copies a licence's public
                // key its CI writes: judged wrong, the fifty-sixth sample); one the repository does
                // not hold, or holds as something else, is unknown: a warning.
                if name.ends_with(".pem") || name.ends_with(".key") {
                    match cx.file_in_some_context(&s.text) {
                        Some(t) if t.contains("PRIVATE KEY") => {}
                        Some(t) if t.contains("-----BEGIN ") || t.starts_with("ssh-") => continue,
                        held => {
                            let why = if held.is_some() {
                                "holds no private key this can read"
                            } else {
                                "is not in the repository, so what it holds is unknown"
                            };
                            out.push(
                                Diagnostic::new(
                                    meta(),
                                    s.span,
                                    format!("`{}` is named like a private key and would be stored in the image; it {why}", s.text),
                                )
                                .severity(shipshape_core::Severity::Warning)
                                .confidence(shipshape_core::Confidence::Medium)
                                .help("if it is a private key, mount it when the container starts (a Docker or Kubernetes secret) or with `RUN --mount=type=secret` if only the build needs it"),
                            );
                            continue;
                        }
                    }
                }
                let d = if build_stage {
                    Diagnostic::new(
                        meta(),
                        s.span,
                        format!("`{}` looks like a secret and is kept in a build stage's layers", s.text),
                    )
                    .severity(shipshape_core::Severity::Warning)
                } else {
                    Diagnostic::new(
                        meta(),
                        s.span,
                        format!("`{}` looks like a secret and would be stored in the image", s.text),
                    )
                }
                .help("mount it when the container starts (a Docker or Kubernetes secret, a secret store) if the program reads it at run time, or with `RUN --mount=type=secret` if only the build needs it; add it to .dockerignore");
                // An `.npmrc` often holds only settings (`legacy-peer-deps`, a registry URL): it
                // holds a token only sometimes, so it is not an error.
                out.push(if name == ".npmrc" {
                    Diagnostic::new(
                        meta(),
                        s.span,
                        format!(
                            "`{}` may hold a registry token (`_authToken`), which would be stored in the image",
                            s.text
                        ),
                    )
                    .help("if it holds a token, mount it with `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc` instead")
                    .severity(shipshape_core::Severity::Warning)
                    .confidence(shipshape_core::Confidence::Medium)
                } else {
                    d
                });
            }
        }
    }
}

/// Whether an env file sets a secret-like name (`DB_PASSWORD`, `API_TOKEN`, `SECRET_KEY`) to a
/// non-empty value.
fn holds_secret_settings(text: &str) -> bool {
    const WORDS: &[&str] = &["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "AUTH", "PRIVATE"];
    text.lines().any(|l| {
        let l = l.trim().trim_start_matches("export ");
        let Some((k, v)) = l.split_once('=') else { return false };
        let v = v.trim().trim_matches(['"', '\'']);
        !l.starts_with('#') && !v.is_empty() && !v.starts_with('$') && WORDS.iter().any(|w| k.to_ascii_uppercase().contains(w))
    })
}
