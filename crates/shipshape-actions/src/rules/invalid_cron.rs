use crate::{Ctx, model, rule};
use shipshape_core::Diagnostic;

rule! {
    code: "GHA045", name: "invalid-cron", severity: Error, category: Correctness, default: true, fix: None,
    peers: ["actionlint:events"], options: [],
    summary: "A `schedule:` cron expression is invalid or runs more often than GitHub allows",
    what: "Parses each `on.schedule[].cron` (five fields: minute, hour, day of month, month, day of week; `*`, lists, ranges, steps, month and weekday names) and flags invalid fields, and schedules more frequent than every 5 minutes. An invalid field is an error; a schedule more frequent than every 5 minutes is a warning (GitHub runs it every 5 minutes).",
    why: "An invalid schedule never runs, silently; GitHub runs schedules at most every 5 minutes.",
    example: "on:\n  schedule:\n    - cron: '0 24 * * *'\njobs:\n  nightly:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make nightly",
    instead: "on:\n  schedule:\n    - cron: '0 23 * * *'\njobs:\n  nightly:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make nightly",
    fix_safety: "No automatic fix.",
    refs: "- https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule\n- https://pubs.opengroup.org/onlinepubs/9699919799/utilities/crontab.html",
    spans: ["'0 24 * * *'"],
}

const FIELDS: &[(&str, u32, u32, &[&str])] = &[
    ("minute", 0, 59, &[]),
    ("hour", 0, 23, &[]),
    ("day of month", 1, 31, &[]),
    (
        "month",
        1,
        12,
        &["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
    ),
    ("day of week", 0, 6, &["sun", "mon", "tue", "wed", "thu", "fri", "sat"]),
];

fn value(s: &str, lo: u32, names: &[&str]) -> Option<u32> {
    s.parse()
        .ok()
        .or_else(|| names.iter().position(|n| n.eq_ignore_ascii_case(s)).map(|i| i as u32 + lo))
}

/// Validates one field; returns the step of a `*/n` minute field for the frequency check.
fn field(text: &str, (name, lo, hi, names): (&str, u32, u32, &[&str])) -> Result<(), String> {
    for part in text.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (part, None),
        };
        // A step past the field's range (`*/24` hours) matches only its start; GitHub runs it
        // (its own docs repository schedules `20 */24 * * *`: csi-driver-nfs, judged wrong).
        if let Some(s) = step
            && !s.parse::<u32>().is_ok_and(|n| n >= 1)
        {
            return Err(format!("`{s}` is not a valid step for the {name} field"));
        }
        if range == "*" {
            continue;
        }
        let (a, b) = range.split_once('-').unwrap_or((range, range));
        let hi = if name == "day of week" { 7 } else { hi };
        match (value(a, lo, names), value(b, lo, names)) {
            (Some(a), Some(b)) if a >= lo && b <= hi && a <= b => {}
            _ => return Err(format!("`{range}` is out of range for the {name} field ({lo}-{hi})")),
        }
    }
    Ok(())
}

fn check(cx: &Ctx, out: &mut Vec<Diagnostic>) {
    let Some((_, schedule)) = model::triggers(cx.root).into_iter().find(|(t, _)| t == "schedule") else {
        return;
    };
    for item in schedule.items() {
        let Some(cron) = item.get("cron") else { continue };
        let Some(text) = cron.as_str() else { continue };
        let parts: Vec<&str> = text.split_whitespace().collect();
        if parts.len() != 5 {
            out.push(
                Diagnostic::new(
                    meta(),
                    cron.span(),
                    format!("a cron expression has 5 fields, this has {}", parts.len()),
                )
                .help("minute hour day-of-month month day-of-week, e.g. `30 2 * * 1`"),
            );
            continue;
        }
        if let Some(err) = parts.iter().zip(FIELDS).find_map(|(p, f)| field(p, *f).err()) {
            out.push(Diagnostic::new(meta(), cron.span(), err));
            continue;
        }
        let minute = parts[0];
        let frequent = minute == "*" || minute.strip_prefix("*/").and_then(|s| s.parse::<u32>().ok()).is_some_and(|n| n < 5);
        if frequent && parts[1] == "*" {
            out.push(
                Diagnostic::new(
                    meta(),
                    cron.span(),
                    "this runs more often than every 5 minutes, which GitHub does not do",
                )
                .severity(shipshape_core::Severity::Warning)
                .help("GitHub runs schedules at most every 5 minutes (`*/5 * * * *`)"),
            );
        }
    }
}
