//! An archive of any supported format (zip, tar, gzip-compressed tar), detected from its bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stability_lens::intake::archive;

#[path = "limits.rs"]
mod limits;

fuzz_target!(|data: &[u8]| {
    let _ = archive::read(data, "fuzz", &limits::small());
});
