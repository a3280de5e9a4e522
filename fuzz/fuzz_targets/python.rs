//! The Python front end: decoding (BOM, PEP 263), parsing, API extraction, compliance facts —
//! and the evidence view's highlighting and file diff, on the same bytes.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stability_lens::compliance::facts;
use stability_lens::model::{extract, packages::ModuleFile};
use stability_lens::{evidence, parse};

fuzz_target!(|data: &[u8]| {
    // Evidence: the first half of the bytes against the second (any text, parseable or not).
    let half = data.len() / 2;
    let (old, new) = data.split_at(half);
    let _ = evidence::build(
        Some(evidence::SideSource { path: "pkg/mod.py", line: 3, bytes: Ok(old) }),
        Some(evidence::SideSource { path: "pkg/mod.py", line: 0, bytes: Ok(new) }),
    );
    let Ok(module) = parse::parse("pkg/mod.py", data) else { return };
    let file = ModuleFile { path: "pkg/mod.py".into(), name: "pkg.mod".into(), is_package: false, public: true };
    let _ = extract::extract(&file, &module);
    let _ = facts::gather("pkg/mod.py", &module);
});
