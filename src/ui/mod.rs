//! The browser app (yew). Only this module and `worker/` touch the DOM.
//!
//! Shape, as in yew's `function_todomvc`/`function_router` examples: [`state`] holds one
//! `Reducible` state and the `Action`s that change it; components in [`components`] render
//! state and dispatch actions; [`bridge`] owns the web worker that does the analysis; [`picked`]
//! turns a folder input or a dropped folder into a list of files; [`download`] saves exports;
//! [`view`] keeps the report's filters and open finding in the address.

pub mod app;
pub mod bridge;
pub mod components;
pub mod download;
pub mod offline;
pub mod picked;
pub mod share;
pub mod state;
pub mod theme;
pub mod view;

pub fn start() {
    console_error_panic_hook::set_once();
    yew::Renderer::<app::App>::new().render();
}
