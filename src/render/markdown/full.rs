//! The full Markdown report (`--format markdown-full`), shaped like the stability report reviewers
//! already write — summary, methodology, breaking-change analysis with before/after signatures,
//! files, problems — with every claim computed and pointing at its file and line. Its length
//! follows the input (275 KB for Django 4.2 → 5.0); [`super::brief`] is the one sized for a pull
//! request.

use std::fmt::Write;

use super::{code, code_cell, list_cell, message, message_cell, requirement_cell as spec, text};
use crate::catalogue::CATALOGUE;
use crate::compliance::rules::RuleId;
use crate::compliance::{self, ComplianceFinding, Status};
use crate::report::{assessment, ApiChange, Evidence, Report, Severity, Verdict};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(
        out,
        "# Stability report: {} → {}\n",
        text(&report.baseline.label),
        text(&report.current.label)
    );
    let verdict = match report.verdict {
        Verdict::Breaking => "**Verdict: BREAKING** — existing callers can fail after this change.",
        Verdict::Compatible => "**Verdict: COMPATIBLE** — no breaking API change was found.",
    };
    let _ =
        writeln!(out, "## Summary\n\n{verdict} Overall risk: **{}**.\n", report.assessment.overall.as_str());
    if let Some(release) = &report.release {
        let _ = writeln!(out, "**Release:** {}\n", text(&release.describe()));
    }
    let warned = if s.breaking_after_deprecation > 0 {
        format!(
            " ({} without warning, {} after deprecation)",
            s.breaking - s.breaking_after_deprecation,
            s.breaking_after_deprecation
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "- {} breaking{warned}, {} warning, {} additive API change(s)\n- {} file(s) changed\n- {} problem(s): file(s) that could not be analysed\n",
        s.breaking, s.warning, s.additive, s.files_changed, s.problems
    );
    let _ = writeln!(out, "## Methodology\n");
    let _ = writeln!(out, "| | baseline | current |\n|---|---|---|");
    let (b, c) = (&report.baseline, &report.current);
    let _ = writeln!(out, "| source | {} | {} |", text(&b.label), text(&c.label));
    let _ = writeln!(out, "| files | {} | {} |", b.files, c.files);
    let _ = writeln!(out, "| Python files | {} | {} |", b.python_files, c.python_files);
    let _ = writeln!(out, "| public modules | {} | {} |", b.modules, c.modules);
    let _ = writeln!(out, "| packages | {} | {} |", list_cell(&b.packages), list_cell(&c.packages));
    let roots = |side: &crate::report::SideSummary| {
        side.api_roots
            .iter()
            .map(|r| format!("{} ({})", code_cell(&r.path), text(&r.from)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let _ = writeln!(out, "| API read from | {} | {} |", roots(b), roots(c));
    let _ = writeln!(out, "| kind | {} | {} |", b.kind.as_str(), c.kind.as_str());
    let python =
        |side: &crate::report::SideSummary| side.requires_python.as_deref().map_or("—".to_owned(), code_cell);
    let _ = writeln!(out, "| requires-python | {} | {} |", python(b), python(c));
    let unreadable = |side: &crate::report::SideSummary| side.not_fully_readable.len();
    let _ = writeln!(out, "| modules not fully readable | {} | {} |\n", unreadable(b), unreadable(c));
    for side in [b, c] {
        for item in &side.not_fully_readable {
            let _ = writeln!(out, "- {} ({}): {}", code(&item.module), text(&side.label), text(&item.reason));
        }
    }
    if !b.not_fully_readable.is_empty() || !c.not_fully_readable.is_empty() {
        let _ = writeln!(out, "\nNo finding is made about the names these modules may or may not provide.\n");
    }
    if let Some(history) = &report.history {
        let _ = writeln!(
            out,
            "**Scope:** {} ({}) .. {} ({}) in {} — {} commit(s):\n",
            code(&history.baseline.revision),
            code(history.baseline.commit.get(..7).unwrap_or("")),
            code(&history.current.revision),
            code(history.current.commit.get(..7).unwrap_or("")),
            text(&history.source),
            history.commits.len()
        );
        for commit in &history.commits {
            let date = commit.date.get(..10).unwrap_or(&commit.date);
            let id = commit.id.get(..7).unwrap_or("");
            let _ =
                writeln!(out, "- {} {date} {} — {}", code(id), text(&commit.subject), text(&commit.author));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Every Python file on both sides was parsed; the public API (modules, functions, classes, \
         methods and their parameters) was extracted and compared signature by signature.\n"
    );

    let _ = writeln!(out, "## Breaking changes\n");
    if s.breaking_after_deprecation > 0 {
        let _ = writeln!(out, "### Broken without warning\n");
        changes_matching(&mut out, report, Severity::Breaking, "####", |c| c.deprecated.is_none());
        let _ = writeln!(out, "### Removed after deprecation\n");
        changes_matching(&mut out, report, Severity::Breaking, "####", |c| c.deprecated.is_some());
    } else {
        changes_of(&mut out, report, Severity::Breaking, "###");
    }
    let _ = writeln!(out, "## Interface compatibility\n");
    let _ = writeln!(
        out,
        "{} warning(s): callers keep working but may behave differently; {} addition(s).\n",
        s.warning, s.additive
    );
    let _ = writeln!(out, "### Warnings\n");
    changes_of(&mut out, report, Severity::Warning, "####");
    let _ = writeln!(out, "### Additions\n");
    changes_of(&mut out, report, Severity::Additive, "####");
    dependencies_section(&mut out, report);
    rule_group_section(&mut out, report, report.compliance.map_heading(), assessment::is_boundary_rule);
    rule_group_section(&mut out, report, "Configuration health", assessment::is_configuration_rule);
    compliance_section(&mut out, report);
    risk_section(&mut out, report);
    recommendations_section(&mut out, report);
    let _ = writeln!(out, "## Changed files\n");
    if report.files.is_empty() {
        let _ = writeln!(out, "No file differs.\n");
    } else {
        let _ = writeln!(out, "| file | status |\n|---|---|");
        for file in &report.files {
            let previous = file
                .previous_path
                .as_deref()
                .map(|p| format!(" (from {})", code_cell(p)))
                .unwrap_or_default();
            let _ = writeln!(out, "| {}{previous} | {} |", code_cell(&file.path), file.status.as_str());
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Problems\n");
    if report.problems.is_empty() {
        let _ = writeln!(out, "Every file was analysed.");
    } else {
        let _ = writeln!(out, "| side | location | reason |\n|---|---|---|");
        for problem in &report.problems {
            let location = format!("{}:{}:{}", problem.path, problem.line, problem.column);
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                problem.side.as_str(),
                code_cell(&location),
                text(&problem.message)
            );
        }
    }
    out
}

/// Scores before and after, rule by rule, and the findings the change introduced or fixed.
fn compliance_section(out: &mut String, report: &Report) {
    let compliance = &report.compliance;
    let _ = writeln!(out, "## Compliance\n");
    let _ = writeln!(
        out,
        "Policy: {}. Overall score {} (rules weighted by level: error 3, warning 1).\n",
        text(&compliance.policy),
        compliance::movement(compliance.baseline.score, compliance.current.score)
    );
    let _ = writeln!(out, "| rule | level | baseline | current | violations |\n|---|---|---|---|---|");
    for (before, after) in compliance.baseline.rules.iter().zip(&compliance.current.rules) {
        let cell = |score: &compliance::RuleScore| {
            if score.checked == 0 {
                "—".to_owned()
            } else {
                format!(
                    "{} ({} of {})",
                    compliance::shown(score.score),
                    score.checked - score.violations,
                    score.checked
                )
            }
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} → {} |",
            code_cell(after.id.as_str()),
            after.level.as_str(),
            cell(before),
            cell(after),
            before.violations,
            after.violations
        );
    }
    out.push('\n');
    for (status, title) in [(Status::New, "New findings"), (Status::Fixed, "Fixed by this change")] {
        let findings: Vec<&ComplianceFinding> = compliance.with_status(status).collect();
        let _ = writeln!(out, "### {title} ({})\n", findings.len());
        if findings.is_empty() {
            let _ = writeln!(out, "None.\n");
            continue;
        }
        for finding in findings {
            let _ = writeln!(
                out,
                "- **{}** {} — {} — {}",
                finding.level.as_str(),
                code(finding.rule.as_str()),
                code(&format!("{}:{}", finding.path, finding.line)),
                message(&finding.message)
            );
        }
        out.push('\n');
    }
    let unchanged = compliance.with_status(Status::Unchanged).count();
    if unchanged > 0 {
        let _ = writeln!(
            out,
            "{unchanged} finding(s) were already there before the change (listed in the JSON report).\n"
        );
    }
}

fn dependencies_section(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Dependency impact\n");
    let (b, c) = (&report.baseline, &report.current);
    let _ = writeln!(
        out,
        "Requirements users install (runtime and extras): {} → {}; dependency files read: {} → {} (listed in the JSON report).\n",
        b.dependencies,
        c.dependencies,
        b.dependency_files.len(),
        c.dependency_files.len()
    );
    if let Some(python) = &report.python_requires {
        let _ = writeln!(
            out,
            "**Python:** {} ({} → {}).\n",
            text(&python.describe()),
            text(if python.baseline_source.is_empty() { "not declared" } else { &python.baseline_source }),
            text(if python.current_source.is_empty() { "not declared" } else { &python.current_source })
        );
    }
    if report.dependencies.is_empty() {
        let _ = writeln!(out, "None added, removed or changed.\n");
        return;
    }
    let table = |out: &mut String, changes: &[&crate::report::DependencyChange]| {
        let _ = writeln!(
            out,
            "| dependency | change | baseline | current | declared in |\n|---|---|---|---|---|"
        );
        for change in changes {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                code_cell(&change.label()),
                change.change.as_str(),
                spec(&change.baseline),
                spec(&change.current),
                text(&change.source)
            );
        }
        out.push('\n');
    };
    let groups = crate::compliance::dependencies::by_scope(&report.dependencies);
    let reaching: Vec<&crate::report::DependencyChange> = groups
        .iter()
        .filter(|(scope, _)| scope.reaches_users())
        .flat_map(|(_, list)| list.iter().copied())
        .collect();
    if reaching.is_empty() {
        let _ = writeln!(out, "No runtime requirement or extra was added, removed or changed.\n");
    } else {
        table(out, &reaching);
    }
    for (scope, changes) in groups.iter().filter(|(scope, _)| !scope.reaches_users()) {
        let _ = writeln!(
            out,
            "<details><summary>{}: {} change(s) — they do not reach users</summary>\n",
            scope.heading(),
            changes.len()
        );
        table(out, changes);
        let _ = writeln!(out, "</details>\n");
    }
}

/// The API changes of one severity, each with its evidence before and after.
fn changes_of(out: &mut String, report: &Report, severity: Severity, heading: &str) {
    changes_matching(out, report, severity, heading, |_| true);
}

fn changes_matching(
    out: &mut String,
    report: &Report,
    severity: Severity,
    heading: &str,
    keep: fn(&ApiChange) -> bool,
) {
    let changes: Vec<&ApiChange> =
        report.api_changes.iter().filter(|c| c.severity == severity && keep(c)).collect();
    if changes.is_empty() {
        let _ = writeln!(out, "None found.\n");
        return;
    }
    for change in changes {
        let parameter =
            change.parameter.as_deref().map(|p| format!(" — parameter {}", code(p))).unwrap_or_default();
        let typing = if change.typing_only { " (typing only)" } else { "" };
        let _ = writeln!(
            out,
            "{heading} {} {}{parameter}{typing}\n",
            code(change.kind.as_str()),
            code(change.name())
        );
        if change.name() != change.object {
            let _ = writeln!(out, "Defined as {}.\n", code(&change.object));
        }
        let _ = writeln!(out, "{}\n", message(&change.message));
        if severity != Severity::Additive {
            let why = CATALOGUE.iter().find(|d| d.kind == change.kind).map(|d| d.why).unwrap_or("");
            let _ = writeln!(out, "_Why it matters:_ {why}\n");
            let _ = writeln!(out, "_How to fix:_ {}\n", text(&change.fix()));
        }
        let _ = writeln!(out, "```python");
        evidence_block(out, "before", change.baseline.as_ref());
        evidence_block(out, "after", change.current.as_ref());
        let _ = writeln!(out, "```\n");
    }
}

/// How many findings of a group a section lists; the JSON report has them all.
const FINDINGS_LISTED: usize = 50;

/// A section made of a few rules (boundaries, configuration): their scores, then their findings.
fn rule_group_section(out: &mut String, report: &Report, title: &str, member: fn(RuleId) -> bool) {
    let compliance = &report.compliance;
    let _ = writeln!(out, "## {title}\n");
    let rules: Vec<_> = compliance
        .baseline
        .rules
        .iter()
        .zip(&compliance.current.rules)
        .filter(|(_, after)| member(after.id))
        .collect();
    if rules.is_empty() {
        let _ = writeln!(out, "No rule of this section is on in the policy.\n");
        return;
    }
    for (before, after) in &rules {
        let checked = if after.checked == 0 {
            "nothing to check".to_owned()
        } else {
            format!("{} → {} violation(s) of {} checked", before.violations, after.violations, after.checked)
        };
        let _ = writeln!(out, "- {} ({}): {checked}", code(after.id.as_str()), after.level.as_str());
    }
    out.push('\n');
    let findings: Vec<&ComplianceFinding> = compliance.findings.iter().filter(|f| member(f.rule)).collect();
    if findings.is_empty() {
        let _ = writeln!(out, "No finding on either side.\n");
        return;
    }
    for finding in findings.iter().take(FINDINGS_LISTED) {
        let _ = writeln!(
            out,
            "- {} {} — {} — {}",
            finding.status.as_str(),
            code(finding.rule.as_str()),
            code(&format!("{}:{}", finding.path, finding.line)),
            message(&finding.message)
        );
    }
    if findings.len() > FINDINGS_LISTED {
        let _ = writeln!(out, "- … and {} more in the JSON report", findings.len() - FINDINGS_LISTED);
    }
    out.push('\n');
}

fn risk_section(out: &mut String, report: &Report) {
    let assessment = &report.assessment;
    let _ = writeln!(out, "## Risk assessment\n");
    let _ = writeln!(
        out,
        "Overall: **{}** (the highest area; rules in the README).\n",
        assessment.overall.as_str()
    );
    let _ = writeln!(out, "| area | risk | why |\n|---|---|---|");
    for risk in &assessment.risks {
        let _ = writeln!(
            out,
            "| {} | **{}** | {} |",
            risk.area.as_str(),
            risk.level.as_str(),
            message_cell(&risk.reason)
        );
    }
    out.push('\n');
}

fn recommendations_section(out: &mut String, report: &Report) {
    let _ = writeln!(out, "## Recommendations\n");
    let recommendations = &report.assessment.recommendations;
    if recommendations.is_empty() {
        let _ = writeln!(
            out,
            "Nothing to recommend: no breaking or warning change, no new compliance finding, no dependency change, and every file was analysed.\n"
        );
        return;
    }
    for (index, recommendation) in recommendations.iter().enumerate() {
        let answers: Vec<String> = recommendation.answers.iter().map(|id| code(id)).collect();
        let more = recommendation.count.saturating_sub(recommendation.answers.len());
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        let _ = writeln!(
            out,
            "{}. {}  \n   _Answers:_ {}{more}",
            index + 1,
            message(&recommendation.text),
            answers.join(", ")
        );
    }
    out.push('\n');
}

fn evidence_block(out: &mut String, label: &str, evidence: Option<&Evidence>) {
    // Inside a fenced block nothing is interpreted; only a line of backticks could end it, and
    // signatures are normalised onto one line that starts with `def`/`class`/`module`.
    match evidence {
        Some(e) => {
            let _ = writeln!(
                out,
                "# {label}: {}:{}\n{}",
                e.path.replace('\n', " "),
                e.line,
                e.signature.replace('\n', " ")
            );
        }
        None => {
            let _ = writeln!(out, "# {label}: (absent)");
        }
    }
}
