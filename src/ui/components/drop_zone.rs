//! One side's input: a folder picker (`webkitdirectory`) that is also a drop target for a folder.

use std::rc::Rc;

use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use crate::problem::Side;
use crate::ui::picked::Picked;

#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    pub side: Side,
    pub picked: Option<Rc<Picked>>,
    /// Processing so far: (files done, total, ready).
    pub prepared: (usize, usize, bool),
    /// Why this side could not be read.
    pub error: Option<String>,
    pub on_pick: Callback<Result<Picked, String>>,
}

#[component]
pub fn DropZone(props: &DropZoneProps) -> Html {
    let hovering = use_state(|| false);
    let side = props.side.as_str();
    let input_id = format!("{side}-input");

    let on_change = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(list) = input.files() {
                if list.length() > 0 {
                    let picked = Picked::from_file_list(&list);
                    let on_pick = on_pick.clone();
                    wasm_bindgen_futures::spawn_local(async move {
                        let picked = match picked {
                            Ok(picked) => picked.with_build_files().await,
                            Err(error) => Err(error),
                        };
                        on_pick.emit(picked);
                    });
                }
            }
            forget_selection(&input);
        })
    };
    let on_archive = {
        let on_pick = props.on_pick.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(file) = input.files().and_then(|list| list.get(0)) {
                on_pick.emit(Ok(Picked::archive(file)));
            }
            forget_selection(&input);
        })
    };
    let on_drag_over = {
        let hovering = hovering.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            hovering.set(true);
        })
    };
    let on_drag_leave = {
        let hovering = hovering.clone();
        Callback::from(move |_: DragEvent| hovering.set(false))
    };
    let on_drop = {
        let hovering = hovering.clone();
        let on_pick = props.on_pick.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            hovering.set(false);
            let Some(transfer) = event.data_transfer() else { return };
            let on_pick = on_pick.clone();
            // The entries must be taken from the DataTransfer during the event; reading them
            // can continue afterwards.
            wasm_bindgen_futures::spawn_local(async move {
                on_pick.emit(Picked::from_drop(transfer).await);
            });
        })
    };

    let title = match props.side {
        Side::Baseline => "Baseline — before the change",
        Side::Current => "Current — after the change",
    };
    let status = match &props.picked {
        Some(picked) => html! {
            <p class="zone-status" data-testid={format!("{side}-picked")}>
                <strong>{ picked.label() }</strong>
                { format!(" — {}", picked.describe()) }
                <span class="prepared muted" data-testid={format!("{side}-prepared")} data-ready={props.prepared.2.to_string()}>
                    { match props.prepared {
                        (_, _, true) => " · read and parsed".to_owned(),
                        (done, total, false) if total > 0 => format!(" · reading and parsing {done} / {total}"),
                        _ => " · reading…".to_owned(),
                    } }
                </span>
            </p>
        },
        None => {
            html! { <p class="zone-status muted">{ "Drop a folder or an archive here, or choose one." }</p> }
        }
    };
    html! {
        <section
            class={classes!("zone", (*hovering).then_some("hovering"), props.picked.is_some().then_some("filled"))}
            ondragover={on_drag_over}
            ondragleave={on_drag_leave}
            ondrop={on_drop}
            aria-label={title}
        >
            <h2>{ title }</h2>
            { status }
            if let Some(error) = &props.error {
                <p class="error" role="alert" data-testid={format!("{side}-error")}>{ error }</p>
            }
            <label class="button secondary" for={input_id.clone()}>{ "Choose folder…" }</label>
            { " " }
            <label class="button secondary" for={format!("{side}-archive-input")}>{ "Choose archive…" }</label>
            <input
                id={format!("{side}-archive-input")}
                class="visually-hidden"
                type="file"
                accept=".tar.gz,.tgz,.tar,.zip,.whl"
                data-testid={format!("{side}-archive")}
                onchange={on_archive}
            />
            <input
                id={input_id}
                class="visually-hidden"
                type="file"
                webkitdirectory=true
                multiple=true
                data-testid={format!("{side}-files")}
                onchange={on_change}
            />
        </section>
    }
}

/// Empties a file input once its files are taken (the `File`s stay readable). Chromium saves the
/// paths of the files an input holds with the page's history entry at every address update: with
/// two Django trees picked (13,489 paths) each `history.replaceState` took 170–300 ms. And the same
/// folder can be picked again.
fn forget_selection(input: &HtmlInputElement) {
    input.set_value("");
}
