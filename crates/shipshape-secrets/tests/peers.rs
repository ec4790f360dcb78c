//! Peer agreement with detect-secrets (PyPI) and checkov (`--framework secrets`): each case is a
//! file that one rule must flag (or, for a placeholder, that no rule may flag), naming the peer
//! checks that agree on it. Every peer a rule declares must agree on at least one of its cases; a
//! peer that flags a case shipshape leaves alone is a disagreement unless it is listed with the
//! reason (checked both ways). One run of each peer covers every case.
#![allow(clippy::unwrap_used)]

use shipshape_core::classify::FileKind;
use shipshape_core::engine::FixMode;
use shipshape_secrets::SecretsChecker;
use shipshape_secrets::rules::ALL;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

mod common;
use common::{ALNUM, B64URL, HEX, body, gh_token};
use shipshape_core::testkit::peer_tool as tool;
use shipshape_core::testkit::{File, check};
use shipshape_core::testkit::{checkov_failed, unexplained};

/// A file to scan: its name, its text, the rule that must flag it (None: nothing may) and the
/// peer checks that flag it too.
struct Case {
    name: &'static str,
    text: String,
    ours: Option<&'static str>,
    peers: &'static [&'static str],
}

fn case(name: &'static str, ours: Option<&'static str>, peers: &'static [&'static str], text: String) -> Case {
    Case { name, text, ours, peers }
}

