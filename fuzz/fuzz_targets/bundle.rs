//! A git bundle: header, pack, then what the app does with an opened bundle.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stability_lens::intake::bundle::Bundle;

#[path = "limits.rs"]
mod limits;

fuzz_target!(|data: &[u8]| {
    let Ok(bundle) = Bundle::open(data, &limits::small()) else { return };
    let _ = bundle.summary("fuzz.bundle", 20);
    let _ = bundle.default_revisions();
    let _ = bundle.range_rows("HEAD~3", "HEAD");
    for id in bundle.commit_ids().take(4).copied().collect::<Vec<_>>() {
        let _ = bundle.tree(id, "fuzz");
    }
});
