//! The evidence behind a finding, side by side: the source around the finding's line before and
//! after (coloured from the parser's tokens), then the whole file's diff. Worker 0 reads the
//! files again from where the report was analysed and computes all of it
//! ([`crate::evidence`]); this component asks when it first shows and renders the answer as
//! text nodes only (the source is the analysed code: never markup).

use std::rc::Rc;

use yew::prelude::*;

use crate::evidence::file_diff::{FileDiff, LineChange};
use crate::evidence::highlight::{Class, Span};
use crate::evidence::{Excerpt, SourceEvidence};
use crate::ui::bridge::Bridge;

/// A side of a finding: its path and line.
pub type Location = Option<(String, u32)>;

#[derive(Properties, PartialEq)]
pub struct EvidenceProps {
    pub baseline: Location,
    pub current: Location,
    /// The report's bundle commits (baseline, current), when it was analysed from a bundle.
    pub commits: Option<[String; 2]>,
}

enum Loaded {
    Loading,
    Ready(Rc<SourceEvidence>),
    Failed(String),
}

#[component]
pub fn EvidenceView(props: &EvidenceProps) -> Html {
    // `None` for a saved or shared report: its code is not here.
    let bridge = use_context::<Option<Bridge>>().flatten();
    let loaded = use_state(|| Loaded::Loading);
    {
        let loaded = loaded.clone();
        let wanted = (props.baseline.clone(), props.current.clone(), props.commits.clone());
        use_effect_with(wanted, move |(baseline, current, commits)| {
            let reply = {
                let loaded = loaded.clone();
                Callback::from(move |result: Result<String, String>| {
                    let parsed = result.and_then(|json| {
                        serde_json::from_str::<SourceEvidence>(&json).map_err(|error| error.to_string())
                    });
                    loaded.set(match parsed {
                        Ok(evidence) => Loaded::Ready(Rc::new(evidence)),
                        Err(message) => Loaded::Failed(message),
                    });
                })
            };
            loaded.set(Loaded::Loading);
            match bridge {
                Some(bridge) => bridge.source(
                    baseline.as_ref().map(|(path, line)| (path.as_str(), *line)),
                    current.as_ref().map(|(path, line)| (path.as_str(), *line)),
                    commits.as_ref().map(|[b, c]| [b.as_str(), c.as_str()]),
                    reply,
                ),
                None => reply.emit(Err("The code is not included in a saved or shared report: analyse the two trees in this page to see it.".into())),
            }
        });
    }
    match &*loaded {
        Loaded::Loading => html! {
            <p class="muted evidence" data-testid="evidence" data-state="loading" aria-busy="true">{ "Reading the source…" }</p>
        },
        Loaded::Failed(message) => html! {
            <p class="muted evidence" data-testid="evidence" data-state="unavailable">{ format!("Source: {message}") }</p>
        },
        Loaded::Ready(evidence) => html! {
            <div class="evidence" data-testid="evidence" data-state="ready">
                <div class="excerpts">
                    { excerpt("Before", evidence.baseline.as_ref(), "evidence-baseline") }
                    { excerpt("After", evidence.current.as_ref(), "evidence-current") }
                </div>
                { file_diff(&evidence.diff) }
            </div>
        },
    }
}

fn excerpt(label: &'static str, excerpt: Option<&Excerpt>, testid: &'static str) -> Html {
    let Some(excerpt) = excerpt else {
        return html! {
            <figure class="excerpt" data-testid={testid}>
                <figcaption>{ label }</figcaption>
                <p class="muted">{ "Not on this side." }</p>
            </figure>
        };
    };
    html! {
        <figure class="excerpt" data-testid={testid} data-path={excerpt.path.clone()} data-line={excerpt.line.to_string()}>
            <figcaption>
                { label }{ " " }<code>{ if excerpt.line == 0 { excerpt.path.clone() } else { format!("{}:{}", excerpt.path, excerpt.line) } }</code>
                <span class="muted">{ format!(" · {} lines", excerpt.total_lines) }</span>
            </figcaption>
            if let Some(error) = &excerpt.error { <p class="muted">{ error }</p> }
            if excerpt.line == 0 && excerpt.error.is_none() {
                <p class="muted">{ "No line to show on this side; its version of the file is in the diff below." }</p>
            }
            if !excerpt.lines.is_empty() {
                <pre class="code" tabindex="0" aria-label={format!("{label}: {} around line {}", excerpt.path, excerpt.line)}><code>
                    { for excerpt.lines.iter().map(|line| html! {
                        <span class={classes!("line", (line.number == excerpt.line).then_some("focus"))} data-line={line.number.to_string()}>
                            <span class="ln" aria-hidden="true">{ line.number }</span>{ spans(&line.spans) }{ "\n" }
                        </span>
                    }) }
                </code></pre>
            }
        </figure>
    }
}

fn file_diff(diff: &FileDiff) -> Html {
    match diff {
        FileDiff::OneSide => html! {},
        FileDiff::Identical => html! {
            <p class="muted" data-testid="file-diff" data-status="identical">{ "The file itself is the same on both sides." }</p>
        },
        FileDiff::TooDifferent { baseline_lines, current_lines } => html! {
            <p class="muted" data-testid="file-diff" data-status="too-different">
                { format!("The file changed too much to diff here ({baseline_lines} lines before, {current_lines} after).") }
            </p>
        },
        FileDiff::Changed { added, removed, hunks, omitted } => html! {
            <details class="file-diff" data-testid="file-diff" data-status="changed">
                <summary>{ format!("Whole-file diff: +{added} −{removed} lines") }</summary>
                <pre class="code diff" tabindex="0" aria-label="The file's diff"><code>
                    { for hunks.iter().map(|hunk| html! {
                        <>
                            <span class="line hunk">{ format!("@@ -{} +{} @@\n", hunk.baseline_start, hunk.current_start) }</span>
                            { for hunk.lines.iter().map(|line| {
                                let (class, mark) = match line.change {
                                    LineChange::Context => ("context", " "),
                                    LineChange::Removed => ("removed", "-"),
                                    LineChange::Added => ("added", "+"),
                                };
                                let number = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
                                html! {
                                    <span class={classes!("line", class)}>
                                        <span class="ln" aria-hidden="true">{ number(line.baseline) }</span>
                                        <span class="ln" aria-hidden="true">{ number(line.current) }</span>
                                        <span class="mark">{ mark }</span>{ spans(&line.spans) }{ "\n" }
                                    </span>
                                }
                            }) }
                        </>
                    }) }
                </code></pre>
                if *omitted > 0 { <p class="muted">{ format!("{omitted} more diff lines are not shown.") }</p> }
            </details>
        },
    }
}

/// Coloured pieces of a line, as text nodes.
fn spans(spans: &[Span]) -> Html {
    spans
        .iter()
        .map(|Span(class, text)| match class_name(*class) {
            None => html! { { text.as_str() } },
            Some(name) => html! { <span class={name}>{ text.as_str() }</span> },
        })
        .collect()
}

fn class_name(class: Class) -> Option<&'static str> {
    match class {
        Class::Plain => None,
        Class::Keyword => Some("tok-kw"),
        Class::Definition => Some("tok-def"),
        Class::Decorator => Some("tok-dec"),
        Class::String => Some("tok-str"),
        Class::Number => Some("tok-num"),
        Class::Comment => Some("tok-com"),
    }
}
