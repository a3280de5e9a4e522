//! The paths a repository's index (`.git/index`) tracks: what `git status` counts as part of the
//! working tree even where an ignore rule would leave it out.
//!
//! The index format (`DIRC`, versions 2 to 4) is read by hand for its paths only: a fixed-size
//! stat block, the object id and flags per entry, then the path — NUL-terminated and padded to
//! eight bytes (v2, v3; v3 entries may carry a second flags word), or prefix-compressed against
//! the previous path (v4). gitoxide's `gix-index` reads all of it, with the extensions, but it
//! brings a filesystem and memory-mapping layer the browser's worker has no use for; the paths
//! are 60 lines. Entries in a merge conflict appear once per stage and are listed once.

use std::collections::BTreeSet;

/// The tracked paths, or why the index could not be read.
pub fn tracked_paths(index: &[u8]) -> Result<BTreeSet<String>, String> {
    let header = index.get(..12).ok_or("shorter than its header")?;
    if header.get(..4) != Some(b"DIRC") {
        return Err("it does not start with DIRC".into());
    }
    let word = |at: usize| -> Option<u32> {
        let bytes: [u8; 4] = index.get(at..at + 4)?.try_into().ok()?;
        Some(u32::from_be_bytes(bytes))
    };
    let version = word(4).ok_or("no version")?;
    if !(2..=4).contains(&version) {
        return Err(format!("index version {version} (2 to 4 are known)"));
    }
    let count = word(8).ok_or("no entry count")? as usize;
    let mut paths = BTreeSet::new();
    let mut previous: Vec<u8> = Vec::new();
    let mut at = 12usize;
    for entry in 0..count {
        let start = at;
        // ctime, mtime (8 bytes each), dev, ino, mode, uid, gid, size (4 each): 40 bytes; then
        // the 20-byte id and a 16-bit flags word.
        let flags_at = start + 40 + 20;
        let flags = index
            .get(flags_at..flags_at + 2)
            .and_then(|bytes| <[u8; 2]>::try_from(bytes).ok())
            .ok_or_else(|| format!("entry {entry} is cut off"))?;
        let flags = u16::from_be_bytes(flags);
        at = flags_at + 2;
        if version >= 3 && flags & 0x4000 != 0 {
            at += 2; // extended flags
        }
        let path = if version == 4 {
            // A varint: how many bytes to drop from the end of the previous path.
            let mut strip: usize = 0;
            loop {
                let byte = *index.get(at).ok_or_else(|| format!("entry {entry} is cut off"))?;
                at += 1;
                strip = (strip << 7) | usize::from(byte & 0x7f);
                if byte & 0x80 == 0 {
                    break;
                }
                strip += 1;
            }
            let end = index
                .get(at..)
                .and_then(|rest| rest.iter().position(|&b| b == 0))
                .ok_or("a path never ends")?;
            let mut path = previous.get(..previous.len().saturating_sub(strip)).unwrap_or_default().to_vec();
            path.extend_from_slice(index.get(at..at + end).unwrap_or_default());
            at += end + 1;
            path
        } else {
            let end = index
                .get(at..)
                .and_then(|rest| rest.iter().position(|&b| b == 0))
                .ok_or("a path never ends")?;
            let path = index.get(at..at + end).unwrap_or_default().to_vec();
            // Padded with 1 to 8 NULs so the entry's length is a multiple of eight.
            let length = at + end - start;
            at = start + (length / 8 + 1) * 8;
            path
        };
        previous = path.clone();
        paths.insert(String::from_utf8_lossy(&path).into_owned());
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index as `git` writes it (version 2), built by hand: two entries.
    fn index_v2(paths: &[&str]) -> Vec<u8> {
        let mut out = b"DIRC".to_vec();
        out.extend_from_slice(&2u32.to_be_bytes());
        out.extend_from_slice(&(paths.len() as u32).to_be_bytes());
        for path in paths {
            let start = out.len();
            out.extend_from_slice(&[0u8; 60]);
            out.extend_from_slice(&(path.len() as u16).to_be_bytes());
            out.extend_from_slice(path.as_bytes());
            let length = out.len() - start;
            out.extend(std::iter::repeat(0u8).take((length / 8 + 1) * 8 - length));
        }
        out.extend_from_slice(&[0u8; 20]); // the checksum, not read
        out
    }

    #[test]
    fn reads_the_paths_of_a_version_2_index() {
        let paths = tracked_paths(&index_v2(&["a.py", "pkg/build/keep.py"])).unwrap();
        assert_eq!(paths.into_iter().collect::<Vec<_>>(), ["a.py", "pkg/build/keep.py"]);
        assert!(tracked_paths(b"NOPE").is_err());
        assert!(
            tracked_paths(&index_v2(&["a.py"])[..70]).is_err(),
            "a cut-off entry is an error, not a panic"
        );
    }
}
