//! Archives as source trees: sdists (`.tar.gz`, `.tgz`, `.zip`), wheels (`.whl`), plain `.tar`
//! and `.zip` exports.
//!
//! In: the archive's bytes. Out: a [`SourceTree`] with the single top-level directory of an sdist
//! stripped, or an [`ArchiveError`] saying what is wrong. The format is recognised from the
//! bytes (gzip, zip and tar magic), not the file name.
//!
//! Hostile archives are expected. Entries that are links, devices or other special files, and
//! names that are absolute or climb out with `..`, are skipped and listed as problems. An entry
//! larger than [`Limits::max_entry_bytes`] or compressed more than [`Limits::max_ratio`] to one is
//! skipped too. Limits on the whole archive (uncompressed total, entry count) refuse it: a
//! silently truncated tree would show up as removed modules, a false report.

use std::io::Read;

use super::{normalise_path, Skipped, SourceTree};

/// Bounds that keep a hostile archive from exhausting memory. The defaults fit the largest real
/// projects comfortably; the CLI and the app let users raise them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Total uncompressed bytes of all entries.
    pub max_total_bytes: u64,
    /// Number of entries (files, directories, links).
    pub max_entries: usize,
    /// Uncompressed bytes of one entry.
    pub max_entry_bytes: u64,
    /// Uncompressed ÷ compressed size, per zip entry and for a gzip stream as a whole.
    pub max_ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_total_bytes: 2 * 1024 * 1024 * 1024,
            max_entries: 500_000,
            max_entry_bytes: 512 * 1024 * 1024,
            max_ratio: 1_000,
        }
    }
}

/// The archive formats recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    TarGz,
    Tar,
    Zip,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::TarGz => "tar.gz",
            Format::Tar => "tar",
            Format::Zip => "zip",
        }
    }
}

/// Why an archive could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveError {
    #[error("not a supported archive (expected .tar.gz, .tgz, .tar, .zip or .whl)")]
    NotAnArchive,
    #[error("corrupt {format} archive: {reason}")]
    Corrupt { format: &'static str, reason: String },
    #[error("archive refused: {what} exceeds the limit of {limit} ({hint})")]
    LimitExceeded { what: &'static str, limit: String, hint: &'static str },
}

/// Recognises an archive from its first bytes.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        Some(Format::TarGz)
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some(Format::Zip)
    } else if bytes.get(257..262) == Some(b"ustar") {
        Some(Format::Tar)
    } else {
        None
    }
}

/// Reads an archive into a tree labelled `label`.
pub fn read(bytes: &[u8], label: &str, limits: &Limits) -> Result<SourceTree, ArchiveError> {
    let format = detect(bytes).ok_or(ArchiveError::NotAnArchive)?;
    let mut entries = Entries::new(*limits);
    match format {
        Format::TarGz => {
            let tripped = std::rc::Rc::new(std::cell::Cell::new(false));
            let guard = RatioGuard {
                inner: flate2::read::GzDecoder::new(bytes),
                out: 0,
                compressed: bytes.len() as u64,
                max_ratio: limits.max_ratio,
                tripped: tripped.clone(),
            };
            let result = read_tar(guard, format, &mut entries);
            if tripped.get() {
                return Err(ArchiveError::LimitExceeded {
                    what: "the compression ratio",
                    limit: format!("{}:1", limits.max_ratio),
                    hint: "an archive bomb? raise it with --max-compression-ratio",
                });
            }
            result?
        }
        Format::Tar => read_tar(bytes, format, &mut entries)?,
        Format::Zip => read_zip(bytes, &mut entries)?,
    }
    Ok(entries.into_tree(label))
}

/// What has been read so far, with the running totals the limits apply to.
struct Entries {
    limits: Limits,
    files: Vec<(String, Vec<u8>)>,
    skipped: Vec<Skipped>,
    total_bytes: u64,
    count: usize,
    /// Every non-directory entry name met, kept or not (to decide what the top directory is).
    names: Vec<String>,
}

