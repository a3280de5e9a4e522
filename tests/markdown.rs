//! The Markdown and text renderings of a fixture report: snapshotted whole, and checked for the
//! sections a reviewer looks for.

mod common;

use stability_lens::render::{markdown, text};

fn sample_report() -> stability_lens::report::Report {
    common::analyse_folders("www/sample/payments-1.4.0", "www/sample/payments-2.0.0")
}

#[test]
fn markdown_report_of_the_sample() {
    let rendered = markdown::render(&sample_report());
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

#[test]
fn text_report_of_the_sample() {
    insta::assert_snapshot!(text::render(&sample_report()));
}

#[test]
fn markdown_escapes_what_comes_from_code() {
    assert_eq!(markdown::text("<script>*x*</script>"), "&lt;script&gt;\\*x\\*&lt;/script&gt;");
    assert_eq!(markdown::code("a`b"), "``a`b``");
    assert_eq!(markdown::message("`a|b` <i>"), "`a\\|b` &lt;i&gt;");
}
