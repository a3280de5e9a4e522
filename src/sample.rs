//! The sample pair shipped with the app ("Try the sample"): two versions of a small payments
//! library written for this project, in `www/sample/`, compiled into the binary so that trying it
//! needs no network request. The CLI analyses the same folders, so the app's result for the sample
//! can be checked against `stability-lens diff www/sample/payments-1.4.0 www/sample/payments-2.0.0`.

use include_dir::{include_dir, Dir};

use crate::intake::SourceTree;

static SAMPLE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/www/sample");

/// Folder names of the two sides inside `www/sample/`; they are also the trees' labels.
pub const BASELINE: &str = "payments-1.4.0";
pub const CURRENT: &str = "payments-2.0.0";

/// The sample's baseline and current trees.
pub fn trees() -> (SourceTree, SourceTree) {
    (tree(BASELINE), tree(CURRENT))
}

fn tree(name: &str) -> SourceTree {
    let mut tree = SourceTree::new(name);
    if let Some(dir) = SAMPLE.get_dir(name) {
        add_files(dir, name, &mut tree);
    }
    tree
}

fn add_files(dir: &Dir<'static>, root: &str, tree: &mut SourceTree) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(relative) = path.strip_prefix(root).and_then(|p| p.strip_prefix('/')) {
            tree.insert(relative, file.contents().to_vec());
        }
    }
    for child in dir.dirs() {
        add_files(child, root, tree);
    }
}
