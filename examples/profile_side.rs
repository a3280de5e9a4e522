use std::time::Instant;
fn main() {
    let root = std::env::args().nth(1).expect("dir");
    let tree = stability_lens::intake::folder::read(std::path::Path::new(&root), "x").unwrap();
    let modules = stability_lens::model::packages::discover(tree.paths());
    let by_path: std::collections::HashMap<&str, &stability_lens::model::packages::ModuleFile> =
        modules.values().map(|m| (m.path.as_str(), m)).collect();
    let files: Vec<(&str, &[u8])> = tree.files().filter(|(p, _)| p.ends_with(".py")).collect();
    let t = Instant::now();
    let mut parsed = Vec::new();
    for (p, b) in &files {
        if let Ok(m) = stability_lens::parse::parse(p, b) {
            parsed.push((*p, m));
        }
    }
    let parse = t.elapsed();
    let t = Instant::now();
    let mut n = 0;
    for (p, m) in &parsed {
        if let Some(f) = by_path.get(p) {
            let api = stability_lens::model::extract::extract(f, m);
            n += api.bindings.len();
        }
    }
    let extract = t.elapsed();
    let t = Instant::now();
    for (_, b) in tree.files() {
        std::hint::black_box(stability_lens::pipeline::Digest::of(b));
    }
    let digest = t.elapsed();
    let t = Instant::now();
    drop(parsed);
    let dropt = t.elapsed();
    println!("parse {:?} extract {:?} ({n} bindings) digest {:?} drop {:?}", parse, extract, digest, dropt);
}
