//! Git bundles (`git bundle create repo.bundle --all`): the repository a reviewer carries into an
//! air-gapped room, read in memory.
//!
//! In: the bundle's bytes. Out: a [`Bundle`] — its refs, prerequisites and objects — that
//! resolves revision expressions ([`revision`]), lists history and the commits in a range, and
//! materialises the tree of a commit as a [`SourceTree`] on demand (only the two trees compared
//! are ever built). Format v2 and v3 headers are read here by hand (gitoxide does not parse
//! them); the packfile is decoded by [`pack`]. SHA-256 repositories get a clear "not supported".
//! A thin bundle (with prerequisites) is read as far as it goes: objects whose delta base is a
//! prerequisite are listed as missing, and files that need them become problems.

pub mod history;
pub mod objects;
pub mod pack;
pub mod revision;
pub mod store;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::str::FromStr;

use objects::Commit;
use pack::{Kind, Pack, PackError};
use store::Store;

use super::archive::Limits;
use super::{Skipped, SourceTree};

/// A SHA-1 object id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectId([u8; 20]);

impl ObjectId {
    /// From 20 bytes (shorter input is zero-padded; callers pass exactly 20).
    pub fn from_slice(bytes: &[u8]) -> ObjectId {
        let mut id = [0u8; 20];
        for (slot, byte) in id.iter_mut().zip(bytes) {
            *slot = *byte;
        }
        ObjectId(id)
    }

    /// The first seven hex digits, as git shows them.
    pub fn short(&self) -> String {
        self.to_string().chars().take(7).collect()
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&pack::hex(&self.0))
    }
}

impl FromStr for ObjectId {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        if text.len() != 40 || !text.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("`{text}` is not a 40-digit hex object id"));
        }
        let mut id = [0u8; 20];
        for (index, slot) in id.iter_mut().enumerate() {
            let pair = text.get(index * 2..index * 2 + 2).unwrap_or("00");
            *slot = u8::from_str_radix(pair, 16).map_err(|e| e.to_string())?;
        }
        Ok(ObjectId(id))
    }
}

/// Why a bundle (or something asked of it) failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("not a git bundle: {0}")]
    BadHeader(String),
    #[error("{0} is not supported")]
    Unsupported(String),
    #[error("{0}")]
    Pack(#[from] PackError),
    #[error("unknown revision `{revision}`: {reason}")]
    UnknownRevision { revision: String, reason: String },
    #[error("{id} is a {kind}, not a commit")]
    NotACommit { id: String, kind: &'static str },
    #[error("commit {id} could not be read: {reason}")]
    BadCommit { id: String, reason: String },
    #[error("the files of {revision} are not all in this bundle: {count} object(s) missing, e.g. {examples}{thin}")]
    IncompleteTree { revision: String, count: usize, examples: String, thin: String },
}

/// A prerequisite of a thin bundle: a commit the bundle builds on but does not contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prerequisite {
    pub id: ObjectId,
    pub comment: String,
}

/// One commit as listed in the history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: ObjectId,
    pub subject: String,
    pub author: String,
    pub time: i64,
    pub parents: Vec<ObjectId>,
}

impl From<&Commit> for CommitInfo {
    fn from(commit: &Commit) -> Self {
        CommitInfo {
            id: commit.id,
            subject: commit.subject.clone(),
            author: commit.author.clone(),
            time: commit.time,
            parents: commit.parents.clone(),
        }
    }
}

/// An opened bundle.
pub struct Bundle {
    pub version: u8,
    pub prerequisites: Vec<Prerequisite>,
    /// `(refname, id)` in the order the bundle lists them.
    pub refs: Vec<(String, ObjectId)>,
    store: Store,
    commits: HashMap<ObjectId, Commit>,
}

