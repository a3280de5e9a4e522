//! The pull-request report (`--format markdown`, the app's Markdown button): what a reviewer reads
//! in a PR description, a comment or a job summary, within [`LIMIT`] characters whatever the input
//! (a GitHub comment or PR body takes 65,536).
//!
//! In order: the verdict with its counts, the release verdict and a narrowed `requires-python`;
//! the breaking changes as one table (how users name the object, what changed, where); the
//! compliance movements (the score, the findings the change introduced and fixed); what users
//! install that changed; the recommendations; then the warnings and additions folded in
//! `<details>`. Each part is cut to the room left, breaking changes first, and whatever is left
//! out is counted and pointed to the full report (`--format markdown-full`, `html`, `json`).

use std::fmt::Write;

use super::{code_cell, message, message_cell, requirement_cell as spec, text};
use crate::compliance::{self, ComplianceFinding, Status};
use crate::report::{ApiChange, Report, Severity, Verdict};

/// The most characters the report takes (bytes, which are never fewer than characters).
pub const LIMIT: usize = 60_000;

/// A message in a table is cut to this many characters.
const MESSAGE_CHARS: usize = 220;
/// Room kept for the closing line that counts what was left out.
const FOOTER_ROOM: usize = 1_200;
/// The most each secondary part may take, so the breaking changes keep most of the room.
const COMPLIANCE_ROOM: usize = 6_000;
const DEPENDENCIES_ROOM: usize = 3_500;
const RECOMMENDATIONS_ROOM: usize = 3_000;

pub fn render(report: &Report) -> String {
    let mut left_out = LeftOut::default();
    let head = header(report);
    let compliance =
        cut(compliance_part(report, COMPLIANCE_ROOM, &mut left_out), COMPLIANCE_ROOM, &mut left_out);
    let dependencies = cut(dependencies_part(report), DEPENDENCIES_ROOM, &mut left_out);
    let recommendations = cut(recommendations_part(report), RECOMMENDATIONS_ROOM, &mut left_out);
    let fixed = head.len() + compliance.len() + dependencies.len() + recommendations.len() + FOOTER_ROOM;
    let mut room = LIMIT.saturating_sub(fixed);

    // What breaks without warning first, then what was removed after a deprecation, then names
    // that exist only for typing (as the app's first screen names them).
    let mut breaking: Vec<&ApiChange> =
        report.api_changes.iter().filter(|c| c.severity == Severity::Breaking).collect();
    breaking.sort_by_key(|c| (c.typing_only, c.deprecated.is_some()));
    let breaking_part = changes_part(
        &format!("## Breaking changes ({})\n\n", breaking.len()),
        &breaking,
        room,
        &mut left_out.breaking,
        "No breaking change: every public module, name, signature and parameter callers could use is still there.\n\n",
    );
    room = room.saturating_sub(breaking_part.len());
    let others: Vec<&ApiChange> =
        report.api_changes.iter().filter(|c| c.severity != Severity::Breaking).collect();
    let (warnings, additions) = (report.summary.warning, report.summary.additive);
    let mut others_part = String::new();
    if !others.is_empty() {
        let opening =
            format!("<details><summary>{warnings} warning(s) and {additions} addition(s)</summary>\n\n");
        let closing = "</details>\n\n";
        let table = changes_part(
            "",
            &others,
            room.saturating_sub(opening.len() + closing.len()),
            &mut left_out.others,
            "",
        );
        if !table.is_empty() {
            others_part = format!("{opening}{table}{closing}");
        } else {
            left_out.others = others.len();
        }
    }

    let mut out = String::with_capacity(LIMIT);
    for part in [&head, &breaking_part, &compliance, &dependencies, &recommendations, &others_part] {
        out.push_str(part);
    }
    out.push_str(&footer(report, &left_out));
    out
}

/// What a part could not show, for the closing line.
#[derive(Default)]
struct LeftOut {
    breaking: usize,
    others: usize,
    findings: usize,
    sections: Vec<&'static str>,
}

