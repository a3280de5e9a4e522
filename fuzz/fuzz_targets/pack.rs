//! A pack on its own: entries, zlib streams, ofs/ref deltas, then every object read back.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stability_lens::intake::bundle::pack::{Kind, Pack};

#[path = "limits.rs"]
mod limits;

fuzz_target!(|data: &[u8]| {
    let Ok(pack) = Pack::decode(data, &limits::small()) else { return };
    for kind in [Kind::Commit, Kind::Tree, Kind::Blob, Kind::Tag] {
        for id in pack.ids(kind).take(64).copied().collect::<Vec<_>>() {
            let _ = pack.object(&id);
        }
    }
});
