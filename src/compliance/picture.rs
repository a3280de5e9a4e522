//! The import map: the tree's packages as nodes sized by their modules, imports between them as
//! edges weighted by count, contract violations and import cycles marked — laid out in layers so
//! that what is imported sits below what imports it.
//!
//! In: one side's [`Context`], the contract violations' (importer, imported) pairs, and the
//! cycles the `import_cycle` rule reported (groups of modules that import one another when they
//! load). Out: an [`ImportMap`] with coordinates, drawn as SVG by the app and by the HTML export
//! alike.
//!
//! What it claims is what the rules found, nothing more: a node or an edge is marked as part of a
//! cycle only when the `import_cycle` rule reported that cycle (load-time imports only — imports
//! inside functions or under `if TYPE_CHECKING:` never run at load and close no cycle), and an
//! edge is red only when a contract rule reported it. Edges made only of such deferred imports
//! are drawn faint and take no part in the layering.
//!
//! Groups: the top-level packages, or one level deeper when that is what shows at least three
//! parts (a single-package library shows its subpackages), up to three name components — but never
//! more than [`MAX_NODES`] groups when a shallower level fits: a large tree collapses to its
//! top-level packages. Layers: longest-path layering over the groups' strongly connected
//! components (the layers import-linter's contracts think in), wide layers wrapped into rows of
//! [`PER_ROW`], each row ordered by the mean position of its importers above (the barycentre
//! heuristic) so fewer edges cross. A few lines each; a general graph-layout crate would bring a
//! renderer we do not use.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::checks::Context;
use super::graph;

