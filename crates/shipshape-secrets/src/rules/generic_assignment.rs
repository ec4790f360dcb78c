use crate::detect::{Detector, scan};
use crate::{Ctx, rule};
use regex::Regex;
use shipshape_core::Diagnostic;
use shipshape_core::classify::FileKind;
use std::sync::OnceLock;

rule! {
    code: "SEC007", name: "hardcoded-secret", severity: Warning, category: Security, default: false, fix: None,
    peers: ["detect-secrets:KeywordDetector", "checkov:CKV_SECRET_6"], options: [],
    summary: "A password, secret, token or API key is assigned a literal value",
    what: "Flags assignments (`KEY=value`, `key: value`, `key = \"value\"`, `\"key\": \"value\"`) (and XML elements such as Maven's `<password>`) whose key names a password, secret, token, API key, access key, client secret or private key, and whose value looks generated (at least 8 characters mixing letters and digits, entropy at least 3 bits per character; a lower-case word and a short number such as `owner456` is chosen, not generated) and is not a placeholder, variable, template, secret-store reference or attribute path used as an expression (`configs.CLIENT_SECRET ?? ''`, also when the value sits on the line after its key). A value on the line after its key is one only if it is not itself a `key:` entry (an empty `token:` followed by `link_to_mp4: true` has no value), and version ranges (`npm:^9.0.2`, `^1.2.3`, `~1.2`, `>=1.0`) are not secrets. Compose and Kubernetes files are left to their own literal-secret rules (`DC018`, `K8S021`); lockfiles (`yarn.lock`, `package-lock.json`, `Cargo.lock`, `go.sum`…, where `jsonwebtoken` is a package name), translation catalogs (`lang/`, `locales/`, `i18n/`…), quoted prose and non-ASCII values are skipped. Opt-in (`--select SEC007`): found by its name, a value is far more often a field, a validation rule, a fixture or a documented example than a live secret; 1 of the 105 the judged samples found was worth acting on (docs/precision.md). The rules that know a credential by its format (SEC001 to SEC004) and Compose's DC016 stay on.",
    why: "Literal credentials in configuration end up in every clone, image layer and CI log; they are the most common secret leak.",
    example: "db_password = \"q7Rv2Lm9Xp4TzW8n\"",
    instead: "db_password = var.db_password",
    fix_safety: "No automatic fix: rotate it, then read it from the environment or a secret store.",
    refs: "- https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
    spans: ["q7Rv2Lm9Xp4TzW8n"],
}

