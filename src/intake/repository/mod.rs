//! A git checkout as input: the repository a reviewer or a CI job already has, read directly from
//! its `.git` — no `git` program, no bundle made first.
//!
//! In: the files of a `.git` directory, through [`GitFiles`] (the disk for the CLI, the files the
//! reviewer picked for the app). Out: a [`Repository`]: its refs and objects as a
//! [`Bundle`] (so revisions, history, the commits in a range and the trees of two commits are read
//! exactly as from a bundle), `HEAD` and the branch it names, the default branch and the merge
//! base with it, and — for the current side by default — the working tree as `git status` sees
//! it ([`worktree`]).
//!
//! Read: `HEAD` (a branch or a detached commit), loose refs under `refs/` and `packed-refs` (a
//! loose ref wins; symbolic refs such as `refs/remotes/origin/HEAD` are followed), annotated
//! tags, packs (`objects/pack/*.pack`, each checked against its trailing checksum) and loose
//! objects (`objects/xx/…`, each checked against its id), `objects/info/alternates`, `shallow`,
//! and a linked worktree's `.git` file (`gitdir: …`) with its `commondir`.
//!
//! Why not gitoxide's `gix`: it reads all of this, but it is built for a filesystem (its
//! repository discovery and object database open files and memory-map them), while the app must
//! read a `.git` it was handed as a list of picked files in a web worker; the bundle reader already
//! decodes packs and materialises trees in memory, and a repository is that plus refs and loose
//! objects. `.gitignore` matching, which is subtle and specified, comes from `gix-ignore` (it
//! builds for wasm).

pub mod files;
pub mod index;
pub mod worktree;

use std::collections::{BTreeMap, BTreeSet};

use super::archive::Limits;
use super::bundle::history::History;
use super::bundle::pack::Pack;
use super::bundle::store::Store;
use super::bundle::{Bundle, BundleError, ObjectId};
use super::SourceTree;
pub use files::GitFiles;

/// Why a repository could not be read, or something asked of it could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RepositoryError {
    #[error("{path}: not a git repository (no .git directory or file)")]
    NotARepository { path: String },
    #[error("{path}: {what}")]
    Unsupported { path: String, what: String },
    #[error("{path}: {reason}")]
    Corrupt { path: String, reason: String },
    #[error("{0}")]
    Bundle(#[from] BundleError),
    #[error(
        "`{revision}`: {detail} — this repository is a shallow clone (.git/shallow) and holds only part of the history; fetch what the comparison needs (`git fetch --unshallow`, or `git fetch --deepen N` and the tags)"
    )]
    Shallow { revision: String, detail: String },
    #[error("no default branch to compare the working tree with (no origin/HEAD, main or master): give --baseline")]
    NoDefaultBranch,
    #[error("`{baseline}` and `{current}` have no common ancestor: give --baseline")]
    NoMergeBase { baseline: String, current: String },
}

/// An opened repository.
pub struct Repository {
    /// Refs (`HEAD` first when it resolves) and objects, read as a bundle is.
    pub bundle: Bundle,
    /// The branch `HEAD` names (`refs/heads/main`); `None` when it is detached.
    pub head_branch: Option<String>,
    /// Commits whose parents a shallow clone does not have.
    pub shallow: BTreeSet<ObjectId>,
    /// The directory of the working tree, as [`GitFiles`] names it (`None` for a bare repository).
    pub worktree: Option<String>,
    /// The git directory (`…/.git`, or a linked worktree's `…/.git/worktrees/name`).
    pub git_dir: String,
    /// The directory holding objects and shared refs (the git directory but for linked worktrees).
    pub common_dir: String,
    /// Symbolic refs and the ref each names (`refs/remotes/origin/HEAD` → `refs/remotes/origin/main`).
    pub symbolic: BTreeMap<String, String>,
}

/// Joins a directory and a relative path with `/` (`""` is the root).
fn join(dir: &str, path: &str) -> String {
    match (dir.is_empty(), path.is_empty()) {
        (true, _) => path.to_owned(),
        (_, true) => dir.to_owned(),
        _ => format!("{}/{path}", dir.trim_end_matches('/')),
    }
}

