//! The working tree as `git status` sees it: the files the index tracks, and the untracked files
//! no ignore rule leaves out (`.gitignore` files at any depth, `.git/info/exclude`). Ignore rules
//! are matched by `gix-ignore` (gitignore's own semantics: anchoring, `**`, directory-only and
//! negated patterns, the deeper file winning); an ignored directory is not entered, as git does
//! not, so a negation inside it cannot bring a file back — unless the index tracks it.
//!
//! [`Selector`] decides path by path; [`select`] applies it to a list of paths (the app, which has
//! every picked file's path) and, natively, [`read_worktree`] walks a folder without entering the
//! ignored directories that hold nothing tracked (a `node_modules` or `.venv` is never read).

use std::collections::BTreeSet;
use std::path::Path;

use gix_ignore::glob::pattern::Case;
use gix_ignore::search::Ignore;

/// The root the ignore files' paths are given under (any absolute path: only the relative part
/// matters to the matching).
const ROOT: &str = "/worktree";

/// Decides which paths of a working tree belong to it.
pub struct Selector {
    search: gix_ignore::Search,
    tracked: BTreeSet<String>,
}

impl Selector {
    /// A selector with `.git/info/exclude` (lowest precedence) and the tracked paths.
    pub fn new(info_exclude: Option<&[u8]>, tracked: BTreeSet<String>) -> Selector {
        let mut search = gix_ignore::Search::default();
        if let Some(exclude) = info_exclude {
            // Its patterns are relative to the root (its own folder would be their base).
            search.add_patterns_buffer(
                exclude,
                format!("{ROOT}/info-exclude"),
                Some(Path::new(ROOT)),
                Ignore { support_precious: false },
            );
        }
        Selector { search, tracked }
    }

    /// Adds the `.gitignore` of a directory (`""` for the root). Add parents before children.
    pub fn add_ignore_file(&mut self, dir: &str, bytes: &[u8]) {
        let source =
            if dir.is_empty() { format!("{ROOT}/.gitignore") } else { format!("{ROOT}/{dir}/.gitignore") };
        self.search.add_patterns_buffer(
            bytes,
            source,
            Some(Path::new(ROOT)),
            Ignore { support_precious: false },
        );
    }

    fn ignored(&self, path: &str, is_dir: bool) -> bool {
        self.search
            .pattern_matching_relative_path(path.into(), Some(is_dir), Case::Sensitive)
            .is_some_and(|found| !found.pattern.is_negative())
    }

    fn tracks_below(&self, dir: &str) -> bool {
        let prefix = format!("{dir}/");
        self.tracked.range(prefix.clone()..).next().is_some_and(|path| path.starts_with(&prefix))
    }

    /// Whether to go into a directory: it is not ignored, or the index tracks something in it.
    pub fn enters(&self, dir: &str) -> bool {
        dir.split('/').next() != Some(".git") && (!self.ignored(dir, true) || self.tracks_below(dir))
    }

    /// Whether a file belongs to the working tree: tracked, or untracked and neither it nor a
    /// directory above it is ignored.
    pub fn keeps(&self, path: &str) -> bool {
        if path == ".git" || path.starts_with(".git/") {
            return false;
        }
        if self.tracked.contains(path) {
            return true;
        }
        let mut dir = String::new();
        for part in path.split('/').collect::<Vec<_>>().iter().rev().skip(1).rev() {
            if !dir.is_empty() {
                dir.push('/');
            }
            dir.push_str(part);
            if self.ignored(&dir, true) {
                return false;
            }
        }
        !self.ignored(path, false)
    }
}

/// The paths of a working tree (relative to its root) that belong to it. `read` gives a file's
/// bytes by its relative path (for the `.gitignore` files).
pub fn select(
    paths: &[String],
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
    info_exclude: Option<&[u8]>,
    tracked: BTreeSet<String>,
) -> Vec<String> {
    let mut selector = Selector::new(info_exclude, tracked);
    let mut ignore_files: Vec<&String> =
        paths.iter().filter(|p| p.rsplit('/').next() == Some(".gitignore")).collect();
    ignore_files.sort_by_key(|p| (p.matches('/').count(), p.as_str()));
    for path in ignore_files {
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        if selector.keeps(path) {
            if let Some(bytes) = read(path) {
                selector.add_ignore_file(dir, &bytes);
            }
        }
    }
    paths.iter().filter(|path| selector.keeps(path)).cloned().collect()
}

/// Reads a working tree from disk as a source tree: the files [`Selector`] keeps, never entering
/// an ignored directory that holds nothing tracked. Symbolic links are skipped (listed), as
/// [`crate::intake::folder::read`] does.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_worktree(
    root: &Path,
    label: &str,
    info_exclude: Option<&[u8]>,
    tracked: BTreeSet<String>,
) -> Result<crate::intake::SourceTree, std::io::Error> {
    use crate::intake::{Skipped, SourceTree};
    let mut selector = Selector::new(info_exclude, tracked);
    let mut tree = SourceTree::new(label);
    let mut pending: Vec<String> = vec![String::new()];
    while let Some(dir) = pending.pop() {
        let absolute = if dir.is_empty() { root.to_path_buf() } else { root.join(&dir) };
        let join = |name: &str| if dir.is_empty() { name.to_owned() } else { format!("{dir}/{name}") };
        if let Ok(bytes) = std::fs::read(absolute.join(".gitignore")) {
            if selector.keeps(&join(".gitignore")) {
                selector.add_ignore_file(&dir, &bytes);
            }
        }
        let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(&absolute)?.collect::<Result<_, _>>()?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                tree.skipped.push(Skipped {
                    path: join(&entry.file_name().to_string_lossy()),
                    reason: "file name is not valid UTF-8".into(),
                });
                continue;
            };
            let path = join(&name);
            let kind = entry.file_type()?;
            if kind.is_symlink() {
                if selector.keeps(&path) {
                    tree.skipped.push(Skipped { path, reason: "symbolic link, not followed".into() });
                }
            } else if kind.is_dir() {
                if selector.enters(&path) && !crate::intake::is_ignored_directory(&name) {
                    pending.push(path);
                }
            } else if kind.is_file() && selector.keeps(&path) {
                tree.insert(&path, std::fs::read(entry.path())?);
            }
        }
    }
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_rules_as_git_applies_them() {
        let paths: Vec<String> = [
            ".gitignore",
            "a.py",
            "debug.log",
            "keep.log",
            "build/out.py",
            "build/tracked.py",
            "pkg/.gitignore",
            "pkg/secret.py",
            "pkg/mod.py",
            "secret.py",
            "notes/x.tmp",
            ".git/HEAD",
        ]
        .iter()
        .map(|p| (*p).to_owned())
        .collect();
        let read = |path: &str| match path {
            ".gitignore" => Some(b"*.log\n!keep.log\n/build/\n".to_vec()),
            "pkg/.gitignore" => Some(b"secret.py\n".to_vec()),
            _ => None,
        };
        let tracked: BTreeSet<String> = ["build/tracked.py".to_owned()].into();
        let kept = select(&paths, &read, Some(b"*.tmp\n"), tracked);
        assert_eq!(
            kept,
            [
                ".gitignore",
                "a.py",
                "keep.log",
                "build/tracked.py",
                "pkg/.gitignore",
                "pkg/mod.py",
                "secret.py"
            ]
        );
    }
}