pub static DETECTORS: &[Detector] = &[
    Detector {
        what: "a literal secret",
        keywords: KEYS,
        pattern: r#"(?i)(?:password|passwd|pwd|(?:\b|_)pass|secret|token|api[_.-]?key|access[_.-]?key|private[_.-]?key|credentials?)["']?(?:[ \t]*(?:=|:=|=>)[ \t]*|:\s+|:["'])["']?([^\s"',;#<]{8,200})"#,
        min_entropy: 3.0,
    },
    Detector {
        what: "a literal secret in an XML element",
        keywords: &["password", "secret", "token", "apikey"],
        pattern: r"(?i)<(?:[a-z_.-]*password|[a-z_.-]*secret|[a-z_.-]*token|apikey)>([^<\s]{8,200})</",
        min_entropy: 3.0,
    },
];
/// Key names that announce a secret.
const KEYS: &[&str] = &[
    "password",
    "passwd",
    "pwd",
    "pass",
    "secret",
    "token",
    "api_key",
    "apikey",
    "api-key",
    "api.key",
    "access_key",
    "access.key",
    "private_key",
    "credential",
];
static COMPILED: OnceLock<Vec<Option<Regex>>> = OnceLock::new();

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    if matches!(cx.file.kind, FileKind::Compose | FileKind::Kubernetes | FileKind::HelmTemplate) {
        return;
    }
    // Translation catalogs map keys like `authToken` to labels such as "API Key".
    let display = cx.file.display.to_ascii_lowercase();
    if display
        .split('/')
        .any(|p| matches!(p, "lang" | "langs" | "locale" | "locales" | "i18n" | "l10n" | "translations"))
    {
        return;
    }
    // Lockfiles list packages (`jsonwebtoken: "npm:^9.0.2"`) and checksums, generated, never keys.
    // Vendored code is a third party's: its examples and test values are not this repository's
    // configuration (descheduler's `vendor/k8s.io/…` doc comments).
    if is_lockfile(&display) || display.split('/').any(|p| matches!(p, "vendor" | "third_party" | "node_modules")) {
        return;
    }
    // A source map or a minified bundle is generated from sources checked on their own; in one,
    // `token: state2.tokens.length - 1` is bundled library code (nautobot's `*.js.map`, judged wrong).
    if display.ends_with(".map") || display.ends_with(".min.js") {
        return;
    }
    // Yarn's committed release and plugin bundles (`.yarn/releases/yarn-4.17.1.cjs`) are the
    // package manager's own code, with its public search key (prettier, judged wrong).
    if display.contains(".yarn/releases/") || display.contains(".yarn/plugins/") || display.ends_with(".pnp.cjs") {
        return;
    }
    // An API description's values are its examples (AdGuardHome's `openapi/next.yaml`).
    // So are a manual page's (`debian/app.1`, `*.ronn`).
    let man_page = display.ends_with(".ronn") || display.rsplit('.').next().is_some_and(|e| matches!(e, "1" | "5" | "8"));
    if display.contains("openapi") || display.contains("swagger") || man_page {
        return;
    }
    let markup = [
        ".html",
        ".htm",
        ".twig",
        ".erb",
        ".hbs",
        ".handlebars",
        ".jinja",
        ".j2",
        ".mustache",
        ".njk",
    ]
    .iter()
    .any(|e| display.ends_with(e));
    // Lowered once per page (ASCII only, so offsets stay the same), not per finding.
    let lowered = markup.then(|| cx.src.to_ascii_lowercase());
    for (span, d) in scan(cx.src, &cx.present, DETECTORS, &COMPILED) {
        // A page's `<pre>`/`<code>` block shows an example (a developer how-to's sample OAuth
        // response), not the page's configuration.
        if lowered.as_deref().is_some_and(|l| in_code_block(l, span.start)) {
            continue;
        }
        let value = span.text(cx.src);
        // .NET's `PublicKeyToken=b03f5f7f11d50a3a` names an assembly's public key; a value under a
        // key naming a hash (`TOR_HASHED_PASSWORD: '16:…'`) is a hash, not the password.
        // The key is right before the value: look back a bounded window, never the whole line (a
        // file of one huge line would make every finding re-read it: quadratic).
        let window = cx.src.floor_char_boundary(span.start.saturating_sub(256));
        let line_start = cx.src[window..span.start].rfind('\n').map_or(window, |i| window + i + 1);
        let key = cx.src[line_start..span.start].to_ascii_lowercase();
        if key.ends_with("publickeytoken=") || key.contains("hash") {
            continue;
        }
        // An anti-CSRF token (`__Host-authjs.csrf-token=…` in a recorded `Set-Cookie`) is a
        // per-visitor nonce, not a credential (openstatus' checker mocks, judged wrong 2026-12-05).
        if key.contains("csrf") || key.contains("xsrf") {
            continue;
        }
        // A value that spells its own key (`KEY_OAUTH2_SECRET="oauth2-secret"`: the name of a
        // setting, wekan's snap config, judged wrong 2026-12-05) is a name, not a secret.
        let spelled = value.to_ascii_lowercase().replace(['-', '.'], "_");
        if spelled.len() >= 6 && key.replace(['-', '.'], "_").contains(&spelled) {
            continue;
        }
        // Publishable keys, public by design: PostHog's project key, Stripe's publishable key.
        if ["phc_", "pk_live_", "pk_test_"].iter().any(|p| span.text(cx.src).starts_with(p)) {
            continue;
        }
        // A key named as a publishable or analytics project key (`REACT_APP_POSTHOG_TOKEN`,
        // `STRIPE_PUBLISHABLE_KEY`) ships in every browser bundle by design (papercups, judged wrong).
        if key.contains("posthog") || key.contains("publishable") {
            continue;
        }
        // Algolia DocSearch's search-only key is public by design, in every visitor's browser
        // (Docusaurus documents committing it: prettier's website, judged wrong).
        let from = cx.src.floor_char_boundary(span.start.saturating_sub(400));
        if cx.src[from..span.start].to_ascii_lowercase().contains("algolia") {
            continue;
        }
        // A form body (`password=madeuppassword&scope=…`): the value ends at `&`.
        let value = match value.split_once('&') {
            Some((v, rest)) if rest.contains('=') => v,
            _ => value,
        };
        // A quoted string that goes on after a space is prose (`"360messenger API Key"`), and
        // generated secrets are ASCII.
        let opened = cx.src[..span.start].ends_with(['"', '\'']);
        let goes_on = cx.src[span.end..].starts_with([' ', '\t']);
        if (opened && goes_on) || !value.is_ascii() {
            continue;
        }
        // In source code an unquoted value is an expression (`r.User.Password = newMD5Password`:
        // postgres-operator, judged wrong), not a literal.
        if !opened && source_code(&display) {
            continue;
        }
        // A validation rule list (Laravel's `'password' => 'required|min:8|confirmed'`).
        if value.contains('|')
            && value.split('|').all(|r| {
                r.split(':')
                    .next()
                    .is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
            })
        {
            continue;
        }
        // Code, not configuration: a call, an attribute path or a type name (PHP's
        // `OAuth2\Storage\RefreshTokenInterface`) is not a value.
        if value.contains(['(', '[', '{', '}', '\\'])
            || value.contains("||")
            || value.contains("&&")
            || value.contains("::")
            || value.contains("->")
            || value.contains("%20")
            || value.starts_with(['&', '*'])
            || value.ends_with(')')
            || (value.contains('.') && !value.chars().any(|c| c.is_ascii_digit()))
        {
            continue;
        }
        // A dotted name of words and numbers (`markup.heading.1`, an editor's token type in a
        // bundled script: squidex, judged wrong) is an identifier.
        if value.contains('.')
            && value
                .split('.')
                .all(|p| !p.is_empty() && (p.bytes().all(|b| b.is_ascii_alphabetic()) || p.bytes().all(|b| b.is_ascii_digit())))
        {
            continue;
        }
        // A slug of words that names the setting (`"pm-27086-update-authentication-apis-for-input-password"`,
        // a feature flag's name: bitwarden, judged wrong) is a name, not a secret.
        if shipshape_core::secret_value::names_itself(value) {
            continue;
        }
        // An attribute path used as an expression (`configs.CLIENT_SECRET ?? ''`, often on the line
        // after its key) is a reference, digits or not.
        if is_reference_path(value, &cx.src[span.end..]) {
            continue;
        }
        // An empty key followed by the next entry (`ta_token:` then `ta_link_to_mp4: true`): the
        // "value" found on the next line is that entry's key.
        if on_own_line(cx.src, span.start) && is_entry_key(value, &cx.src[span.end..]) {
            continue;
        }
        // A dependency's version range (`npm:^9.0.2`, `~1.2`, `>=1.0`) is not a secret.
        if is_version(value) {
            continue;
        }
        // Names of variables and secrets (`CHERRY_PICK_TOKEN`), paths and ARNs are references, and a
        // value without both letters and digits is a word, not a generated secret.
        let identifier = value.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        // A Go import path or a URL without its scheme (`github.com/jcmturner/gokrb5/v8/ctxCredentials`,
        // a context key's name: casdoor, judged wrong) names a place, not a secret.
        let import_path = value
            .split_once('/')
            .is_some_and(|(host, _)| host.contains('.') && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-'));
        let path_like = value.starts_with(['/', '.', '~']) || value.starts_with("arn:") || value.contains("://") || import_path;
        let mixed = value.chars().any(|c| c.is_ascii_alphabetic()) && value.chars().any(|c| c.is_ascii_digit());
        // A lower-case word and a short number (`owner456`, `secret123`) is chosen for an example,
        // not generated: gotenberg's API collection demonstrates PDF passwords so.
        let word_and_number = shipshape_core::secret_value::word_and_number(value);
        if identifier
            || path_like
            || !mixed
            || word_and_number
            || base64_of_prose(value)
            || shipshape_core::secret_value::not_a_secret(value)
        {
            continue;
        }
        // A value the file also puts in a URL (`friendly_token: KWNEepos7` beside
        // `view?m=KWNEepos7`, MediaCMS) is a public identifier.
        // Looked for near the value only (a bounded window: no quadratic scan of a large file).
        let from = cx.src.floor_char_boundary(span.start.saturating_sub(2048));
        let near = shipshape_core::span::slice_floor(cx.src, from, span.end + 2048);
        if near
            .match_indices(value)
            .any(|(i, _)| from + i != span.start && near[..i].ends_with(['=', '/']))
        {
            continue;
        }
        out.push(
            cx.finding(meta(), span, d.what)
                .help("read it from the environment or a secret store"),
        );
    }
}