/// At most this many nodes are drawn (the largest); the rest are left out and counted.
pub const MAX_NODES: usize = 28;
/// At most this many nodes side by side; a wider layer continues on the next row.
pub const PER_ROW: usize = 6;
const ROW_HEIGHT: f64 = 96.0;
const COLUMN_WIDTH: f64 = 190.0;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportMap {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    pub width: f64,
    pub height: f64,
    /// Groups left out to keep the picture readable.
    pub omitted: usize,
    /// The import cycles drawn: each a group of modules that import one another when they load,
    /// exactly as the `import_cycle` rule reported them (empty when it found none or is off).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cycles: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapNode {
    pub name: String,
    pub modules: usize,
    /// Holds a module of a reported import cycle.
    pub cyclic: bool,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapEdge {
    pub from: String,
    pub to: String,
    /// Import statements from one group into the other.
    pub imports: usize,
    /// At least one of them breaks an import contract.
    pub violation: bool,
    /// At least one of them is a load-time import between two modules of one reported cycle.
    pub cyclic: bool,
    /// At least one of them runs when the importing module loads; otherwise all are inside
    /// functions or under `if TYPE_CHECKING:` (drawn faint, and left out of the layering).
    #[serde(default)]
    pub at_load: bool,
}

/// The group a module belongs to at `depth` name components.
fn group(module: &str, depth: usize) -> String {
    module.split('.').take(depth).collect::<Vec<_>>().join(".")
}

/// How deep to group: the shallowest level with three parts or more (up to three components),
/// unless that level has more than [`MAX_NODES`] parts and a shallower one has two or more.
fn depth_for(names: &[&str]) -> usize {
    let count = |depth: usize| names.iter().map(|n| group(n, depth)).collect::<BTreeSet<_>>().len();
    let mut depth = 1;
    while depth < 3 && count(depth) < 3 {
        depth += 1;
    }
    if depth > 1 && count(depth) > MAX_NODES && count(depth - 1) >= 2 {
        depth -= 1;
    }
    depth
}

impl ImportMap {
    pub fn build(context: &Context, violations: &[(String, String)], cycles: &[Vec<String>]) -> ImportMap {
        let names: Vec<&str> = context.modules.iter().map(|m| m.name.as_str()).collect();
        if names.is_empty() {
            return ImportMap::default();
        }
        let depth = depth_for(&names);
        let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
        for name in &names {
            *sizes.entry(group(name, depth)).or_insert(0) += 1;
        }
        let mut ranked: Vec<(&String, &usize)> = sizes.iter().collect();
        ranked.sort_by_key(|(name, size)| (std::cmp::Reverse(**size), (*name).clone()));
        let kept: BTreeSet<&str> = ranked.iter().take(MAX_NODES).map(|(name, _)| name.as_str()).collect();
        let omitted = sizes.len().saturating_sub(kept.len());

        // The reported cycles: which cycle each module is in.
        let cycle_of: BTreeMap<&str, usize> =
            cycles.iter().enumerate().flat_map(|(i, c)| c.iter().map(move |m| (m.as_str(), i))).collect();
        let violating: BTreeSet<(String, String)> =
            violations.iter().map(|(a, b)| (group(a, depth), group(b, depth))).collect();
        // (imports, cyclic, at load) per pair of groups.
        let mut counts: BTreeMap<(String, String), (usize, bool, bool)> = BTreeMap::new();
        for edge in &context.graph.edges {
            let (from, to) = (group(&edge.importer, depth), group(&edge.imported, depth));
            if from == to || !kept.contains(from.as_str()) || !kept.contains(to.as_str()) {
                continue;
            }
            let in_cycle = edge.at_load
                && cycle_of
                    .get(edge.importer.as_str())
                    .is_some_and(|c| cycle_of.get(edge.imported.as_str()) == Some(c));
            let entry = counts.entry((from, to)).or_insert((0, false, false));
            entry.0 += 1;
            entry.1 |= in_cycle;
            entry.2 |= edge.at_load;
        }
        let cyclic_groups: BTreeSet<String> = cycle_of.keys().map(|m| group(m, depth)).collect();

        let nodes: Vec<&str> = kept.iter().copied().collect();
        // Layers follow the imports that run at load: those inside functions often point back up.
        let at_load: Vec<&(String, String)> = counts.iter().filter(|(_, v)| v.2).map(|(k, _)| k).collect();
        let rows = layered_rows(&nodes, at_load.into_iter());
        let widest = rows.iter().map(Vec::len).max().unwrap_or(1);
        let width = widest as f64 * COLUMN_WIDTH;
        let mut placed = Vec::new();
        for (row, members) in rows.iter().enumerate() {
            let offset = (width - members.len() as f64 * COLUMN_WIDTH) / 2.0;
            for (column, &name) in members.iter().enumerate() {
                placed.push(MapNode {
                    name: name.to_owned(),
                    modules: sizes.get(name).copied().unwrap_or(0),
                    cyclic: cyclic_groups.contains(name),
                    x: offset + (column as f64 + 0.5) * COLUMN_WIDTH,
                    y: (row as f64 + 0.5) * ROW_HEIGHT,
                });
            }
        }
        let edges = counts
            .iter()
            .map(|((from, to), (imports, cyclic, at_load))| MapEdge {
                violation: violating.contains(&(from.clone(), to.clone())),
                cyclic: *cyclic,
                at_load: *at_load,
                from: from.clone(),
                to: to.clone(),
                imports: *imports,
            })
            .collect();
        let mut cycles = cycles.to_vec();
        cycles.sort();
        ImportMap { nodes: placed, edges, width, height: rows.len() as f64 * ROW_HEIGHT, omitted, cycles }
    }
}

/// The rows of the picture, top to bottom: layers by longest path to what imports nothing else
/// (groups that import one another share a layer), wide layers wrapped, each row ordered by its
/// importers' mean position.
fn layered_rows<'a>(
    nodes: &[&'a str],
    edges: impl Iterator<Item = &'a (String, String)> + Clone,
) -> Vec<Vec<&'a str>> {
    let mut adjacency: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in edges.clone() {
        adjacency.entry(from.as_str()).or_default().push(to.as_str());
    }
    let components = graph::components(nodes, &adjacency);
    let component_of: BTreeMap<&str, usize> =
        components.iter().enumerate().flat_map(|(i, c)| c.iter().map(move |n| (*n, i))).collect();
    let successors = |component: usize| -> BTreeSet<usize> {
        components
            .get(component)
            .into_iter()
            .flatten()
            .flat_map(|n| adjacency.get(n).into_iter().flatten())
            .filter_map(|n| component_of.get(n).copied())
            .filter(|&c| c != component)
            .collect()
    };
    // Longest path to a sink; the condensation is acyclic and small, so iterate to a fixed point.
    let mut layer: BTreeMap<usize, usize> = BTreeMap::new();
    for _ in 0..=components.len() {
        let mut changed = false;
        for index in 0..components.len() {
            let here =
                successors(index).iter().map(|c| layer.get(c).copied().unwrap_or(0) + 1).max().unwrap_or(0);
            if layer.get(&index) != Some(&here) {
                layer.insert(index, here);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let top = layer.values().copied().max().unwrap_or(0);
    let mut layers: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for &node in nodes {
        let depth = component_of.get(node).and_then(|c| layer.get(c)).copied().unwrap_or(0);
        layers.entry(top - depth).or_default().push(node);
    }
    let mut rows: Vec<Vec<&str>> = Vec::new();
    let mut position: BTreeMap<&str, f64> = BTreeMap::new();
    for (_, mut members) in layers {
        // The barycentre of each node's importers already placed; nodes without one keep their
        // (alphabetical) place after those that have one.
        let centre = |node: &str| -> Option<f64> {
            let above: Vec<f64> = edges
                .clone()
                .filter(|(_, to)| to == node)
                .filter_map(|(from, _)| position.get(from.as_str()).copied())
                .collect();
            (!above.is_empty()).then(|| above.iter().sum::<f64>() / above.len() as f64)
        };
        let mut keyed: Vec<(Option<f64>, &str)> = members.drain(..).map(|n| (centre(n), n)).collect();
        keyed.sort_by(|a, b| match (a.0, b.0) {
            (Some(x), Some(y)) => x.total_cmp(&y).then(a.1.cmp(b.1)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.1.cmp(b.1),
        });
        for chunk in keyed.chunks(PER_ROW) {
            let row: Vec<&str> = chunk.iter().map(|(_, n)| *n).collect();
            for (column, node) in row.iter().enumerate() {
                // Positions as fractions of the row, so rows of different widths compare.
                position.insert(node, (column as f64 + 0.5) / row.len() as f64);
            }
            rows.push(row);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_shows_parts_and_collapses_large_trees() {
        let single = ["flask", "flask.app", "flask.json", "flask.json.provider", "flask.sansio.app"];
        assert_eq!(depth_for(&single), 2, "a single package shows its subpackages");
        let many: Vec<String> = (0..40).map(|i| format!("big.part{i}")).chain(["other".to_owned()]).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(depth_for(&many), 1, "41 parts collapse to the 2 top-level packages");
    }

    #[test]
    fn rows_put_importers_above_and_wrap_wide_layers() {
        let nodes: Vec<String> = (0..8).map(|i| format!("leaf{i}")).chain(["app".to_owned()]).collect();
        let nodes: Vec<&str> = nodes.iter().map(String::as_str).collect();
        let edges: Vec<(String, String)> = (0..8).map(|i| ("app".to_owned(), format!("leaf{i}"))).collect();
        let rows = layered_rows(&nodes, edges.iter());
        assert_eq!(rows.first(), Some(&vec!["app"]));
        assert_eq!(rows.iter().map(Vec::len).collect::<Vec<_>>(), [1, PER_ROW, 8 - PER_ROW]);
    }
}
