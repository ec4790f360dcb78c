//! Every rule's documented example fires it and its "use instead" does not; spans are exact;
//! every detector finds its token shape and ignores placeholders; no output shows a secret.
#![allow(clippy::unwrap_used)]

use shipshape_core::classify::FileKind;
use shipshape_core::engine::{FileReport, FixMode};
use shipshape_secrets::SecretsChecker;
use shipshape_secrets::rules::ALL;

mod common;
use common::{ALNUM, HEX, body, gh_token};
use shipshape_core::testkit::{File, check};
use shipshape_core::testkit::{example_failures, spans};

fn run_as(src: &str, select: &[&str], display: &str, kind: FileKind) -> FileReport {
    check(&SecretsChecker::default(), File::new(kind, display), src, select, FixMode::Off)
}

fn findings_in(src: &str, select: &[&str], display: &str) -> Vec<(String, String)> {
    spans(&run_as(src, select, display, FileKind::Other), src)
}

fn findings(src: &str, select: &[&str]) -> Vec<(String, String)> {
    findings_in(src, select, "config/settings.conf")
}

/// Where each rule's example is (SEC008 judges the file name).
fn name_for(code: &str) -> &'static str {
    if code == "SEC008" { ".env" } else { "config/settings.conf" }
}

#[test]
fn documented_examples_fire_with_exact_spans_and_alternatives_do_not() {
    let failures = example_failures(ALL.iter().map(|r| &r.meta), &[], |code, text, alternative, select| {
        let name = if alternative && code == "SEC008" {
            ".env.example"
        } else {
            name_for(code)
        };
        findings_in(text, select, name)
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// phalanx's and operate-first's cert-manager values (judged wrong as errors, the forty-first
/// sample): an AWS access key ID alone, in a file that names Vault's secrets but holds no secret
/// key, is a warning; beside a 40-character secret key it is an error.
#[test]
fn an_aws_key_id_without_its_secret_key_is_a_warning() {
    let id = format!("AKIA{}", body(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
    let alone = format!("route53:\n  accessKeyID: {id}\nvaultSecretsPath: secret/phalanx\n");
    let sev = |text: &str| run_as(text, &["SEC002"], "values.yaml", FileKind::Other).severities();
    assert_eq!(sev(&alone), [shipshape_core::Severity::Warning]);
    let pair = format!("{alone}secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8vT3kN2a\n");
    assert!(sev(&pair).contains(&shipshape_core::Severity::Error), "{:?}", sev(&pair));
}

/// lakeFS (judged wrong as errors three times, the sixty-fifth sample): a key ID that spells out
/// it is made up is none, and a secret scanner's allowlist lists values decided not to be secrets.
#[test]
fn made_up_aws_keys_and_scanner_allowlists() {
    let id = format!("AKIA{}", body(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
    let secret = "secretAccessKey: wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8vT3kN2a\n";
    let sev = |text: &str, name: &str| run_as(text, &["SEC002"], name, FileKind::Other).severities();
    assert!(
        sev(
            &format!("DefaultQuickstartKeyID = \"AKIAIOSFOLQUICKSTART\"\n{secret}"),
            "pkg/config/defaults.go"
        )
        .is_empty()
    );
    assert!(sev(&format!("key: AKIAIOSFODNN7EXAMPLE\n{secret}"), "config.yaml").is_empty());
    assert_eq!(
        sev(&format!("key: {id}\n{secret}"), "config.yaml"),
        [shipshape_core::Severity::Error]
    );
    assert_eq!(sev(&format!("{id}\n{secret}"), ".gitallowed"), [shipshape_core::Severity::Info]);
    assert_eq!(sev(&format!("{id}\n{secret}"), "sub/.gitallowed"), [shipshape_core::Severity::Info]);
}

#[test]
fn every_detector_finds_its_shape() {
    let b64url = format!("{ALNUM}-_");
    let cases: Vec<(&str, String)> = vec![
        ("SEC002", format!("key: AKIA{}", body(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"))),
        ("SEC002", format!("google_api_key: AIza{}", body(35, &b64url))),
        (
            "SEC002",
            format!("DefaultEndpointsProtocol=https;AccountName=x;AccountKey={}==", body(86, ALNUM)),
        ),
        ("SEC003", format!("token: {}", gh_token("gho_"))),
        ("SEC003", format!("token: github_pat_{}", body(82, ALNUM))),
        ("SEC003", format!("token: glpat-{}", body(20, ALNUM))),
        ("SEC003", format!("token: glrt-{}", body(24, ALNUM))),
        (
            "SEC004",
            format!("url: https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/{}", body(24, ALNUM)),
        ),
        ("SEC004", format!("key: SG.{}.{}", body(22, &b64url), body(43, &b64url))),
        ("SEC004", format!("//registry.npmjs.org/:_authToken=npm_{}", body(36, ALNUM))),
        ("SEC004", format!("password = pypi-AgEIcHlwaS5vcmc{}", body(60, &b64url))),
        ("SEC004", format!("DOCKERHUB_TOKEN=dckr_pat_{}", body(27, &b64url))),
        (
            "SEC004",
            format!("OPENAI_API_KEY=sk-proj-{}T3BlbkFJ{}", body(30, ALNUM), body(30, ALNUM)),
        ),
        ("SEC004", format!("ANTHROPIC_API_KEY=sk-ant-api03-{}", body(95, &b64url))),
        (
            "SEC004",
            format!("HF_TOKEN=hf_{}", body(34, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")),
        ),
        ("SEC004", format!("SHOPIFY=shpat_{}", body(32, HEX))),
        ("SEC004", format!("BOT=123456789:AA{}", body(33, ALNUM))),
        ("SEC004", format!("DATABRICKS_TOKEN=dapi{}", body(32, HEX))),
        ("SEC004", format!("VAULT_TOKEN=hvs.{}", body(95, ALNUM))),
        ("SEC004", format!("DO_TOKEN=dop_v1_{}", body(64, HEX))),
        ("SEC004", format!("TWILIO_API_KEY=SK{}", body(32, HEX))),
        (
            "SEC004",
            format!("key = AGE-SECRET-KEY-1{}", body(58, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")),
        ),
        (
            "SEC002",
            format!(
                "https://acme.blob.core.windows.net/c?sv=2024-11-04&ss=b&srt=o&sp=r&se=2026-01-01&sig={}%3D",
                body(44, ALNUM)
            ),
        ),
        (
            "SEC002",
            format!(
                "{{\"type\": \"service_account\", \"private_key_id\": \"{}\", \"private_key\": \"-----BEGIN PRIVATE KEY-----\\n...\"}}",
                body(40, HEX)
            ),
        ),
        ("SEC003", format!("token: gldt-{}", body(24, ALNUM))),
        (
            "SEC004",
            format!(
                "HEROKU_API_KEY={}-{}-{}-{}-{}",
                body(8, HEX),
                body(4, HEX),
                body(4, HEX),
                body(4, HEX),
                body(12, HEX)
            ),
        ),
        ("SEC004", format!("MAILCHIMP={}-us21", body(32, HEX))),
        ("SEC004", format!("ALGOLIA_ADMIN_KEY={}", body(32, HEX))),
        ("SEC004", format!("DD_API_KEY={}", body(32, HEX))),
        ("SEC004", format!("datadog_app_key: \"{}\"", body(40, HEX))),
        ("SEC004", format!("JIRA=ATATT3{}", body(186, &b64url))),
        ("SEC004", format!("CLOUDFLARE_API_TOKEN={}", body(40, &b64url))),
        ("SEC004", format!("ARTIFACTORY=AKCp{}", body(69, ALNUM))),
        ("SEC004", format!("OKTA_API_TOKEN=00{}", body(40, &b64url))),
        ("SEC004", format!("BB=ATBB{}", body(32, ALNUM))),
        ("SEC004", format!("SLACK_APP=xapp-1-A0123ABCD-5839201746318-{}", body(64, HEX))),
        ("SEC004", format!("NETLIFY=nfp_{}", body(36, ALNUM))),
        ("SEC004", format!("SUPABASE=sbp_{}", body(40, HEX))),
        ("SEC004", format!("PSCALE=pscale_tkn_{}", body(40, ALNUM))),
        ("SEC004", format!("BUILDKITE=bkua_{}", body(40, HEX))),
        ("SEC004", format!("DOPPLER_TOKEN=dp.pt.{}", body(43, ALNUM))),
        ("SEC004", format!("CONTENTFUL=CFPAT-{}", body(43, &b64url))),
        ("SEC006", "mongodb+srv://admin:k9Fq2xLm7Tz@cluster0.example.net/db".to_owned()),
        ("SEC007", format!("{{\"client_secret\": \"{}\"}}", body(32, ALNUM))),
        ("SEC007", format!("export API_KEY={}", body(24, ALNUM))),
        ("SEC007", format!("export DB_PASS=\"{}\"", body(20, ALNUM))),
        ("SEC007", format!("api.key: {}", body(20, ALNUM))),
        ("SEC007", format!("spring.datasource.password={}", body(20, ALNUM))),
        ("SEC007", format!("//npm.acme.dev/:_authToken={}", body(24, ALNUM))),
        ("SEC007", format!("<server><password>{}</password></server>", body(20, ALNUM))),
    ];
    for (code, line) in cases {
        let got = findings(&format!("{line}\n"), &[code]);
        assert_eq!(got.len(), 1, "{code} should fire once on {line}: {got:?}");
    }
}

#[test]
fn placeholders_references_and_demo_values_stay_silent() {
    for line in [
        "password: ${DB_PASSWORD}",
        "password = var.db_password",
        "api_key: {{ .Values.apiKey }}",
        "token: ${{ secrets.GITHUB_TOKEN }}",
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
        "password: changeme123",
        "secret: <your-secret-here>",
        "token: xxxxxxxxxxxxxxxx",
        "db_url: postgres://postgres:postgres@localhost:5432/app",
        "password_file: /run/secrets/db_password",
        "token_name: GITHUB_TOKEN",
        "api_key = os.environ[\"API_KEY\"]",
        "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
        "secretsmanager:GetSecretValue",
        "uses: cloudflare/wrangler-action@da0e0dfe58b7a431659754fdf3f186c529afbe65 # okta heroku algolia twilio mailgun",
        "- name: Run Datadog tests\n  uses: DataDog/synthetics-ci-github-action@87b505388a22005bb8013481e3f73a367b9a53eb # v1.4.0",
        "password = \"hunter2hunter\"",
        "bypass_cache = true",
        "<password>${env.NEXUS_PASSWORD}</password>",
        "compass: Kd8sLq2Wz9Xc4Hn3",
    ] {
        assert!(
            findings(&format!("{line}\n"), &["ALL"]).is_empty(),
            "fires on {line}: {:?}",
            findings(&format!("{line}\n"), &["ALL"])
        );
    }
}

#[test]
fn severity_drops_in_demo_files_and_env_templates_pass() {
    let line = format!("export API_KEY={}\n", body(24, ALNUM));
    let prod = run_as(&line, &["SEC007"], "deploy/prod.env.sh", FileKind::Other);
    let demo = run_as(&line, &["SEC007"], "examples/quickstart.sh", FileKind::Other);
    assert!(prod.findings[0].diagnostic.severity > demo.findings[0].diagnostic.severity);
    assert!(
        findings_in("A=\nB=${B}\n", &["SEC008"], ".env").is_empty(),
        "an .env of placeholders is a template"
    );
    assert_eq!(
        findings_in("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n", &["SEC008"], "tls/server.key").len(),
        1
    );
    assert!(findings_in("ssh-ed25519 AAAA\n", &["SEC008"], "id_ed25519.pub").is_empty());
}

#[test]
fn no_output_shows_a_secret() {
    let token = gh_token("ghp_");
    let src = format!("one: {token}\ntwo: {token}x\n");
    let report = run_as(&src, &["ALL"], "config/settings.conf", FileKind::Other);
    assert!(!report.findings.is_empty());
    use shipshape_render::{render_concise, render_github, render_human, render_json, render_sarif};
    let human = render_human(&[&report], false, Default::default());
    let outputs = [
        human.clone(),
        render_json(&[&report], None),
        render_sarif(&[&report], &[], "0"),
        render_github(&[&report]),
        render_concise(&[&report]),
    ];
    for out in &outputs {
        assert!(!out.contains(&token[8..]), "secret shown:\n{out}");
    }
    assert!(human.contains("ghp_"), "the prefix is shown:\n{human}");
}

#[test]
fn comments_suppress_and_hostile_input_is_total() {
    let token = gh_token("ghp_");
    assert!(
        findings(
            &format!("# shipshape: ignore[SEC003] rotated, test fixture\nt: {token}\n"),
            &["SEC003"]
        )
        .is_empty()
    );
    assert!(findings(&format!("const t = \"{token}\"; // shipshape: ignore[SEC003]\n"), &["SEC003"]).is_empty());
    for src in [
        "",
        "\u{0}",
        "password=",
        "://:@",
        "eyJ.eyJ.",
        "-----BEGIN PRIVATE KEY-----",
        &"a".repeat(100_000),
    ] {
        let _ = findings(src, &["ALL"]);
    }
}

#[test]
fn every_pattern_compiles_and_every_keyword_is_known() {
    let mut n = 0;
    for set in shipshape_secrets::DETECTOR_SETS {
        for d in *set {
            n += 1;
            assert!(regex::Regex::new(d.pattern).is_ok(), "{}: {}", d.what, d.pattern);
            for k in d.keywords {
                assert!(
                    shipshape_secrets::detect::keyword_index(k).is_some(),
                    "{}: keyword {k} is not in KEYWORDS",
                    d.what
                );
            }
        }
    }
    assert!(n >= 60, "{n} detectors");
}

/// A truncated key example whose 80-byte look-ahead ends inside a multi-byte character (`…`) once
/// panicked and took the whole run down.
#[test]
fn private_key_lookahead_never_splits_a_character() {
    for pad in 0..4 {
        let src = format!("-----BEGIN RSA PRIVATE KEY-----\n{}{}\n", "M".repeat(76 + pad), "…".repeat(3));
        let _ = findings(&src, &["SEC001"]);
    }
}

/// False alarms seen on real repositories (issue 13 §2).
#[test]
fn code_example_comments_and_committed_files_are_reported_once_or_not_at_all() {
    // Source code that names a type or a field holds no value.
    let go =
        "func f() {\n\tsecret := &v1.Secret{\n\t\tData: x,\n\t}\n\tSecret: &corev1.Secret{}\n\thashed_password=argon2_hash(password)\n}\n";
    assert!(findings_in(go, &["SEC"], "pkg/main.go").is_empty());
    // A commented-out line of an example file shows what to set.
    let example = "# API_KEY=sk_live_51Hq8vN2xR7tL1mZ9cW3bH6yJ0pF5sD2gA4eU\nAPI_KEY=changeme\n";
    assert!(findings_in(example, &["SEC"], ".env.example").is_empty());
    // ... but not in a live file.
    assert_eq!(findings_in(example, &["SEC"], "config/settings.conf").len(), 1);
    // A committed `.env` with a secret in it is one finding, not two.
    let env = "DB_PASSWORD=Xq7vR2m9Lp4TzW8n\n";
    let got = findings_in(env, &["SEC007", "SEC008"], ".env");
    assert_eq!(got, [("SEC007".to_owned(), "Xq7vR2m9Lp4TzW8n".to_owned())]);
}

/// False alarms of the judged precision sample (docs/precision.md).
#[test]
fn headers_in_code_syntax_descriptions_test_vectors_and_code_are_not_secrets() {
    let c = "#define PEM_PKCS8_ENCRYPTED_HEADER \"-----BEGIN ENCRYPTED PRIVATE KEY-----\"\n";
    assert!(findings_in(c, &["SEC001"], "src/pem.c").is_empty());
    let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi8XKuHW9x3EN8b5rPz2Q1k8Vx1\n-----END RSA PRIVATE KEY-----\n";
    assert_eq!(findings_in(key, &["SEC001"], "deploy/id_rsa.txt").len(), 1);
    let doc = "/* the form is 'protocol://[user[:password]@host:port' */\n";
    assert!(findings_in(doc, &["SEC006"], "src/uri.c").is_empty());
    let vectors = "{ \"scheme://user:pass;auth@host:1234/path#fragment\" },\n";
    assert!(findings_in(vectors, &["SEC006"], "glib/tests/uri.c").is_empty());
    let rust = "v3::Code::InvalidToken => v4::Code::InvalidToken,\nscanner->config->char_2_token = config_templ->char_2_token;\n * token=My%20Client%20Certificate\n";
    assert!(findings_in(rust, &["SEC007"], "src/lib.rs").is_empty());
}

#[test]
fn url_passwords_naming_the_field_or_equal_to_the_user_are_not_errors() {
    // uptime-kuma's help text shows Apprise's URL form; saleor's CI databases use saleor:saleor.
    assert!(findings("twilio://AccountSid:AuthToken@FromPhoneNo\n", &["SEC006"]).is_empty());
    assert!(findings("DATABASE_URL=postgres://saleor:saleor@db/saleor\n", &["SEC006"]).is_empty());
    let r = run_as(
        "DATABASE_URL=postgres://app:kT9vXr2Qp7LmZ4sW8nB3@db.internal/orders\n",
        &["SEC006"],
        "config/settings.conf",
        FileKind::Other,
    );
    assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Error);
}

/// wger's compose file connects to `mongodb://off:off-wger@127.0.0.1`: a loopback host's password
/// opens only a service on the same machine (judged wrong as an error, then not worth a warning, on
/// real repositories). Not reported unless generated; the same password on another host is an error.
#[test]
fn url_passwords_for_a_loopback_host_are_not_reported() {
    for url in [
        "mongodb://off:off-wger@127.0.0.1:27017/off",
        "mongodb://off:off-wger@127.3.4.5/off",
        "postgres://app:Xq7vR2m9Lp4@localhost/orders",
        "postgres://app:Xq7vR2m9Lp4@LocalHost:5432/orders",
        "redis://app:Xq7vR2m9Lp4@cache.localhost:6379",
    ] {
        let r = run_as(
            &format!("DATABASE_URL={url}\n"),
            &["SEC006"],
            "config/settings.conf",
            FileKind::Other,
        );
        assert!(r.findings.is_empty(), "{url}");
    }
    assert_eq!(
        findings("URL=postgres://app:kT9vXr2Qp7LmZ4sW8nB3@localhost/orders\n", &["SEC006"]).len(),
        1
    );
    for url in [
        "mongodb://off:off-wger@127.0.0.1.evil.example/off",
        "postgres://app:Xq7vR2m9Lp4@localhost.example.com/orders",
        "postgres://app:Xq7vR2m9Lp4@128.0.0.1/orders",
    ] {
        let r = run_as(
            &format!("DATABASE_URL={url}\n"),
            &["SEC006"],
            "config/settings.conf",
            FileKind::Other,
        );
        assert_eq!(r.findings.len(), 1, "{url}");
        // Reported (no loopback host), as a warning: the password is chosen, not generated.
        assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Warning, "{url}");
    }
}

#[test]
fn translation_labels_are_not_secrets() {
    // uptime-kuma's src/lang/*.json: UI labels under keys that name tokens and credentials.
    let catalog =
        "{\n  \"360messengerAuthToken\": \"360messenger API Key\",\n  \"OAuth2: Client Credentials\": \"OAuth2：客户端凭据\"\n}\n";
    assert!(findings_in(catalog, &["SEC007"], "src/lang/en.json").is_empty());
    assert!(
        findings_in(catalog, &["SEC007"], "config/settings.json").is_empty(),
        "prose and non-ASCII values"
    );
    let real = "{\n  \"authToken\": \"k9Fq2xLm7TzW8nB3yC6h\"\n}\n";
    assert_eq!(findings_in(real, &["SEC007"], "config/settings.json").len(), 1);
}

/// False alarms of the judged precision sample (hoppscotch): an editor placeholder whose body is
/// words is no key, and an attribute path on the line after its key is a reference.
#[test]
fn key_placeholders_and_expressions_on_the_next_line_are_not_secrets() {
    let vue = "      placeholder: `-----BEGIN PRIVATE KEY-----\nYour private key here\n-----END PRIVATE KEY-----`,\n";
    assert!(findings_in(vue, &["SEC001"], "src/components/JWT.vue").is_empty());
    // Documentation elides the body after its constant opening bytes (documenso's storage docs).
    let elided = "KEY_CONTENTS=\"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----\"\n";
    assert!(findings_in(elided, &["SEC001"], "docs/storage.mdx").is_empty());
    // A key body, even cut off or in an escaped JSON string, or an encrypted key's headers, still fires.
    for key in [
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
        "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\\nMZR4cCk9sBHuqmXvKa2YzpAB3wjTzmG9d5fQ4YP0Y3cXJ1Yl9q2aR8FtG3VbN0k\\n-----END PRIVATE KEY-----\\n\"}\n",
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi8\n",
    ] {
        assert_eq!(findings_in(key, &["SEC001"], "deploy/key.txt").len(), 1, "{key}");
    }
    let ts = "  MAILER_SMTP_OAUTH2_CLIENT_SECRET:\n    configs.MAILER_SMTP_OAUTH2_CLIENT_SECRET ?? '',\n  MAILER_SMTP_OAUTH2_CLIENT_SECRET:\n    configs.OAUTH2_SECRET,\n";
    assert!(findings_in(ts, &["SEC007"], "src/composables/config.ts").is_empty());
    // A literal on the next line still fires.
    let literal = "  MAILER_SMTP_OAUTH2_CLIENT_SECRET:\n    'q7Rv2Lm9Xp4TzW8n',\n";
    assert_eq!(
        findings_in(literal, &["SEC007"], "src/composables/config.ts"),
        [("SEC007".to_owned(), "q7Rv2Lm9Xp4TzW8n".to_owned())]
    );
}

/// searxng's tubearchivist docs: an empty `ta_token:` followed by `ta_link_to_mp4: true` has no
/// value; the next line's key is not one. A literal on the next line still fires.
#[test]
fn a_key_on_the_next_line_is_not_the_value() {
    let docs = "  - name: tubearchivist\n    base_url:\n    ta_token:\n    ta_link_to_mp4: true\n";
    assert!(findings_in(docs, &["SEC007"], "searx/engines/tubearchivist.py").is_empty());
    let json = "{\n  \"api_token\":\n    \"link2mp4abc\": true\n}\n";
    assert!(findings_in(json, &["SEC007"], "config/settings.json").is_empty());
    let literal = "    ta_token:\n      q7Rv2Lm9Xp4TzW8n\n    ta_link_to_mp4: true\n";
    assert_eq!(
        findings_in(literal, &["SEC007"], "config/settings.yml"),
        [("SEC007".to_owned(), "q7Rv2Lm9Xp4TzW8n".to_owned())]
    );
}

/// linkwarden's `yarn.lock`: `jsonwebtoken: "npm:^9.0.2"` is a package and its version range.
#[test]
fn lockfiles_and_version_ranges_are_not_secrets() {
    let yarn = "  dependencies:\n    jsonwebtoken: \"npm:^9.0.2\"\n    access-token-helper: \"npm:^1.4.2-beta1\"\n";
    for lock in [
        "yarn.lock",
        "web/package-lock.json",
        "pnpm-lock.yaml",
        "Cargo.lock",
        "poetry.lock",
        "Gemfile.lock",
        "composer.lock",
        "go.sum",
        "uv.lock",
    ] {
        assert!(
            findings_in(&format!("{yarn}  token: q7Rv2Lm9Xp4TzW8n\n"), &["SEC007"], lock).is_empty(),
            "{lock}"
        );
    }
    // Version ranges are silent in any file; a literal next to them still fires.
    let manifest = "jsonwebtoken: \"npm:^9.0.2\"\nsecret-sauce: \"npm:sauce@^4.2.0\"\ntoken_lib = \"^1.2.3-rc1\"\ntoken_kit = \"~1.2b\"\npassword_hash: \">=1.0a\"\ntoken_api: v2.10.1-beta3\n";
    assert!(findings_in(manifest, &["SEC007"], "config/deps.yml").is_empty());
    let real = format!("{manifest}api_token: q7Rv2Lm9Xp4TzW8n\n");
    assert_eq!(
        findings_in(&real, &["SEC007"], "config/deps.yml"),
        [("SEC007".to_owned(), "q7Rv2Lm9Xp4TzW8n".to_owned())]
    );
}

/// searxng's YouTube engine embeds InnerTube's public web-client key: a Google API key is a
/// warning with medium confidence and an honest hint; an AWS key stays an error.
#[test]
fn google_api_keys_are_warnings_that_may_be_public() {
    use shipshape_core::{Confidence, Severity};
    let src = "next_page_url = 'https://www.youtube.com/youtubei/v1/search?key=AIzaSyAO_FJ2SlqU8Q4STEHLGCilw_Y9_11qcW8'\nAWS_ACCESS_KEY_ID=AKIA4TQ3NZXLP7BGRM5D\n";
    let report = run_as(src, &["SEC002"], "searx/engines/youtube_noapi.py", FileKind::Other);
    let got: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            (
                f.diagnostic.severity,
                f.diagnostic.confidence,
                f.diagnostic.span.text(src).to_owned(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (
                Severity::Warning,
                Confidence::Medium,
                "AIzaSyAO_FJ2SlqU8Q4STEHLGCilw_Y9_11qcW8".to_owned()
            ),
            // A key ID without its secret key in the file cannot sign: a warning.
            (Severity::Warning, Confidence::High, "AKIA4TQ3NZXLP7BGRM5D".to_owned()),
        ]
    );
    let paired = format!("{src}aws_secret_access_key = kT9vXr2Qp7LmZ4sW8nB3yC6hJ1fD5gA0eR7uI2oP\n");
    let report = run_as(&paired, &["SEC002"], "searx/engines/youtube_noapi.py", FileKind::Other);
    assert_eq!(report.findings[1].diagnostic.severity, Severity::Error);
    let google = &report.findings[0].diagnostic;
    let help = format!("{:?}", google.help);
    assert!(help.contains("restricted or public by design"), "{help}");
    assert!(!help.contains("deactivate it at the provider"), "{help}");
    // Firebase's client configuration ships in the app: its key is public by design (ente's iOS
    // app, the fifty-eighth sample); the same key in another file is still reported.
    let plist = "<dict>\n\t<key>API_KEY</key>\n\t<string>AIzaSyAO_FJ2SlqU8Q4STEHLGCilw_Y9_11qcW8</string>\n</dict>\n";
    for path in [
        "ios/Runner/GoogleService-Info.plist",
        "android/app/google-services.json",
        "lib/firebase_options.dart",
    ] {
        assert!(run_as(plist, &["SEC002"], path, FileKind::Other).findings.is_empty(), "{path}");
    }
    assert_eq!(
        run_as(plist, &["SEC002"], "ios/Runner/Config.plist", FileKind::Other)
            .findings
            .len(),
        1
    );
}

/// nats-server's `test/configs/certs/*.key` and every TLS test suite: a key in a test path is a
/// fixture, reported as info (hidden by default there), an error elsewhere.
#[test]
fn a_private_key_in_a_test_path_is_info() {
    let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi8XKuHW9x3EN8b5rPz2Q1k8Vx1\n-----END RSA PRIVATE KEY-----\n";
    let sev = |path: &str| run_as(key, &["SEC001"], path, FileKind::Other).findings[0].diagnostic.severity;
    assert_eq!(sev("test/configs/certs/server-key.pem"), shipshape_core::Severity::Info);
    assert_eq!(sev("deploy/tls/server-key.pem"), shipshape_core::Severity::Error);
}

#[test]
fn documentation_example_tokens_and_nats_jwts_are_not_secrets() {
    // Slack's documentation example (argo-rollouts' generated notification docs): ascending digits.
    assert!(findings("token: xoxb-1234567890-1234567890123-5n38u5ed63fgzqlvuyxvxcx6\n", &["SEC004"]).is_empty());
    assert_eq!(
        findings("token: xoxb-2619354829-5839201746318-5n38u5ed63fgzqlvuyxvxcx6\n", &["SEC004"]).len(),
        1
    );
    // A NATS account JWT (header {"typ":"JWT","alg":"ed25519-nkey"}) is a public signed claim.
    let nats = format!(
        "resolver_preload: {{ ACCT: eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJqdGkiOiJ{}.{} }}\n",
        body(120, ALNUM),
        body(86, ALNUM)
    );
    assert!(findings(&nats, &["SEC005"]).is_empty(), "{:?}", findings(&nats, &["SEC005"]));
    // An HS256 JWT with the same shape is still reported.
    let hs = format!(
        "token: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJqdGkiOiJ{}.{}\n",
        body(120, ALNUM),
        body(86, ALNUM)
    );
    assert_eq!(findings(&hs, &["SEC005"]).len(), 1);
}

/// flux2's unit test passes `--bearer-token=ghp_baR2…` (judged wrong, 2026-12-05): the last six
/// characters of a GitHub token are the CRC32 of the thirty before them, and these are not, so the
/// string was made up. A token with a valid checksum still fires.
#[test]
fn github_tokens_with_a_wrong_checksum_are_made_up() {
    let made_up = "args: \"create secret git x --bearer-token=ghp_baR2qnFF0O41WlucePL3udt2N9vVZS4R0hAS\"\n";
    assert!(findings(made_up, &["SEC003"]).is_empty());
    let real_shape = format!("args: \"--bearer-token={}\"\n", gh_token("ghp_"));
    assert_eq!(findings(&real_shape, &["SEC003"]).len(), 1);
}

/// A key body of one short line before its END line is a stub, not a key (judged wrong, 2026-12-05):
/// outline's `.env.test` holds the opening every RSA-2048 key shares, coolify's seeder a word.
#[test]
fn stub_private_keys_are_not_keys() {
    let env = "GITHUB_APP_PRIVATE_KEY=\"-----BEGIN RSA PRIVATE KEY-----\\nMIIEpAIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----\"\n";
    assert!(findings(env, &["SEC001"]).is_empty());
    let php = "<?php\n$x = ['ssl_private_key' => \"-----BEGIN PRIVATE KEY-----\\nMIIDemoTransferKeyPlaceholder\\n-----END PRIVATE KEY-----\\n\"];\n";
    assert!(findings(php, &["SEC001"]).is_empty());
    // the smallest real key, Ed25519 in PKCS#8: one line of 64 characters
    let ed = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIBkq3vN7a2x9cQ4mR8sT1uW5yZ0bD3fG6hJ9kL2nP4qS\n-----END PRIVATE KEY-----\n";
    assert_eq!(findings(ed, &["SEC001"]).len(), 1);
    let escaped = "k = \"-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIBkq3vN7a2x9cQ4mR8sT1uW5yZ0bD3fG6hJ9kL2nP4qS\\n-----END PRIVATE KEY-----\"\n";
    assert_eq!(findings(escaped, &["SEC001"]).len(), 1);
}

/// mealie's scraped recipe pages (test data, judged wrong 2026-12-05): an Amazon affiliate link's
/// `SubscriptionId=AKIA…` and a public video URL's SAS signature are no leaked credential.
#[test]
fn key_ids_in_url_queries_and_signatures_in_html_pages_are_public() {
    let link = "<a href=\"https://www.amazon.com/dp/B0061SWV8Y?psc=1&SubscriptionId=AKIAJ7IODE3ZIX6FGTPA&tag=x\">\n";
    assert!(findings_in(link, &["SEC002"], "page.txt").is_empty());
    let escaped = link.replace("&S", "&amp;S");
    assert!(findings_in(&escaped, &["SEC002"], "page.html").is_empty());
    let presigned = "url: https://b.s3.amazonaws.com/f?AWSAccessKeyId=AKIAJ7IODE3ZIX6FGTPA&Expires=1&Signature=x\n";
    assert!(findings_in(presigned, &["SEC002"], "notes.md").is_empty());
    let video = "<source src=\"//acct.blob.core.windows.net/c/v.mp4?sv=2015-07-08&sr=c&si=ed36449a-218f-4abd-9334-00a6dbb3ae95&sig=kDAPgaDQZ3P5f4H%2BSwLNtqb%2BwanHjw%2FMgnBODL4dZyI%3D&se=2117-04-10T11:19:16Z\">\n";
    assert!(findings_in(video, &["SEC002"], "recipe.html").is_empty());
    // the same signature in a configuration file, and a key ID assigned to a variable, still fire
    assert_eq!(findings_in(video, &["SEC002"], "config.yaml").len(), 1);
    assert_eq!(
        findings_in("AWS_ACCESS_KEY_ID=AKIAJ7IODE3ZIX6FGTPA\n", &["SEC002"], "deploy.env").len(),
        1
    );
}

/// outline commits `.env.development` as the defaults layer its server loads (judged wrong,
/// 2026-12-05): per-environment defaults are committed by design; `.env` and `.env.local` are not.
#[test]
fn per_environment_env_defaults_are_not_secret_files() {
    let src = "LOG_LEVEL=debug\nSESSION_SECRET=Kq8vN2xR7tL1mZ9c\n";
    for name in [".env.development", ".env.test", ".env.production"] {
        assert!(findings_in(src, &["SEC008"], name).is_empty(), "{name}");
    }
    for name in [".env", ".env.local", ".env.production.local"] {
        assert_eq!(findings_in(src, &["SEC008"], name).len(), 1, "{name}");
    }
}

/// outline's `.env.test` (judged wrong, 2026-12-05): `test-token-123` is a name made up for a test.
#[test]
fn made_up_test_values_are_placeholders() {
    for v in ["test-token-123", "dev_secret_1", "demo-api-key"] {
        assert!(
            findings_in(&format!("SLACK_VERIFICATION_TOKEN={v}\n"), &["SEC007"], "app.conf").is_empty(),
            "{v}"
        );
    }
    assert_eq!(
        findings_in("SLACK_VERIFICATION_TOKEN=q7Rv2Lm9Xp4TzW8n\n", &["SEC007"], "app.conf").len(),
        1
    );
    // a generated value that happens to contain a word still fires
    assert_eq!(findings_in("API_TOKEN=test-9f8Kq2Lm7Xv4RtZ1\n", &["SEC007"], "app.conf").len(), 1);
}

/// wallabag's committed Symfony `.env` (judged wrong as an error, 2026-12-05): a commented-out example
/// of the setting is not a leak, unless the password is a generated one.
#[test]
fn a_url_password_on_a_commented_out_line_is_an_example() {
    let sev = |src: &str| -> Vec<String> {
        run_as(src, &["SEC006"], "config/app.conf", FileKind::Other)
            .findings
            .iter()
            .map(|f| f.diagnostic.severity.as_str().to_owned())
            .collect()
    };
    assert!(sev("#DATABASE_URL=mysql://app:Wq8vN2xR7tL1@mariadb:3306/wallabag\n").is_empty());
    assert_eq!(
        sev("#DATABASE_URL=mysql://app:kT9vXr2Qp7LmZ4sW8nB3@mariadb:3306/wallabag\n"),
        ["error"]
    );
    // An internal host (a Compose service, a private address): reachable only from inside, a warning.
    assert_eq!(sev("DATABASE_URL=mysql://app:Wq8vN2xR7tL1@mariadb:3306/wallabag\n"), ["warning"]);
    assert_eq!(sev("DATABASE_URL=mysql://app:Wq8vN2xR7tL1@10.0.0.7:3306/wallabag\n"), ["warning"]);
}

/// wallabag's developer how-to page (judged wrong, 2026-12-05): a sample OAuth response in a
/// `<pre><code>` block is an example; the same assignment outside such a block still fires.
#[test]
fn values_in_a_pages_code_blocks_are_examples() {
    let block = "<pre><code class=\"language-bash\">{\n    \"refresh_token\": \"ODBjODU1NWUwNmUzZTBkNDQ5YWVlZTVlMjQ2Y2I0OWM2NTM1\"\n}</code></pre>\n";
    assert!(findings_in(block, &["SEC007"], "templates/Developer/howto_app.html.twig").is_empty());
    let outside = "{% set refresh_token = \"ODBjODU1NWUwNmUzZTBkNDQ5YWVlZTVlMjQ2Y2I0OWM2NTM1\" %}\n";
    assert_eq!(findings_in(outside, &["SEC007"], "templates/app.html.twig").len(), 1);
}

/// kind's `const Token = "abcdef.0123456789abcdef"` (judged wrong, 2026-12-05): kubeadm's documented
/// example token, ascending runs, not a generated secret.
#[test]
fn ascending_runs_are_placeholders() {
    assert!(
        findings_in(
            "// a dummy, well known token\nconst Token = \"abcdef.0123456789abcdef\"\n",
            &["SEC007"],
            "const.go"
        )
        .is_empty()
    );
    assert_eq!(
        findings_in("const Token = \"q7rv2l.m9xp4tzw8nb3yc6h\"\n", &["SEC007"], "const.go").len(),
        1
    );
}

/// n8n-hosting's tutorial `.env` files (judged wrong, 2026-12-05): build settings and placeholders to
/// edit (`changePassword`) are not secrets to rotate.
#[test]
fn env_files_of_settings_and_placeholders_are_not_secret_files() {
    let tutorial =
        "N8N_VERSION=stable\nPOSTGRES_USER=changeUser\nPOSTGRES_PASSWORD=changePassword\nRUNNERS_AUTH_TOKEN=changeRunnerAuthToken\n";
    assert!(findings_in(tutorial, &["SEC008"], ".env").is_empty());
    assert!(findings_in("IMAGE_TAG=1.2.3\nREGISTRY=ghcr.io/acme\n", &["SEC008"], ".env").is_empty());
    assert_eq!(findings_in("POSTGRES_PASSWORD=Wq8vN2xR7tL1\n", &["SEC008"], ".env").len(), 1);
}

/// gotenberg's Bruno collection (`ownerPassword: owner456`, 2026-12-05): a word and a short number
/// is an example's chosen value; a generated one beside it still fires.
#[test]
fn a_word_and_a_short_number_is_chosen_not_generated() {
    assert!(findings_in("  ~ownerPassword: owner456\n", &["SEC007"], "Encrypt PDF.bru").is_empty());
    assert_eq!(
        findings_in("  ownerPassword: q7Rv2Lm9Xp4TzW8n\n", &["SEC007"], "Encrypt PDF.bru").len(),
        1
    );
}

/// The fresh sample of 2026-12-05 (seventh): a public beacon key in a mail template's `<script>`,
/// base64 of a sentence in a vendored doc comment, a PHP interface name.
#[test]
fn generic_secrets_skip_scripts_prose_in_base64_and_namespaced_names() {
    let page = "<html><body><script>window.BOOMR_API_key=\"QAT5G-9HZLF-7EDMX-YMVCJ-QZJDA\";</script></body></html>\n";
    assert!(findings_in(page, &["SEC007"], "assets/mail/confirmation.html").is_empty());
    let doc = "/*\n      - name: key1\n        secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==\n*/\n";
    assert!(findings_in(doc, &["SEC007"], "pkg/types.go").is_empty());
    assert!(findings_in("secret: kT9vXr2Qp7LmZ4sW8nB3\n", &["SEC007"], "vendor/x/types.go").is_empty());
    let php = "protected $storageMap = array('refresh_token' => 'OAuth2\\Storage\\RefreshTokenInterface');\n";
    assert!(findings_in(php, &["SEC007"], "lib/Server.php").is_empty());
    // Still a secret outside those.
    assert_eq!(
        findings_in("secret: kT9vXr2Qp7LmZ4sW8nB3\n", &["SEC007"], "config/app.yml").len(),
        1
    );
}

/// The ninth fresh sample (2026-12-05): .NET's public key tokens, an API description's examples,
/// a form body's word, jwt.io's sample token, a Sentry DSN.
#[test]
fn public_tokens_examples_and_ingest_keys_are_not_secrets() {
    let resx = "<metadata name=\"tray\" type=\"System.Drawing.Point, System.Drawing, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a\">\n";
    assert!(findings_in(resx, &["SEC007"], "src/Form1.resx").is_empty());
    let api = "'PostLogin':\n  'example':\n    'password': 'G00dp455word!'\n    'token': 'kT9vXr2Qp7LmZ4sW8nB3'\n";
    assert!(findings_in(api, &["SEC007"], "openapi/next.yaml").is_empty());
    let form = "case \"grant_type=password&password=madeuppassword&scope=infrastructure&username=itsy%40bitzy.com\":\n";
    assert!(findings_in(form, &["SEC007"], "k8ssdk/testing.go").is_empty());
    let jwt = "Token string `json:\"token\" example:\"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\"`\n";
    assert!(findings_in(jwt, &["SEC005"], "pkg/auth/auth.go").is_empty());
    let dsn = "const sentryDSN = \"https://56a9c9fa5c364ab28f34b14f35ea0f1b:3e8827f6f9f740738eb11138f7bebb68@sentry.io/189878\"\n";
    assert!(findings_in(dsn, &["SEC006"], "cmd/main.go").is_empty());
    // The same shapes elsewhere still fire.
    assert_eq!(
        findings_in("token: kT9vXr2Qp7LmZ4sW8nB3\n", &["SEC007"], "config/app.yaml").len(),
        1
    );
    let db = "URL=postgres://app:3e8827f6f9f740738eb11138@db.internal/app\n";
    assert_eq!(findings_in(db, &["SEC006"], "cmd/main.go").len(), 1);
}

/// cloudflared's `credentials/test-cert-*.pem` and `tlsconfig/testkey.pem` (judged not worth it):
/// a key file named as a test's is a fixture: info, shown when SEC001 is named.
#[test]
fn keys_in_files_named_as_fixtures_are_info() {
    let key =
        "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBpT0uV9sBBq6tGkbcI9tLzmKSaIaYnvsDdOQNw1X2BCoAoGCCqGSM49\n-----END EC PRIVATE KEY-----\n";
    let sev = |path: &str| run_as(key, &["SEC001"], path, FileKind::Other).findings[0].diagnostic.severity;
    assert_eq!(sev("tlsconfig/testkey.pem"), shipshape_core::Severity::Info);
    assert_eq!(sev("credentials/test-cert-no-token.pem"), shipshape_core::Severity::Info);
    assert_eq!(sev("tlsconfig/hello_ca.pem"), shipshape_core::Severity::Error);
}

/// The tenth fresh sample (2026-12-05): a localhost key, public IDs repeated in URLs, minified
/// expressions, i18n lock checksums, manual pages, and Compose files left to DC018.
#[test]
fn localhost_keys_public_ids_and_expressions() {
    let key =
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAvXqFakeButLongEnoughBase64Body0123456789abcd\n-----END RSA PRIVATE KEY-----\n";
    let r = run_as(key, &["SEC001"], "deploy/certs/localhost.key", FileKind::Other);
    assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Info);
    let media = "{ \"friendly_token\": \"KWNEepos7x9\",\n  \"url\": \"https://videos.example/view?m=KWNEepos7x9\" }\n";
    assert!(findings_in(media, &["SEC007"], "fixtures/media.json").is_empty());
    let js = "setOptions_(A={}){this.options_.withCredentials=this.options_.withCredentials||!1,this.x=1}\n";
    assert!(findings_in(js, &["SEC007"], "static/video.js").is_empty());
    let lock = "version: 1\nchecksums:\n  ea62a503dab91e0107f1c8e1557d415b:\n    label_password: 223a61cf906ab9c40d22612c588dff48\n";
    assert!(findings_in(lock, &["SEC007"], "apps/frontend/i18n.lock").is_empty());
    assert!(findings_in("password: s3cr3tPassw0rdX9z\n", &["SEC007"], "debian/app.1").is_empty());
    let compose = "services:\n  app:\n    environment:\n      DATABASE_URL: 'postgresql://app:Xq7vR2m9Lp4T@db:5432/app'\n";
    assert!(
        run_as(compose, &["SEC006"], "docker-compose.yaml", FileKind::Compose)
            .findings
            .is_empty()
    );
}

/// The eleventh fresh sample (2026-12-05): a translation key ending in `add_api_key` is no Datadog
/// key; a Tor control-password hash, a PostHog project key and a demo password that says so are no
/// secrets.
#[test]
fn eleventh_sample_secrets() {
    let lock = "checksums:\n  55dc377b5e931bfc64e4add83e35d9ea:\n    workspace/api_keys/add_api_key: 3c7633bae18a6e19af7a5af12f9bc3da\n";
    assert!(findings_in(lock, &["SEC004"], "apps/web/i18n.lock").is_empty());
    assert_eq!(
        findings_in("DD_API_KEY=3c7633bae18a6e19af7a5af12f9bc3da\n", &["SEC004"], "deploy/app.env").len(),
        1
    );
    let tor = "const env = {\n  TOR_HASHED_PASSWORD: '16:158FBE422B1A9D996073BE2B9EC38852C70CE12362CA016F8F6859C426',\n}\n";
    assert!(findings_in(tor, &["SEC007"], "src/env.ts").is_empty());
    let posthog = "body: '{\"api_key\": \"phc_6AT2D3sP5u4fkUZtSqgtmoKmcx8rEX8f86lpISOpAhx\"}'\n";
    assert!(findings_in(posthog, &["SEC007"], "fixtures/cassette.yaml").is_empty());
    let demo = "DB_CONNECTION=postgres://astronomy_user:astronomy_password@astronomy-db/astronomy\n";
    assert!(findings_in(demo, &["SEC006"], "charts/demo/values.env").is_empty());
}

/// The thirteenth fresh sample (argo-helm, 2026-12-05): a credential source (`ext:/scripts/auth.sh`,
/// `env:NAME`) names where the credential is read; base64 of `test-api-key` is a labelled stand-in.
#[test]
fn thirteenth_sample_secrets() {
    let source = "registries:\n  - name: ECR\n    credentials: ext:/scripts/auth1.sh\n";
    assert!(findings_in(source, &["SEC007"], "charts/updater/values.yaml").is_empty());
    let stand_in = "data:\n  api-key: dGVzdC1hcGkta2V5Cg==\n";
    assert!(findings_in(stand_in, &["SEC007"], "charts/rollouts/values.yaml").is_empty());
    let real = "data:\n  api-key: a1R2OXZYcjJRcDdMbVo0c1c4bkIz\n";
    assert_eq!(findings_in(real, &["SEC007"], "charts/rollouts/values.yaml").len(), 1);
}

/// The error audit (2026-12-05): a passphrase-protected key is useless without its passphrase.
#[test]
fn encrypted_private_keys_are_warnings() {
    let key = "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nabcdefghijklmnopqrstuvwxyz0123456789ABCD\n-----END ENCRYPTED PRIVATE KEY-----\n";
    let r = run_as(key, &["SEC001"], "deploy/key.pem", FileKind::Other);
    assert_eq!(r.severities(), [shipshape_core::Severity::Warning]);
    let plain = key.replace("ENCRYPTED ", "");
    let r = run_as(&plain, &["SEC001"], "deploy/key.pem", FileKind::Other);
    assert_eq!(r.severities(), [shipshape_core::Severity::Error]);
}

/// The fourteenth fresh sample (wekan, 2026-12-05): a value that spells its own key names a
/// setting; `54321abcde` is a keyboard stand-in.
#[test]
fn fourteenth_sample_secrets() {
    assert!(findings_in("KEY_OAUTH2_SECRET=\"oauth2-secret\"\n", &["SEC007"], "snap-src/bin/config").is_empty());
    assert!(findings_in("export OAUTH2_SECRET=54321abcde\n", &["SEC007"], "start-wekan.sh").is_empty());
    assert_eq!(
        findings_in("export OAUTH2_SECRET=q7Rv2Lm9Xp4TzW8n\n", &["SEC007"], "start-wekan.sh").len(),
        1
    );
}

/// The error audit (2026-12-05): Algolia's search-only keys ship in docs sites; a URL password of a
/// single-label host (a Compose service) or a private address is a warning unless it looks generated.
#[test]
fn error_audit_secrets() {
    use shipshape_core::Severity::{Error, Warning};
    assert!(
        findings_in(
            "ALGOLIA_SEARCH_API_KEY=0123456789abcdef0123456789abcdef\n",
            &["SEC004"],
            "docs/.env.production"
        )
        .is_empty()
    );
    assert_eq!(
        findings_in(
            "ALGOLIA_ADMIN_KEY=a1b2c3d4e5f60718293a4b5c6d7e8f90\n",
            &["SEC004"],
            "deploy/app.env"
        )
        .len(),
        1
    );
    let sev = |src: &str| -> Vec<shipshape_core::Severity> { run_as(src, &["SEC006"], "deploy/app.env", FileKind::Other).severities() };
    assert_eq!(sev("DATABASE_URL=postgresql://umami:umami_pw1@db:5432/umami\n"), [Warning]);
    assert_eq!(sev("DATABASE_URL=postgresql://umami:umami_pw1@10.0.3.4:5432/umami\n"), [Warning]);
    // A chosen password is a warning wherever it points (huginn's public demo broker, the
    // twentieth sample); a generated one an error.
    assert_eq!(
        sev("DATABASE_URL=postgresql://umami:umami_pw1@db.example.com:5432/umami\n"),
        [Warning]
    );
    assert_eq!(
        sev("DATABASE_URL=postgresql://umami:kT9vXr2Qp7LmZ4sW8nB3@db.example.com:5432/umami\n"),
        [Error]
    );
    assert_eq!(sev("DATABASE_URL=postgresql://umami:kT9vXr2Qp7LmZ4sW8nB3@db:5432/umami\n"), [Error]);
}

/// The fifteenth fresh sample (2026-12-05): recorded anti-CSRF cookies, a form field's placeholder
/// key and token, and caprover's deliberate fake certificate are not committed credentials.
#[test]
fn fifteenth_sample_secrets() {
    let csrf =
        "\"Set-Cookie\":\n  \"__Host-authjs.csrf-token=ea47cff80032077dfa9caa8a7462eabe1ab0885848e7c5b3c2867d1245236cfc; Path=/\",\n";
    assert!(findings_in(csrf, &["SEC007"], "apps/web/src/lib/checker/fixtures.ts").is_empty());
    let ui = "<Textarea placeholder={`-----BEGIN PRIVATE KEY-----\nMIIFRDCCAyygAwIBAgIUbqW3sDiF4y2QCcLuhd8mCz0qdfswDQYJ…\n-----END PRIVATE KEY-----`} />\n";
    assert!(findings_in(ui, &["SEC001"], "apps/dokploy/components/ssl.tsx").is_empty());
    let token = "<Input placeholder=\"6553213416:AAFdAtLwz5RbOeoOXBMjwJ16tFRbxPxe0uU\" />\n";
    assert!(findings_in(token, &["SEC004"], "apps/dokploy/components/telegram.tsx").is_empty());
    let key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\nabcdefghijklmnopqrstuvwxyz0123456789ABCD\n-----END PRIVATE KEY-----\n";
    let r = run_as(key, &["SEC001"], "template/fake-certs-src/nginx.key", FileKind::Other);
    assert!(
        r.findings.iter().all(|f| f.diagnostic.severity == shipshape_core::Severity::Info),
        "{:?}",
        r.findings.len()
    );
}

/// dokploy's `privateKeyDataHolder` (judged wrong, 2026-12-05): a certificate's DER under a key
/// header is an illustration; a key's DER starts with its version.
#[test]
fn a_certificate_body_under_a_key_header_is_an_illustration() {
    let holder = "const privateKeyDataHolder =\n\t\"-----BEGIN PRIVATE KEY-----\\nMIIFRDCCAyygAwIBAgIUEPOR47ys6VDwMVB9tYoeEka83uQwDQYJKoZIhvcNAQELBQAw\\n-----END PRIVATE KEY-----\";\n";
    assert!(findings_in(holder, &["SEC001"], "apps/dokploy/components/certs.tsx").is_empty());
    let key = holder.replace(
        "MIIFRDCCAyygAwIBAgIUEPOR47ys6VDwMVB9tYoeEka83uQwDQYJKoZIhvcNAQELBQAw",
        "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7abcdefghijklmnopqrstuv",
    );
    assert_eq!(findings_in(&key, &["SEC001"], "apps/dokploy/components/certs.tsx").len(), 1);
}

/// The sixteenth fresh sample (2026-12-05), judged wrong: an empty `password=` whose "value" was
/// the next line, an unquoted identifier in Go, Laravel validation rules, a sequential CI stand-in,
/// Apache's documented FakeBasicAuth example, base64 of "password", and translated placeholders of
/// URL credentials.
#[test]
fn sixteenth_sample_secrets() {
    let props = "dt.database.password=\ndt.database.url=jdbc:h2:mem:alpine9\n";
    assert!(findings_in(props, &["SEC007"], "src/main/resources/app.properties").is_empty());
    assert_eq!(
        findings_in("dt.database.password=Xq7vR2m9Lp4kT9\n", &["SEC007"], "app.properties").len(),
        1
    );
    let go = "\t\tr.User.Password = newMD5Password\n";
    assert!(findings_in(go, &["SEC007"], "pkg/util/users/users.go").is_empty());
    assert_eq!(findings_in("\tPassword = \"Xq7vR2m9Lp4kT9\"\n", &["SEC007"], "pkg/db.go").len(), 1);
    let php = "        'password'                => 'required|min:8|confirmed',\n";
    assert!(findings_in(php, &["SEC007"], "app/Models/User.php").is_empty());
    let ci = "          SECRET_PASSWORD=0123456789abcdef0123456789abcdef\n";
    assert!(findings_in(ci, &["SEC007"], ".github/workflows/ci.yml").is_empty());
    // Slack's OAuth documentation's bot token (Grafana OnCall's test constants, the forty-ninth
    // sample); another bot token of the same shape is still found.
    let slack = "    \"access_token\": \"xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy\",\n";
    assert!(findings_in(slack, &["SEC004"], "engine/common/constants/slack_auth.py").is_empty());
    assert_eq!(
        findings_in(
            &slack.replace("pdFZKVeTuE8sk7oOcBrzbqgy", "Qw8rTz3mLp9vXk2nB7sD4fGh"),
            &["SEC004"],
            "engine/slack.py"
        )
        .len(),
        1
    );
    let apache = "\t\t#\t file needs this password: `xxj31ZMTZzkVA'.\n";
    assert!(findings_in(apache, &["SEC007"], "docker/001-default-ssl.conf").is_empty());
    let chart = "  #   data:\n  #     secret: cGFzc3dvcmQ=\n";
    assert!(findings_in(chart, &["SEC007"], "deploy/charts/db/values.yaml").is_empty());
    let ui = "      \"customUrlPlaceholder\": \"rtsp://usuari:contrasenya@host:port/ruta\",\n";
    assert!(findings_in(ui, &["SEC006"], "web/src/settings.json").is_empty());
    let locale = "    \"stream\": \"f.eks. rtsp://bruker:passord@192.168.1.100/stream\",\n";
    assert!(findings_in(locale, &["SEC006"], "web/public/locales/nb-NO/views/settings.json").is_empty());
    assert_eq!(findings_in(locale, &["SEC006"], "web/src/config.json").len(), 1);
}

/// The seventeenth fresh sample (2026-12-05), judged wrong: bundled library code in a source map,
/// an attribute path in arithmetic, and a feature flag's name.
#[test]
fn seventeenth_sample_secrets() {
    let map = "{\"sourcesContent\":[\"token: state2.tokens.length - 1\"]}";
    assert!(findings_in(map, &["SEC007"], "static/dist/js/graphql-libraries.js.map").is_empty());
    let js = "const t = { token: state2.tokens.length - 1 };\n";
    assert!(findings_in(js, &["SEC007"], "src/parse.mjs").is_empty());
    let flag = "    public const string PM27086_UpdateAuthenticationApisForInputPassword = \"pm-27086-update-authentication-apis-for-input-password\";\n";
    assert!(findings_in(flag, &["SEC007"], "src/Core/Constants.cs").is_empty());
    assert_eq!(
        findings_in(
            "    public const string AdminPassword = \"kT9vXr2Qp7LmZ4sW\";\n",
            &["SEC007"],
            "src/Core/Constants.cs"
        )
        .len(),
        1
    );
}

/// bitwarden's `rsa_keys.rs` opens with `// ⚠️ TEST-ONLY KEYS — NOT REAL CREDENTIALS ⚠️` (100 keys
/// judged not worth an error, the seventeenth sample): a file that says so is a test file, where a
/// private key is a fixture (info, shown when SEC001 is named).
#[test]
fn keys_in_a_file_that_says_they_are_test_only_are_fixtures() {
    let key = "const K: &str = \"-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZs6uVC3J+rPJ0\n-----END PRIVATE KEY-----\";\n";
    let sev =
        |src: &str| -> Vec<shipshape_core::Severity> { run_as(src, &["SEC001"], "util/sdk/src/rsa_keys.rs", FileKind::Other).severities() };
    assert_eq!(sev(key), [shipshape_core::Severity::Error]);
    let marked = format!("// ⚠️ TEST-ONLY KEYS — NOT REAL CREDENTIALS ⚠️\n{key}");
    assert_eq!(sev(&marked), [shipshape_core::Severity::Info]);
}

/// The eighteenth fresh sample (2026-12-05), judged wrong: Yarn's committed release bundle and a
/// DocSearch search-only key, both public.
#[test]
fn eighteenth_sample_secrets() {
    let yarn = "var e={appId:\"OFCNCOG2CU\",apiKey:\"f54e21fa3a2a0160595bb058179bfb1e\",indexName:\"npm-search\"};\n";
    assert!(findings_in(yarn, &["SEC007"], ".yarn/releases/yarn-4.17.1.cjs").is_empty());
    let docusaurus = "  themeConfig: {\n    algolia: {\n      appId: \"BH4D9OD16A\",\n      apiKey: \"0f9f28a3c2d1e7b6a5c4d3e2f1a0b9c8\",\n      indexName: \"prettier\",\n    },\n";
    assert!(findings_in(docusaurus, &["SEC007"], "website/docusaurus.config.json").is_empty());
    assert_eq!(
        findings_in("apiKey: \"0f9f28a3c2d1e7b6a5c4d3e2f1a0b9c8\"\n", &["SEC007"], "config/app.yaml").len(),
        1
    );
}

/// The nineteenth fresh sample (2026-12-05), judged wrong: a commented sample URL whose password
/// names the field in capitals.
#[test]
fn nineteenth_sample_secrets() {
    let cs = "// connectionString: https://apitoken:API_TOKEN_SECRET@charge.example.com/\n";
    assert!(findings_in(cs, &["SEC006"], "BTCPayServer/Configuration/DefaultConfiguration.cs").is_empty());
    let real = "url = https://deploy:Zq7vR2m9Lp4@ci.acme.io/hook\n";
    assert_eq!(findings_in(real, &["SEC006"], "config/hooks.conf").len(), 1);
}

/// The twentieth fresh sample (2026-12-05), judged wrong: a repeated-pattern key ID, a Slack
/// webhook whose secret is the alphabet, a documentation pair `user123:pass567`, and Supabase's
/// self-describing default JWT secret.
#[test]
fn twentieth_sample_secrets() {
    let key_id = "\"private_key_id\": \"1234567890abcdef1234567890abcdef12345678\",\n";
    assert!(findings_in(key_id, &["SEC002", "SEC007"], "app/models/agents/google_agent.rb").is_empty());
    let slack = "const hook = \"https://hooks.slack.com/services/T12345678/B12345678/abcdefghijklmnopqrstuvwx\";\n";
    assert!(findings_in(slack, &["SEC004"], "src/notify.js").is_empty());
    let doc = "example: \"'http://user123:pass567@www.example.com:8081/foo/bar' | url parse\",\n";
    assert!(findings_in(doc, &["SEC006"], "crates/nu-command/src/network/url/parse.rs").is_empty());
    let jwt = "JWT_SECRET=super-secret-jwt-token-with-at-least-32-characters-long\n";
    assert!(findings_in(jwt, &["SEC007"], "config/app.env").is_empty());
    // Real-looking values are still found.
    let real = "const hook = \"https://hooks.slack.com/services/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\";\n";
    assert_eq!(findings_in(real, &["SEC004"], "src/notify.js").len(), 1);
}

/// supabase realtime's OpenApiSpex schemas give a bearer token as the header's `example:` (judged
/// not worth a finding, the twentieth sample): documentation of the form, not a committed token.
#[test]
fn a_jwt_given_as_an_api_example_is_documentation() {
    let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJpYXQiOjE2ODAxNjIxNTR9.U9orU6YYqXAtpF8uAiw6MS553tm4XxRzxOhz2IwDhpY";
    let spec = format!("        required: true,\n        example:\n          \"Bearer {token}\"\n");
    assert!(findings_in(&spec, &["SEC005"], "lib/web/controllers/tenant_controller.ex").is_empty());
    let code = format!("jwt = \"{token}\"\n");
    assert_eq!(findings_in(&code, &["SEC005"], "lib/web/auth.ex").len(), 1);
}

/// The twenty-first fresh sample (2026-12-05), judged wrong: base64 of a JSON embed descriptor,
/// and an editor's dotted token-type names in a bundled script.
#[test]
fn twenty_first_sample_secrets() {
    let embed = "<div data-squidex-token=\"eyJhIjoic3F1aWRleC13ZWJzaXRlIiwicyI6ImJsb2ciLCJpIjoiYWJjIn0=\"></div>\n";
    assert!(findings_in(embed, &["SEC007"], "sdk/src/template.html").is_empty());
    let ace = "{token: \"markup.heading.1\", regex: \"^=+(?=\\\\s*$)\"}, {token: \"markup.heading.2\"}\n";
    assert!(findings_in(ace, &["SEC007"], "frontend/wwwroot/editor/squidex-editor.js").is_empty());
    assert_eq!(
        findings_in("token: \"kT9vXr2Qp7LmZ4sW8nB3\"\n", &["SEC007"], "config/app.yaml").len(),
        1
    );
}

/// The twenty-second fresh sample (2026-12-05), judged wrong: a Go context key named by its import
/// path, and i18n-tasks' template key `AbC-dEf5`.
#[test]
fn twenty_second_sample_secrets() {
    let go = "\tctxCredentials = \"github.com/jcmturner/gokrb5/v8/ctxCredentials\"\n";
    assert!(findings_in(go, &["SEC007"], "object/kerberos.conf").is_empty());
    let posthog = "  REACT_APP_POSTHOG_TOKEN = 'cQo4wipp5ipWWXhTN8kTacBItgqo457yDRtzCMOr-Tw',\n";
    assert!(findings_in(posthog, &["SEC007"], "assets/src/analytics.conf").is_empty());
    let i18n = "#   google_translate_api_key: \"AbC-dEf5\"\n";
    assert!(findings_in(i18n, &["SEC007"], "config/i18n-tasks.yml").is_empty());
}

/// The sixteenth to twenty-third samples (docs/precision.md): development keys by their file or
/// folder name (fider's `etc/dev-fider-io.key`, emqx-operator's `config/dev/cert/tls.key`,
/// squidex's `dev/squidex-dev.key`) and test keys by the constant that holds them (bitwarden's
/// `TEST_FAKE_RSA_KEY_*`) were all judged not worth a finding: info. A key in a deployment's
/// folder, or one whose holder names nothing of the kind, stays an error.
#[test]
fn development_keys_by_name_and_test_constants_are_info() {
    let key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi8XKuHW9x3EN8b5rPz2Q1k8Vx1\n-----END RSA PRIVATE KEY-----\n";
    let sev = |src: &str, path: &str| run_as(src, &["SEC001"], path, FileKind::Other).findings[0].diagnostic.severity;
    use shipshape_core::Severity::{Error, Info};
    assert_eq!(sev(key, "etc/dev-fider-io.key"), Info);
    assert_eq!(sev(key, "config/dev/cert/tls.key"), Info);
    assert_eq!(sev(key, "dev/squidex-dev.key"), Info);
    assert_eq!(sev(key, "deploy/quick-start/zookeeper-for-tests-only-secure.yaml"), Info);
    let constant = format!("pub const TEST_FAKE_RSA_KEY_7: &str = r#\"{key}\"#;\n");
    assert_eq!(sev(&constant, "util/src/rsa_keys.rs"), Info);
    let camel = format!("const testKey = `{key}`;\n");
    assert_eq!(sev(&camel, "src/keys.ts"), Info);
    // Not a word of the kind: `device`, `devops`, `latest`, `contest`, `ci`.
    assert_eq!(sev(key, "devops/device/server.key"), Error);
    assert_eq!(sev(key, "contest/latest/tls.key"), Error);
    assert_eq!(sev(key, ".ci/deploy_key"), Error);
    let prod = format!("const deployKey = `{key}`;\n");
    assert_eq!(sev(&prod, "src/keys.ts"), Error);
    // A comment just above that says the key is no live one (Wikimedia's push-notifications chart,
    // the fiftieth sample): info.
    let said = format!(
        "config:\n  # This might look like a proper private key, but it isn't used anywhere.\n  # So, no, no security leak here\n  data: |-\n{}",
        key.lines().map(|l| format!("    {l}\n")).collect::<String>()
    );
    assert_eq!(sev(&said, "charts/push/values.yaml"), Info);
    let unsaid = said
        .replace("isn't used anywhere", "is used by the gateway")
        .replace("no security leak here", "keep it safe");
    assert_eq!(sev(&unsaid, "charts/push/values.yaml"), Error);
    // An OpenAPI response's example body (Nginx Proxy Manager's certificate upload schema, the
    // fifty-first sample), even after a certificate written on one long line: info.
    let one_line = key.replace('\n', "\\n");
    let cert = format!(
        "-----BEGIN CERTIFICATE-----\\n{}\\n-----END CERTIFICATE-----",
        "MIIEYDCCAsigAwIBAgIRAPoSC0hvitb26ODMlsH6Ybow".repeat(40)
    );
    let openapi = format!(
        "{{\n  \"examples\": {{\n    \"default\": {{\n      \"value\": {{\n        \"certificate\": \"{cert}\",\n        \"certificate_key\": \"{one_line}\"\n      }}\n    }}\n  }}\n}}\n"
    );
    assert_eq!(sev(&openapi, "backend/schema/paths/certificates/upload/post.json"), Info);
    // A Rust file's tests module (after `#[cfg(test)]`: mise's sops tests, the fifty-second sample).
    let rust = format!(
        "pub fn load() {{}}\n\n#[cfg(test)]\nmod tests {{\n    use super::*;\n    use std::path::Path;\n    use std::fs;\n    use std::env;\n    const KEY: &str = r#\"{key}\"#;\n}}\n"
    );
    assert_eq!(sev(&rust, "src/config/env_directive/file.rs"), Info);
    let outside = rust.replace("#[cfg(test)]\nmod tests", "mod keys");
    assert_eq!(sev(&outside, "src/config/env_directive/file.rs"), Error);
    assert_eq!(
        sev(
            &openapi.replace("\"examples\"", "\"response\""),
            "backend/schema/paths/certificates/upload/post.json"
        ),
        Error
    );
}

/// Every secret a content rule finds in a test, example or docs path is info (shown when its rule
/// is named): none of those the samples judged was worth acting on.
#[test]
fn secrets_in_test_paths_are_info() {
    let aws = "AWS_ACCESS_KEY_ID=AKIA4TQ3NZXLP7BGRM5D\n";
    let r = run_as(aws, &["SEC002"], "tests/data/config.ini", FileKind::Other);
    assert_eq!(r.findings[0].diagnostic.severity, shipshape_core::Severity::Info);
    let r = run_as(aws, &["SEC002"], "deploy/config.ini", FileKind::Other);
    assert_eq!(
        r.findings[0].diagnostic.severity,
        shipshape_core::Severity::Warning,
        "a key ID alone"
    );
}

/// atuin's `secrets.rs` (eleven errors judged wrong or not worth it, the twenty-fourth sample): a
/// secret scanner's table keeps each token format's regular expression beside a sample of it. The
/// same token without its pattern is still an error.
#[test]
fn samples_beside_their_own_pattern_are_info() {
    let token = "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";
    let table = format!(
        "    (\n        \"GitHub PAT (old)\",\n        \"ghp_[a-zA-Z0-9]{{36}}\",\n        TestValue::Single(\"{token}\"),\n    ),\n"
    );
    let netlify = "        \"nf[pcoub]_[0-9a-zA-Z]{36}\",\n        TestValue::Single(\"nfp_nBh7BdJxUwyaBBwFzpyD29MMFT6pZ9wq5634\"),\n";
    let sev = |src: &str, rule: &str| {
        run_as(src, &[rule], "crates/client/src/secrets.rs", FileKind::Other)
            .findings
            .first()
            .map(|f| f.diagnostic.severity)
    };
    use shipshape_core::Severity::{Error, Info};
    let plain = format!("const TOKEN: &str = \"{token}\";\n");
    // A real (since expired) token: its checksum holds.
    assert_eq!(sev(&table, "SEC003"), Some(Info));
    assert_eq!(sev(&plain, "SEC003"), Some(Error));
    assert_eq!(sev(netlify, "SEC004"), Some(Info));
    assert_eq!(sev("token = \"nfp_nBh7BdJxUwyaBBwFzpyD29MMFT6pZ9wq5634\"\n", "SEC004"), Some(Error));
    // A list index or another pattern is no pattern of this value.
    assert_eq!(
        sev("x = values[0]\ntoken = \"nfp_nBh7BdJxUwyaBBwFzpyD29MMFT6pZ9wq5634\"\n", "SEC004"),
        Some(Error)
    );
}

/// supavisor's JIT mock server and dev script (judged not worth a finding, the thirty-first sample):
/// a token in a list a test names (`testCases = [`) or in a file named for development
/// (`jit_dev_setup.sh`) is info; a `localhost` URL on the line above says nothing of a token.
#[test]
fn tokens_in_test_lists_and_dev_scripts_are_info() {
    let token = "sbp_04fee3d26b63d9a3557c72a1b9902cbb8412c836";
    let sev = |src: &str, path: &str| {
        run_as(src, &["SEC004"], path, FileKind::Other)
            .findings
            .first()
            .map(|f| f.diagnostic.severity)
    };
    use shipshape_core::Severity::{Error, Info};
    let cases = format!("testCases = [\n    {{\n        \"auth\": \"{token}\",\n");
    assert_eq!(sev(&cases, "priv/jit/server.py"), Some(Info));
    assert_eq!(sev(&format!("echo \"{token}\"\n"), "scripts/jit_dev_setup.sh"), Some(Info));
    let plain = format!("DATABASE_URL=postgres://localhost/app\nSUPABASE_TOKEN={token}\n");
    assert_eq!(sev(&plain, "deploy/app.env"), Some(Error));
}

/// gitleaks' own rule definitions (the thirty-third sample: 31 findings judged wrong or not worth
/// acting on): a secret scanner's patterns with the samples they are tested on are info; one
/// marker alone (an app's `.gitleaks.toml` allowlist) is not enough.
#[test]
fn a_secret_scanners_rule_table_is_info() {
    let token = gh_token("ghp_");
    let table = format!(
        "func GitHubPat() *config.Rule {{\n\tr := config.Rule{{Regex: utils.GenerateUniqueTokenRegex(`ghp_[0-9a-zA-Z]{{36}}`, false)}}\n\ttps := []string{{\n\t\t\"token = {token}\", // gitleaks:allow\n\t}}\n\treturn utils.Validate(r, tps, nil)\n}}\n"
    );
    let sev = |src: &str| {
        run_as(src, &["SEC003"], "cmd/generate/config/rules/github.go", FileKind::Other).findings[0]
            .diagnostic
            .severity
    };
    assert_eq!(sev(&table), shipshape_core::Severity::Info);
    let app = format!("// gitleaks:allow\nconst token = \"{token}\"\n");
    assert_ne!(sev(&app), shipshape_core::Severity::Info);
}

/// zero-to-jupyterhub's schema (judged wrong as an error, the thirty-seventh sample): a
/// service-account file's `private_key_id` without the `private_key` signs nothing.
#[test]
fn a_service_account_key_id_alone_is_no_key() {
    let doc = format!(
        "password: |-\n  {{\n    \"type\": \"service_account\",\n    \"private_key_id\": \"{}\",\n    ...\n  }}\n",
        body(40, HEX)
    );
    assert!(findings_in(&doc, &["SEC002"], "chart/values.schema.yaml").is_empty());
}

/// Logflare's telegraf keys (`CN=Test CA`), Open Zaak's `docker/certs` and OpenCRVS's Tilt key
/// (`CN=local.dev`), judged not worth errors in the seventy-second sample: a key beside test or
/// development certificates only is a fixture (info); beside a real host's certificate, an error.
#[test]
fn keys_beside_test_certificates_are_fixtures() {
    let key = format!("-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n", body(64, ALNUM));
    let severity = |cert: &str| {
        let dir = tempfile::tempdir().unwrap();
        let certs = dir.path().join("deploy/certs");
        std::fs::create_dir_all(&certs).unwrap();
        let path = certs.join("tls.key");
        std::fs::write(&path, &key).unwrap();
        std::fs::write(certs.join("tls.crt"), cert).unwrap();
        let report = check(
            &SecretsChecker::default(),
            shipshape_core::testkit::File::at(FileKind::Other, &path),
            &key,
            &["SEC001"],
            FixMode::Off,
        );
        report.findings[0].diagnostic.severity
    };
    use shipshape_core::Severity::{Error, Info};
    assert_eq!(severity(include_str!("data/local-dev.crt")), Info);
    // Its SAN lists `localhost` too, but the certificate is for a real host.
    assert_eq!(severity(include_str!("data/acme-corp.crt")), Error);
    assert_eq!(
        severity(&format!(
            "{}{}",
            include_str!("data/local-dev.crt"),
            include_str!("data/acme-corp.crt")
        )),
        Error
    );
    assert_eq!(severity("no certificate here"), Error);
}
