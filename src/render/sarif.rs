//! SARIF 2.1.0, for code-scanning tools (GitHub code scanning, VS Code's SARIF viewer, …).
//!
//! One run. The driver's rules are the change catalogue (one rule per change kind), the
//! compliance rules, and `analysis_problem` for files that could not be analysed, each with its
//! summary, why and fix. Results point at the current tree (`uriBaseId` `CURRENT`) — or at the
//! baseline (`BASELINE`) for what only the baseline has, such as a removed function — with the
//! other side as a related location. `baselineState` carries the comparison: API changes are
//! `new`; compliance findings are `new`, `unchanged`, or `absent` (fixed by the change).
//! `partialFingerprints` hold the finding ids of [`crate::report::assessment`], stable across
//! runs. Validated against the OASIS schema in the browser tests.

use serde_json::{json, Value};

use crate::catalogue::{Severity, CATALOGUE};
use crate::compliance::rules::Level;
use crate::compliance::rules::RULES;
use crate::compliance::{ComplianceFinding, Status};
use crate::problem::Side;
use crate::report::assessment::{api_finding_id, compliance_finding_id, problem_finding_id};
use crate::report::{ApiChange, Evidence, Report};

/// The rule id of a file that could not be analysed.
const PROBLEM_RULE: &str = "analysis_problem";

pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&sarif(report)).unwrap_or_default();
    text.push('\n');
    text
}

fn sarif(report: &Report) -> Value {
    let mut rules = Vec::new();
    for kind in CATALOGUE {
        rules.push(rule(kind.id, kind.summary, kind.why, kind.fix, severity_level(kind.severity), "api"));
    }
    // A compliance rule that shares its id with a change kind (`import_unresolved`) is one rule.
    for definition in RULES.iter().filter(|d| CATALOGUE.iter().all(|kind| kind.id != d.name)) {
        rules.push(rule(
            definition.name,
            definition.summary,
            definition.why,
            definition.fix,
            level(definition.default_level),
            definition.area.as_str(),
        ));
    }
    rules.push(rule(
        PROBLEM_RULE,
        "A file that could not be analysed.",
        "What the file defines is not compared, so a breaking change in it would go unnoticed.",
        "Fix the file (syntax, encoding) or exclude it from the tree.",
        "warning",
        "analysis",
    ));
    let index = |id: &str| rules.iter().position(|r| r["id"] == id).unwrap_or(0);

    let mut results = Vec::new();
    for change in &report.api_changes {
        results.push(api_result(change, index(change.kind.as_str())));
    }
    for finding in &report.compliance.findings {
        results.push(compliance_result(finding, index(finding.rule.as_str())));
    }
    for problem in &report.problems {
        results.push(json!({
            "ruleId": PROBLEM_RULE,
            "ruleIndex": index(PROBLEM_RULE),
            "level": "warning",
            "message": { "text": problem.message },
            "locations": [location(side_base(problem.side), &problem.path, problem.line, Some(problem.column))],
            "partialFingerprints": { "stabilityLens/v1": problem_finding_id(problem) },
        }));
    }

    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "stability-lens",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "originalUriBaseIds": {
                "BASELINE": { "description": { "text": format!("the baseline tree: {}", report.baseline.label) } },
                "CURRENT": { "description": { "text": format!("the current tree: {}", report.current.label) } },
            },
            "results": results,
            "properties": {
                "verdict": report.verdict.as_str(),
                "overallRisk": report.assessment.overall.as_str(),
                "baseline": report.baseline.label,
                "current": report.current.label,
                "complianceScore": { "baseline": report.compliance.baseline.score, "current": report.compliance.current.score },
            },
        }],
    })
}

fn rule(id: &str, summary: &str, why: &str, fix: &str, level: &str, tag: &str) -> Value {
    json!({
        "id": id,
        "name": camel_case(id),
        "shortDescription": { "text": summary },
        "fullDescription": { "text": why },
        "help": { "text": fix },
        "defaultConfiguration": { "level": level },
        "properties": { "tags": [tag] },
    })
}

