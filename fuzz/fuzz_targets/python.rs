//! The Python front end: decoding (BOM, PEP 263), parsing, API extraction, compliance facts.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stability_lens::compliance::facts;
use stability_lens::model::{extract, packages::ModuleFile};
use stability_lens::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(module) = parse::parse("pkg/mod.py", data) else { return };
    let file = ModuleFile { path: "pkg/mod.py".into(), name: "pkg.mod".into(), is_package: false, public: true };
    let _ = extract::extract(&file, &module);
    let _ = facts::gather("pkg/mod.py", &module);
});
