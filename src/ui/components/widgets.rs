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

/// Scrolls a finding into view: centred when it fits in most of the screen (the rows before and
/// after it stay in view), else from its top — below the filter bar that sticks to the top.
pub fn reveal(element: &web_sys::Element) {
    let Some(window) = web_sys::window() else { return };
    let screen = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let rect = element.get_bounding_client_rect();
    if rect.height() < screen * 0.8 {
        let place = web_sys::ScrollIntoViewOptions::new();
        place.set_block(web_sys::ScrollLogicalPosition::Center);
        element.scroll_into_view_with_scroll_into_view_options(&place);
        return;
    }
    // From its top; then, if the filter bar is stuck over it, down by the bar's height.
    element.scroll_into_view();
    let top = element.get_bounding_client_rect().top();
    let bar = window
        .document()
        .and_then(|d| d.query_selector("[data-testid=filter-bar]").ok().flatten())
        .map(|bar| bar.get_bounding_client_rect());
    if let Some(bar) = bar.filter(|bar| bar.top() <= 1.0 && bar.bottom() > top) {
        window.scroll_by_with_x_and_y(0.0, top - bar.bottom() - 8.0);
    }
}

/// The bundle commits a report compares, when it came from a bundle.
pub fn commits(report: &Report) -> Option<[String; 2]> {
    // The working tree is read again from the repository folder, not from its HEAD commit.
    let at = |revision: &crate::intake::bundle::history::Revision| {
        if revision.revision == crate::intake::repository::WORKING_TREE {
            revision.revision.clone()
        } else {
            revision.commit.clone()
        }
    };
    report.history.as_ref().map(|h| [at(&h.baseline), at(&h.current)])
}
