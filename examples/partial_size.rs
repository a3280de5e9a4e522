use std::time::Instant;
fn main() {
    let a = std::env::args().nth(1).unwrap();
    let b = std::env::args().nth(2).unwrap();
    let old = stability_lens::intake::folder::read(std::path::Path::new(&a), "a").unwrap();
    let new = stability_lens::intake::folder::read(std::path::Path::new(&b), "b").unwrap();
    let plan = stability_lens::pipeline::Plan::for_trees(&old, &new);
    let mut partial = stability_lens::pipeline::Partial::default();
    let paths: std::collections::BTreeSet<&str> = old.paths().chain(new.paths()).collect();
    for p in paths {
        plan.process(p, old.get(p), new.get(p), &mut partial);
    }
    let t = Instant::now();
    let json = serde_json::to_string(&partial).unwrap();
    let ser = t.elapsed();
    let t = Instant::now();
    let back: stability_lens::pipeline::Partial = serde_json::from_str(&json).unwrap();
    let de = t.elapsed();
    let t = Instant::now();
    let bin = postcard::to_allocvec(&back).unwrap();
    let pser = t.elapsed();
    let t = Instant::now();
    let back: stability_lens::pipeline::Partial = postcard::from_bytes(&bin).unwrap();
    println!("postcard {} MB ser {:?} de {:?}", bin.len() as f64 / 1e6, pser, t.elapsed());
    let t = Instant::now();
    let r = plan.assemble(back);
    println!(
        "partial json {} MB, ser {:?}, de {:?}, assemble {:?}, {} changes",
        json.len() as f64 / 1e6,
        ser,
        de,
        t.elapsed(),
        r.api_changes.len()
    );
}
