//! The import graph of one tree: which of its modules import which, resolved to the module that
//! actually runs (`from pkg import sub` is an import of `pkg.sub` when that is a module).
//!
//! In: the modules' import statements and a [`Resolver`]. Out: an [`ImportGraph`] of edges, with
//! strongly connected components (Tarjan's algorithm, iterative so deep graphs cannot exhaust the
//! stack) and shortest paths for cycle and contract evidence. Small and specific enough that a
//! graph crate would add more than it saves.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::model::resolve::Resolver;
use crate::model::{ImportStatement, ModuleApi};

/// One import of a module of the tree by another.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub importer: String,
    pub imported: String,
    /// The importer's file and the line of the statement.
    pub path: String,
    pub line: u32,
    /// Runs when the module loads (not inside a function, not under `if TYPE_CHECKING:`).
    pub at_load: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ImportGraph {
    /// Every edge, sorted; several statements between the same two modules give several edges.
    pub edges: Vec<Edge>,
}

/// The modules of the tree an import statement loads.
pub fn targets(resolver: &Resolver, import: &ImportStatement) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if import.names.is_empty() {
        if let Some(module) = existing_prefix(resolver, &import.module) {
            out.insert(module);
        }
        return out;
    }
    for name in &import.names {
        let submodule = format!("{}.{name}", import.module);
        if resolver.module(&submodule).is_some() {
            out.insert(submodule);
        } else if let Some(module) = existing_prefix(resolver, &import.module) {
            out.insert(module);
        }
    }
    out
}

/// The longest prefix of a dotted name that is a parsed module of the tree.
fn existing_prefix(resolver: &Resolver, dotted: &str) -> Option<String> {
    let mut name = dotted;
    loop {
        if resolver.module(name).is_some() {
            return Some(name.to_owned());
        }
        name = name.rsplit_once('.')?.0;
    }
}

impl ImportGraph {
    /// The graph among `modules` (imports of modules outside them are left out).
    pub fn build(resolver: &Resolver, modules: &[&ModuleApi]) -> ImportGraph {
        let names: BTreeSet<&str> = modules.iter().map(|m| m.name.as_str()).collect();
        let mut edges = Vec::new();
        for module in modules {
            for import in &module.imports {
                if !resolver.is_internal(&import.module) {
                    continue;
                }
                for imported in targets(resolver, import) {
                    if imported != module.name && names.contains(imported.as_str()) {
                        edges.push(Edge {
                            importer: module.name.clone(),
                            imported,
                            path: module.path.clone(),
                            line: import.line,
                            at_load: !import.deferred && !import.never_runs,
                        });
                    }
                }
            }
        }
        edges.sort();
        edges.dedup();
        ImportGraph { edges }
    }

    /// Adjacency of the edges that pass `keep`, each target once.
    pub fn adjacency(&self, keep: impl Fn(&Edge) -> bool) -> BTreeMap<&str, Vec<&str>> {
        let mut adjacency: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for edge in self.edges.iter().filter(|e| keep(e)) {
            let targets = adjacency.entry(edge.importer.as_str()).or_default();
            if targets.last() != Some(&edge.imported.as_str()) {
                targets.push(edge.imported.as_str());
            }
        }
        adjacency
    }

    /// The first edge (by line) from one module to another that passes `keep`.
    pub fn edge(&self, from: &str, to: &str, keep: impl Fn(&Edge) -> bool) -> Option<&Edge> {
        self.edges.iter().filter(|e| e.importer == from && e.imported == to && keep(e)).min_by_key(|e| e.line)
    }
}