impl Bundle {
    /// Reads the header and decodes the pack (verifying its checksum and every object id).
    pub fn open(bytes: &[u8], limits: &Limits) -> Result<Bundle, BundleError> {
        let (version, rest) = if let Some(rest) = bytes.strip_prefix(b"# v2 git bundle\n") {
            (2, rest)
        } else if let Some(rest) = bytes.strip_prefix(b"# v3 git bundle\n") {
            (3, rest)
        } else {
            let start =
                String::from_utf8_lossy(bytes.get(..bytes.len().min(20)).unwrap_or_default()).into_owned();
            return Err(BundleError::BadHeader(format!(
                "it starts with {start:?}, not \"# v2 git bundle\" or \"# v3 git bundle\""
            )));
        };
        let mut prerequisites = Vec::new();
        let mut refs = Vec::new();
        let mut position = 0usize;
        loop {
            let line_end = rest
                .get(position..)
                .and_then(|r| r.iter().position(|&b| b == b'\n'))
                .ok_or_else(|| BundleError::BadHeader("the header never ends (truncated file?)".into()))?;
            let line = String::from_utf8_lossy(rest.get(position..position + line_end).unwrap_or_default())
                .into_owned();
            position += line_end + 1;
            if line.is_empty() {
                break;
            }
            if let Some(capability) = line.strip_prefix('@') {
                match capability.split_once('=') {
                    Some(("object-format", "sha1")) => {}
                    Some(("object-format", other)) => {
                        return Err(BundleError::Unsupported(format!(
                        "a bundle of a {other} repository (object-format={other}); only SHA-1 repositories"
                    )))
                    }
                    Some(("filter", filter)) => {
                        return Err(BundleError::Unsupported(format!("a partial bundle (filter={filter})")))
                    }
                    _ => {} // unknown capabilities do not change how objects are read
                }
            } else if let Some(prerequisite) = line.strip_prefix('-') {
                let (id, comment) = prerequisite.split_once(' ').unwrap_or((prerequisite, ""));
                let id = id.parse().map_err(BundleError::BadHeader)?;
                prerequisites.push(Prerequisite { id, comment: comment.to_owned() });
            } else {
                let (id, name) = line.split_once(' ').ok_or_else(|| {
                    BundleError::BadHeader(format!("the header line {line:?} is not `<id> <ref>`"))
                })?;
                refs.push((name.to_owned(), id.parse().map_err(BundleError::BadHeader)?));
            }
        }
        let pack = Pack::decode(rest.get(position..).unwrap_or_default(), limits)?;
        Bundle::from_store(version, prerequisites, refs, Store::new(vec![pack]))
    }

    /// Refs and objects read from elsewhere — a repository's `.git` ([`crate::intake::repository`])
    /// — as a bundle: every commit parsed, so history and revisions work the same. `version` is
    /// 0 for a repository.
    pub fn from_store(
        version: u8,
        prerequisites: Vec<Prerequisite>,
        refs: Vec<(String, ObjectId)>,
        store: Store,
    ) -> Result<Bundle, BundleError> {
        let mut commits = HashMap::new();
        for id in store.ids(Kind::Commit) {
            let (_, data) = store.object(&id)?;
            let commit = objects::parse_commit(id, &data)
                .map_err(|reason| BundleError::BadCommit { id: id.to_string(), reason })?;
            commits.insert(id, commit);
        }
        Ok(Bundle { version, prerequisites, refs, store, commits })
    }

