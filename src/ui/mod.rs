//! The browser app (yew). Only this module and `worker/` touch the DOM.
//!
//! Shape, as in yew's `function_todomvc`/`function_router` examples: [`state`] holds one
//! `Reducible` state and the `Action`s that change it; components in [`components`] render
//! state and dispatch actions; [`bridge`] owns the web worker that does the analysis; [`picked`]
//! turns a folder input or a dropped folder into a list of files; [`download`] saves exports;
//! [`view`] is the report screen's view-model (filters, order, counts, the address fragment) —
//! plain Rust, built and tested natively — and [`address`] keeps it in the page address.
//! [`pool`] holds the worker pool's decisions as a native, unit-tested state machine that
//! [`bridge`] executes. Everything but [`view`] and [`pool`] is compiled for `wasm32` only.

#[cfg(target_arch = "wasm32")]
pub mod address;
#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod bridge;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
pub mod download;
#[cfg(target_arch = "wasm32")]
pub mod offline;
#[cfg(target_arch = "wasm32")]
pub mod picked;
pub mod pool;
#[cfg(target_arch = "wasm32")]
pub mod share;
#[cfg(target_arch = "wasm32")]
pub mod state;
#[cfg(target_arch = "wasm32")]
pub mod theme;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub fn start() {
    console_error_panic_hook::set_once();
    yew::Renderer::<app::App>::new().render();
}