/// `object_removed` → `ObjectRemoved` (SARIF's `name` is an identifier-like label).
fn camel_case(id: &str) -> String {
    id.split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn severity_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Breaking => "error",
        Severity::Warning => "warning",
        Severity::Additive => "note",
    }
}

fn level(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Off => "none",
    }
}

fn side_base(side: Side) -> &'static str {
    match side {
        Side::Baseline => "BASELINE",
        Side::Current => "CURRENT",
    }
}

fn api_result(change: &ApiChange, rule_index: usize) -> Value {
    // The primary location is where the change can be seen now, or where the object was.
    let (primary, related) = match (&change.current, &change.baseline) {
        (Some(current), baseline) => {
            (evidence_location("CURRENT", current), baseline.as_ref().map(|b| ("BASELINE", b)))
        }
        (None, Some(baseline)) => (evidence_location("BASELINE", baseline), None),
        (None, None) => (json!({}), None),
    };
    let mut primary = primary;
    set(&mut primary, "logicalLocations", json!([{ "fullyQualifiedName": change.object }]));
    let mut result = json!({
        "ruleId": change.kind.as_str(),
        "ruleIndex": rule_index,
        "level": severity_level(change.severity),
        "message": { "text": change.message },
        "locations": [primary],
        "baselineState": "new",
        "partialFingerprints": { "stabilityLens/v1": api_finding_id(change) },
        "properties": {
            "object": change.object,
            "publicPath": change.name(),
            "parameter": change.parameter,
            "severity": change.severity.as_str(),
            "deprecated": change.deprecated,
            "typingOnly": change.typing_only,
        },
    });
    if let Some((base, evidence)) = related {
        let mut location = evidence_location(base, evidence);
        set(&mut location, "id", json!(0));
        set(&mut location, "message", json!({ "text": format!("before: {}", evidence.signature) }));
        set(&mut result, "relatedLocations", json!([location]));
    }
    result
}

/// Where a signature is, with the signature as the location's message.
fn evidence_location(base: &str, evidence: &Evidence) -> Value {
    let mut location = location(base, &evidence.path, evidence.line, None);
    set(&mut location, "message", json!({ "text": evidence.signature }));
    location
}

fn compliance_result(finding: &ComplianceFinding, rule_index: usize) -> Value {
    json!({
        "ruleId": finding.rule.as_str(),
        "ruleIndex": rule_index,
        "level": level(finding.level),
        "message": { "text": finding.message },
        "locations": [location(side_base(finding.side), &finding.path, finding.line, None)],
        "baselineState": match finding.status {
            Status::New => "new",
            Status::Unchanged => "unchanged",
            Status::Fixed => "absent",
        },
        "partialFingerprints": { "stabilityLens/v1": compliance_finding_id(finding) },
    })
}

fn location(base: &str, path: &str, line: u32, column: Option<u32>) -> Value {
    let mut region = json!({ "startLine": line.max(1) });
    if let Some(column) = column {
        set(&mut region, "startColumn", json!(column.max(1)));
    }
    json!({ "physicalLocation": {
        "artifactLocation": { "uri": uri_path(path), "uriBaseId": base },
        "region": region,
    }})
}

/// Sets a member of a JSON object (every value this module sets members on is one).
fn set(value: &mut Value, key: &str, member: Value) {
    if let Some(object) = value.as_object_mut() {
        object.insert(key.to_owned(), member);
    }
}

/// A tree-relative path as a relative URI reference: every byte outside RFC 3986's unreserved
/// set and `/` is percent-encoded, so spaces, `#` and `%` in file names survive.
fn uri_path(path: &str) -> String {
    super::percent_encode(path, b"-._~/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri_path("pkg/my file#1.py"), "pkg/my%20file%231.py");
        assert_eq!(uri_path("pkg/é.py"), "pkg/%C3%A9.py");
        assert_eq!(camel_case("object_removed"), "ObjectRemoved");
    }
}