/// A part whole, or nothing (counted) when it does not fit its room.
fn cut(part: (&'static str, String), room: usize, left_out: &mut LeftOut) -> String {
    let (name, text) = part;
    if text.len() <= room {
        text
    } else {
        left_out.sections.push(name);
        String::new()
    }
}

fn header(report: &Report) -> String {
    let s = &report.summary;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Stability report: {} → {}\n",
        text(&report.baseline.label),
        text(&report.current.label)
    );
    let warned = if s.breaking_after_deprecation > 0 {
        format!(
            " ({} without warning, {} after a deprecation)",
            s.breaking - s.breaking_after_deprecation,
            s.breaking_after_deprecation
        )
    } else {
        String::new()
    };
    let verdict = match report.verdict {
        Verdict::Breaking => format!(
            "**Verdict: BREAKING** — {} breaking change(s){warned} can break existing callers.",
            s.breaking
        ),
        Verdict::Compatible => "**Verdict: COMPATIBLE** — no breaking API change was found.".to_owned(),
    };
    let _ = writeln!(
        out,
        "{verdict} {} warning(s), {} addition(s), {} file(s) changed, {} problem(s). Overall risk: **{}**.\n",
        s.warning,
        s.additive,
        s.files_changed,
        s.problems,
        report.assessment.overall.as_str()
    );
    if let Some(release) = &report.release {
        let _ = writeln!(out, "**Release:** {}\n", text(&release.describe()));
    }
    if let Some(python) = report.python_requires.as_ref().filter(|p| p.narrowed()) {
        let _ = writeln!(out, "**Python:** {}\n", text(&python.describe()));
    }
    if let Some(history) = &report.history {
        let _ = writeln!(
            out,
            "Compared {} ({}) .. {} ({}): {} commit(s).\n",
            text(&history.baseline.revision),
            text(history.baseline.commit.get(..7).unwrap_or("")),
            text(&history.current.revision),
            text(history.current.commit.get(..7).unwrap_or("")),
            history.commits.len()
        );
    }
    out
}

/// How users name an object, with the parameter: `httpx.Client.get` · `timeout`.
fn name_cell(change: &ApiChange) -> String {
    let mut name = code_cell(change.name());
    if let Some(parameter) = &change.parameter {
        name.push_str(" · ");
        name.push_str(&code_cell(parameter));
    }
    if change.typing_only {
        name.push_str(" (typing only)");
    }
    name
}

/// A message cut to [`MESSAGE_CHARS`] characters at a word, with its code spans kept whole.
fn short(message: &str) -> String {
    cut_at(message, MESSAGE_CHARS)
}

fn cut_at(message: &str, chars: usize) -> String {
    if message.chars().count() <= chars {
        return message.to_owned();
    }
    let mut cut: String = message.chars().take(chars).collect();
    if let Some(space) = cut.rfind(' ') {
        cut.truncate(space);
    }
    if cut.matches('`').count() % 2 == 1 {
        if let Some(tick) = cut.rfind('`') {
            cut.truncate(tick);
        }
    }
    format!("{}…", cut.trim_end())
}

/// Where the change shows: the current side's file and line, else the baseline's.
fn where_cell(change: &ApiChange) -> String {
    match change.current.as_ref().or(change.baseline.as_ref()) {
        Some(e) => code_cell(&format!("{}:{}", e.path, e.line)),
        None => String::new(),
    }
}

/// A heading and a table of changes, as many rows as fit in `room` (the rest counted in
/// `left_out`); `empty` when there is no change.
fn changes_part(
    heading: &str,
    changes: &[&ApiChange],
    room: usize,
    left_out: &mut usize,
    empty: &str,
) -> String {
    let mut out = heading.to_owned();
    if changes.is_empty() {
        out.push_str(empty);
        return if out.len() <= room { out } else { String::new() };
    }
    out.push_str("| name | change | what happened | where |\n|---|---|---|---|\n");
    let mut shown = 0;
    for change in changes {
        let warned = if change.deprecated.is_some() { " (after deprecation)" } else { "" };
        let row = format!(
            "| {} | {}{warned} | {} | {} |\n",
            name_cell(change),
            text(change.kind.definition().label),
            message_cell(&short(&change.message)),
            where_cell(change)
        );
        // Keep room for the line that counts the rest.
        if out.len() + row.len() + 120 > room {
            break;
        }
        out.push_str(&row);
        shown += 1;
    }
    if shown == 0 {
        *left_out = changes.len();
        return String::new();
    }
    *left_out = changes.len() - shown;
    if *left_out > 0 {
        let _ = writeln!(out, "\n_… and {} more, in the full report._", *left_out);
    }
    out.push('\n');
    out
}

