//! Small pieces the report's sections share: a generated message with its names as code, a
//! filter drop-down, the bundle commits a report compares. Kept apart from the sections so they
//! import this leaf and not each other.

use yew::prelude::*;

use crate::report::Report;

/// A generated message with its `backticked` names shown as code (as text nodes: never markup).
pub fn message(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(index, part)| {
            if index % 2 == 1 {
                html! { <code>{ part }</code> }
            } else {
                html! { { part } }
            }
        })
        .collect::<Html>()
}

/// A labelled drop-down whose first option (value `""`) means "no filter".
pub fn select(
    testid: &'static str,
    label: &'static str,
    current: &str,
    onchange: Callback<Event>,
    all: &'static str,
    options: Vec<(String, String)>,
) -> Html {
    html! {
        <select data-testid={testid} aria-label={label} {onchange}>
            <option value="" selected={current.is_empty()}>{ all }</option>
            { for options.into_iter().map(|(value, text)| {
                let selected = value == current;
                html! { <option {selected} {value}>{ text }</option> }
            }) }
        </select>
    }
}

/// The bundle commits a report compares, when it came from a bundle.
pub fn commits(report: &Report) -> Option<[String; 2]> {
    report.history.as_ref().map(|h| [h.baseline.commit.clone(), h.current.commit.clone()])
}
