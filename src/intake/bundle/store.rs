//! The objects a bundle or a repository holds: its packs (decoded by [`super::pack`]) and, for a
//! repository, its loose objects (`objects/xx/…`, one zlib stream each). One lookup for both, so
//! revisions, history and trees are read the same way from a bundle and from a checkout.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::rc::Rc;

use super::pack::{object_id, Kind, Pack, PackError};
use super::ObjectId;

/// Packs and loose objects, looked up by id.
#[derive(Default)]
pub struct Store {
    packs: Vec<Pack>,
    loose: HashMap<ObjectId, (Kind, Rc<[u8]>)>,
}

impl Store {
    pub fn new(packs: Vec<Pack>) -> Store {
        Store { packs, loose: HashMap::new() }
    }

    /// Adds a loose object (its file's bytes as stored: zlib over `"<kind> <size>\0<data>"`),
    /// checking that its content hashes to the id its path names.
    pub fn add_loose(&mut self, id: ObjectId, stored: &[u8], max_bytes: u64) -> Result<(), String> {
        let corrupt = |reason: String| format!("object {id} is damaged: {reason}");
        let mut inflated = Vec::new();
        flate2::read::ZlibDecoder::new(stored)
            .take(max_bytes.saturating_add(64))
            .read_to_end(&mut inflated)
            .map_err(|e| corrupt(format!("it does not inflate ({e})")))?;
        let nul = inflated.iter().position(|&b| b == 0).ok_or_else(|| corrupt("no header".into()))?;
        let header = String::from_utf8_lossy(inflated.get(..nul).unwrap_or_default()).into_owned();
        let (kind, size) = header.split_once(' ').ok_or_else(|| corrupt(format!("header {header:?}")))?;
        let kind = match kind {
            "commit" => Kind::Commit,
            "tree" => Kind::Tree,
            "blob" => Kind::Blob,
            "tag" => Kind::Tag,
            other => return Err(corrupt(format!("unknown kind {other:?}"))),
        };
        let data = inflated.get(nul + 1..).unwrap_or_default();
        if size.parse::<usize>().ok() != Some(data.len()) {
            return Err(corrupt(format!("it says {size} bytes and holds {}", data.len())));
        }
        if u64::try_from(data.len()).unwrap_or(u64::MAX) > max_bytes {
            return Err(format!("object {id} is larger than the limit of {max_bytes} bytes"));
        }
        let actual = object_id(kind, data);
        if actual != id {
            return Err(corrupt(format!("its content hashes to {actual}")));
        }
        self.loose.insert(id, (kind, Rc::from(data)));
        Ok(())
    }

    /// An object's kind and bytes.
    pub fn object(&self, id: &ObjectId) -> Result<(Kind, Rc<[u8]>), PackError> {
        if let Some((kind, data)) = self.loose.get(id) {
            return Ok((*kind, data.clone()));
        }
        match self.packs.iter().find(|pack| pack.contains(id)) {
            Some(pack) => pack.object(id),
            None => Err(PackError::Missing { id: id.to_string() }),
        }
    }

    pub fn kind(&self, id: &ObjectId) -> Option<Kind> {
        self.loose.get(id).map(|(kind, _)| *kind).or_else(|| self.packs.iter().find_map(|p| p.kind(id)))
    }

    /// Every object id of a kind (an object stored twice is listed once).
    pub fn ids(&self, kind: Kind) -> Vec<ObjectId> {
        let mut seen: HashSet<ObjectId> = HashSet::new();
        self.loose
            .iter()
            .filter(|(_, (k, _))| *k == kind)
            .map(|(id, _)| *id)
            .chain(self.packs.iter().flat_map(|p| p.ids(kind).copied()))
            .filter(|id| seen.insert(*id))
            .collect()
    }

    /// How many objects are stored (in packs and loose).
    pub fn len(&self) -> usize {
        self.loose.len() + self.packs.iter().map(Pack::len).sum::<usize>()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bases of deltas that no pack holds (a thin bundle's prerequisites).
    pub fn missing_bases(&self) -> HashSet<ObjectId> {
        self.packs
            .iter()
            .flat_map(|p| p.missing_bases.iter().copied())
            .filter(|id| self.kind(id).is_none())
            .collect()
    }
}
