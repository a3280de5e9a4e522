//! File-level changes: added, removed, modified (by content) and renamed (identical content under
//! a new path), from each side's file digests (so the bytes themselves can stay where they were
//! read — another thread, another web worker).

use std::collections::{HashMap, HashSet};

use crate::intake::Digest;
use crate::report::{FileChange, FileStatus};

/// Every file that differs between the two sides, from each side's `(path, digest)` list.
pub fn compare(baseline: &[(String, Digest)], current: &[(String, Digest)]) -> Vec<FileChange> {
    let old: HashMap<&str, Digest> = baseline.iter().map(|(path, digest)| (path.as_str(), *digest)).collect();
    let new: HashMap<&str, Digest> = current.iter().map(|(path, digest)| (path.as_str(), *digest)).collect();
    let mut changes = Vec::new();
    let mut removed: Vec<(&str, Digest)> = Vec::new();
    for (path, digest) in &old {
        match new.get(path) {
            None => removed.push((path, *digest)),
            Some(now) if now != digest => changes.push(change(path, FileStatus::Modified, None)),
            Some(_) => {}
        }
    }
    removed.sort();
    let mut added: Vec<(&str, Digest)> = new
        .iter()
        .filter(|(path, _)| !old.contains_key(*path))
        .map(|(path, digest)| (*path, *digest))
        .collect();
    added.sort();

    // Pair identical non-empty contents as renames. Empty files (`__init__.py` markers) are all
    // alike, so pairing them would invent renames.
    let mut removed_by_content: HashMap<Digest, Vec<&str>> = HashMap::new();
    for &(path, digest) in removed.iter().rev() {
        if digest.len > 0 {
            removed_by_content.entry(digest).or_default().push(path);
        }
    }
    let mut renamed_from: HashSet<&str> = HashSet::new();
    for (path, digest) in added {
        match removed_by_content.get_mut(&digest).and_then(Vec::pop) {
            Some(previous) => {
                renamed_from.insert(previous);
                changes.push(change(path, FileStatus::Renamed, Some(previous)));
            }
            None => changes.push(change(path, FileStatus::Added, None)),
        }
    }
    for (path, _) in removed {
        if !renamed_from.contains(path) {
            changes.push(change(path, FileStatus::Removed, None));
        }
    }
    changes
}

fn change(path: &str, status: FileStatus, previous: Option<&str>) -> FileChange {
    FileChange { path: path.to_owned(), status, previous_path: previous.map(str::to_owned) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::Digest;
    use crate::intake::SourceTree;

    fn digests(tree: &SourceTree) -> Vec<(String, Digest)> {
        tree.files().map(|(path, bytes)| (path.to_owned(), Digest::of(bytes))).collect()
    }

    #[test]
    fn classifies_files() {
        let mut baseline = SourceTree::new("b");
        baseline.insert("same.py", b"x".to_vec());
        baseline.insert("edit.py", b"1".to_vec());
        baseline.insert("gone.py", b"old".to_vec());
        baseline.insert("moved.py", b"content".to_vec());
        baseline.insert("a/__init__.py", Vec::new());
        let mut current = SourceTree::new("c");
        current.insert("same.py", b"x".to_vec());
        current.insert("edit.py", b"2".to_vec());
        current.insert("new.py", b"new".to_vec());
        current.insert("pkg/moved.py", b"content".to_vec());
        current.insert("b/__init__.py", Vec::new());
        let mut found: Vec<(String, &str, Option<String>)> = compare(&digests(&baseline), &digests(&current))
            .into_iter()
            .map(|c| (c.path, c.status.as_str(), c.previous_path))
            .collect();
        found.sort();
        assert_eq!(
            found,
            [
                ("a/__init__.py".into(), "removed", None),
                ("b/__init__.py".into(), "added", None),
                ("edit.py".into(), "modified", None),
                ("gone.py".into(), "removed", None),
                ("new.py".into(), "added", None),
                ("pkg/moved.py".into(), "renamed", Some("moved.py".into())),
            ]
        );
    }
}
