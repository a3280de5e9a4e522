//! GitLab's code-quality report (`--format gitlab`): a JSON list that a merge request shows as
//! its code-quality widget and on the changed lines (`artifacts: reports: codequality:`).
//!
//! Each finding is `{description, check_name, fingerprint, severity, location: {path, lines:
//! {begin}}}`: API changes (breaking → `critical`, warning → `minor`; additions are left out),
//! compliance findings the change introduced (error → `major`, warning → `minor`), and files that
//! could not be analysed (`info`). The fingerprint is the SHA-1 of the finding id
//! ([`crate::report::assessment`]), so the same finding keeps it from one pipeline to the next —
//! which is how GitLab tells new findings from resolved ones.

use serde_json::{json, Value};
use sha1::{Digest, Sha1};

use crate::catalogue::Severity;
use crate::compliance::rules::Level;
use crate::compliance::Status;
use crate::report::assessment::{api_finding_id, compliance_finding_id, problem_finding_id};
use crate::report::Report;

pub fn render(report: &Report) -> String {
    let mut issues: Vec<Value> = Vec::new();
    for change in report.api_changes.iter().filter(|c| c.severity != Severity::Additive) {
        let severity = if change.severity == Severity::Breaking { "critical" } else { "minor" };
        let at = change.current.as_ref().or(change.baseline.as_ref());
        let description = format!("{}: {}", change.name(), change.message.replace('`', ""));
        issues.push(issue(
            &description,
            change.kind.as_str(),
            &api_finding_id(change),
            severity,
            at.map_or("", |e| e.path.as_str()),
            at.map_or(1, |e| e.line),
        ));
    }
    for finding in report.compliance.findings.iter().filter(|f| f.status == Status::New) {
        let severity = if finding.level == Level::Error { "major" } else { "minor" };
        issues.push(issue(
            &finding.message.replace('`', ""),
            finding.rule.as_str(),
            &compliance_finding_id(finding),
            severity,
            &finding.path,
            finding.line,
        ));
    }
    for problem in &report.problems {
        let description = format!("not analysed ({}): {}", problem.side.as_str(), problem.message);
        issues.push(issue(
            &description,
            "analysis_problem",
            &problem_finding_id(problem),
            "info",
            &problem.path,
            problem.line,
        ));
    }
    let mut text = serde_json::to_string_pretty(&Value::Array(issues)).unwrap_or_else(|_| "[]".to_owned());
    text.push('\n');
    text
}

fn issue(description: &str, check: &str, id: &str, severity: &str, path: &str, line: u32) -> Value {
    let fingerprint: String = Sha1::digest(id.as_bytes()).iter().map(|b| format!("{b:02x}")).collect();
    json!({
        "description": description,
        "check_name": check,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": { "path": path, "lines": { "begin": line.max(1) } },
    })
}
