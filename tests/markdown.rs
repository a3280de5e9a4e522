//! The Markdown and text renderings of a fixture report: snapshotted whole, and checked for the
//! sections a reviewer looks for.

mod common;

use stability_lens::render::{markdown, text};

fn sample_report() -> stability_lens::report::Report {
    common::analyse_folders("www/sample/payments-1.4.0", "www/sample/payments-2.0.0")
}

#[test]
fn markdown_full_report_of_the_sample() {
    let rendered = markdown::render_full(&sample_report());
    for heading in [
        "## Summary",
        "## Methodology",
        "## Breaking changes",
        "## Interface compatibility",
        "### Additions",
        "## Dependency impact",
        "## Service boundaries",
        "## Configuration health",
        "## Compliance",
        "## Risk assessment",
        "## Recommendations",
        "## Changed files",
        "## Problems",
    ] {
        assert!(rendered.contains(heading), "missing {heading}");
    }
    insta::assert_snapshot!(rendered);
}

/// The pull-request report: the verdict, the breaking changes as one table, the compliance
/// movements, what users install, the recommendations, the rest folded.
#[test]
fn markdown_pull_request_report_of_the_sample() {
    let report = sample_report();
    let rendered = markdown::render(&report);
    for part in [
        "**Verdict: BREAKING**",
        "## Breaking changes (",
        "| name | change | what happened | where |",
        "## Compliance",
        "## Dependencies",
        "## Recommendations",
        "<details><summary>",
        "--format markdown-full",
    ] {
        assert!(rendered.contains(part), "missing {part}");
    }
    let rows = rendered.lines().filter(|l| l.starts_with("| `")).count();
    assert!(rows >= report.summary.breaking, "{rows} rows");
    insta::assert_snapshot!(rendered);
}

/// Whatever the input, the pull-request report fits a GitHub comment (65,536 characters), and a
/// `|` in a code span is escaped only inside tables (elsewhere `\|` would show its backslash).
#[test]
fn the_pull_request_report_fits_a_comment_on_every_corpus_pair() {
    let mut pairs = common::corpus_pairs();
    pairs.push((
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/sample/payments-1.4.0"),
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/sample/payments-2.0.0"),
    ));
    for (baseline, current) in &pairs {
        let report = stability_lens::analyse(&common::read(baseline), &common::read(current));
        let brief = markdown::render(&report);
        assert!(
            brief.chars().count() <= markdown::brief::LIMIT,
            "{}: {} characters",
            current.display(),
            brief.chars().count()
        );
        for line in
            brief.lines().chain(markdown::render_full(&report).lines()).filter(|l| !l.starts_with('|'))
        {
            let in_code =
                line.split('`').enumerate().filter(|(i, _)| i % 2 == 1).any(|(_, span)| span.contains("\\|"));
            assert!(!in_code, "{}: `\\|` in a code span outside a table: {line}", current.display());
        }
        // Nothing is dropped silently: what does not fit is counted.
        let rows = brief.lines().filter(|l| l.starts_with("| `")).count();
        if rows
            < report
                .api_changes
                .iter()
                .filter(|c| c.severity != stability_lens::report::Severity::Additive)
                .count()
        {
            assert!(
                brief.contains("more, in the full report") || brief.contains("Not shown here"),
                "{}",
                current.display()
            );
        }
    }
}

#[test]
fn text_report_of_the_sample() {
    insta::assert_snapshot!(text::render(&sample_report()));
}

#[test]
fn markdown_escapes_what_comes_from_code() {
    assert_eq!(markdown::text("<script>*x*</script>"), "&lt;script&gt;\\*x\\*&lt;/script&gt;");
    assert_eq!(markdown::code("a`b"), "``a`b``");
    assert_eq!(markdown::message("`a|b` <i>"), "`a|b` &lt;i&gt;");
    assert_eq!(markdown::message_cell("`a|b` <i>"), "`a\\|b` &lt;i&gt;");
}
