//! A git packfile, decoded in memory: entry headers, zlib streams, `OFS_DELTA` and `REF_DELTA`
//! chains, the trailing checksum and every object's id.
//!
//! Written by hand rather than with gitoxide's `gix-pack`: a bundle's pack has no index, and
//! gix-pack builds one only through its index-writing pipeline (with its own threading, progress
//! and object-lookup traits), while what we need is small — one pass to find the entries, ids by
//! hashing, objects decoded on demand — with errors in the terms a reviewer can act on (which
//! offset, which base is missing, a delta that copies outside its base, a chain that loops). It
//! also keeps the wasm worker small. zlib comes from `flate2`, SHA-1 from `sha1`.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use flate2::{Decompress, FlushDecompress, Status};
use sha1::{Digest, Sha1};

use super::ObjectId;
use crate::intake::archive::Limits;

/// The kinds of git object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Commit,
    Tree,
    Blob,
    Tag,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Commit => "commit",
            Kind::Tree => "tree",
            Kind::Blob => "blob",
            Kind::Tag => "tag",
        }
    }
}

/// Why a pack could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackError {
    #[error("the pack is truncated: {0}")]
    Truncated(String),
    #[error("not a pack: {0}")]
    BadHeader(String),
    #[error(
        "pack checksum mismatch: the pack says {expected}, its bytes hash to {actual} (the file is damaged)"
    )]
    ChecksumMismatch { expected: String, actual: String },
    #[error("corrupt pack entry at offset {offset}: {reason}")]
    Corrupt { offset: u64, reason: String },
    #[error("delta at offset {offset} is invalid: {reason}")]
    BadDelta { offset: u64, reason: String },
    #[error("delta chain starting at offset {offset} loops or is deeper than {max} steps")]
    ChainLoop { offset: u64, max: usize },
    #[error("object {id} is not in the bundle")]
    Missing { id: String },
    #[error("pack refused: {what} exceeds the limit of {limit}")]
    LimitExceeded { what: &'static str, limit: String },
}

/// Where a delta's base is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Base {
    Offset(u64),
    Id(ObjectId),
}

/// One entry of the pack.
#[derive(Debug, Clone)]
struct Entry {
    offset: u64,
    /// `None` for deltas (their kind is their base's).
    kind: Option<Kind>,
    base: Option<Base>,
    /// Where the zlib stream starts, and the declared inflated size.
    data_start: usize,
    size: u64,
}

/// The longest delta chain followed (git itself writes at most 50 by default).
const MAX_CHAIN: usize = 10_000;

/// Bytes of decoded objects kept for reuse while decoding delta chains.
const CACHE_BYTES: usize = 96 * 1024 * 1024;

/// A decoded pack: every object's id, kind and offset; objects decoded on demand.
pub struct Pack {
    data: Rc<[u8]>,
    entries: Vec<Entry>,
    by_offset: HashMap<u64, usize>,
    by_id: HashMap<ObjectId, usize>,
    kinds: HashMap<ObjectId, Kind>,
    /// Bases of `REF_DELTA`s that are not in the pack (a thin bundle's prerequisites).
    pub missing_bases: HashSet<ObjectId>,
    limits: Limits,
    cache: std::cell::RefCell<Cache>,
    /// Offsets that `OFS_DELTA`s use as a base: worth keeping decoded.
    bases: HashSet<u64>,
}

#[derive(Default)]
struct Cache {
    objects: HashMap<u64, (Kind, Rc<[u8]>, u64)>,
    bytes: usize,
    clock: u64,
}

impl Cache {
    fn get(&mut self, offset: u64) -> Option<(Kind, Rc<[u8]>)> {
        self.clock += 1;
        let clock = self.clock;
        self.objects.get_mut(&offset).map(|(kind, data, used)| {
            *used = clock;
            (*kind, data.clone())
        })
    }

    fn put(&mut self, offset: u64, kind: Kind, data: Rc<[u8]>) {
        self.clock += 1;
        self.bytes += data.len();
        self.objects.insert(offset, (kind, data, self.clock));
        if self.bytes > CACHE_BYTES {
            // Drop the older half: cheap, and chains mostly reuse recent bases.
            let mut ages: Vec<u64> = self.objects.values().map(|(_, _, used)| *used).collect();
            ages.sort_unstable();
            let cutoff = ages.get(ages.len() / 2).copied().unwrap_or(0);
            self.objects.retain(|_, (_, _, used)| *used > cutoff);
            self.bytes = self.objects.values().map(|(_, data, _)| data.len()).sum();
        }
    }
}

