//! Intake: the two source trees the rest of the pipeline works on.
//!
//! In: files from wherever the user holds them — a folder on disk (CLI, [`folder`]), files picked
//! or dropped in the browser (app), an archive ([`archive`]). Out: a [`SourceTree`], a sorted map of normalised relative path
//! (`/`-separated, no leading `./`) → bytes, plus a label naming where it came from.
//!
//! Both the CLI and the app build trees through [`SourceTree::insert`], so the same folder yields the
//! same tree in both: the same paths are normalised and the same tool-generated directories
//! (`.git`, `__pycache__`, …) are left out.

pub mod archive;
pub mod bundle;
#[cfg(not(target_arch = "wasm32"))]
pub mod folder;
pub mod input;
pub mod repository;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Directory names whose contents are never part of a source tree: VCS metadata, caches and
/// virtual environments. They are generated, often huge, and never hold the code under review.
const IGNORED_DIRECTORIES: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".tox",
    ".nox",
    ".venv",
    "node_modules",
];

/// One side of the comparison: relative path → file contents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceTree {
    /// Where the tree came from: a folder name in the app, the path as given in the CLI.
    pub label: String,
    files: BTreeMap<String, Vec<u8>>,
    /// Entries met while reading that are not in the tree, with the reason (reported as problems).
    pub skipped: Vec<Skipped>,
}

/// A text file of the tree that configures the project: its build metadata, policy, dependency
/// declarations, environment examples — read whole, as text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ProjectFile {
    pub path: String,
    pub text: String,
}

/// An input entry left out of a tree, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

impl SourceTree {
    pub fn new(label: impl Into<String>) -> Self {
        SourceTree { label: label.into(), files: BTreeMap::new(), skipped: Vec::new() }
    }

    /// Adds a file under its relative path. Returns `false` (and stores nothing) when the path is
    /// empty after normalisation or lies inside an ignored directory.
    pub fn insert(&mut self, path: &str, bytes: Vec<u8>) -> bool {
        match normalise_path(path) {
            Some(path) if !is_ignored(&path) => {
                self.files.insert(path, bytes);
                true
            }
            _ => false,
        }
    }

    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Files in path order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(path, bytes)| (path.as_str(), bytes.as_slice()))
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Normalises a relative path: `\` → `/`, drops empty and `.` components. Returns `None` for paths
/// that are empty or try to leave the tree (`..`), which no legitimate tree contains.
pub fn normalise_path(path: &str) -> Option<String> {
    let mut parts = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => return None,
            _ => parts.push(part),
        }
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("/"))
    }
}

/// Whether a directory with this name is left out of every tree.
pub fn is_ignored_directory(name: &str) -> bool {
    IGNORED_DIRECTORIES.contains(&name)
}

/// Whether a normalised path lies inside a directory that is never part of the code under review.
pub fn is_ignored(path: &str) -> bool {
    let mut components: Vec<&str> = path.split('/').collect();
    components.pop(); // the file name itself is never an ignored directory
    components.iter().any(|c| is_ignored_directory(c))
}

/// Splits a browser `webkitRelativePath` (`"flask-3.0.3/src/flask/app.py"`) into the picked
/// folder's name and the path inside it.
pub fn split_picked_path(relative: &str) -> (&str, &str) {
    match relative.split_once('/') {
        Some((root, rest)) => (root, rest),
        None => ("", relative),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_separators_and_dots() {
        assert_eq!(normalise_path("./a\\b//c.py").as_deref(), Some("a/b/c.py"));
        assert_eq!(normalise_path("a/../b"), None);
        assert_eq!(normalise_path("./"), None);
    }

    #[test]
    fn ignores_generated_directories_only() {
        let mut tree = SourceTree::new("t");
        assert!(!tree.insert("pkg/__pycache__/m.cpython-311.pyc", vec![]));
        assert!(!tree.insert(".git/HEAD", vec![]));
        assert!(tree.insert("pkg/.gitignore", vec![]));
        assert!(tree.insert("pkg/git.py", vec![]));
        assert_eq!(tree.paths().collect::<Vec<_>>(), ["pkg/.gitignore", "pkg/git.py"]);
    }

    #[test]
    fn splits_picked_paths() {
        assert_eq!(split_picked_path("flask-3.0.3/src/app.py"), ("flask-3.0.3", "src/app.py"));
        assert_eq!(split_picked_path("app.py"), ("", "app.py"));
    }
}

/// A file's identity for the file-level comparison: its length and a 128-bit content hash
/// (xxh3; equal digests mean equal bytes for any practical purpose).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Digest {
    pub len: u64,
    pub hash: u128,
}

impl Digest {
    pub fn of(bytes: &[u8]) -> Digest {
        Digest { len: bytes.len() as u64, hash: xxhash_rust::xxh3::xxh3_128(bytes) }
    }
}
