// Limits small enough that a fuzz input cannot make a target spend its time or memory on sheer
// size: what is being tested is the decoders' handling of malformed structure.
use stability_lens::intake::archive::Limits;

pub fn small() -> Limits {
    Limits { max_total_bytes: 16 << 20, max_entries: 10_000, max_entry_bytes: 4 << 20, max_ratio: 1000 }
}
