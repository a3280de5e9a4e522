//! The web worker's entry point (wasm): runs the analysis off the page's main thread.

#[cfg(target_arch = "wasm32")]
fn main() {
    stability_lens::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the `worker` binary runs in a browser web worker: build it with `trunk build --release`");
    std::process::exit(2);
}
