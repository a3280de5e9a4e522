//! The Markdown and text renderings of a fixture report: snapshotted whole, and checked for the
//! sections a reviewer looks for.

use std::path::Path;

use stability_lens::intake::folder;
use stability_lens::render::{markdown, text};

fn sample_report() -> stability_lens::report::Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/sample");
    let baseline = folder::read(&root.join("payments-1.4.0"), "payments-1.4.0").unwrap();
    let current = folder::read(&root.join("payments-2.0.0"), "payments-2.0.0").unwrap();
    stability_lens::analyse(&baseline, &current)
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