    /// What it is, for messages: `bundle`, or `repository` when read from a `.git`.
    pub fn what(&self) -> &'static str {
        if self.version == 0 {
            "repository"
        } else {
            "bundle"
        }
    }

    /// How many objects the pack holds.
    pub fn object_count(&self) -> usize {
        self.store.len()
    }

    /// Objects the bundle needs but does not have (bases of thin deltas, prerequisites).
    pub fn missing(&self) -> BTreeSet<String> {
        let mut missing: BTreeSet<String> =
            self.store.missing_bases().iter().map(|id| id.to_string()).collect();
        missing.extend(self.prerequisites.iter().map(|p| p.id.to_string()));
        missing
    }

    /// The commit HEAD points at: the `HEAD` ref, else `refs/heads/main` or `master`.
    pub fn head(&self) -> Option<ObjectId> {
        ["HEAD", "refs/heads/main", "refs/heads/master"]
            .iter()
            .find_map(|name| self.refs.iter().find(|(reference, _)| reference == name).map(|(_, id)| *id))
    }

    pub fn commit_ids(&self) -> impl Iterator<Item = &ObjectId> {
        self.commits.keys()
    }

    pub fn commit(&self, id: &ObjectId) -> Result<Commit, BundleError> {
        if let Some(commit) = self.commits.get(id) {
            return Ok(commit.clone());
        }
        match self.store.kind(id) {
            Some(kind) => Err(BundleError::NotACommit { id: id.to_string(), kind: kind.name() }),
            None => Err(PackError::Missing { id: id.to_string() }.into()),
        }
    }

    /// Follows annotated tags down to the commit they tag.
    pub fn peel_to_commit(&self, mut id: ObjectId) -> Result<ObjectId, BundleError> {
        for _ in 0..16 {
            match self.store.kind(&id) {
                Some(Kind::Commit) => return Ok(id),
                Some(Kind::Tag) => {
                    let (_, data) = self.store.object(&id)?;
                    id = objects::parse_tag_target(&data)
                        .ok_or_else(|| BundleError::BadHeader(format!("tag {id} names no object")))?;
                }
                Some(kind) => return Err(BundleError::NotACommit { id: id.to_string(), kind: kind.name() }),
                None => return Err(PackError::Missing { id: id.to_string() }.into()),
            }
        }
        Err(BundleError::BadHeader(format!("tag {id} points at tags too many times")))
    }

    /// A revision expression (`HEAD~3`, `v1.2`, `main^2`, `abc1234`) to a commit id.
    pub fn resolve(&self, expression: &str) -> Result<ObjectId, BundleError> {
        revision::resolve(self, expression)
    }

    /// Commits reachable from `tip`, itself included.
    pub fn ancestors(&self, tip: ObjectId) -> HashSet<ObjectId> {
        self.reachable(&[tip])
    }

    /// Commits reachable from `tip` (itself included), newest first.
    fn reachable(&self, tips: &[ObjectId]) -> HashSet<ObjectId> {
        let mut seen = HashSet::new();
        let mut pending: Vec<ObjectId> = tips.to_vec();
        while let Some(id) = pending.pop() {
            if !seen.insert(id) {
                continue;
            }
            if let Some(commit) = self.commits.get(&id) {
                pending.extend(commit.parents.iter().copied());
            }
        }
        seen
    }

    fn sorted(&self, ids: impl IntoIterator<Item = ObjectId>) -> Vec<CommitInfo> {
        let mut commits: Vec<CommitInfo> =
            ids.into_iter().filter_map(|id| self.commits.get(&id)).map(CommitInfo::from).collect();
        commits.sort_by(|a, b| b.time.cmp(&a.time).then(a.id.cmp(&b.id)));
        commits
    }

    /// The history reachable from any ref, newest first, at most `limit` commits.
    pub fn history(&self, limit: usize) -> Vec<CommitInfo> {
        let tips: Vec<ObjectId> =
            self.refs.iter().filter_map(|(_, id)| self.peel_to_commit(*id).ok()).collect();
        let mut commits = self.sorted(self.reachable(&tips));
        commits.truncate(limit);
        commits
    }

    /// The commits in `baseline..current` (reachable from current, not from baseline), newest
    /// first — what `git log baseline..current` lists.
    pub fn range(&self, baseline: ObjectId, current: ObjectId) -> Vec<CommitInfo> {
        let excluded = self.reachable(&[baseline]);
        self.sorted(self.reachable(&[current]).into_iter().filter(|id| !excluded.contains(id)))
    }

    /// Tags (by name, shortest form) with the commit they tag, newest commit first.
    pub fn tags(&self) -> Vec<(String, ObjectId)> {
        let mut tags: Vec<(String, ObjectId, i64)> = self
            .refs
            .iter()
            .filter_map(|(name, id)| {
                let short = name.strip_prefix("refs/tags/")?;
                let commit = self.peel_to_commit(*id).ok()?;
                let time = self.commits.get(&commit).map_or(0, |c| c.time);
                Some((short.to_owned(), commit, time))
            })
            .collect();
        tags.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        tags.into_iter().map(|(name, id, _)| (name, id)).collect()
    }

    /// The default pair to compare: `HEAD~3..HEAD`; when HEAD has fewer ancestors, the two newest
    /// tags; failing that, HEAD's oldest ancestor and HEAD.
    pub fn default_revisions(&self) -> Option<(String, String)> {
        if self.head().is_some() && self.resolve("HEAD~3").is_ok() {
            return Some(("HEAD~3".into(), "HEAD".into()));
        }
        let tags = self.tags();
        if let [newest, older, ..] = tags.as_slice() {
            return Some((older.0.clone(), newest.0.clone()));
        }
        for back in (1..3).rev() {
            let expression = format!("HEAD~{back}");
            if self.resolve(&expression).is_ok() {
                return Some((expression, "HEAD".into()));
            }
        }
        None
    }

    /// One file of a commit's tree, by its path (`None` when the tree has no such file). Walks
    /// only the trees on the path, so showing one file does not decode the whole tree.
    pub fn file(&self, commit: ObjectId, path: &str) -> Result<Option<Vec<u8>>, BundleError> {
        let mut id = self.commit(&commit)?.tree;
        let mut parts = path.split('/').peekable();
        while let Some(part) = parts.next() {
            let (_, data) = self.store.object(&id)?;
            let entries = objects::parse_tree(&data)
                .map_err(|reason| PackError::Corrupt { offset: 0, reason: format!("tree {id}: {reason}") })?;
            let last = parts.peek().is_none();
            let Some(entry) = entries.into_iter().find(|e| e.name == part && (e.is_tree() != last)) else {
                return Ok(None);
            };
            if last {
                return Ok(entry
                    .is_file()
                    .then(|| self.store.object(&entry.id))
                    .transpose()?
                    .map(|(_, data)| data.to_vec()));
            }
            id = entry.id;
        }
        Ok(None)
    }

    /// The files of a commit's tree. Links and submodules are skipped (listed as problems). When
    /// objects are missing (a thin bundle), the tree is refused rather than built incomplete: a
    /// missing file would read as a removed module.
    pub fn tree(&self, commit: ObjectId, label: &str) -> Result<SourceTree, BundleError> {
        let root = self.commit(&commit)?.tree;
        let mut tree = SourceTree::new(label);
        let mut missing: Vec<String> = Vec::new();
        let mut pending: Vec<(String, ObjectId)> = vec![(String::new(), root)];
        while let Some((prefix, id)) = pending.pop() {
            let data = match self.store.object(&id) {
                Ok((_, data)) => data,
                Err(PackError::Missing { .. }) => {
                    missing.push(if prefix.is_empty() {
                        "/ (the root directory)".to_owned()
                    } else {
                        format!("{prefix}/")
                    });
                    continue;
                }
                Err(error) => return Err(error.into()),
            };
            let entries = objects::parse_tree(&data)
                .map_err(|reason| PackError::Corrupt { offset: 0, reason: format!("tree {id}: {reason}") })?;
            for entry in entries {
                let path =
                    if prefix.is_empty() { entry.name.clone() } else { format!("{prefix}/{}", entry.name) };
                if entry.is_tree() {
                    if !super::is_ignored_directory(&entry.name) {
                        pending.push((path, entry.id));
                    }
                } else if entry.is_symlink() {
                    tree.skipped.push(Skipped { path, reason: "symbolic link, not followed".into() });
                } else if entry.is_submodule() {
                    let reason =
                        format!("submodule at {} (its code is not in this bundle)", entry.id.short());
                    tree.skipped.push(Skipped { path, reason });
                } else if entry.is_file() {
                    match self.store.object(&entry.id) {
                        Ok((_, data)) => {
                            tree.insert(&path, data.to_vec());
                        }
                        Err(PackError::Missing { .. }) => missing.push(path),
                        Err(error) => return Err(error.into()),
                    }
                }
            }
        }
        if !missing.is_empty() {
            missing.sort();
            let examples = missing.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            let thin = match self.prerequisites.first() {
                Some(p) => format!(
                    "; this thin bundle builds on {} ({}) — create it with `git bundle create FILE --all`, or compare revisions it contains in full",
                    p.id.short(),
                    p.comment
                ),
                None => String::new(),
            };
            return Err(BundleError::IncompleteTree {
                revision: label.to_owned(),
                count: missing.len(),
                examples,
                thin,
            });
        }
        Ok(tree)
    }
}

