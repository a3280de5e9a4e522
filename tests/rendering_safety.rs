//! Rendering safety: strings from the analysed code (names, literals, docstrings, paths,
//! environment variables, policy strings) never become markup or links in any rendering. The
//! fixture `tests/fixtures/injection` is full of `<script>`, `<img onerror>`, `<svg onload>`,
//! Markdown links and table breakers (regenerate with its `make.py`); the browser test opens the
//! same fixture in the app and in the HTML export and checks that nothing ran.

mod common;

use stability_lens::render::Format;
use stability_lens::report::Report;

fn injection_report() -> Report {
    common::analyse_folders("tests/fixtures/injection/baseline", "tests/fixtures/injection/current")
}

/// The payloads really reach the report: otherwise the checks below would prove nothing.
#[test]
fn the_payloads_reach_the_report() {
    let json = Format::Json.render(&injection_report());
    for payload in ["<script>window.__pwned", "<img src=x onerror=", "<svg onload=", "](javascript:alert(1))"]
    {
        assert!(json.contains(payload), "{payload} is not in the report");
    }
}

#[test]
fn html_holds_no_markup_from_the_code() {
    let html = Format::Html.render(&injection_report());
    assert!(!html.to_lowercase().contains("<script"), "a script element");
    for tag in ["<img", "<svg onload", "<b>ok"] {
        assert!(!html.contains(tag), "{tag} in the HTML");
    }
    assert!(html.contains("&lt;script&gt;window.__pwned"), "the payload is shown as text");
    assert!(!html.contains("href=\"javascript:"), "a javascript: link");
}

#[test]
fn markdown_shows_the_payloads_as_code_or_escaped_text() {
    for format in [Format::Markdown, Format::MarkdownFull] {
        let markdown = format.render(&injection_report());
        for (number, line) in markdown.lines().enumerate() {
            // Outside code spans and fences every `<` is escaped, but for the folds the report
            // makes itself; inside them, CommonMark shows text.
            let outside: String = line.split('`').step_by(2).collect();
            let outside = ["<details>", "</details>", "<summary>", "</summary>"]
                .iter()
                .fold(outside, |text, tag| text.replace(tag, ""));
            let fenced = markdown.lines().take(number).filter(|l| l.starts_with("```")).count() % 2 == 1;
            if !fenced {
                assert!(
                    !outside.contains('<'),
                    "{format:?} line {}: raw `<` outside code: {line}",
                    number + 1
                );
                let live_link =
                    outside.match_indices("](javascript:").any(|(at, _)| !outside[..at].ends_with('\\'));
                assert!(!live_link, "{format:?} line {}: a live link: {line}", number + 1);
            }
        }
    }
    // A table row keeps its columns: the `|` in values is escaped.
    let markdown = Format::MarkdownFull.render(&injection_report());
    let row = markdown
        .lines()
        .find(|l| l.contains("onerror=window.__pwned='path'"))
        .expect("the odd path is listed");
    assert_eq!(row.matches(" | ").count(), 1, "{row}");
}

#[test]
fn sarif_and_text_are_plain_data() {
    let report = injection_report();
    let sarif: serde_json::Value = serde_json::from_str(&Format::Sarif.render(&report)).unwrap();
    assert!(sarif["runs"][0]["results"].as_array().is_some_and(|r| !r.is_empty()));
    let text = Format::Text.render(&report);
    assert!(!text.contains('\u{1b}'), "no terminal escape sequences");
}
