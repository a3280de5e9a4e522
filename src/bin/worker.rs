//! The web worker's entry point (wasm): runs the analysis off the page's main thread. Two
//! functions are exported for the benchmarks (called in the worker's global scope as
//! `wasm_bindgen.<name>(…)`); they live here, not in the library, so the app's wasm stays free of
//! the parser.

#[cfg(target_arch = "wasm32")]
mod benchmark_hooks {
    use js_sys::{Array, ArrayBuffer};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// The worker's wasm memory in bytes (it only grows, so this is its peak).
    #[wasm_bindgen]
    pub fn stability_lens_memory() -> f64 {
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        memory.buffer().unchecked_into::<ArrayBuffer>().byte_length() as f64
    }

    /// Parses Python sources (an array of strings); returns the milliseconds it took — to compare
    /// parse throughput in wasm with the native parser on the same files.
    #[wasm_bindgen]
    pub fn stability_lens_parse_ms(sources: Array) -> f64 {
        let sources: Vec<String> = sources.iter().filter_map(|s| s.as_string()).collect();
        let started = js_sys::Date::now();
        for (index, source) in sources.iter().enumerate() {
            let _ = stability_lens::parse::parse(&format!("{index}.py"), source.as_bytes());
        }
        js_sys::Date::now() - started
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    stability_lens::worker::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the `worker` binary runs in a browser web worker: build it with `trunk build --release`");
    std::process::exit(2);
}
