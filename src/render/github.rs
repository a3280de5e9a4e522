//! GitHub Actions workflow commands (`--format github`): one annotation per finding, which GitHub
//! shows on the pull request's diff at its line without code scanning — `::error` for breaking
//! changes and new compliance errors, `::warning` for API warnings and new compliance warnings,
//! `::notice` for files that could not be analysed — then one `::notice` with the verdict.
//!
//! Paths are relative to the current tree (run it at the repository root, as `--repo .` does); a
//! change only the baseline has (a removed function) points at the baseline's file and line,
//! which GitHub lists with the run when the file is gone. Values are escaped as the runner
//! expects (`%`, `\r`, `\n` in messages; also `:` and `,` in properties), so no finding can start
//! a command of its own. Additions and findings the change did not introduce are left out: an
//! annotation asks for attention.

use std::fmt::Write;

use crate::catalogue::Severity;
use crate::compliance::rules::Level;
use crate::compliance::Status;
use crate::report::{Report, Verdict};

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for change in report.api_changes.iter().filter(|c| c.severity != Severity::Additive) {
        let command = if change.severity == Severity::Breaking { "error" } else { "warning" };
        let at = change.current.as_ref().or(change.baseline.as_ref());
        let warned = if change.deprecated.is_some() { " (after deprecation)" } else { "" };
        let title = format!("{}{warned}: {}", change.kind.definition().label, change.name());
        let message = format!("{} — {}", change.message.replace('`', ""), change.fix());
        annotation(&mut out, command, at.map(|e| (e.path.as_str(), e.line)), &title, &message);
    }
    for finding in report.compliance.findings.iter().filter(|f| f.status == Status::New) {
        let command = if finding.level == Level::Error { "error" } else { "warning" };
        let title = format!("{} (new {})", finding.rule.as_str(), finding.level.as_str());
        let at = (!finding.path.is_empty()).then_some((finding.path.as_str(), finding.line));
        annotation(&mut out, command, at, &title, &finding.message.replace('`', ""));
    }
    for problem in &report.problems {
        let title = format!("not analysed ({})", problem.side.as_str());
        annotation(&mut out, "notice", Some((&problem.path, problem.line)), &title, &problem.message);
    }
    let s = &report.summary;
    let verdict = match report.verdict {
        Verdict::Breaking => "BREAKING",
        Verdict::Compatible => "compatible",
    };
    let release = report.release.as_ref().map(|r| format!(" Release: {}.", r.describe())).unwrap_or_default();
    let summary = format!(
        "{verdict}: {} breaking, {} warning, {} additive API change(s); {} new compliance finding(s); overall risk {}.{release}",
        s.breaking,
        s.warning,
        s.additive,
        s.compliance_new,
        report.assessment.overall.as_str()
    );
    annotation(&mut out, "notice", None, "Stability Lens", &summary);
    out
}

fn annotation(out: &mut String, command: &str, at: Option<(&str, u32)>, title: &str, message: &str) {
    let mut properties = Vec::new();
    if let Some((path, line)) = at {
        properties.push(format!("file={}", property(path)));
        if line > 0 {
            properties.push(format!("line={line}"));
        }
    }
    properties.push(format!("title={}", property(title)));
    let _ = writeln!(out, "::{command} {}::{}", properties.join(","), data(message));
}

/// A command's message: `%`, CR and LF escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A command's property value: as [`data`], and `:` and `,` too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_from_the_code_can_start_a_command_of_its_own() {
        assert_eq!(data("50%\n::error::x"), "50%25%0A::error::x");
        assert_eq!(property("a:b,c\rd"), "a%3Ab%2Cc%0Dd");
        let mut out = String::new();
        annotation(&mut out, "error", Some(("pkg/a,b.py", 3)), "T: x", "line one\n::warning::injected");
        assert_eq!(out, "::error file=pkg/a%2Cb.py,line=3,title=T%3A x::line one%0A::warning::injected\n");
        assert_eq!(out.lines().count(), 1);
    }
}
