use crate::detect::{Detector, scan};
use crate::{Ctx, rule};
use regex::Regex;
use shipshape_core::Diagnostic;
use std::sync::OnceLock;

rule! {
    code: "SEC004", name: "service-token", severity: Error, category: Security, default: true, fix: None,
    peers: ["detect-secrets:SlackDetector", "detect-secrets:StripeDetector", "detect-secrets:SendGridDetector", "detect-secrets:NpmDetector", "detect-secrets:TwilioKeyDetector", "detect-secrets:MailchimpDetector", "detect-secrets:OpenAIDetector", "detect-secrets:PypiTokenDetector", "detect-secrets:TelegramBotTokenDetector", "detect-secrets:ArtifactoryDetector", "checkov:CKV_SECRET_11", "checkov:CKV_SECRET_14", "checkov:CKV_SECRET_17", "checkov:CKV_SECRET_18"], options: [],
    summary: "An API token of a SaaS service or package registry is committed",
    what: "Flags tokens with a recognisable format: Slack tokens and webhooks, Stripe live keys, Twilio API keys, SendGrid, Mailgun, npm, PyPI, RubyGems, Docker Hub, OpenAI, Anthropic, Hugging Face, Shopify, Discord webhooks, Telegram bots, Databricks, HashiCorp Vault and Terraform Cloud, New Relic, Linear, Grafana, Sentry, Postman, DigitalOcean, Square, Pulumi, Figma, Notion, 1Password service accounts, age keys, Heroku, Mailchimp, Algolia, Datadog, Atlassian, Cloudflare, JFrog, Okta, Bitbucket, Slack app tokens, Netlify, Supabase, PlanetScale, Buildkite, Doppler and Contentful. A token with an ascending run of ten digits (`xoxb-1234567890-…`, the form of vendors' documentation examples) is taken for a placeholder.",
    why: "Each grants access to a paid service or a publishing channel: leaked registry tokens publish malicious packages under your name, leaked payment keys move money.",
    example: "SLACK_BOT_TOKEN=xoxb-2619354829-5839201746-Kq8vN2xR7tL1mZ9cW3bH6yJ0\nSTRIPE_KEY=sk_live_51Hq8vN2xR7tL1mZ9cW3bH6yJ0pF5sD2gA4eU",
    instead: "SLACK_BOT_TOKEN=${SLACK_BOT_TOKEN}\nSTRIPE_KEY=${STRIPE_KEY}",
    fix_safety: "No automatic fix: rotate the token at the service first.",
    refs: "- https://docs.github.com/en/code-security/secret-scanning/introduction/supported-secret-scanning-patterns",
    spans: ["xoxb-2619354829-5839201746-Kq8vN2xR7tL1mZ9cW3bH6yJ0", "sk_live_51Hq8vN2xR7tL1mZ9cW3bH6yJ0pF5sD2gA4eU"],
}

macro_rules! d {
    ($what:literal, [$($k:literal),+], $pattern:literal, $e:literal) => {
        Detector { what: $what, keywords: &[$($k),+], pattern: $pattern, min_entropy: $e }
    };
}

