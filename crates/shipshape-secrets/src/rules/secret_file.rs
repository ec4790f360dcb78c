use crate::{Ctx, rule};
use shipshape_core::{Diagnostic, Span};

rule! {
    code: "SEC008", name: "secret-file", severity: Warning, category: Security, default: false, fix: None,
    peers: [], options: [],
    summary: "A file that holds secrets by its nature is committed",
    what: "Flags committed `.env` files and `.env.local`-style overrides in which a key that names a secret (`*PASSWORD*`, `*TOKEN*`, `*SECRET*`, `*API_KEY*` …) has a real value (not `.env.example`, `.env.sample`, `.env.template`, `.env.dist`, nor the per-environment defaults `.env.development`, `.env.test`, `.env.production` that Next.js, Vite and dotenv-flow commit by design; secrets written in those are still found by the content rules), private keys by name (`id_rsa`, `id_ecdsa`, `id_ed25519`, `*.key`, `*.pem` holding a private key) and keystores (`*.p12`, `*.pfx`, `*.jks` when readable as text). The finding is on the file's first byte. Opt-in (`--select SEC008`): a committed file whose contents no content rule flags is a template, a test configuration or a key committed on purpose (a passphrase-protected signing key); none of the 11 the judged samples found was worth acting on (docs/precision.md).",
    why: "These files exist to hold credentials; a committed one is almost always a leak, and `.gitignore` should keep them out.",
    example: "# .env\nSESSION_KEY=Kq8vN2xR7tL1mZ9cW3bH6yJ0",
    instead: "# .env.example (committed); the real .env is in .gitignore\nSESSION_KEY=",
    fix_safety: "No automatic fix: remove the file from git (`git rm --cached`), add it to `.gitignore`, rotate what it held.",
    refs: "- https://git-scm.com/docs/gitignore",
    spans: [""],
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let name = cx
        .file
        .path
        .as_deref()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or_else(|| cx.file.display.rsplit('/').next().unwrap_or_default())
        .to_ascii_lowercase();
    // `.env.development`, `.env.test` and `.env.production` are the committed defaults of Next.js,
    // Vite, Create React App and dotenv-flow (their docs say to commit them and to ignore
    // `.env*.local`, which hold the secrets); a secret written in one is still reported by the
    // content rules (SEC007 …).
    let per_environment = [
        ".development",
        ".dev",
        ".test",
        ".testing",
        ".production",
        ".prod",
        ".staging",
        ".ci",
        ".e2e",
    ]
    .iter()
    .any(|s| name.strip_prefix(".env").is_some_and(|rest| rest == *s));
    let env = name == ".env"
        || (name.starts_with(".env.")
            && !per_environment
            && ![".example", ".sample", ".template", ".dist", ".defaults", ".schema"]
                .iter()
                .any(|s| name.ends_with(s)));
    let key = name.starts_with("id_rsa") || name.starts_with("id_ecdsa") || name.starts_with("id_ed25519") || name.starts_with("id_dsa");
    let key = (key && !name.ends_with(".pub")) || ((name.ends_with(".key") || name.ends_with(".pem")) && cx.src.contains("PRIVATE KEY"));
    let store = name.ends_with(".p12") || name.ends_with(".pfx") || name.ends_with(".jks");
    // A `.env` holds secrets when a key that names one (`POSTGRES_PASSWORD`, `API_TOKEN`) has a real
    // value: one of build settings (`N8N_VERSION=stable`) or of placeholders to edit
    // (`changePassword`) is configuration or a template, committed on purpose beside its Compose file.
    const SECRET_NAMES: &[&str] = &[
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
        "CREDENTIAL",
    ];
    let env = env
        && cx.src.lines().any(|l| {
            let l = l.trim().trim_start_matches("export ");
            !l.starts_with('#')
                && l.split_once('=').is_some_and(|(k, v)| {
                    let k = k.trim().to_ascii_uppercase();
                    (SECRET_NAMES.iter().any(|w| k.contains(w)) || (k.ends_with("_KEY") && !k.contains("PUBLIC")))
                        && !crate::detect::is_placeholder(v)
                })
        });
    if env || key || store {
        let what = if env {
            "an environment file"
        } else if key {
            "a private key file"
        } else {
            "a keystore"
        };
        let mut d = Diagnostic::new(meta(), Span::new(0, 0), format!("{what} (`{name}`) is committed"))
            .help("remove it from git, add it to `.gitignore`, and rotate what it holds");
        if cx.demo {
            d = d
                .severity(shipshape_core::Severity::Info)
                .confidence(shipshape_core::Confidence::Medium);
        }
        out.push(d);
    }
}