/// Strongly connected components of `nodes` under `adjacency`, each sorted, in a stable order.
pub fn components<'a>(nodes: &[&'a str], adjacency: &BTreeMap<&'a str, Vec<&'a str>>) -> Vec<Vec<&'a str>> {
    struct State<'a> {
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        on_stack: BTreeSet<&'a str>,
        stack: Vec<&'a str>,
        next: usize,
        out: Vec<Vec<&'a str>>,
    }
    let mut state = State {
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        on_stack: BTreeSet::new(),
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    let empty: Vec<&str> = Vec::new();
    for &root in nodes {
        if state.index.contains_key(root) {
            continue;
        }
        // Each frame: a node and how many of its successors were looked at.
        let mut frames: Vec<(&str, usize)> = vec![(root, 0)];
        state.index.insert(root, state.next);
        state.low.insert(root, state.next);
        state.next += 1;
        state.stack.push(root);
        state.on_stack.insert(root);
        while let Some(frame) = frames.last_mut() {
            let (node, cursor) = *frame;
            let successors = adjacency.get(node).unwrap_or(&empty);
            if let Some(&next) = successors.get(cursor) {
                frame.1 += 1;
                if !state.index.contains_key(next) {
                    state.index.insert(next, state.next);
                    state.low.insert(next, state.next);
                    state.next += 1;
                    state.stack.push(next);
                    state.on_stack.insert(next);
                    frames.push((next, 0));
                } else if state.on_stack.contains(next) {
                    let next_index = state.index.get(next).copied().unwrap_or(usize::MAX);
                    if let Some(low) = state.low.get_mut(node) {
                        *low = (*low).min(next_index);
                    }
                }
                continue;
            }
            frames.pop();
            let node_low = state.low.get(node).copied().unwrap_or(usize::MAX);
            if let Some(&(parent, _)) = frames.last() {
                if let Some(low) = state.low.get_mut(parent) {
                    *low = (*low).min(node_low);
                }
            }
            if Some(&node_low) == state.index.get(node) {
                let mut component = Vec::new();
                while let Some(member) = state.stack.pop() {
                    state.on_stack.remove(member);
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                component.sort_unstable();
                state.out.push(component);
            }
        }
    }
    state.out.sort();
    state.out
}

/// The shortest path from `from` to `to` (both included) following `adjacency`, through nodes
/// that pass `allowed` (the ends always may).
pub fn shortest_path<'a>(
    adjacency: &BTreeMap<&'a str, Vec<&'a str>>,
    from: &'a str,
    to: &'a str,
    allowed: impl Fn(&str) -> bool,
) -> Option<Vec<&'a str>> {
    let mut previous: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = BTreeSet::from([from]);
    while let Some(node) = queue.pop_front() {
        for &next in adjacency.get(node).map(Vec::as_slice).unwrap_or_default() {
            if next == to {
                let mut path = vec![to, node];
                let mut at = node;
                while let Some(&before) = previous.get(at) {
                    path.push(before);
                    at = before;
                }
                path.reverse();
                return Some(path);
            }
            if seen.insert(next) && allowed(next) {
                previous.insert(next, node);
                queue.push_back(next);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_and_paths() {
        let mut adjacency: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        adjacency.insert("a", vec!["b"]);
        adjacency.insert("b", vec!["c"]);
        adjacency.insert("c", vec!["a", "d"]);
        adjacency.insert("d", vec![]);
        let found = components(&["a", "b", "c", "d"], &adjacency);
        assert_eq!(found, vec![vec!["a", "b", "c"], vec!["d"]]);
        assert_eq!(shortest_path(&adjacency, "a", "a", |_| true), Some(vec!["a", "b", "c", "a"]));
        assert_eq!(shortest_path(&adjacency, "d", "a", |_| true), None);
    }

    #[test]
    fn a_long_chain_does_not_exhaust_the_stack() {
        let names: Vec<String> = (0..100_000).map(|i| format!("m{i}")).collect();
        let mut adjacency: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for pair in names.windows(2) {
            adjacency.insert(pair[0].as_str(), vec![pair[1].as_str()]);
        }
        let nodes: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_eq!(components(&nodes, &adjacency).len(), 100_000);
    }
}