/// `dir/../x` and `./` resolved, lexically.
fn normalise(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

impl Repository {
    /// Opens the repository whose working tree (or bare git directory) is `root`.
    pub fn open(files: &dyn GitFiles, root: &str, limits: &Limits) -> Result<Repository, RepositoryError> {
        let dot_git = join(root, ".git");
        let (git_dir, worktree) = if files.is_dir(&dot_git) {
            (dot_git, Some(root.to_owned()))
        } else if let Some(pointer) = files.read(&dot_git) {
            // A linked worktree or a submodule: `gitdir: <path>`, relative to the worktree.
            let text = String::from_utf8_lossy(&pointer).into_owned();
            let target = text.trim().strip_prefix("gitdir:").map(str::trim).ok_or_else(|| {
                RepositoryError::Corrupt {
                    path: dot_git.clone(),
                    reason: format!("a .git file that does not say `gitdir: …`: {text:?}"),
                }
            })?;
            let dir =
                if target.starts_with('/') { target.to_owned() } else { normalise(&join(root, target)) };
            (dir, Some(root.to_owned()))
        } else if files.read(&join(root, "HEAD")).is_some() && files.is_dir(&join(root, "objects")) {
            (root.to_owned(), None)
        } else {
            return Err(RepositoryError::NotARepository { path: root.to_owned() });
        };
        if files.read(&join(&git_dir, "HEAD")).is_none() {
            return Err(RepositoryError::NotARepository { path: git_dir });
        }
        let common_dir = match files.read(&join(&git_dir, "commondir")) {
            Some(text) => {
                let text = String::from_utf8_lossy(&text).trim().to_owned();
                if text.starts_with('/') {
                    text
                } else {
                    normalise(&join(&git_dir, &text))
                }
            }
            None => git_dir.clone(),
        };
        check_config(files, &common_dir)?;
        let refs = read_refs(files, &git_dir, &common_dir)?;
        let store = read_objects(files, &common_dir, limits)?;
        let shallow = files
            .read(&join(&common_dir, "shallow"))
            .map(|text| {
                String::from_utf8_lossy(&text)
                    .lines()
                    .filter_map(|line| line.trim().parse::<ObjectId>().ok())
                    .collect()
            })
            .unwrap_or_default();
        let mut listed: Vec<(String, ObjectId)> = Vec::new();
        if let Some(id) = refs.head_id {
            listed.push(("HEAD".to_owned(), id));
        }
        listed.extend(refs.refs);
        let bundle = Bundle::from_store(0, Vec::new(), listed, store)?;
        Ok(Repository {
            bundle,
            head_branch: refs.head_branch,
            shallow,
            worktree,
            git_dir,
            common_dir,
            symbolic: refs.symbolic,
        })
    }

    /// The default branch to compare with: where `origin/HEAD` points, else `main`, `master`,
    /// `origin/main`, `origin/master` — the first that exists.
    pub fn default_branch(&self) -> Option<String> {
        let has = |name: &str| self.bundle.refs.iter().any(|(reference, _)| reference == name);
        if let Some(target) = self.remote_head() {
            if has(&target) {
                return Some(short(&target));
            }
        }
        ["refs/heads/main", "refs/heads/master", "refs/remotes/origin/main", "refs/remotes/origin/master"]
            .iter()
            .find(|name| has(name))
            .map(|name| short(name))
    }

    fn remote_head(&self) -> Option<String> {
        self.symbolic.get("refs/remotes/origin/HEAD").cloned()
    }

    /// A revision to a commit; in a shallow clone, a commit it does not have is named as such.
    pub fn resolve(&self, revision: &str) -> Result<ObjectId, RepositoryError> {
        self.bundle.resolve(revision).map_err(|error| self.shallow_error(revision, error))
    }

    /// An error about a revision, said as a shallow clone's when the repository is one and the
    /// revision reaches past what it holds (or names something its clone did not fetch).
    fn shallow_error(&self, revision: &str, error: BundleError) -> RepositoryError {
        if self.shallow.is_empty() {
            return error.into();
        }
        let detail = match &error {
            BundleError::UnknownRevision { reason, .. } => reason.clone(),
            other => other.to_string(),
        };
        RepositoryError::Shallow { revision: revision.to_owned(), detail }
    }

    /// The common ancestor of two commits to compare with: the newest, by author date, of the
    /// commits both reach — `git merge-base` for the histories reviews meet (on a criss-cross
    /// merge, where git may name several, one of them).
    pub fn merge_base(&self, a: ObjectId, b: ObjectId) -> Option<ObjectId> {
        let from_a = self.bundle.ancestors(a);
        self.bundle
            .ancestors(b)
            .into_iter()
            .filter(|id| from_a.contains(id))
            .max_by_key(|id| (self.bundle.commit(id).map(|c| c.time).unwrap_or(0), *id))
    }

    /// The revision the working tree is compared with by default: the merge base of `HEAD` with
    /// the default branch (`HEAD` itself on that branch: the uncommitted changes).
    pub fn default_baseline(&self) -> Result<(String, ObjectId), RepositoryError> {
        let head = self.resolve("HEAD")?;
        let branch = self.default_branch().ok_or(RepositoryError::NoDefaultBranch)?;
        let tip = self.resolve(&branch)?;
        let base = self.merge_base(head, tip).ok_or_else(|| RepositoryError::NoMergeBase {
            baseline: branch.clone(),
            current: "HEAD".into(),
        })?;
        let label = if base == head { "HEAD".to_owned() } else { format!("merge-base({branch}, HEAD)") };
        Ok((label, base))
    }
}

/// The two sides a repository gives, and the report's history section.
pub struct RepositorySides {
    pub baseline: SourceTree,
    pub current: SourceTree,
    pub history: History,
}

/// What the working tree is called where a revision would be.
pub const WORKING_TREE: &str = "working tree";

impl Repository {
    /// The paths the index tracks (none when there is no index: a fresh or bare repository).
    pub fn tracked(&self, files: &dyn GitFiles) -> Result<BTreeSet<String>, RepositoryError> {
        let path = join(&self.git_dir, "index");
        match files.read(&path) {
            Some(bytes) => {
                index::tracked_paths(&bytes).map_err(|reason| RepositoryError::Corrupt { path, reason })
            }
            None => Ok(BTreeSet::new()),
        }
    }

    /// `.git/info/exclude`, when there is one.
    pub fn info_exclude(&self, files: &dyn GitFiles) -> Option<Vec<u8>> {
        files.read(&join(&self.common_dir, "info/exclude"))
    }

    /// The sides to compare: `baseline` (default: the merge base of `HEAD` with the default
    /// branch) and `current` (default: the working tree, which `worktree` reads), labelled
    /// `NAME@REV (SHORT-ID)` and `NAME (working tree)`, and the commits between them.
    pub fn sides(
        &self,
        name: &str,
        baseline: Option<&str>,
        current: Option<&str>,
        worktree: impl FnOnce() -> Result<SourceTree, RepositoryError>,
    ) -> Result<RepositorySides, RepositoryError> {
        let (baseline_rev, baseline_id) = match baseline {
            Some(revision) => (revision.to_owned(), self.resolve(revision)?),
            None => self.default_baseline()?,
        };
        let tree = |revision: &str, id: ObjectId| {
            self.bundle
                .tree(id, &format!("{name}@{revision} ({})", id.short()))
                .map_err(|error| self.shallow_error(revision, error))
        };
        let baseline_tree = tree(&baseline_rev, baseline_id)?;
        let (current_tree, history) = match current {
            Some(revision) => {
                let id = self.resolve(revision)?;
                let history = self.bundle.report_history(name, (&baseline_rev, baseline_id), (revision, id));
                (tree(revision, id)?, history)
            }
            None => {
                let mut current = worktree()?;
                current.label = format!("{name} ({WORKING_TREE})");
                let head = self.resolve("HEAD")?;
                let history =
                    self.bundle.report_history(name, (&baseline_rev, baseline_id), (WORKING_TREE, head));
                (current, history)
            }
        };
        Ok(RepositorySides { baseline: baseline_tree, current: current_tree, history })
    }
}

/// A ref's shortest useful name: `main`, `origin/main`, `v1.2`.
fn short(name: &str) -> String {
    ["refs/heads/", "refs/tags/", "refs/remotes/", "refs/"]
        .iter()
        .find_map(|prefix| name.strip_prefix(prefix))
        .unwrap_or(name)
        .to_owned()
}

/// Refuses what this reader cannot read right: SHA-256 object names, unknown extensions that
/// change how objects are stored.
fn check_config(files: &dyn GitFiles, common_dir: &str) -> Result<(), RepositoryError> {
    let path = join(common_dir, "config");
    let Some(config) = files.read(&path) else { return Ok(()) };
    let text = String::from_utf8_lossy(&config).to_lowercase();
    let mut section = String::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line.trim_matches(['[', ']']).trim().to_owned();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else { continue };
        let (key, value) = (key.trim(), value.trim().trim_matches('"'));
        if section == "extensions" && key == "objectformat" && value != "sha1" {
            return Err(RepositoryError::Unsupported {
                path,
                what: format!(
                    "a {value} repository (extensions.objectFormat = {value}) is not supported: only SHA-1 repositories are read"
                ),
            });
        }
    }
    Ok(())
}