impl Entries {
    fn new(limits: Limits) -> Self {
        Entries {
            limits,
            files: Vec::new(),
            skipped: Vec::new(),
            total_bytes: 0,
            count: 0,
            names: Vec::new(),
        }
    }

    fn skip(&mut self, path: &str, reason: impl Into<String>) {
        self.skipped.push(Skipped { path: path.to_owned(), reason: reason.into() });
    }

    /// Counts an entry against the entry limit.
    fn count(&mut self) -> Result<(), ArchiveError> {
        self.count += 1;
        if self.count > self.limits.max_entries {
            return Err(ArchiveError::LimitExceeded {
                what: "the number of entries",
                limit: self.limits.max_entries.to_string(),
                hint: "raise it with --max-archive-entries",
            });
        }
        Ok(())
    }

    /// The entry's path inside the archive, or `None` (and a problem) when it is unsafe.
    fn safe_path(&mut self, raw: &str) -> Option<String> {
        self.names.push(raw.trim_start_matches(['/', '\\']).to_owned());
        let absolute = raw.starts_with('/') || raw.starts_with('\\') || raw.get(1..3) == Some(":\\");
        let climbs = raw.split(['/', '\\']).any(|part| part == "..");
        if absolute || climbs || raw.contains('\0') {
            self.skip(raw, "path is absolute or leaves the archive (`..`); skipped");
            return None;
        }
        normalise_path(raw)
    }

    /// Reads one entry's bytes, enforcing the per-entry and total limits.
    fn read_entry(&mut self, path: &str, reader: impl Read, declared: u64) -> Result<(), ArchiveError> {
        if declared > self.limits.max_entry_bytes {
            self.skip(
                path,
                format!(
                    "{declared} bytes: larger than the {}-byte entry limit; skipped",
                    self.limits.max_entry_bytes
                ),
            );
            return Ok(());
        }
        let mut bytes = Vec::with_capacity(declared.min(16 * 1024 * 1024) as usize);
        let read = reader
            .take(self.limits.max_entry_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(|error| corrupt_reason(&error));
        let read = match read {
            Ok(read) => read as u64,
            Err(reason) => {
                self.skip(path, reason);
                return Ok(());
            }
        };
        if read > self.limits.max_entry_bytes {
            self.skip(
                path,
                format!("larger than the {}-byte entry limit; skipped", self.limits.max_entry_bytes),
            );
            return Ok(());
        }
        self.total_bytes += read;
        if self.total_bytes > self.limits.max_total_bytes {
            return Err(ArchiveError::LimitExceeded {
                what: "the total uncompressed size",
                limit: format!("{} bytes", self.limits.max_total_bytes),
                hint: "raise it with --max-archive-bytes",
            });
        }
        self.files.push((path.to_owned(), bytes));
        Ok(())
    }

    /// The tree, with an sdist's single top-level directory stripped.
    fn into_tree(self, label: &str) -> SourceTree {
        let prefix = single_top_directory(self.names.iter().map(String::as_str));
        let mut tree = SourceTree::new(label);
        let mut seen = std::collections::HashSet::new();
        for (path, bytes) in self.files {
            let inside = match &prefix {
                Some(prefix) => path.strip_prefix(prefix.as_str()).unwrap_or(&path).to_owned(),
                None => path,
            };
            if !seen.insert(inside.clone()) {
                tree.skipped.push(Skipped {
                    path: inside.clone(),
                    reason: "duplicate entry; the last one is used".into(),
                });
            }
            tree.insert(&inside, bytes);
        }
        tree.skipped.extend(self.skipped);
        tree
    }
}

/// `"flask-3.0.3/"` when every file lies under that one directory.
fn single_top_directory<'a>(paths: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut top: Option<&str> = None;
    for path in paths {
        let (first, rest) = path.split_once('/')?;
        if rest.is_empty() || top.is_some_and(|t| t != first) {
            return None;
        }
        top = Some(first);
    }
    top.map(|t| format!("{t}/"))
}