pub static DETECTORS: &[Detector] = &[
    d!(
        "a Slack token",
        ["xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"],
        r"\b(xox[baprs]-[0-9]{8,13}-[0-9A-Za-z-]{10,})",
        3.0
    ),
    d!(
        "a Slack webhook URL",
        ["hooks.slack.com"],
        r"(https://hooks\.slack\.com/services/T[A-Z0-9]{6,12}/B[A-Z0-9]{6,12}/[A-Za-z0-9]{20,32})",
        3.0
    ),
    d!(
        "a Stripe live key",
        ["sk_live_", "rk_live_"],
        r"\b((?:sk|rk)_live_[A-Za-z0-9]{20,247})\b",
        3.5
    ),
    d!(
        "a Twilio API key",
        ["twilio"],
        r#"(?i)twilio[a-z_]*["']?\s*[:=]\s*["']?(SK[0-9a-f]{32})\b"#,
        3.0
    ),
    d!(
        "a SendGrid API key",
        ["sg."],
        r"\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})\b",
        4.0
    ),
    d!(
        "a Mailgun API key",
        ["key-"],
        r#"(?i)mailgun[a-z_]*["']?\s*[:=]\s*["']?(key-[0-9a-f]{32})\b"#,
        3.0
    ),
    d!("an npm token", ["npm_"], r"\b(npm_[A-Za-z0-9]{36})\b", 3.5),
    d!("a PyPI token", ["pypi-"], r"\b(pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,})", 4.0),
    d!("a RubyGems API key", ["rubygems_"], r"\b(rubygems_[0-9a-f]{48})\b", 3.5),
    d!("a Docker Hub access token", ["dckr_pat_"], r"\b(dckr_pat_[A-Za-z0-9_-]{27})", 3.5),
    d!(
        "an OpenAI API key",
        ["t3blbkfj"],
        r"\b(sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})",
        4.0
    ),
    d!(
        "an Anthropic API key",
        ["sk-ant-"],
        r"\b(sk-ant-(?:api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,})",
        4.0
    ),
    d!("a Hugging Face token", ["hf_"], r"\b(hf_[A-Za-z]{34})\b", 3.5),
    d!(
        "a Shopify access token",
        ["shpat_"],
        r"\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b",
        3.0
    ),
    d!(
        "a Discord webhook URL",
        ["discord.com/api/webhooks"],
        r"(https://discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{60,68})",
        3.5
    ),
    d!("a Telegram bot token", [":aa"], r"\b([0-9]{8,10}:AA[A-Za-z0-9_-]{33})\b", 3.5),
    d!("a Databricks token", ["dapi"], r"\b(dapi[a-f0-9]{32}(?:-[0-9])?)\b", 3.0),
    d!("a HashiCorp Vault token", ["hvs."], r"\b(hvs\.[A-Za-z0-9_-]{90,})", 4.0),
    d!(
        "a Terraform Cloud token",
        ["atlasv1"],
        r"\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,70})",
        4.0
    ),
    d!("a New Relic user key", ["nrak-"], r"\b(NRAK-[A-Z0-9]{27})\b", 3.5),
    d!("a Linear API key", ["lin_api_"], r"\b(lin_api_[A-Za-z0-9]{40})\b", 3.5),
    d!("a Grafana token", ["glsa_"], r"\b(glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8})\b", 3.5),
    d!("a Sentry token", ["sntrys_"], r"\b(sntrys_eyJ[A-Za-z0-9_=-]{40,})", 4.0),
    d!("a Postman API key", ["pmak-"], r"\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b", 3.5),
    d!("a DigitalOcean token", ["dop_v1_"], r"\b(do[opr]_v1_[a-f0-9]{64})\b", 3.5),
    d!(
        "a Square token",
        ["sq0atp-", "sq0csp-"],
        r"\b(sq0(?:atp|csp)-[0-9A-Za-z_-]{22,43})",
        3.5
    ),
    d!("a Pulumi token", ["pul-"], r"\b(pul-[a-f0-9]{40})\b", 3.5),
    d!("a Figma token", ["figd_"], r"\b(figd_[A-Za-z0-9_-]{40})", 3.5),
    d!(
        "a Notion token",
        ["ntn_", "secret_"],
        r"\b((?:ntn_[0-9]{11}[A-Za-z0-9]{35})|(?:secret_[A-Za-z0-9]{43}))\b",
        4.0
    ),
    d!(
        "a 1Password service account token",
        ["ops_"],
        r"\b(ops_eyJ[A-Za-z0-9+/=]{250,})",
        4.0
    ),
    d!("an age secret key", ["age-secret-key-"], r"\b(AGE-SECRET-KEY-1[0-9A-Z]{58})\b", 3.5),
    d!(
        "a Heroku API key",
        ["heroku"],
        r#"(?i)heroku[a-z_]*(?:key|token)["']?\s*[:=]\s*["']?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b"#,
        3.0
    ),
    d!("a Mailchimp API key", ["-us"], r"\b([0-9a-f]{32}-us[0-9]{1,2})\b", 3.0),
    d!(
        "an Algolia admin key",
        ["algolia"],
        r#"(?i)algolia[a-z_]*key["']?\s*[:=]\s*["']?([a-f0-9]{32})\b"#,
        3.0
    ),
    d!(
        "a Datadog API key",
        ["datadog", "dd_api_key"],
        r#"(?i)(?:^|[^a-z0-9])(?:datadog|dd)_?api_?key["']?\s*[:=]\s*["']?([a-f0-9]{32})\b"#,
        3.0
    ),
    d!(
        "a Datadog application key",
        ["datadog", "dd_app_key"],
        r#"(?i)(?:^|[^a-z0-9])(?:datadog|dd)_?app(?:lication)?_?key["']?\s*[:=]\s*["']?([a-f0-9]{40})\b"#,
        3.0
    ),
    d!("an Atlassian API token", ["atatt3"], r"\b(ATATT3[A-Za-z0-9_=-]{180,})", 4.0),
    d!(
        "a Cloudflare API token",
        ["cloudflare"],
        r#"(?i)(?:cloudflare|cf)_?api_?(?:token|key)["']?\s*[:=]\s*["']?([A-Za-z0-9_-]{40})\b"#,
        3.5
    ),
    d!("a JFrog API key", ["akcp"], r"\b(AKCp[A-Za-z0-9]{69})\b", 3.5),
    d!(
        "an Okta API token",
        ["okta"],
        r#"(?i)okta[a-z_]*(?:token|key)["']?\s*[:=]\s*["']?(00[A-Za-z0-9_-]{40})\b"#,
        3.5
    ),
    d!("a Bitbucket app password", ["atbb"], r"\b(ATBB[A-Za-z0-9_=.-]{28,})", 3.5),
    d!(
        "a Slack app-level token",
        ["xapp-"],
        r"\b(xapp-[0-9]-[A-Z0-9]+-[0-9]+-[a-f0-9]{64})\b",
        3.5
    ),
    d!("a Netlify token", ["nfp_"], r"\b(nfp_[A-Za-z0-9]{36})\b", 3.5),
    d!("a Supabase token", ["sbp_"], r"\b(sbp_[a-f0-9]{40})\b", 3.0),
    d!(
        "a PlanetScale token",
        ["pscale_"],
        r"\b(pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64})",
        3.5
    ),
    d!("a Buildkite token", ["bkua_"], r"\b(bkua_[a-f0-9]{40})\b", 3.0),
    d!(
        "a Doppler token",
        ["dp.pt.", "dp.st."],
        r"\b(dp\.(?:pt|st|sa|ct)\.[A-Za-z0-9]{40,44})\b",
        3.5
    ),
    d!("a Contentful token", ["cfpat-"], r"\b(CFPAT-[A-Za-z0-9_-]{43})", 3.5),
];
static COMPILED: OnceLock<Vec<Option<Regex>>> = OnceLock::new();

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    for (span, d) in scan(cx.src, &cx.present, DETECTORS, &COMPILED) {
        if documentation_example(span.text(cx.src)) {
            continue;
        }
        // The `placeholder` of a form field shows what to paste (dokploy's Telegram bot token).
        let before = shipshape_core::span::slice_floor(cx.src, span.start.saturating_sub(40), span.start).to_ascii_lowercase();
        if before.contains("placeholder") {
            continue;
        }
        // Algolia's search-only keys have the admin key's format and ship in every docs site's
        // frontend: a key whose name says search or public is one (the error audit, 2026-12-05).
        if d.what == "an Algolia admin key" {
            let line_start = cx.src.floor_char_boundary(span.start.saturating_sub(80));
            let name = cx.src[line_start..span.start].to_ascii_lowercase();
            if name.contains("search") || name.contains("public") {
                continue;
            }
        }
        out.push(
            cx.finding(meta(), span, &format!("{} is committed", d.what))
                .help("rotate it at the service, then read it from a secret store"),
        );
    }
}

/// Whether a token holds an ascending run of ten digits, as documentation examples do
/// (`xoxb-1234567890-1234567890123-…` in Slack's and its integrators' docs): a generated token
/// contains one with odds of about 1 in 10^10 per position.
fn documentation_example(token: &str) -> bool {
    token.contains("1234567890") || token.contains("0123456789")
}