/// What the refs say.
struct Refs {
    head_id: Option<ObjectId>,
    head_branch: Option<String>,
    refs: Vec<(String, ObjectId)>,
    symbolic: BTreeMap<String, String>,
}

fn read_refs(files: &dyn GitFiles, git_dir: &str, common_dir: &str) -> Result<Refs, RepositoryError> {
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    // packed-refs: "<id> <name>" lines, "^<id>" peels the annotated tag above (not needed: tags
    // are peeled through their objects).
    if let Some(packed) = files.read(&join(common_dir, "packed-refs")) {
        for line in String::from_utf8_lossy(&packed).lines() {
            if line.starts_with('#') || line.starts_with('^') {
                continue;
            }
            if let Some((id, name)) = line.split_once(' ') {
                values.insert(name.trim().to_owned(), id.trim().to_owned());
            }
        }
    }
    // Loose refs win over packed ones.
    for dir in [common_dir, git_dir] {
        for path in files.list(&join(dir, "refs")) {
            let name = format!("refs/{path}");
            if let Some(value) = files.read(&join(dir, &name)) {
                values.insert(name, String::from_utf8_lossy(&value).trim().to_owned());
            }
        }
    }
    let resolve = |value: &str| -> Option<ObjectId> {
        let mut value = value.to_owned();
        for _ in 0..10 {
            match value.strip_prefix("ref:") {
                Some(target) => value = values.get(target.trim())?.clone(),
                None => return value.parse().ok(),
            }
        }
        None
    };
    let head_text = files.read(&join(git_dir, "HEAD")).map(|h| String::from_utf8_lossy(&h).trim().to_owned());
    let head_branch = head_text.as_deref().and_then(|h| h.strip_prefix("ref:")).map(|r| r.trim().to_owned());
    let head_id = head_text.as_deref().and_then(resolve);
    let mut refs = Vec::new();
    for (name, value) in &values {
        match resolve(value) {
            Some(id) => refs.push((name.clone(), id)),
            None if value.starts_with("ref:") => {} // points at a branch that does not exist yet
            None => {
                return Err(RepositoryError::Corrupt {
                    path: join(common_dir, name),
                    reason: format!("the ref holds {value:?}, not an object id"),
                })
            }
        }
    }
    let symbolic = values
        .iter()
        .filter_map(|(name, value)| {
            value.strip_prefix("ref:").map(|target| (name.clone(), target.trim().to_owned()))
        })
        .collect();
    Ok(Refs { head_id, head_branch, refs, symbolic })
}