impl Pack {
    /// Decodes a pack: verifies its checksum, finds every entry and computes every object id.
    pub fn decode(data: &[u8], limits: &Limits) -> Result<Pack, PackError> {
        if data.len() < 12 + 20 {
            return Err(PackError::Truncated(format!("{} bytes, less than an empty pack", data.len())));
        }
        if data.get(..4) != Some(b"PACK") {
            return Err(PackError::BadHeader("it does not start with PACK".into()));
        }
        let version = u32::from_be_bytes(four(data, 4));
        if version != 2 && version != 3 {
            return Err(PackError::BadHeader(format!("pack version {version} (expected 2 or 3)")));
        }
        let count = u32::from_be_bytes(four(data, 8)) as usize;
        if count > limits.max_entries {
            return Err(PackError::LimitExceeded {
                what: "the number of objects",
                limit: limits.max_entries.to_string(),
            });
        }
        let body_end = data.len() - 20;
        let actual = Sha1::digest(data.get(..body_end).unwrap_or_default());
        let expected = data.get(body_end..).unwrap_or_default();
        if actual.as_slice() != expected {
            return Err(PackError::ChecksumMismatch { expected: hex(expected), actual: hex(&actual) });
        }

        let mut entries = Vec::with_capacity(count.min(1 << 20));
        let mut offset = 12usize;
        let mut total: u64 = 0;
        for _ in 0..count {
            if offset >= body_end {
                return Err(PackError::Truncated(format!("{} of {count} objects present", entries.len())));
            }
            let (entry, next) = parse_entry(data, offset, body_end, limits)?;
            total = total.saturating_add(entry.size);
            if total > limits.max_total_bytes {
                return Err(PackError::LimitExceeded {
                    what: "the total size of the objects",
                    limit: format!("{} bytes", limits.max_total_bytes),
                });
            }
            entries.push(entry);
            offset = next;
        }
        if offset != body_end {
            return Err(PackError::Corrupt {
                offset: offset as u64,
                reason: format!("{} bytes after the last of the {count} objects", body_end - offset),
            });
        }
        let by_offset = entries.iter().enumerate().map(|(index, e)| (e.offset, index)).collect();
        let bases = entries
            .iter()
            .filter_map(|e| match e.base {
                Some(Base::Offset(offset)) => Some(offset),
                _ => None,
            })
            .collect();
        let mut pack = Pack {
            data: Rc::from(data),
            entries,
            by_offset,
            by_id: HashMap::new(),
            kinds: HashMap::new(),
            missing_bases: HashSet::new(),
            limits: *limits,
            cache: Default::default(),
            bases,
        };
        pack.index()?;
        Ok(pack)
    }

    /// Computes every object's id. `REF_DELTA`s need their base's id, so they are resolved in
    /// rounds; bases that never turn up are recorded as missing.
    fn index(&mut self) -> Result<(), PackError> {
        let mut pending: Vec<usize> = Vec::new();
        for index in 0..self.entries.len() {
            match self.resolve_index(index) {
                Ok((kind, data)) => self.record(index, kind, &data),
                Err(PackError::Missing { .. }) => pending.push(index),
                Err(error) => return Err(error),
            }
        }
        loop {
            let before = pending.len();
            let mut still = Vec::new();
            for index in pending {
                match self.resolve_index(index) {
                    Ok((kind, data)) => self.record(index, kind, &data),
                    Err(PackError::Missing { .. }) => still.push(index),
                    Err(error) => return Err(error),
                }
            }
            pending = still;
            if pending.is_empty() || pending.len() == before {
                break;
            }
        }
        for index in pending {
            if let Some(Base::Id(id)) = self.entry_base_chain_root(index) {
                self.missing_bases.insert(id);
            }
        }
        Ok(())
    }

    fn record(&mut self, index: usize, kind: Kind, data: &[u8]) {
        let id = object_id(kind, data);
        self.by_id.insert(id, index);
        self.kinds.insert(id, kind);
    }