/// The compliance movements: the score, the findings the change introduced (errors first) and
/// those it fixed.
fn compliance_part(report: &Report, room: usize, left_out: &mut LeftOut) -> (&'static str, String) {
    const LISTED: usize = 10;
    let c = &report.compliance;
    let mut out = String::new();
    let new: Vec<&ComplianceFinding> = c.with_status(Status::New).collect();
    let fixed: Vec<&ComplianceFinding> = c.with_status(Status::Fixed).collect();
    let _ = writeln!(
        out,
        "## Compliance\n\nPolicy {}: overall score {}; {} new finding(s), {} fixed.\n",
        text(&c.policy),
        compliance::movement(c.baseline.score, c.current.score),
        new.len(),
        fixed.len()
    );
    for (title, findings) in [("New", &new), ("Fixed", &fixed)] {
        if findings.is_empty() {
            continue;
        }
        let _ = writeln!(out, "| {title} | rule | where | message |\n|---|---|---|---|");
        let mut shown = 0;
        for finding in findings.iter().take(LISTED) {
            let row = format!(
                "| {} | {} | {} | {} |\n",
                finding.level.as_str(),
                code_cell(finding.rule.as_str()),
                code_cell(&format!("{}:{}", finding.path, finding.line)),
                message_cell(&short(&finding.message))
            );
            // Half the room for each list, with space for the counting line.
            if out.len() + row.len() + 120 > room / 2 * if title == "New" { 1 } else { 2 } {
                break;
            }
            out.push_str(&row);
            shown += 1;
        }
        if findings.len() > shown {
            left_out.findings += findings.len() - shown;
            let _ = writeln!(
                out,
                "\n_… and {} more {} finding(s), in the full report._",
                findings.len() - shown,
                title.to_lowercase()
            );
        }
        out.push('\n');
    }
    ("compliance", out)
}

/// What users install that changed (runtime requirements and extras), and the supported Pythons.
fn dependencies_part(report: &Report) -> (&'static str, String) {
    const LISTED: usize = 20;
    let reaching: Vec<_> = report.dependencies.iter().filter(|d| d.scope.reaches_users()).collect();
    let others = report.dependencies.len() - reaching.len();
    let mut out = String::new();
    if reaching.is_empty() && report.python_requires.is_none() && others == 0 {
        return ("dependencies", out);
    }
    let _ = writeln!(out, "## Dependencies\n");
    if let Some(python) = &report.python_requires {
        let _ = writeln!(out, "Python: {}.\n", text(&python.describe()));
    }
    if !reaching.is_empty() {
        let _ = writeln!(out, "| requirement | change | baseline | current |\n|---|---|---|---|");
        for change in reaching.iter().take(LISTED) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                code_cell(&change.label()),
                change.change.as_str(),
                spec(&change.baseline),
                spec(&change.current)
            );
        }
        if reaching.len() > LISTED {
            let _ = writeln!(out, "\n_… and {} more, in the full report._", reaching.len() - LISTED);
        }
        out.push('\n');
    }
    if others > 0 {
        let _ = writeln!(
            out,
            "{others} change(s) to development, test or docs requirements or to files outside the distribution (they do not reach users).\n"
        );
    }
    ("dependencies", out)
}

fn recommendations_part(report: &Report) -> (&'static str, String) {
    const LISTED: usize = 5;
    let recommendations = &report.assessment.recommendations;
    let mut out = String::new();
    if recommendations.is_empty() {
        return ("recommendations", out);
    }
    let _ = writeln!(out, "## Recommendations\n");
    for (index, recommendation) in recommendations.iter().take(LISTED).enumerate() {
        let _ = writeln!(out, "{}. {}", index + 1, message(&cut_at(&recommendation.text, 2 * MESSAGE_CHARS)));
    }
    if recommendations.len() > LISTED {
        let _ = writeln!(out, "\n_… and {} more, in the full report._", recommendations.len() - LISTED);
    }
    out.push('\n');
    ("recommendations", out)
}

fn footer(report: &Report, left_out: &LeftOut) -> String {
    let mut parts = Vec::new();
    if left_out.breaking > 0 {
        parts.push(format!("{} breaking change(s)", left_out.breaking));
    }
    if left_out.others > 0 {
        parts.push(format!("{} warning(s) and addition(s)", left_out.others));
    }
    if left_out.findings > 0 {
        parts.push(format!("{} compliance finding(s)", left_out.findings));
    }
    for section in &left_out.sections {
        parts.push(format!("the {section} section"));
    }
    let tool = format!("stability-lens {}", report.tool.version);
    let what = if parts.is_empty() {
        "Signatures before and after, evidence and every section".to_owned()
    } else {
        format!(
            "Not shown here to fit a comment: {}. They, the signatures before and after and the evidence",
            parts.join(", ")
        )
    };
    format!(
        "---\n_{what} are in the full report: `--format markdown-full`, `html` or `json` ({})._\n",
        text(&tool)
    )
}
