//! The terminal summary: verdict first, then each API change with its evidence, then files and
//! problems. Plain text, no colour codes, so it reads the same in a CI log.

use std::fmt::Write;

use crate::compliance::{self, Status};
use crate::report::{ApiChange, Evidence, FileStatus, Report, Severity, SideSummary};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let warned = if s.breaking_after_deprecation > 0 {
        format!(" ({} after deprecation)", s.breaking_after_deprecation)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "Stability Lens: {} — {} breaking{warned}, {} warning, {} additive API change(s)",
        report.verdict.as_str().to_uppercase(),
        s.breaking,
        s.warning,
        s.additive
    );
    if let Some(release) = &report.release {
        let _ = writeln!(out, "release : {}", release.describe());
    }
    side_line(&mut out, "baseline", &report.baseline);
    side_line(&mut out, "current ", &report.current);
    for (name, side) in [("baseline", &report.baseline), ("current", &report.current)] {
        for item in &side.not_fully_readable {
            let _ = writeln!(out, "  not fully readable ({name}): {} — {}", item.module, item.reason);
        }
    }
    for (severity, title) in [
        (Severity::Breaking, "Breaking changes"),
        (Severity::Warning, "Warnings"),
        (Severity::Additive, "Additions"),
    ] {
        let changes: Vec<&ApiChange> = report.api_changes.iter().filter(|c| c.severity == severity).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title} ({}):", changes.len());
        for change in changes {
            let _ = writeln!(out, "  {:<26} {}", change.kind.as_str(), change.message);
            if change.name() != change.object {
                let _ = writeln!(out, "      public: {}", change.name());
            }
            if let Some(at) = &change.deprecated {
                let _ =
                    writeln!(out, "      deprecated in the baseline: {} ({}:{})", at.how, at.path, at.line);
            }
            if change.typing_only {
                let _ = writeln!(out, "      typing only: its removal breaks annotations, not calls");
            }
            evidence_line(&mut out, "before", change.baseline.as_ref());
            evidence_line(&mut out, "after ", change.current.as_ref());
        }
    }
    let compliance = &report.compliance;
    let _ = writeln!(
        out,
        "\nCompliance ({}): {}; {} new, {} fixed, {} unchanged finding(s)",
        compliance.policy,
        compliance::movement(compliance.baseline.score, compliance.current.score),
        compliance.with_status(Status::New).count(),
        compliance.with_status(Status::Fixed).count(),
        compliance.with_status(Status::Unchanged).count()
    );
    for finding in compliance.with_status(Status::New) {
        let _ = writeln!(
            out,
            "  new {:<7} {:<24} {}:{}: {}",
            finding.level.as_str(),
            finding.rule.as_str(),
            finding.path,
            finding.line,
            finding.message
        );
    }
    if let Some(python) = &report.python_requires {
        let _ = writeln!(out, "Python: {}", python.describe());
    }
    for change in report.dependencies.iter().filter(|d| d.scope.reaches_users()) {
        let _ = writeln!(
            out,
            "Dependency {} {}: {} → {}  ({})",
            change.change.as_str(),
            change.label(),
            change.baseline.as_deref().unwrap_or("—"),
            change.current.as_deref().unwrap_or("—"),
            change.source
        );
    }
    let others = report.dependencies.iter().filter(|d| !d.scope.reaches_users()).count();
    if others > 0 {
        let _ = writeln!(
            out,
            "Dependencies: {others} change(s) in development, test or docs groups or outside the distribution (not what users install; see the JSON)"
        );
    }
    if !report.files.is_empty() {
        let count = |status| report.files.iter().filter(|f| f.status == status).count();
        let _ = writeln!(
            out,
            "\nFiles: {} modified, {} added, {} removed, {} renamed",
            count(FileStatus::Modified),
            count(FileStatus::Added),
            count(FileStatus::Removed),
            count(FileStatus::Renamed)
        );
    }
    if !report.problems.is_empty() {
        let _ = writeln!(out, "\nProblems ({}): these files could not be analysed", report.problems.len());
        for problem in &report.problems {
            let _ = writeln!(
                out,
                "  {} {}:{}:{}: {}",
                problem.side.as_str(),
                problem.path,
                problem.line,
                problem.column,
                problem.message
            );
        }
    }
    out
}

fn side_line(out: &mut String, name: &str, side: &SideSummary) {
    let packages = if side.packages.is_empty() { "none".to_owned() } else { side.packages.join(", ") };
    let roots: Vec<String> = side.api_roots.iter().map(|r| format!("{} ({})", r.path, r.from)).collect();
    let _ = writeln!(
        out,
        "{name}: {} ({}, {} files, {} Python, {} public modules; packages: {packages}; API read from {})",
        side.label,
        side.kind.as_str(),
        side.files,
        side.python_files,
        side.modules,
        roots.join("; ")
    );
}

fn evidence_line(out: &mut String, label: &str, evidence: Option<&Evidence>) {
    if let Some(evidence) = evidence {
        let _ = writeln!(out, "      {label}: {}  ({}:{})", evidence.signature, evidence.path, evidence.line);
    }
}