    /// The `REF_DELTA` base at the root of an unresolvable chain.
    fn entry_base_chain_root(&self, mut index: usize) -> Option<Base> {
        for _ in 0..MAX_CHAIN {
            match self.entries.get(index)?.base? {
                Base::Offset(offset) => index = *self.by_offset.get(&offset)?,
                Base::Id(id) => match self.by_id.get(&id) {
                    Some(next) => index = *next,
                    None => return Some(Base::Id(id)),
                },
            }
        }
        None
    }

    pub fn contains(&self, id: &ObjectId) -> bool {
        self.by_id.contains_key(id)
    }

    pub fn kind(&self, id: &ObjectId) -> Option<Kind> {
        self.kinds.get(id).copied()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every object id of a kind.
    pub fn ids(&self, kind: Kind) -> impl Iterator<Item = &ObjectId> {
        self.kinds.iter().filter(move |(_, k)| **k == kind).map(|(id, _)| id)
    }

    /// An object's kind and bytes.
    pub fn object(&self, id: &ObjectId) -> Result<(Kind, Rc<[u8]>), PackError> {
        let index = *self.by_id.get(id).ok_or_else(|| PackError::Missing { id: id.to_string() })?;
        self.resolve_index(index)
    }

    /// Decodes the entry at `index`, following its delta chain down to a whole object.
    fn resolve_index(&self, index: usize) -> Result<(Kind, Rc<[u8]>), PackError> {
        let mut chain: Vec<usize> = Vec::new();
        let mut seen: HashSet<usize> = HashSet::new();
        let mut current = index;
        let (kind, mut data) = loop {
            let entry = self
                .entries
                .get(current)
                .ok_or(PackError::Corrupt { offset: 0, reason: "no such entry".into() })?;
            if let Some(cached) = self.cache.borrow_mut().get(entry.offset) {
                break cached;
            }
            if !seen.insert(current) || chain.len() > MAX_CHAIN {
                return Err(PackError::ChainLoop { offset: self.offset(index), max: MAX_CHAIN });
            }
            match (entry.kind, entry.base) {
                (Some(kind), _) => {
                    let data: Rc<[u8]> = Rc::from(self.inflate(entry)?);
                    if self.bases.contains(&entry.offset) {
                        self.cache.borrow_mut().put(entry.offset, kind, data.clone());
                    }
                    break (kind, data);
                }
                (None, Some(Base::Offset(offset))) => {
                    chain.push(current);
                    current = *self.by_offset.get(&offset).ok_or(PackError::BadDelta {
                        offset: entry.offset,
                        reason: format!("its base offset {offset} is not the start of an object"),
                    })?;
                }
                (None, Some(Base::Id(id))) => {
                    chain.push(current);
                    current =
                        *self.by_id.get(&id).ok_or_else(|| PackError::Missing { id: id.to_string() })?;
                }
                (None, None) => {
                    return Err(PackError::Corrupt {
                        offset: entry.offset,
                        reason: "delta without a base".into(),
                    })
                }
            }
        };
        for delta_index in chain.into_iter().rev() {
            let entry = self
                .entries
                .get(delta_index)
                .ok_or(PackError::Corrupt { offset: 0, reason: "no such entry".into() })?;
            let delta = self.inflate(entry)?;
            let result = apply_delta(&data, &delta, self.limits.max_entry_bytes)
                .map_err(|reason| PackError::BadDelta { offset: entry.offset, reason })?;
            data = Rc::from(result);
            self.cache.borrow_mut().put(entry.offset, kind, data.clone());
        }
        Ok((kind, data))
    }

    fn offset(&self, index: usize) -> u64 {
        self.entries.get(index).map_or(0, |e| e.offset)
    }

    fn inflate(&self, entry: &Entry) -> Result<Vec<u8>, PackError> {
        let input = self.data.get(entry.data_start..).unwrap_or_default();
        let (bytes, _) = inflate(input, entry.size, entry.offset)?;
        Ok(bytes)
    }
}

fn four(data: &[u8], at: usize) -> [u8; 4] {
    let mut out = [0u8; 4];
    if let Some(slice) = data.get(at..at + 4) {
        out.copy_from_slice(slice);
    }
    out
}

/// Parses the entry header at `offset` and inflates its data to find where the next entry starts.
fn parse_entry(data: &[u8], offset: usize, end: usize, limits: &Limits) -> Result<(Entry, usize), PackError> {
    let truncated = || PackError::Truncated(format!("the entry at offset {offset} is cut off"));
    let mut position = offset;
    let mut byte = *data.get(position).ok_or_else(truncated)?;
    position += 1;
    let type_code = (byte >> 4) & 0b111;
    let mut size = u64::from(byte & 0x0f);
    let mut shift = 4;
    while byte & 0x80 != 0 {
        byte = *data.get(position).ok_or_else(truncated)?;
        position += 1;
        if shift > 57 {
            return Err(PackError::Corrupt {
                offset: offset as u64,
                reason: "object size does not fit in 64 bits".into(),
            });
        }
        size |= u64::from(byte & 0x7f) << shift;
        shift += 7;
    }
    if size > limits.max_entry_bytes {
        return Err(PackError::LimitExceeded {
            what: "an object's size",
            limit: format!("{} bytes", limits.max_entry_bytes),
        });
    }
    let (kind, base) = match type_code {
        1 => (Some(Kind::Commit), None),
        2 => (Some(Kind::Tree), None),
        3 => (Some(Kind::Blob), None),
        4 => (Some(Kind::Tag), None),
        6 => {
            let mut byte = *data.get(position).ok_or_else(truncated)?;
            position += 1;
            let mut distance = u64::from(byte & 0x7f);
            while byte & 0x80 != 0 {
                byte = *data.get(position).ok_or_else(truncated)?;
                position += 1;
                distance = distance
                    .checked_add(1)
                    .and_then(|d| d.checked_mul(128))
                    .map(|d| d + u64::from(byte & 0x7f))
                    .ok_or(PackError::Corrupt {
                        offset: offset as u64,
                        reason: "delta base offset overflows".into(),
                    })?;
            }
            let base = (offset as u64).checked_sub(distance).filter(|b| *b >= 12 && distance > 0).ok_or(
                PackError::BadDelta {
                    offset: offset as u64,
                    reason: format!("its base lies {distance} bytes back, outside the pack"),
                },
            )?;
            (None, Some(Base::Offset(base)))
        }
        7 => {
            let bytes = data.get(position..position + 20).ok_or_else(truncated)?;
            position += 20;
            (None, Some(Base::Id(ObjectId::from_slice(bytes))))
        }
        other => {
            return Err(PackError::Corrupt {
                offset: offset as u64,
                reason: format!("unknown object type {other}"),
            })
        }
    };
    let input = data.get(position..end).ok_or_else(truncated)?;
    let (_, consumed) = inflate(input, size, offset as u64)?;
    let entry = Entry { offset: offset as u64, kind, base, data_start: position, size };
    Ok((entry, position + consumed))
}

/// Inflates one zlib stream that must expand to exactly `size` bytes; returns the bytes and how
/// much input the stream used.
fn inflate(input: &[u8], size: u64, offset: u64) -> Result<(Vec<u8>, usize), PackError> {
    let corrupt = |reason: String| PackError::Corrupt { offset, reason };
    let expected = usize::try_from(size).map_err(|_| corrupt("object too large for this platform".into()))?;
    let mut out = Vec::with_capacity(expected);
    let mut decompress = Decompress::new(true);
    loop {
        let before_out = decompress.total_out();
        let before_in = decompress.total_in();
        let consumed = usize::try_from(before_in).unwrap_or(usize::MAX);
        let rest = input.get(consumed..).unwrap_or_default();
        // One spare byte of room, so a stream longer than declared shows up as an error.
        if out.capacity() - out.len() == 0 {
            out.reserve(1);
        }
        let status = decompress
            .decompress_vec(rest, &mut out, FlushDecompress::None)
            .map_err(|error| corrupt(format!("zlib data is damaged ({error})")))?;
        if out.len() > expected {
            return Err(corrupt(format!("inflates to more than the declared {expected} bytes")));
        }
        match status {
            Status::StreamEnd => break,
            Status::Ok | Status::BufError => {
                if decompress.total_in() == before_in && decompress.total_out() == before_out {
                    return Err(PackError::Truncated(format!("the object at offset {offset} ends early")));
                }
            }
        }
    }
    if out.len() != expected {
        return Err(corrupt(format!("inflates to {} bytes, not the declared {expected}", out.len())));
    }
    Ok((out, usize::try_from(decompress.total_in()).unwrap_or(usize::MAX)))
}

/// Applies a git delta to its base, checking every copy against the base's bounds.
pub fn apply_delta(base: &[u8], delta: &[u8], max_size: u64) -> Result<Vec<u8>, String> {
    let mut position = 0usize;
    let mut varint = |what: &str| -> Result<u64, String> {
        let mut value = 0u64;
        let mut shift = 0;
        loop {
            let byte = *delta.get(position).ok_or_else(|| format!("its {what} is cut off"))?;
            position += 1;
            if shift > 63 {
                return Err(format!("its {what} does not fit in 64 bits"));
            }
            value |= u64::from(byte & 0x7f) << shift;
            shift += 7;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
    };
    let base_size = varint("base size")?;
    let result_size = varint("result size")?;
    if base_size != base.len() as u64 {
        return Err(format!("it expects a base of {base_size} bytes, the base has {}", base.len()));
    }
    if result_size > max_size {
        return Err(format!("its result of {result_size} bytes exceeds the object size limit"));
    }
    let mut out = Vec::with_capacity(result_size as usize);
    while position < delta.len() {
        let op = delta.get(position).copied().unwrap_or(0);
        position += 1;
        if op & 0x80 != 0 {
            let mut copy_offset = 0u64;
            let mut copy_size = 0u64;
            for bit in 0..4 {
                if op & (1 << bit) != 0 {
                    let byte = *delta.get(position).ok_or("a copy instruction is cut off")?;
                    position += 1;
                    copy_offset |= u64::from(byte) << (8 * bit);
                }
            }
            for bit in 0..3 {
                if op & (0x10 << bit) != 0 {
                    let byte = *delta.get(position).ok_or("a copy instruction is cut off")?;
                    position += 1;
                    copy_size |= u64::from(byte) << (8 * bit);
                }
            }
            if copy_size == 0 {
                copy_size = 0x10000;
            }
            let end = copy_offset.checked_add(copy_size).filter(|end| *end <= base.len() as u64).ok_or_else(
                || {
                    format!(
                        "it copies bytes {copy_offset}..{} from a base of {} bytes",
                        copy_offset + copy_size,
                        base.len()
                    )
                },
            )?;
            out.extend_from_slice(base.get(copy_offset as usize..end as usize).unwrap_or_default());
        } else if op != 0 {
            let bytes =
                delta.get(position..position + op as usize).ok_or("an insert instruction is cut off")?;
            position += op as usize;
            out.extend_from_slice(bytes);
        } else {
            return Err("it uses the reserved instruction 0".into());
        }
        if out.len() as u64 > result_size {
            return Err(format!("it produces more than the declared {result_size} bytes"));
        }
    }
    if out.len() as u64 != result_size {
        return Err(format!("it produces {} bytes, not the declared {result_size}", out.len()));
    }
    Ok(out)
}

/// A git object id: SHA-1 of `"<kind> <size>\0"` and the bytes.
pub fn object_id(kind: Kind, data: &[u8]) -> ObjectId {
    let mut hasher = Sha1::new();
    hasher.update(format!("{} {}\0", kind.name(), data.len()).as_bytes());
    hasher.update(data);
    ObjectId::from_slice(&hasher.finalize())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_copy_and_insert_and_rejects_out_of_range() {
        let base = b"hello world";
        // base size 11, result size 11: copy 6 bytes from 0, insert "there"
        let delta = [11, 11, 0x90, 6, 5, b't', b'h', b'e', b'r', b'e'];
        assert_eq!(apply_delta(base, &delta, 1 << 20).unwrap(), b"hello there");
        let bad = [11, 20, 0x91, 8, 20];
        assert!(apply_delta(base, &bad, 1 << 20).unwrap_err().contains("copies bytes 8..28"));
        assert!(apply_delta(base, &[5, 1, 1, b'x'], 1 << 20).unwrap_err().contains("expects a base of 5"));
    }

    #[test]
    fn hashes_like_git() {
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(object_id(Kind::Blob, b"hello\n").to_string(), "ce013625030ba8dba906f756967f9e9ca394464a");
    }
}