/// Whether a file is program source, by its extension: there a value is quoted to be a literal.
fn source_code(display: &str) -> bool {
    let ext = display.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        ext,
        "go" | "rs"
            | "py"
            | "js"
            | "mjs"
            | "cjs"
            | "ts"
            | "tsx"
            | "jsx"
            | "java"
            | "kt"
            | "kts"
            | "scala"
            | "php"
            | "rb"
            | "cs"
            | "swift"
            | "c"
            | "h"
            | "cc"
            | "cpp"
            | "hpp"
            | "dart"
            | "ex"
            | "exs"
            | "groovy"
            | "lua"
    )
}

/// Whether `value` is base64 of a sentence (`c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==`, "secret is
/// secure, or is it?"): an example's stand-in, not key material, which decodes to bytes.
fn base64_of_prose(value: &str) -> bool {
    if value.trim_end_matches('=').len() < 8 {
        return false;
    }
    let Some(text) = shipshape_core::secret_value::base64_decode(value) else {
        return false;
    };
    let printable = text.iter().all(|b| b.is_ascii_graphic() || b.is_ascii_whitespace());
    // Base64 of a JSON object (`{"a":"squidex-website","s":"blog",…}`: an embed descriptor in
    // squidex's SDK template, judged wrong) is data, not key material.
    let json = text.first() == Some(&b'{') && text.contains(&b'"');
    // A sentence, or a labelled stand-in (`test-api-key`, argo-rollouts' chart-test values).
    let stand_in = ["test", "dummy", "fake", "example", "sample", "changeme"]
        .iter()
        .any(|w| text.to_ascii_lowercase().starts_with(w.as_bytes()));
    // Base64 of a placeholder word (`cGFzc3dvcmQ=`, "password": mariadb-operator's commented-out
    // chart example, judged wrong).
    let placeholder = ["password", "secret", "changeme", "admin", "passw0rd", "mypassword"]
        .iter()
        .any(|w| text.eq_ignore_ascii_case(w.as_bytes()));
    printable && (text.contains(&b' ') || stand_in || placeholder || json)
}

