//! Shared by the integration tests: two folders of the repository read and analysed.
#![allow(dead_code)] // each test crate uses its own part

use std::path::Path;

use stability_lens::intake::{folder, SourceTree};
use stability_lens::report::Report;

/// Reads two folders given relative to the crate root, each labelled with its last component.
pub fn folders(baseline: &str, current: &str) -> (SourceTree, SourceTree) {
    let read = |relative: &str| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
        let label = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        folder::read(&path, &label).unwrap_or_else(|error| panic!("{relative}: {error}"))
    };
    (read(baseline), read(current))
}

/// Analyses two folders given relative to the crate root (see [`folders`]).
pub fn analyse_folders(baseline: &str, current: &str) -> Report {
    let (baseline, current) = folders(baseline, current);
    stability_lens::analyse(&baseline, &current)
}
