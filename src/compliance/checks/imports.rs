//! Checks on imports between the tree's own modules: one object reached through several paths,
//! imports that do not resolve, and cycles.

use std::collections::{BTreeMap, BTreeSet};

use super::{few, Context, Outcome, Violation};
use crate::compliance::graph;
use crate::model::resolve::Target;

/// Where an object is imported from, and by whom: importer module, file, line.
type Importers<'a> = Vec<(&'a str, &'a str, u32)>;

pub fn multiple_import_paths(context: &Context) -> Outcome {
    let resolver = &context.resolver;
    // object path → import path → importers
    let mut uses: BTreeMap<String, BTreeMap<&str, Importers>> = BTreeMap::new();
    for module in &context.modules {
        let exports: BTreeSet<String> = resolver.exports(module).into_iter().collect();
        for import in &module.imports {
            if import.never_runs || import.names.is_empty() || !resolver.is_internal(&import.module) {
                continue;
            }
            for name in &import.names {
                // A module that re-exports the name is building a path, not choosing one.
                if exports.contains(name) {
                    continue;
                }
                if let Some(Target::Object { module: defining, qualname, .. }) =
                    resolver.resolve(&import.module, name)
                {
                    let object = format!("{}.{qualname}", defining.name);
                    uses.entry(object).or_default().entry(import.module.as_str()).or_default().push((
                        module.name.as_str(),
                        module.path.as_str(),
                        import.line,
                    ));
                }
            }
        }
    }
    // One importer per module and path (a module importing the same name twice is one user).
    for paths in uses.values_mut() {
        for importers in paths.values_mut() {
            importers.sort_unstable();
            importers.dedup_by(|a, b| a.0 == b.0);
        }
    }
    let mut outcome = Outcome { checked: uses.len(), ..Outcome::default() };
    for (object, paths) in &uses {
        if paths.len() < 2 {
            continue;
        }
        let mut ranked: Vec<(&&str, &Importers)> = paths.iter().collect();
        // The canonical path is the one most importers use (then the shortest).
        ranked.sort_by_key(|(path, importers)| {
            (std::cmp::Reverse(importers.len()), path.matches('.').count(), path.to_string())
        });
        let Some(((canonical, canonical_users), rest)) = ranked.split_first() else { continue };
        // Modules inside the canonical package importing from its own submodules (as they must,
        // to avoid a cycle through the package) are not legacy users.
        let inside = |module: &str| module.strip_prefix(**canonical).is_some_and(|r| r.starts_with('.'));
        let legacy: Vec<(&&str, Importers)> = rest
            .iter()
            .map(|(path, importers)| {
                let outside: Importers = importers
                    .iter()
                    .filter(|(importer, _, _)| !(inside(path) && inside(importer)))
                    .copied()
                    .collect();
                (*path, outside)
            })
            .filter(|(_, importers)| !importers.is_empty())
            .collect();
        let Some((_, first_legacy)) = legacy.first() else { continue };
        let Some(&(_, path, line)) = first_legacy.first() else { continue };
        let legacy_text: Vec<String> = legacy
            .iter()
            .map(|(path, importers)| {
                let names: Vec<String> = importers.iter().map(|(m, _, _)| (*m).to_owned()).collect();
                format!("`{path}` ({} importer(s): {})", importers.len(), few(&names, 3).replace('`', ""))
            })
            .collect();
        let name = object.rsplit('.').next().unwrap_or(object);
        outcome.violations.push(Violation {
            edge: None,
            key: object.clone(),
            path: path.to_owned(),
            line,
            message: format!(
                "`{name}` (defined in `{}`) is imported through {} paths: canonical `{canonical}` ({} importer(s)); legacy {}",
                object.rsplit_once('.').map_or(object.as_str(), |(module, _)| module),
                legacy.len() + 1,
                canonical_users.len(),
                legacy_text.join("; ")
            ),
        });
    }
    outcome
}

pub fn import_unresolved(context: &Context) -> Outcome {
    let resolver = &context.resolver;
    let mut outcome = Outcome::default();
    for module in &context.modules {
        for import in &module.imports {
            if import.guarded || !resolver.is_internal(&import.module) {
                continue;
            }
            let mut missing: Vec<(String, String)> = Vec::new();
            if import.names.is_empty() {
                outcome.checked += 1;
                if !resolver.module_exists(&import.module) {
                    missing
                        .push((import.module.clone(), format!("module `{}` does not exist", import.module)));
                }
            } else {
                for name in &import.names {
                    outcome.checked += 1;
                    if resolver.resolve(&import.module, name).is_none() {
                        missing.push((
                            format!("{}.{name}", import.module),
                            format!("`{name}` is not in `{}`", import.module),
                        ));
                    }
                }
            }
            for (what, why) in missing {
                outcome.violations.push(Violation {
                    edge: None,
                    key: format!("{}|{what}", module.name),
                    path: module.path.clone(),
                    line: import.line,
                    message: format!(
                        "`{}` imports `{what}`, but {why}: loading it raises ImportError",
                        module.name
                    ),
                });
            }
        }
    }
    outcome
}

pub fn import_cycle(context: &Context) -> Outcome {
    let at_load = |edge: &graph::Edge| edge.at_load;
    let adjacency = context.graph.adjacency(at_load);
    let nodes: Vec<&str> = context.modules.iter().map(|m| m.name.as_str()).collect();
    let components = graph::components(&nodes, &adjacency);
    let mut outcome = Outcome { checked: components.len(), ..Outcome::default() };
    for component in components.iter().filter(|c| c.len() > 1) {
        let members: BTreeSet<&str> = component.iter().copied().collect();
        let Some(&start) = component.first() else { continue };
        let Some(cycle) = graph::shortest_path(&adjacency, start, start, |m| members.contains(m)) else {
            continue;
        };
        let Some(first) = cycle.get(1).and_then(|&next| context.graph.edge(start, next, at_load)) else {
            continue;
        };
        let others: Vec<String> = component.iter().map(|m| (*m).to_owned()).collect();
        let reach = if component.len() > cycle.len() - 1 {
            format!(" — {} modules reach one another: {}", component.len(), few(&others, 5))
        } else {
            String::new()
        };
        outcome.violations.push(Violation {
            edge: None,
            key: component.join(" "),
            path: first.path.clone(),
            line: first.line,
            message: format!("import cycle when modules load: {}{reach}", cycle.join(" → ")),
        });
    }
    outcome
}
