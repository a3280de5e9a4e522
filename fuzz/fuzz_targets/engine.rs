//! The whole engine on a pair of small generated trees, and every rendering of the report.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use stability_lens::intake::SourceTree;
use stability_lens::render::Format;

/// Paths the generated files take: packages, modules, and the project files rules read.
const PATHS: &[&str] = &[
    "pkg/__init__.py", "pkg/a.py", "pkg/b.py", "pkg/sub/__init__.py", "pkg/sub/c.py", "tests/test_a.py",
    "stability.toml", "pyproject.toml", "setup.cfg", "requirements.txt", ".env.example", "README.md",
];

#[derive(Arbitrary, Debug)]
struct Pair {
    baseline: Vec<(u8, Vec<u8>)>,
    current: Vec<(u8, Vec<u8>)>,
}

fn tree(label: &str, files: &[(u8, Vec<u8>)]) -> SourceTree {
    let mut tree = SourceTree::new(label);
    for (which, bytes) in files.iter().take(16) {
        tree.insert(PATHS[usize::from(*which) % PATHS.len()], bytes.clone());
    }
    tree
}

fuzz_target!(|pair: Pair| {
    let report = stability_lens::analyse(&tree("baseline", &pair.baseline), &tree("current", &pair.current));
    for format in [Format::Json, Format::Markdown, Format::Text, Format::Sarif, Format::Html] {
        let _ = format.render(&report);
    }
});