/// Whether `value` is a dotted identifier path (`a.b.C`) that ends the expression: followed by
/// `??`, `||`, `,`, `;`, an arithmetic operator or the end of the line.
fn is_reference_path(value: &str, after: &str) -> bool {
    let identifier = |p: &str| {
        p.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
    };
    let mut parts = value.split('.');
    let dotted = value.contains('.') && parts.all(identifier);
    let after = after.trim_start_matches([' ', '\t']);
    dotted
        && (after.is_empty()
            || after.starts_with(['\n', '\r', ',', ';', ')', '-', '+', '*', '/', '%'])
            || after.starts_with("??")
            || after.starts_with("||"))
}

/// Lockfiles of package managers, by file name.
/// Whether `offset` of a markup page (`lowered`: its text in ASCII lower case) lies inside a `<pre>`
/// or `<code>` element (an example), or a `<script>` (sent to every browser: a key there is a public
/// one, such as Akamai mPulse's `BOOMR_API_key` in AppFlowy's mail templates).
fn in_code_block(lowered: &str, offset: usize) -> bool {
    let before = &lowered[..offset];
    ["pre", "code", "script"].iter().any(|tag| {
        let open = before.rfind(&format!("<{tag}"));
        let close = before.rfind(&format!("</{tag}>"));
        open.is_some_and(|o| close.is_none_or(|c| c < o))
    })
}