fn read_objects(files: &dyn GitFiles, common_dir: &str, limits: &Limits) -> Result<Store, RepositoryError> {
    let mut dirs = vec![join(common_dir, "objects")];
    // Alternates: other object directories this one borrows from, one per line.
    if let Some(alternates) = files.read(&join(common_dir, "objects/info/alternates")) {
        for line in String::from_utf8_lossy(&alternates)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
        {
            let dir = if line.starts_with('/') {
                line.to_owned()
            } else {
                normalise(&join(&join(common_dir, "objects"), line))
            };
            dirs.push(dir);
        }
    }
    let mut packs = Vec::new();
    let mut loose: Vec<(String, ObjectId)> = Vec::new();
    for dir in &dirs {
        for path in files.list(dir) {
            let full = join(dir, &path);
            if let Some(name) = path.strip_prefix("pack/").filter(|n| n.ends_with(".pack")) {
                let bytes = files.read(&full).unwrap_or_default();
                let pack = Pack::decode(&bytes, limits).map_err(|error| RepositoryError::Corrupt {
                    path: full.clone(),
                    reason: format!("pack {name}: {error}"),
                })?;
                packs.push(pack);
            } else if let Some((prefix, rest)) = path.split_once('/') {
                if prefix.len() == 2 && rest.len() == 38 {
                    if let Ok(id) = format!("{prefix}{rest}").parse::<ObjectId>() {
                        loose.push((full, id));
                    }
                }
            }
        }
    }
    let mut store = Store::new(packs);
    for (path, id) in loose {
        let bytes = files.read(&path).unwrap_or_default();
        store
            .add_loose(id, &bytes, limits.max_entry_bytes)
            .map_err(|reason| RepositoryError::Corrupt { path: path.clone(), reason })?;
    }
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(normalise("/a/b/../c/./d"), "/a/c/d");
        assert_eq!(normalise("repo/.git/worktrees/x/../.."), "repo/.git");
        assert_eq!(join("", "HEAD"), "HEAD");
        assert_eq!(join("/r/", ".git"), "/r/.git");
        assert_eq!(short("refs/remotes/origin/main"), "origin/main");
    }
}
