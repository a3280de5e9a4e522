//! The web app's entry point (wasm). All of it lives in `stability_lens::ui`.

#[cfg(target_arch = "wasm32")]
fn main() {
    stability_lens::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the `app` binary runs in the browser: build it with `trunk build --release`");
    std::process::exit(2);
}