/// Seconds since the epoch as an ISO 8601 UTC date-time (`2025-01-04T12:00:00Z`).
pub fn iso8601(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

/// The two sides a bundle gives for `baseline..current`: each revision's tree, labelled
/// `NAME@REV (SHORT-ID)`, and the report's history section.
#[derive(Debug, Clone)]
pub struct BundleSides {
    pub baseline: SourceTree,
    pub current: SourceTree,
    pub history: history::History,
}

impl Bundle {
    /// The trees of two revisions and the history between them: what the CLI and the app
    /// analyse when both sides come from a bundle named `name`.
    pub fn sides(&self, name: &str, baseline: &str, current: &str) -> Result<BundleSides, BundleError> {
        let (old, new) = (self.resolve(baseline)?, self.resolve(current)?);
        let tree = |rev: &str, id: ObjectId| self.tree(id, &format!("{name}@{rev} ({})", id.short()));
        Ok(BundleSides {
            baseline: tree(baseline, old)?,
            current: tree(current, new)?,
            history: self.report_history(name, (baseline, old), (current, new)),
        })
    }

    /// The report's history section for `baseline..current`.
    pub fn report_history(
        &self,
        source: &str,
        baseline: (&str, ObjectId),
        current: (&str, ObjectId),
    ) -> history::History {
        use history::{CommitSummary, History, Revision};
        let commits = self
            .range(baseline.1, current.1)
            .into_iter()
            .map(|c| CommitSummary {
                id: c.id.to_string(),
                subject: c.subject,
                author: c.author,
                date: iso8601(c.time),
            })
            .collect();
        let tags = self.tags();
        let tags_of = |commit: ObjectId| -> Vec<String> {
            tags.iter().filter(|(_, id)| *id == commit).map(|(name, _)| name.clone()).collect()
        };
        History {
            source: source.to_owned(),
            baseline: Revision {
                revision: baseline.0.to_owned(),
                commit: baseline.1.to_string(),
                tags: tags_of(baseline.1),
            },
            current: Revision {
                revision: current.0.to_owned(),
                commit: current.1.to_string(),
                tags: tags_of(current.1),
            },
            commits,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_dates() {
        assert_eq!(super::iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::iso8601(1_735_992_000), "2025-01-04T12:00:00Z");
        assert_eq!(super::iso8601(951_782_400), "2000-02-29T00:00:00Z");
    }
}

/// What a bundle holds, for listing in the app (and as JSON): refs, history, defaults.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BundleSummary {
    pub name: String,
    pub version: u8,
    pub objects: usize,
    pub refs: Vec<RefSummary>,
    /// Newest first, at most the limit asked for.
    pub commits: Vec<CommitSummaryRow>,
    pub default_baseline: Option<String>,
    pub default_current: Option<String>,
    /// `"<short id> <comment>"` of each prerequisite (thin bundles).
    pub prerequisites: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RefSummary {
    /// Shortest useful form: `main`, `v1.2`, `HEAD`.
    pub name: String,
    pub commit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CommitSummaryRow {
    pub id: String,
    pub subject: String,
    pub author: String,
    pub date: String,
}

impl From<CommitInfo> for CommitSummaryRow {
    fn from(commit: CommitInfo) -> Self {
        CommitSummaryRow {
            id: commit.id.to_string(),
            subject: commit.subject,
            author: commit.author,
            date: iso8601(commit.time),
        }
    }
}

impl Bundle {
    pub fn summary(&self, name: &str, limit: usize) -> BundleSummary {
        let (default_baseline, default_current) = match self.default_revisions() {
            Some((b, c)) => (Some(b), Some(c)),
            None => (None, None),
        };
        let refs = self
            .refs
            .iter()
            .map(|(reference, id)| {
                let short = ["refs/heads/", "refs/tags/", "refs/remotes/", "refs/"]
                    .iter()
                    .find_map(|prefix| reference.strip_prefix(prefix))
                    .unwrap_or(reference);
                let commit =
                    self.peel_to_commit(*id).map(|c| c.to_string()).unwrap_or_else(|_| id.to_string());
                RefSummary { name: short.to_owned(), commit }
            })
            .collect();
        BundleSummary {
            name: name.to_owned(),
            version: self.version,
            objects: self.object_count(),
            refs,
            commits: self.history(limit).into_iter().map(CommitSummaryRow::from).collect(),
            default_baseline,
            default_current,
            prerequisites: self
                .prerequisites
                .iter()
                .map(|p| format!("{} {}", p.id.short(), p.comment))
                .collect(),
        }
    }

    /// The commits of `baseline..current` as rows, or why a revision does not resolve.
    pub fn range_rows(&self, baseline: &str, current: &str) -> Result<Vec<CommitSummaryRow>, BundleError> {
        let (old, new) = (self.resolve(baseline)?, self.resolve(current)?);
        Ok(self.range(old, new).into_iter().map(CommitSummaryRow::from).collect())
    }
}