fn cases() -> Vec<Case> {
    let aws_id = format!("AKIA{}", body(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"));
    vec![
        case(
            "private-key",
            Some("SEC001"),
            &["detect-secrets:PrivateKeyDetector", "checkov:CKV_SECRET_13"],
            format!(
                "-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----\n",
                body(70, ALNUM)
            ),
        ),
        case(
            "aws-key",
            Some("SEC002"),
            &["detect-secrets:AWSKeyDetector", "checkov:CKV_SECRET_2"],
            format!("aws_access_key_id = {aws_id}\n"),
        ),
        case(
            "azure-storage",
            Some("SEC002"),
            &["detect-secrets:AzureStorageKeyDetector", "checkov:CKV_SECRET_3"],
            format!("conn: DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={}==\n", body(86, ALNUM)),
        ),
        case(
            "github-classic",
            Some("SEC003"),
            &["detect-secrets:GitHubTokenDetector"],
            format!("token: {}\n", gh_token("ghp_")),
        ),
        case(
            "github-oauth",
            Some("SEC003"),
            &["detect-secrets:GitHubTokenDetector"],
            format!("token: {}\n", gh_token("gho_")),
        ),
        case(
            "gitlab-pat",
            Some("SEC003"),
            &["detect-secrets:GitLabTokenDetector"],
            format!("token: glpat-{}\n", body(20, ALNUM)),
        ),
        case(
            "slack-bot",
            Some("SEC004"),
            &["detect-secrets:SlackDetector", "checkov:CKV_SECRET_14"],
            format!("slack: xoxb-2619354829-5839201746-{}\n", body(24, ALNUM)),
        ),
        case(
            "stripe-live",
            Some("SEC004"),
            &["detect-secrets:StripeDetector", "checkov:CKV_SECRET_17"],
            format!("stripe: sk_live_51{}\n", body(40, ALNUM)),
        ),
        case(
            "sendgrid",
            Some("SEC004"),
            &["detect-secrets:SendGridDetector"],
            format!("sendgrid: SG.{}.{}\n", body(22, B64URL), body(43, B64URL)),
        ),
        case(
            "npm",
            Some("SEC004"),
            &["detect-secrets:NpmDetector"],
            format!("npmrc: //registry.npmjs.org/:_authToken=npm_{}\n", body(36, ALNUM)),
        ),
        case(
            "twilio",
            Some("SEC004"),
            &["detect-secrets:TwilioKeyDetector", "checkov:CKV_SECRET_18"],
            format!("TWILIO_API_KEY: SK{}\n", body(32, HEX)),
        ),
        case(
            "mailchimp",
            Some("SEC004"),
            &["detect-secrets:MailchimpDetector", "checkov:CKV_SECRET_11"],
            format!("mailchimp: {}-us21\n", body(32, HEX)),
        ),
        case(
            "openai",
            Some("SEC004"),
            &["detect-secrets:OpenAIDetector"],
            format!("OPENAI_API_KEY: sk-proj-{}T3BlbkFJ{}\n", body(30, ALNUM), body(30, ALNUM)),
        ),
        case(
            "pypi",
            Some("SEC004"),
            &["detect-secrets:PypiTokenDetector"],
            format!("password: pypi-AgEIcHlwaS5vcmc{}\n", body(150, B64URL)),
        ),
        case(
            "telegram",
            Some("SEC004"),
            &["detect-secrets:TelegramBotTokenDetector"],
            format!("bot: 123456789:AA{}\n", body(33, ALNUM)),
        ),
        case(
            "jfrog",
            Some("SEC004"),
            &["detect-secrets:ArtifactoryDetector"],
            format!("artifactory: AKCp{}\n", body(69, ALNUM)),
        ),
        case(
            "jwt",
            Some("SEC005"),
            &["detect-secrets:JwtTokenDetector", "checkov:CKV_SECRET_9"],
            "auth: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJjaS1ib3QiLCJyb2xlIjoiYWRtaW4ifQ.Wq3nT8vX2kLm9ZpR4sY7bC1dF6gH0jA5eU3iO8tP2wQ\n"
                .to_owned(),
        ),
        case(
            "url-password",
            Some("SEC006"),
            &["detect-secrets:BasicAuthDetector", "checkov:CKV_SECRET_4"],
            "database_url: postgres://app:Xq7vR2m9Lp4w@db.internal:5432/app\n".to_owned(),
        ),
        case(
            "keyword",
            Some("SEC007"),
            &["detect-secrets:KeywordDetector", "checkov:CKV_SECRET_6"],
            format!("db_password: \"{}\"\n", body(20, ALNUM)),
        ),
        // What shipshape finds and the peers do not.
        case("discord-webhook", Some("SEC004"), &[], format!("hook: https://discord.com/api/webhooks/829104736512093847/{}\n", body(68, B64URL))),
        case("vault", Some("SEC004"), &[], format!("VAULT_TOKEN: hvs.{}\n", body(95, ALNUM))),
        case("anthropic", Some("SEC004"), &[], format!("ANTHROPIC_API_KEY: sk-ant-api03-{}\n", body(95, B64URL))),
        case("dockerhub", Some("SEC004"), &[], format!("DOCKERHUB_TOKEN: dckr_pat_{}\n", body(27, B64URL))),
        // Placeholders, references and demo values: nobody should flag these.
        case("env-reference", None, &[], "password: ${DB_PASSWORD}\n".to_owned()),
        case("actions-secret", None, &[], "token: ${{ secrets.GITHUB_TOKEN }}\n".to_owned()),
        case("aws-doc-key", None, &[], "aws_access_key_id: AKIAIOSFODNN7EXAMPLE\n".to_owned()),
        case("changeme", None, &[], "password: changeme123\n".to_owned()),
        case("local-dev-url", None, &[], "db_url: postgres://postgres:postgres@localhost:5432/app\n".to_owned()),
        case("pinned-action", None, &[], "uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4\n".to_owned()),
        case("word-password", None, &[], "password: \"hunter2hunter\"\n".to_owned()),
        case("secret-path", None, &[], "password_file: /run/secrets/db_password\n".to_owned()),
    ]
}

/// (case, peer, reason) where a peer flags what shipshape deliberately leaves alone.
const DELIBERATE: &[(&str, &str, &str)] = &[
    (
        "aws-doc-key",
        "detect-secrets:AWSKeyDetector",
        "AKIAIOSFODNN7EXAMPLE is AWS's documented example key",
    ),
    (
        "aws-doc-key",
        "checkov:CKV_SECRET_2",
        "AKIAIOSFODNN7EXAMPLE is AWS's documented example key",
    ),
    ("changeme", "detect-secrets:KeywordDetector", "`changeme…` is a placeholder"),
    ("changeme", "checkov:CKV_SECRET_6", "`changeme…` is a placeholder"),
    (
        "local-dev-url",
        "detect-secrets:BasicAuthDetector",
        "postgres:postgres on localhost is a development default, not a leaked credential",
    ),
    (
        "local-dev-url",
        "checkov:CKV_SECRET_4",
        "postgres:postgres on localhost is a development default, not a leaked credential",
    ),
    (
        "word-password",
        "detect-secrets:KeywordDetector",
        "a dictionary word with digits is below the entropy gate; reporting every such value drowns real leaks",
    ),
];

/// detect-secrets' finding types, by plugin.
const DETECT_SECRETS_TYPES: &[(&str, &str)] = &[
    ("AWS Access Key", "AWSKeyDetector"),
    ("Azure Storage Account access key", "AzureStorageKeyDetector"),
    ("Artifactory Credentials", "ArtifactoryDetector"),
    ("Basic Auth Credentials", "BasicAuthDetector"),
    ("GitHub Token", "GitHubTokenDetector"),
    ("GitLab Token", "GitLabTokenDetector"),
    ("JSON Web Token", "JwtTokenDetector"),
    ("Mailchimp Access Key", "MailchimpDetector"),
    ("NPM tokens", "NpmDetector"),
    ("OpenAI Token", "OpenAIDetector"),
    ("Private Key", "PrivateKeyDetector"),
    ("PyPI Token", "PypiTokenDetector"),
    ("Secret Keyword", "KeywordDetector"),
    ("SendGrid API Key", "SendGridDetector"),
    ("Slack Token", "SlackDetector"),
    ("Stripe Access Key", "StripeDetector"),
    ("Telegram Bot Token", "TelegramBotTokenDetector"),
    ("Twilio API Key", "TwilioKeyDetector"),
];

/// The rules shipshape reports on `text`.
fn ours(name: &str, text: &str) -> BTreeSet<String> {
    let display = format!("config/{name}.yaml");
    let file = File::new(FileKind::Yaml, &display);
    check(&SecretsChecker::default(), file, text, &["ALL"], FixMode::Off)
        .findings
        .iter()
        .map(|f| f.diagnostic.rule.code.to_owned())
        .collect()
}

/// Which peer checks flag each case file (by case name).
fn detect_secrets(bin: &str, dir: &std::path::Path) -> BTreeMap<String, BTreeSet<String>> {
    let out = Command::new(bin)
        .args(["scan", "--all-files", "."])
        .current_dir(dir)
        .output()
        .unwrap();
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("detect-secrets: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    let mut flagged: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, results) in v["results"].as_object().into_iter().flatten() {
        let name = file.trim_start_matches("./").trim_end_matches(".yaml").to_owned();
        for r in results.as_array().into_iter().flatten() {
            let ty = r["type"].as_str().unwrap_or_default();
            let plugin = DETECT_SECRETS_TYPES.iter().find(|(t, _)| *t == ty).map_or(ty, |(_, p)| *p);
            flagged.entry(name.clone()).or_default().insert(format!("detect-secrets:{plugin}"));
        }
    }
    flagged
}

fn checkov(bin: &str, dir: &std::path::Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut flagged: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, check) in checkov_failed(bin, "secrets", dir) {
        let name = path.rsplit('/').next().unwrap_or_default().trim_end_matches(".yaml").to_owned();
        flagged.entry(name).or_default().insert(format!("checkov:{check}"));
    }
    flagged
}

#[test]
fn agrees_with_detect_secrets_and_checkov() {
    let ds = tool("DETECT_SECRETS", "detect-secrets");
    let ck = tool("CHECKOV", "checkov");
    if ds.is_none() || ck.is_none() {
        assert!(std::env::var("CI").is_err(), "CI must install detect-secrets and checkov (PyPI)");
        eprintln!("skipped: detect-secrets or checkov not found");
        return;
    }
    let cases = cases();
    // checkov skips hidden directories, and tempdir names start with a dot; it reads `.yaml`.
    let dir = tempfile::Builder::new().prefix("shipshape-secrets-").tempdir().unwrap();
    for c in &cases {
        std::fs::write(dir.path().join(format!("{}.yaml", c.name)), &c.text).unwrap();
    }
    let mut peers = detect_secrets(&ds.unwrap(), dir.path());
    for (name, checks) in checkov(&ck.unwrap(), dir.path()) {
        peers.entry(name).or_default().extend(checks);
    }
    let declared: BTreeMap<&str, &[&str]> = ALL.iter().map(|r| (r.meta.code, r.meta.peers)).collect();
    let all_declared: BTreeSet<&str> = declared.values().flat_map(|p| p.iter().copied()).collect();
    let mut failures = Vec::new();
    let mut disagreements = Vec::new();
    let mut agreed: BTreeSet<(&str, &str)> = BTreeSet::new();
    for c in &cases {
        let got = ours(c.name, &c.text);
        let want: BTreeSet<String> = c.ours.iter().map(|s| s.to_string()).collect();
        if got != want {
            failures.push(format!("{}: shipshape reports {got:?}, expected {want:?}", c.name));
        }
        let flagged = peers.get(c.name).cloned().unwrap_or_default();
        for peer in c.peers {
            let code = c.ours.unwrap_or_default();
            if !declared.get(code).is_some_and(|p| p.contains(peer)) {
                failures.push(format!("{}: {peer} is not a declared peer of {code}", c.name));
            } else if flagged.contains(*peer) {
                agreed.insert((code, peer));
            } else {
                failures.push(format!("{}: {peer} does not flag it ({flagged:?})", c.name));
            }
        }
        if c.ours.is_none() {
            for peer in flagged.iter().filter(|p| all_declared.contains(p.as_str())) {
                disagreements.push((c.name, peer.clone(), "flags it and shipshape does not"));
            }
        }
    }
    failures.extend(unexplained(&disagreements, DELIBERATE));
    for (code, ps) in &declared {
        for peer in *ps {
            if !agreed.contains(&(*code, *peer)) {
                failures.push(format!("{code}: declared peer {peer} agrees on no case"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
