//! The report page's tools: the exports and the share link (`Exports`), the filter bar
//! (`FilterBar`) and the keyboard shortcuts (`use_report_keys`: `j`/`k` between findings, `/` to
//! the filter). What the filters mean and let through is [`crate::ui::view`]'s; this module only
//! turns the reviewer's input into a new [`View`].

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::widgets::select;
use crate::render;
use crate::report::Report;
use crate::ui::download;
use crate::ui::share::{self, Shared};
use crate::ui::state::Analysed;
use crate::ui::view::{facet_options, Facet, View};

#[derive(Properties, PartialEq)]
pub struct ExportsProps {
    pub report: Rc<Analysed>,
    /// The view, as the address fragment a shared link opens on.
    pub fragment: String,
}

/// The export buttons and the share link. Each export renders the report the page shows; JSON is
/// the text the worker produced (the CLI's bytes). They wait while files are still being read.
#[component]
pub fn Exports(props: &ExportsProps) -> Html {
    let export_error = use_state(|| None::<String>);
    let shared = use_state(|| None::<Shared>);
    let pending = props.report.pending_files > 0;
    let export = |render: Option<fn(&Report) -> String>, file_name: &'static str, mime: &'static str| {
        let result = props.report.clone();
        let export_error = export_error.clone();
        Callback::from(move |_: MouseEvent| {
            let text = match render {
                Some(render) => render(&result.report),
                None => result.json.clone(),
            };
            export_error.set(download::save(file_name, mime, &text).err());
        })
    };
    let on_share = {
        let (json, shared, fragment) = (props.report.json.clone(), shared.clone(), props.fragment.clone());
        Callback::from(move |_: MouseEvent| {
            let (json, shared, fragment) = (json.clone(), shared.clone(), fragment.clone());
            wasm_bindgen_futures::spawn_local(async move {
                shared.set(Some(share::share(&json, &fragment).await))
            });
        })
    };
    html! {
        <>
            <div class="exports">
                <button class="button" data-testid="export-html" disabled={pending} onclick={export(Some(render::html::render), "stability-report.html", "text/html")}
                    title="One self-contained file: opens anywhere, runs no script, makes no request">{ "Download HTML" }</button>
                <button class="button secondary" data-testid="export-markdown" disabled={pending} onclick={export(Some(render::markdown::render), "stability-report.md", "text/markdown")}
                    title="Sized for a pull request or a comment: within 60,000 characters">{ "Markdown" }</button>
                <button class="button secondary" data-testid="export-markdown-full" disabled={pending} onclick={export(Some(render::markdown::render_full), "stability-report-full.md", "text/markdown")}
                    title="Every finding with its signatures before and after">{ "Full Markdown" }</button>
                <button class="button secondary" data-testid="export-json" disabled={pending} onclick={export(None, "stability-report.json", "application/json")}>{ "JSON" }</button>
                <button class="button secondary" data-testid="export-sarif" disabled={pending} onclick={export(Some(render::sarif::render), "stability-report.sarif", "application/sarif+json")}
                    title="SARIF 2.1.0 for code-scanning tools">{ "SARIF" }</button>
                <button class="button secondary" data-testid="copy-link" disabled={pending} onclick={on_share}
                    title="The report (not the code) compressed into the link's #fragment, which browsers never send to a server">{ "Copy link" }</button>
                if let Some(error) = &*export_error { <span class="error">{ error }</span> }
            </div>
            { match &*shared {
                None => html! {},
                Some(Shared::Link { url, copied }) => html! {
                    <div class="share">
                        <label for="share-link">{ if *copied { "Link copied. It holds the report, not the code:" } else { "Copy this link. It holds the report, not the code:" } }</label>
                        <input id="share-link" class="share-link" data-testid="share-link" readonly=true value={url.clone()}
                            onfocus={Callback::from(|e: FocusEvent| { let input: web_sys::HtmlInputElement = e.target_unchecked_into(); input.select(); })} />
                        <span class="muted">{ format!(" {} characters", url.len()) }</span>
                    </div>
                },
                Some(Shared::TooBig { chars }) => html! {
                    <p class="notice" data-testid="share-too-big">
                        { format!("This report is too big for a link ({} KB once compressed; links stay under {} KB). Download the HTML file (opens anywhere) or the JSON (opens in this page with “Open a report…”) instead.", chars / 1000, share::MAX_LINK_CHARS / 1000) }
                    </p>
                },
                Some(Shared::Failed(message)) => html! { <p class="error" data-testid="share-error">{ format!("The link could not be made: {message}") }</p> },
            } }
        </>
    }
}

#[derive(Properties, PartialEq)]
pub struct FilterBarProps {
    pub report: Rc<Analysed>,
    pub view: View,
    pub on_view: Callback<View>,
}

