//! File-level changes: added, removed, modified (by content) and renamed (identical content under
//! a new path).

use std::collections::{HashMap, HashSet};

use crate::intake::SourceTree;
use crate::report::{FileChange, FileStatus};

/// Every file that differs between the two trees.
pub fn compare(baseline: &SourceTree, current: &SourceTree) -> Vec<FileChange> {
    let mut changes = Vec::new();
    let mut removed: Vec<(&str, &[u8])> = Vec::new();
    for (path, bytes) in baseline.files() {
        match current.get(path) {
            None => removed.push((path, bytes)),
            Some(now) if now != bytes => changes.push(change(path, FileStatus::Modified, None)),
            Some(_) => {}
        }
    }
    let added: Vec<(&str, &[u8])> = current.files().filter(|(path, _)| !baseline.contains(path)).collect();

    // Pair identical non-empty contents as renames. Empty files (`__init__.py` markers) are all
    // alike, so pairing them would invent renames.
    let mut removed_by_content: HashMap<&[u8], Vec<&str>> = HashMap::new();
    for &(path, bytes) in removed.iter().rev() {
        if !bytes.is_empty() {
            removed_by_content.entry(bytes).or_default().push(path);
        }
    }
    let mut renamed_from: HashSet<&str> = HashSet::new();
    for (path, bytes) in added {
        let previous = removed_by_content.get_mut(bytes).and_then(Vec::pop);
        match previous {
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
        let mut found: Vec<(String, &str, Option<String>)> = compare(&baseline, &current)
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