fn corrupt_reason(error: &std::io::Error) -> String {
    format!("could not be read from the archive ({error}); skipped")
}

/// Stops a decompressing reader once it has expanded the archive more than `max_ratio` times
/// (checked after the first 64 MB, so small archives of repetitive text pass).
struct RatioGuard<R> {
    inner: R,
    out: u64,
    compressed: u64,
    max_ratio: u64,
    tripped: std::rc::Rc<std::cell::Cell<bool>>,
}

impl<R: Read> Read for RatioGuard<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.out += n as u64;
        if self.out > 64 * 1024 * 1024 && self.out / self.compressed.max(1) > self.max_ratio {
            self.tripped.set(true);
            return Err(std::io::Error::other("compression ratio limit exceeded"));
        }
        Ok(n)
    }
}

fn read_tar(reader: impl Read, format: Format, entries: &mut Entries) -> Result<(), ArchiveError> {
    let corrupt = |reason: String| ArchiveError::Corrupt { format: format.name(), reason };
    let mut archive = tar::Archive::new(reader);
    let iter = archive.entries().map_err(|error| corrupt(error.to_string()))?;
    for entry in iter {
        let entry = entry.map_err(|error| corrupt(error.to_string()))?;
        entries.count()?;
        let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = entry.header().entry_type();
        if kind.is_dir() || kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        let Some(path) = entries.safe_path(&raw) else { continue };
        if kind.is_symlink() || kind.is_hard_link() {
            let target =
                entry.link_name_bytes().map(|t| String::from_utf8_lossy(&t).into_owned()).unwrap_or_default();
            entries.skip(&path, format!("link to `{target}`, not followed; skipped"));
            continue;
        }
        if !(kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse()) {
            entries.skip(&path, "device, pipe or other special file; skipped");
            continue;
        }
        let declared = entry.header().size().unwrap_or(0);
        entries.read_entry(&path, entry, declared)?;
    }
    Ok(())
}

fn read_zip(bytes: &[u8], entries: &mut Entries) -> Result<(), ArchiveError> {
    let corrupt = |reason: String| ArchiveError::Corrupt { format: "zip", reason };
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|error| corrupt(error.to_string()))?;
    for index in 0..archive.len() {
        entries.count()?;
        let file = match archive.by_index(index) {
            Ok(file) => file,
            Err(error) => {
                entries.skip(&format!("entry #{index}"), format!("unreadable zip entry ({error}); skipped"));
                continue;
            }
        };
        let raw = String::from_utf8_lossy(file.name_raw()).into_owned();
        if file.is_dir() {
            continue;
        }
        let Some(path) = entries.safe_path(&raw) else { continue };
        if file.is_symlink() {
            entries.skip(&path, "symbolic link, not followed; skipped");
            continue;
        }
        let (size, compressed) = (file.size(), file.compressed_size().max(1));
        if size > 1024 * 1024 && size / compressed > entries.limits.max_ratio {
            entries.skip(
                &path,
                format!(
                    "compressed {}:1, more than the {}:1 limit (an archive bomb?); skipped",
                    size / compressed,
                    entries.limits.max_ratio
                ),
            );
            continue;
        }
        entries.read_entry(&path, file, size)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats_from_bytes() {
        assert_eq!(detect(&[0x1f, 0x8b, 8, 0]), Some(Format::TarGz));
        assert_eq!(detect(b"PK\x03\x04rest"), Some(Format::Zip));
        assert_eq!(detect(b"print('hello')"), None);
        assert_eq!(read(b"not an archive", "x", &Limits::default()).err(), Some(ArchiveError::NotAnArchive));
    }

    #[test]
    fn strips_one_top_directory_only() {
        assert_eq!(single_top_directory(["a/x.py", "a/b/y.py"].into_iter()), Some("a/".into()));
        assert_eq!(single_top_directory(["a/x.py", "b/y.py"].into_iter()), None);
        assert_eq!(single_top_directory(["x.py"].into_iter()), None);
    }
}