/// The filter bar, kept in view as the page scrolls: the words filter (every word must appear in
/// a change: kind, object, parameter, message, path; `/` focuses it), severities as toggles, kinds
/// and modules as menus of checkboxes — each option with how many changes it would show under the
/// other filters — "hide annotation-only changes", the sort, and "Clear filters".
#[component]
pub fn FilterBar(props: &FilterBarProps) -> Html {
    let changes = &props.report.report.api_changes;
    let view = &props.view;
    let on_filter = {
        let (view, on_view) = (view.clone(), props.on_view.clone());
        Callback::from(move |event: InputEvent| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            on_view.emit(View { text: input.value(), ..view.clone() });
        })
    };
    let severities = facet_options(changes, view, Facet::Severity).into_iter().map(|option| {
        let onclick = {
            let (view, on_view, value) = (view.clone(), props.on_view.clone(), option.value.clone());
            Callback::from(move |_: MouseEvent| on_view.emit(view.with_toggled(Facet::Severity, &value)))
        };
        html! {
            <button class={classes!("toggle", option.value.clone())} aria-pressed={option.selected.to_string()}
                data-testid={format!("filter-severity-{}", option.value)} data-count={option.count.to_string()} {onclick}>
                { option.label.clone() }<span class="option-count">{ option.count }</span>
            </button>
        }
    });
    let on_annotations = {
        let (view, on_view) = (view.clone(), props.on_view.clone());
        Callback::from(move |_: Event| {
            on_view.emit(View { hide_annotations: !view.hide_annotations, ..view.clone() })
        })
    };
    let on_sort = {
        let (view, on_view) = (view.clone(), props.on_view.clone());
        Callback::from(move |event: Event| {
            let select: web_sys::HtmlSelectElement = event.target_unchecked_into();
            on_view.emit(View { sort: select.value(), ..view.clone() });
        })
    };
    let annotations = changes.iter().filter(|c| c.kind.is_annotation_only()).count();
    let cleared = view.cleared();
    html! {
        <div class="filter" role="search" data-testid="filter-bar">
            <label for="change-filter" class="visually-hidden">{ "Filter the changes" }</label>
            <input id="change-filter" type="search" data-testid="change-filter" placeholder="Filter: object, kind, path… (press /)"
                value={view.text.clone()} oninput={on_filter} />
            <div class="toggles" role="group" aria-label="Severity">{ for severities }</div>
            <FacetMenu report={props.report.clone()} view={view.clone()} on_view={props.on_view.clone()}
                facet={Facet::Kind} testid="filter-kind" title="Kind" />
            <FacetMenu report={props.report.clone()} view={view.clone()} on_view={props.on_view.clone()}
                facet={Facet::Module} testid="filter-module" title="Module" />
            if annotations > 0 || view.hide_annotations {
                <label class="check" for="hide-annotations">
                    <input type="checkbox" id="hide-annotations" data-testid="hide-annotations"
                        checked={view.hide_annotations} onchange={on_annotations} />
                    { format!("Hide annotation-only changes ({annotations})") }
                </label>
            }
            { select("sort", "Sort by", &view.sort, on_sort, "Sort by severity",
                vec![("object".into(), "Sort by object".into()), ("kind".into(), "Sort by kind".into()), ("module".into(), "Sort by module".into())]) }
            if view.filters_changes() {
                <button class="button secondary" data-testid="clear-filters"
                    onclick={ let on_view = props.on_view.clone(); Callback::from(move |_: MouseEvent| on_view.emit(cleared.clone())) }>
                    { "Clear filters" }
                </button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct FacetMenuProps {
    pub report: Rc<Analysed>,
    pub view: View,
    pub on_view: Callback<View>,
    pub facet: Facet,
    pub testid: &'static str,
    pub title: &'static str,
}

/// Options shown in a menu at most; the words filter narrows the rest.
const MENU_OPTIONS: usize = 300;

/// A menu of checkboxes for one facet (kinds, modules), each option with its count. The options
/// are built only while the menu is open: a tree of 100,000 new modules would otherwise render
/// 100,000 checkboxes with every change of the view.
#[component]
pub fn FacetMenu(props: &FacetMenuProps) -> Html {
    let open = use_state(|| false);
    let view = &props.view;
    let chosen = view.facet(props.facet);
    let label = |value: &str| match props.facet {
        Facet::Kind => crate::catalogue::ChangeKind::from_id(value)
            .map_or_else(|| value.to_owned(), |k| k.definition().label.to_owned()),
        _ => value.to_owned(),
    };
    let summary = match chosen.len() {
        0 => format!("{}: all", props.title),
        1 => format!("{}: {}", props.title, chosen.iter().next().map(|v| label(v)).unwrap_or_default()),
        n => format!("{}: {n} chosen", props.title),
    };
    let on_summary = {
        let open = open.clone();
        Callback::from(move |event: MouseEvent| {
            event.prevent_default();
            open.set(!*open);
        })
    };
    let options = if *open {
        let all = facet_options(&props.report.report.api_changes, view, props.facet);
        let more = all.len().saturating_sub(MENU_OPTIONS);
        let shown = all.into_iter().take(MENU_OPTIONS).map(|option| {
            let id = format!("{}-{}", props.testid, option.value.replace(['.', ' '], "-"));
            let onchange = {
                let (view, on_view, facet, value) =
                    (view.clone(), props.on_view.clone(), props.facet, option.value.clone());
                Callback::from(move |_: Event| on_view.emit(view.with_toggled(facet, &value)))
            };
            html! {
                <label class="option" for={id.clone()} title={option.value.clone()}>
                    <input type="checkbox" id={id} value={option.value.clone()} checked={option.selected} {onchange} />
                    <span class="option-label">{ option.label.clone() }</span>
                    <span class="option-count" data-count={option.count.to_string()}>{ option.count }</span>
                </label>
            }
        });
        html! {
            <fieldset>
                <legend class="visually-hidden">{ props.title }</legend>
                { for shown }
                if more > 0 {
                    <p class="muted">{ format!("and {more} more: narrow them with the words filter.") }</p>
                }
            </fieldset>
        }
    } else {
        html! {}
    };
    html! {
        <details class="menu" data-testid={props.testid} open={*open}>
            <summary onclick={on_summary}>{ summary }</summary>
            { options }
        </details>
    }
}

/// The report's keyboard shortcuts while it is shown: `j`/`k` move between findings (every row's
/// disclosure button, in page order; the row is marked and kept in the middle of the screen;
/// Enter opens one), `/` focuses the filter, `?` shows or hides the list of shortcuts (`Escape`
/// hides it). Keys typed into a field are left alone. Returns whether the list is shown.
#[hook]
pub fn use_report_keys() -> UseReducerHandle<Help> {
    let shown = use_reducer_eq(Help::default);
    let help = shown.dispatcher();
    use_effect_with((), move |_| {
        let on_key = move |event: &Event| {
            let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
            let typing = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA"));
            if typing {
                return;
            }
            let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
            match event.key().as_str() {
                key @ ("j" | "k") => {
                    let Ok(buttons) = document.query_selector_all("button.disclosure") else { return };
                    let active = document.active_element();
                    let count = buttons.length();
                    let current = (0..count).find(|&i| {
                        buttons.get(i).is_some_and(|b| Some(b.clone()) == active.clone().map(Into::into))
                    });
                    let next = match (current, key) {
                        (Some(i), "j") => (i + 1).min(count.saturating_sub(1)),
                        (Some(i), _) => i.saturating_sub(1),
                        (None, _) => 0,
                    };
                    if let Some(button) =
                        buttons.get(next).and_then(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        event.prevent_default();
                        let options = web_sys::FocusOptions::new();
                        options.set_prevent_scroll(true);
                        let _ = button.focus_with_options(&options);
                        // The whole row, kept mid-screen as it moves (see `reveal`).
                        let row = button.closest("li.change, tr").ok().flatten();
                        super::widgets::reveal(&row.unwrap_or_else(|| button.clone().into()));
                    }
                }
                "/" => {
                    let search = document
                        .get_element_by_id("change-filter")
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                    if let Some(search) = search {
                        event.prevent_default();
                        let _ = search.focus();
                    }
                }
                "?" => {
                    event.prevent_default();
                    help.dispatch(HelpAction::Toggle);
                }
                "Escape" => help.dispatch(HelpAction::Hide),
                _ => {}
            }
        };
        // Not passive (it may prevent the key's default); removed when the report goes.
        let listener = web_sys::window().and_then(|w| w.document()).map(|document| {
            let options = gloo_events::EventListenerOptions::enable_prevent_default();
            gloo_events::EventListener::new_with_options(&document, "keydown", options, on_key)
        });
        move || drop(listener)
    });
    shown
}

/// Whether the list of shortcuts is shown. A reducer, not a state: the key listener lives as long
/// as the report and toggles it without reading a stale value.
#[derive(Debug, Default, PartialEq)]
pub struct Help(pub bool);

pub enum HelpAction {
    Toggle,
    Hide,
}

impl Reducible for Help {
    type Action = HelpAction;

    fn reduce(self: Rc<Self>, action: HelpAction) -> Rc<Self> {
        Rc::new(Help(match action {
            HelpAction::Toggle => !self.0,
            HelpAction::Hide => false,
        }))
    }
}

#[derive(Properties, PartialEq)]
pub struct ShortcutsProps {
    pub on_close: Callback<MouseEvent>,
}

/// The list of keyboard shortcuts (`?`).
#[component]
pub fn Shortcuts(props: &ShortcutsProps) -> Html {
    html! {
        <aside class="shortcuts" role="dialog" aria-label="Keyboard shortcuts" data-testid="shortcuts">
            <h2>{ "Keyboard shortcuts" }</h2>
            <dl>
                <dt>{ "j / k" }</dt><dd>{ "next / previous finding" }</dd>
                <dt>{ "Enter" }</dt><dd>{ "open or close it" }</dd>
                <dt>{ "/" }</dt><dd>{ "filter the changes" }</dd>
                <dt>{ "Escape" }</dt><dd>{ "close this list" }</dd>
                <dt>{ "?" }</dt><dd>{ "show or hide this list" }</dd>
            </dl>
            <button class="button secondary" data-testid="shortcuts-close" onclick={props.on_close.clone()}>{ "Close" }</button>
        </aside>
    }
}
