//! The policy file (stability.toml and pyproject's table) and the dependency declarations.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stability_lens::compliance::dependencies;
use stability_lens::compliance::policy::Policy;
use stability_lens::compliance::ProjectFile;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let _ = Policy::from_toml("stability.toml", &text);
    let _ = Policy::from_pyproject("pyproject.toml", &text);
    let files: Vec<ProjectFile> = ["pyproject.toml", "setup.cfg", "requirements.txt"]
        .iter()
        .map(|path| ProjectFile { path: (*path).to_owned(), text: text.clone() })
        .collect();
    let _ = dependencies::declared(&files);
});
