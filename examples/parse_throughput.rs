//! Native parse throughput on a tree's Python files, for comparison with the wasm parser
//! (`bench/parse-throughput.mjs`): prints JSON with bytes, files and milliseconds.
use std::time::Instant;

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: parse_throughput DIR");
        std::process::exit(2);
    };
    let tree = match stability_lens::intake::folder::read(std::path::Path::new(&root), &root) {
        Ok(tree) => tree,
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(2);
        }
    };
    let files: Vec<(&str, &[u8])> = tree.files().filter(|(path, _)| path.ends_with(".py")).collect();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let started = Instant::now();
        for (path, source) in &files {
            let _ = stability_lens::parse::parse(path, source);
        }
        best = best.min(started.elapsed().as_secs_f64() * 1000.0);
    }
    println!("{{\"files\": {}, \"bytes\": {bytes}, \"ms\": {best:.1}}}", files.len());
}
