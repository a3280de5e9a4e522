//! Parsing the git objects a review needs: commits (tree, parents, author, date, subject),
//! annotated tags (what they point at) and trees (entries with mode, name and id).

use super::ObjectId;

/// A commit, as shown in the history and used to find trees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: ObjectId,
    pub tree: ObjectId,
    pub parents: Vec<ObjectId>,
    pub author: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// The author's UTC offset as written (`+0100`).
    pub offset: String,
    pub subject: String,
}

/// One entry of a tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeEntry {
    pub mode: u32,
    pub name: String,
    pub id: ObjectId,
}

impl TreeEntry {
    pub fn is_tree(&self) -> bool {
        self.mode == 0o040000
    }
    pub fn is_file(&self) -> bool {
        self.mode == 0o100644 || self.mode == 0o100755 || self.mode == 0o100664
    }
    pub fn is_symlink(&self) -> bool {
        self.mode == 0o120000
    }
    pub fn is_submodule(&self) -> bool {
        self.mode == 0o160000
    }
}

pub fn parse_commit(id: ObjectId, data: &[u8]) -> Result<Commit, String> {
    let text = String::from_utf8_lossy(data);
    let (headers, message) = text.split_once("\n\n").unwrap_or((&text, ""));
    let mut tree = None;
    let mut parents = Vec::new();
    let mut author = String::new();
    let mut time = 0;
    let mut offset = String::from("+0000");
    for line in headers.lines() {
        if let Some(value) = line.strip_prefix("tree ") {
            tree = Some(value.trim().parse::<ObjectId>().map_err(|e| format!("bad tree id: {e}"))?);
        } else if let Some(value) = line.strip_prefix("parent ") {
            parents.push(value.trim().parse::<ObjectId>().map_err(|e| format!("bad parent id: {e}"))?);
        } else if let Some(value) = line.strip_prefix("author ") {
            // "Name <email> 1700000000 +0100"
            let mut parts = value.rsplitn(3, ' ');
            offset = parts.next().unwrap_or("+0000").to_owned();
            time = parts.next().and_then(|t| t.parse().ok()).unwrap_or(0);
            let who = parts.next().unwrap_or("");
            author = who.split(" <").next().unwrap_or(who).trim().to_owned();
        }
    }
    let tree = tree.ok_or("a commit without a tree")?;
    let subject = message.lines().next().unwrap_or("").trim().to_owned();
    Ok(Commit { id, tree, parents, author, time, offset, subject })
}

/// The object an annotated tag points at.
pub fn parse_tag_target(data: &[u8]) -> Option<ObjectId> {
    let text = String::from_utf8_lossy(data);
    text.lines().find_map(|line| line.strip_prefix("object ")).and_then(|id| id.trim().parse().ok())
}

pub fn parse_tree(data: &[u8]) -> Result<Vec<TreeEntry>, String> {
    let mut entries = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let space = rest.iter().position(|&b| b == b' ').ok_or("a tree entry without a mode")?;
        let mode_text =
            std::str::from_utf8(rest.get(..space).unwrap_or_default()).map_err(|_| "a bad mode")?;
        let mode = u32::from_str_radix(mode_text, 8).map_err(|_| format!("a bad mode `{mode_text}`"))?;
        rest = rest.get(space + 1..).unwrap_or_default();
        let nul = rest.iter().position(|&b| b == 0).ok_or("a tree entry without a name")?;
        let name = String::from_utf8_lossy(rest.get(..nul).unwrap_or_default()).into_owned();
        let id = rest.get(nul + 1..nul + 21).ok_or("a tree entry cut off")?;
        entries.push(TreeEntry { mode, name, id: ObjectId::from_slice(id) });
        rest = rest.get(nul + 21..).unwrap_or_default();
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_commit() {
        let data = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nparent ce013625030ba8dba906f756967f9e9ca394464a\nauthor A U Thor <a@example.com> 1700000000 +0100\ncommitter C <c@example.com> 1700000001 +0000\n\nSubject line\n\nBody\n";
        let commit = parse_commit(ObjectId::default(), data).unwrap();
        assert_eq!(commit.author, "A U Thor");
        assert_eq!(commit.time, 1_700_000_000);
        assert_eq!(commit.subject, "Subject line");
        assert_eq!(commit.parents.len(), 1);
    }
}
