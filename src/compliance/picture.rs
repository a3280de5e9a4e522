//! The import map: the tree's top-level packages (or, for a single package, its subpackages) as
//! nodes sized by their modules, imports between them as edges weighted by count, contract
//! violations and cycles marked — laid out in layers so that what is imported sits below what
//! imports it.
//!
//! In: one side's [`Context`] and the contract violations' (importer, imported) pairs. Out: an
//! [`ImportMap`] with coordinates, drawn as SVG by the app and by the HTML export alike. The
//! layering (longest path over the graph of strongly connected groups) is a few lines; a general
//! graph-layout crate would bring a renderer we do not use.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::checks::Context;
use super::graph;

/// At most this many nodes are drawn (the largest); the rest are left out and counted.
const MAX_NODES: usize = 28;
const ROW_HEIGHT: f64 = 90.0;
const COLUMN_WIDTH: f64 = 150.0;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportMap {
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    pub width: f64,
    pub height: f64,
    /// Groups left out to keep the picture readable.
    pub omitted: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapNode {
    pub name: String,
    pub modules: usize,
    /// Part of a cycle between groups.
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
    /// Both ends are in the same cycle between groups.
    pub cyclic: bool,
}

/// The group a module belongs to at `depth` name components.
fn group(module: &str, depth: usize) -> String {
    module.split('.').take(depth).collect::<Vec<_>>().join(".")
}

impl ImportMap {
    pub fn build(context: &Context, violations: &[(String, String)]) -> ImportMap {
        let names: Vec<&str> = context.modules.iter().map(|m| m.name.as_str()).collect();
        if names.is_empty() {
            return ImportMap::default();
        }
        // Deep enough to show at least three groups (up to three components).
        let mut depth = 1;
        while depth < 3 && names.iter().map(|n| group(n, depth)).collect::<BTreeSet<_>>().len() < 3 {
            depth += 1;
        }
        let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
        for name in &names {
            *sizes.entry(group(name, depth)).or_insert(0) += 1;
        }
        let mut ranked: Vec<(&String, &usize)> = sizes.iter().collect();
        ranked.sort_by_key(|(name, size)| (std::cmp::Reverse(**size), (*name).clone()));
        let kept: BTreeSet<&str> = ranked.iter().take(MAX_NODES).map(|(name, _)| name.as_str()).collect();
        let omitted = sizes.len().saturating_sub(kept.len());

        let violating: BTreeSet<(String, String)> =
            violations.iter().map(|(a, b)| (group(a, depth), group(b, depth))).collect();
        let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
        for edge in &context.graph.edges {
            let (from, to) = (group(&edge.importer, depth), group(&edge.imported, depth));
            if from != to && kept.contains(from.as_str()) && kept.contains(to.as_str()) {
                *counts.entry((from, to)).or_insert(0) += 1;
            }
        }
        let nodes: Vec<&str> = kept.iter().copied().collect();
        let mut adjacency: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (from, to) in counts.keys() {
            adjacency.entry(from.as_str()).or_default().push(to.as_str());
        }
        let components = graph::components(&nodes, &adjacency);
        let component_of: BTreeMap<&str, usize> =
            components.iter().enumerate().flat_map(|(i, c)| c.iter().map(move |n| (*n, i))).collect();
        let cyclic: BTreeSet<&str> = components.iter().filter(|c| c.len() > 1).flatten().copied().collect();

        // Layer of a component: the longest path to a component that imports nothing else.
        let mut layer: BTreeMap<usize, usize> = BTreeMap::new();
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
        // Tarjan emits sinks first when components are visited in discovery order; sorting them
        // loses that, so iterate to a fixed point (the condensation is acyclic and small).
        for _ in 0..components.len() {
            let mut changed = false;
            for index in 0..components.len() {
                let depth_here = successors(index)
                    .iter()
                    .map(|c| layer.get(c).copied().unwrap_or(0) + 1)
                    .max()
                    .unwrap_or(0);
                if layer.get(&index) != Some(&depth_here) {
                    layer.insert(index, depth_here);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let top = layer.values().copied().max().unwrap_or(0);
        let mut rows: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for &node in &nodes {
            let row = top - component_of.get(node).and_then(|c| layer.get(c)).copied().unwrap_or(0);
            rows.entry(row).or_default().push(node);
        }
        let widest = rows.values().map(Vec::len).max().unwrap_or(1);
        let width = widest as f64 * COLUMN_WIDTH;
        let mut placed = Vec::new();
        for (row, members) in &rows {
            let offset = (width - members.len() as f64 * COLUMN_WIDTH) / 2.0;
            for (column, &name) in members.iter().enumerate() {
                placed.push(MapNode {
                    name: name.to_owned(),
                    modules: sizes.get(name).copied().unwrap_or(0),
                    cyclic: cyclic.contains(name),
                    x: offset + (column as f64 + 0.5) * COLUMN_WIDTH,
                    y: (*row as f64 + 0.5) * ROW_HEIGHT,
                });
            }
        }
        let edges = counts
            .iter()
            .map(|((from, to), imports)| MapEdge {
                violation: violating.contains(&(from.clone(), to.clone())),
                cyclic: component_of.get(from.as_str()).is_some_and(|c| {
                    cyclic.contains(from.as_str()) && component_of.get(to.as_str()) == Some(c)
                }),
                from: from.clone(),
                to: to.clone(),
                imports: *imports,
            })
            .collect();
        ImportMap { nodes: placed, edges, width, height: rows.len() as f64 * ROW_HEIGHT, omitted }
    }
}
