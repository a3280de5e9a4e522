//! Stability Lens — "what did this change break?" for Python codebases.
//!
//! The engine is one pipeline of pure stages with plain data between them. Each stage is a module
//! named after what it does; its module doc says what goes in and what comes out:
//!
//! ```text
//! intake      two SourceTrees (relative path -> bytes), from folders, archives or a git bundle
//!   │
//! parse       decode + parse every `.py` file with rustpython-parser; failures become Problems
//!   │
//! model       where the distribution's packages are (its build metadata), importable modules and
//!   │         their public API surface (functions, classes, methods, parameters, deprecations)
//! compare     file changes (added / removed / modified / renamed) and API changes (the catalogue kinds)
//!   │
//! compliance  compliance rules and scores on both sides, dependency changes
//!   │
//! report      one serde `Report` (schema `stability-lens/report/v1`), sorted and deterministic, with
//!   │         the assessment (risk, recommendations) and the release verdict
//! render      JSON, Markdown, plain text, SARIF, HTML
//!
//! pipeline    the stages in three steps (plan, process each side, assemble) — `analyse`
//! catalogue   every kind of change and every reading rule, defined once (docs and the app read it)
//! evidence    what an opened finding shows: the source around it and the file's diff
//! problem     input the engine could not read, with side, path and position
//! sample      the sample pair built into the app and the CLI
//! ui, worker  the browser app (yew) and its web workers (wasm only)
//! ```
//!
//! How the API is *read* — layouts, type equivalence, shims, computed `__all__` — is documented
//! rule by rule in [`catalogue::reading`]; the kinds of change in [`catalogue`].
//!
//! [`analyse`] runs the whole pipeline. Step 2 has one implementation, [`pipeline::SideWork`]: the
//! CLI (`src/bin/stability-lens.rs`), the native tests and the web workers (`src/worker/`) all
//! process a side through it, so the browser and the command line give byte-identical JSON for
//! the same trees. Only `ui/` and `worker/` touch the browser (yew, web-sys); they are compiled for
//! `wasm32` only, except the report screen's view-model ([`ui::view`]). Everything else builds
//! and is tested natively.
//!
//! ```
//! use stability_lens::{analyse, intake::SourceTree, render};
//!
//! let mut baseline = SourceTree::new("v1");
//! baseline.insert("pkg/__init__.py", b"def greet(name, punctuation='!'):\n    pass\n".to_vec());
//! let mut current = SourceTree::new("v2");
//! current.insert("pkg/__init__.py", b"def greet(name):\n    pass\n".to_vec());
//!
//! let report = analyse(&baseline, &current);
//! assert_eq!(report.verdict, stability_lens::report::Verdict::Breaking);
//! assert_eq!(report.api_changes[0].kind.as_str(), "parameter_removed");
//! let json = render::json::render(&report);
//! assert!(json.starts_with("{\n  \"schema\": \"stability-lens/report/v1\""));
//! ```

// Library code never panics on input: no unwrap, expect, indexing or panic outside tests
// (scripts/test.sh runs clippy with these denied, for the native and the wasm build).
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)
)]

pub mod catalogue;
pub mod compare;
pub mod compliance;
pub mod evidence;
pub mod intake;
pub mod model;
pub mod parse;
pub mod pipeline;
pub mod problem;
pub mod render;
pub mod report;
pub mod sample;

pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;

pub use pipeline::{analyse, Phase};