fn is_lockfile(display: &str) -> bool {
    let name = display.rsplit(['/', '\\']).next().unwrap_or(display);
    matches!(
        name,
        "yarn.lock"
            | "i18n.lock"
            | "package-lock.json"
            | "npm-shrinkwrap.json"
            | "pnpm-lock.yaml"
            | "bun.lock"
            | "deno.lock"
            | "cargo.lock"
            | "poetry.lock"
            | "pipfile.lock"
            | "pdm.lock"
            | "uv.lock"
            | "gemfile.lock"
            | "composer.lock"
            | "go.sum"
            | "go.work.sum"
            | "mix.lock"
            | "pubspec.lock"
            | "podfile.lock"
            | "packages.lock.json"
            | "flake.lock"
            | "gradle.lockfile"
            | ".terraform.lock.hcl"
    )
}

/// Whether the text before `offset` on its line is only indentation (and an opening quote): the
/// value starts its own line, after a key on an earlier one.
fn on_own_line(src: &str, offset: usize) -> bool {
    // Only blanks may come before: the first other byte back ends the search (bounded, not the line).
    let before = &src[..offset];
    let Some(blank_from) = before.rfind(|c: char| !matches!(c, ' ' | '\t' | '-' | '"' | '\'')) else {
        return false;
    };
    if before.as_bytes()[blank_from] != b'\n' {
        return false;
    }
    let line_start = blank_from + 1;
    src[line_start..offset]
        .trim_start_matches([' ', '\t', '-'])
        .trim_start()
        .trim_matches(['"', '\''])
        .is_empty()
        && line_start > 0
}

/// Whether `value` (followed by `after`) is the key of a `key: value` entry: it ends with `:`, or a
/// quote and `:` follow it.
fn is_entry_key(value: &str, after: &str) -> bool {
    value.ends_with(':') || after.trim_start_matches(['"', '\'']).starts_with(':')
}

/// A version or version range: `npm:^9.0.2`, `npm:string-width@^4.2.0`, `^1.2.3`, `~1.2`, `>=1.0`,
/// `1.2.3-rc.1`.
fn is_version(value: &str) -> bool {
    let (aliased, v) = match value.strip_prefix("npm:") {
        Some(rest) => (true, rest.rsplit_once('@').map_or(rest, |(_, r)| r)),
        None => (false, value),
    };
    let bare = v.trim_start_matches(['^', '~', '>', '<', '=']);
    let operator = bare.len() < v.len();
    let bare = bare.strip_prefix('v').unwrap_or(bare);
    let numeric = bare.starts_with(|c: char| c.is_ascii_digit())
        && bare
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '*'));
    let dotted = bare.split(['-', '+']).next().unwrap_or("");
    let semver = dotted.split('.').count() == 3
        && dotted
            .split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit() || b == b'x' || b == b'*'));
    numeric && (aliased || operator || semver)
}
