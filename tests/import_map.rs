//! The import map draws exactly the cycles the `import_cycle` rule reports (load-time imports
//! only), on every fixture pair and every fetched corpus pair: as many cycles as current-side
//! findings, each finding's cycle among the drawn ones, and nothing marked as part of a cycle
//! that no reported cycle explains.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{corpus_pairs, fixture_pairs, read};
use stability_lens::compliance::rules::RuleId;
use stability_lens::compliance::Status;

fn check(baseline: &Path, current: &Path) {
    let report = stability_lens::analyse(&read(baseline), &read(current));
    let compliance = &report.compliance;
    let map = &compliance.map;
    let where_ = current.display();
    let findings: Vec<&str> = compliance
        .findings
        .iter()
        .filter(|f| f.rule == RuleId::ImportCycle && f.status != Status::Fixed)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(map.cycles.len(), findings.len(), "{where_}: drawn {:?}, reported {findings:#?}", map.cycles);
    let in_cycles: BTreeSet<&str> = map.cycles.iter().flatten().map(String::as_str).collect();
    for message in &findings {
        // "import cycle when modules load: a → b → a — …"
        let path = message.split(": ").nth(1).unwrap_or_default().split(" — ").next().unwrap_or_default();
        for module in path.split(" → ") {
            assert!(in_cycles.contains(module), "{where_}: `{module}` of {message:?} is not drawn as cyclic");
        }
    }
    // The map groups modules by their first `depth` name components.
    let depth = map.nodes.iter().map(|n| n.name.split('.').count()).max().unwrap_or(1);
    let in_group =
        |group: &str, module: &str| module.split('.').take(depth).collect::<Vec<_>>().join(".") == group;
    for node in &map.nodes {
        let explained = in_cycles.iter().any(|m| in_group(&node.name, m));
        assert_eq!(node.cyclic, explained, "{where_}: node {} cyclic={}", node.name, node.cyclic);
    }
    for edge in map.edges.iter().filter(|e| e.cyclic) {
        let explained = map.cycles.iter().any(|cycle| {
            cycle.iter().any(|m| in_group(&edge.from, m)) && cycle.iter().any(|m| in_group(&edge.to, m))
        });
        assert!(
            explained,
            "{where_}: edge {} → {} is dashed but joins no reported cycle",
            edge.from, edge.to
        );
    }
}

#[test]
fn the_map_draws_the_rules_cycles_on_every_fixture_pair() {
    for (baseline, current) in fixture_pairs() {
        check(&baseline, &current);
    }
}

#[test]
fn the_map_draws_the_rules_cycles_on_every_corpus_pair() {
    let pairs = corpus_pairs();
    for (baseline, current) in &pairs {
        check(baseline, current);
    }
    eprintln!("{} corpus pairs checked", pairs.len());
}
