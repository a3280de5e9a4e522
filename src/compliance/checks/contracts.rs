//! Import contracts, with import-linter's semantics: `layers` (a lower layer never imports a higher
//! one), `forbidden` (source modules never import the forbidden ones — which may be outside the
//! tree) and `independence` (none of the modules imports another). A module belongs to a name when
//! it is that module or inside it. Direct imports are checked; with `indirect = true`, chains
//! through other modules are too (one shortest chain reported per pair). `ignore_imports` takes
//! `importer -> imported` patterns where `*` stands for one name component and `**` for any.

use std::collections::BTreeSet;

use super::{Context, Outcome, Violation};
use crate::compliance::graph;
use crate::compliance::policy::{Contract, ContractKind};
use crate::compliance::rules::RuleId;

/// An import as contracts see it: importer module, imported module (in the tree or not), where.
struct Import<'a> {
    importer: &'a str,
    imported: String,
    path: &'a str,
    line: u32,
}

/// Whether `module` is `name` or inside it.
fn within(module: &str, name: &str) -> bool {
    module == name || module.strip_prefix(name).is_some_and(|rest| rest.starts_with('.'))
}

fn within_any<'n>(module: &str, names: &'n [String]) -> Option<&'n str> {
    names.iter().find(|name| within(module, name)).map(String::as_str)
}

/// `a.*.b -> c.**` as globs over `/`-separated names.
fn ignored(contract: &Contract, importer: &str, imported: &str) -> bool {
    contract.ignore_imports.iter().any(|rule| {
        let Some((from, to)) = rule.split_once("->") else { return false };
        let glob = |pattern: &str, module: &str| {
            glob_match::glob_match(&pattern.trim().replace('.', "/"), &module.replace('.', "/"))
        };
        glob(from, importer) && glob(to, imported)
    })
}

/// Every import of the in-scope modules: internal ones resolved to the module loaded, external
/// ones by the name imported.
fn imports<'a>(context: &'a Context) -> Vec<Import<'a>> {
    let mut out: Vec<Import> = context
        .graph
        .edges
        .iter()
        .map(|edge| Import {
            importer: &edge.importer,
            imported: edge.imported.clone(),
            path: &edge.path,
            line: edge.line,
        })
        .collect();
    for module in &context.modules {
        for import in module.imports.iter().filter(|i| !context.resolver.is_internal(&i.module)) {
            out.push(Import {
                importer: &module.name,
                imported: import.module.clone(),
                path: &module.path,
                line: import.line,
            });
        }
    }
    out
}

pub fn check(rule: RuleId, context: &Context) -> Outcome {
    let all = imports(context);
    let mut outcome = Outcome::default();
    for (number, contract) in context.policy.contracts.iter().enumerate() {
        if contract.kind.rule() != rule {
            continue;
        }
        let name = if contract.name.is_empty() {
            format!("{} contract #{}", rule_noun(contract.kind), number + 1)
        } else {
            contract.name.clone()
        };
        // Groups: the layers (highest first), the source and forbidden modules, or the modules.
        let groups: Vec<Vec<String>> = match contract.kind {
            ContractKind::Layers if contract.containers.is_empty() => {
                contract.layers.iter().map(|layer| vec![layer.clone()]).collect()
            }
            ContractKind::Layers => contract
                .layers
                .iter()
                .map(|layer| contract.containers.iter().map(|c| format!("{c}.{layer}")).collect())
                .collect(),
            ContractKind::Forbidden => {
                vec![contract.source_modules.clone(), contract.forbidden_modules.clone()]
            }
            ContractKind::Independence => contract.modules.iter().map(|m| vec![m.clone()]).collect(),
        };
        let group_of = |module: &str| groups.iter().position(|names| within_any(module, names).is_some());
        // Whether an import from group `from` into group `to` breaks the contract.
        let breaks = |from: usize, to: usize| match contract.kind {
            ContractKind::Layers => to < from,
            ContractKind::Forbidden => from == 0 && to == 1,
            ContractKind::Independence => from != to,
        };
        let counts = |from: usize, to: usize| match contract.kind {
            ContractKind::Layers => from != to,
            ContractKind::Forbidden => from == 0,
            ContractKind::Independence => true,
        };
        let mut direct: BTreeSet<(usize, usize)> = BTreeSet::new();
        for import in &all {
            let (Some(from), Some(to)) = (group_of(import.importer), group_of(&import.imported)) else {
                if contract.kind == ContractKind::Forbidden && group_of(import.importer) == Some(0) {
                    outcome.checked += 1;
                }
                continue;
            };
            if !counts(from, to) || ignored(contract, import.importer, &import.imported) {
                continue;
            }
            outcome.checked += 1;
            if breaks(from, to) {
                direct.insert((from, to));
                outcome.violations.push(Violation {
                    edge: Some((import.importer.to_owned(), import.imported.clone())),
                    key: format!("{name}|{}|{}", import.importer, import.imported),
                    path: import.path.to_owned(),
                    line: import.line,
                    message: format!(
                        "{}: `{}` imports `{}`{}",
                        quote(&name),
                        import.importer,
                        import.imported,
                        why(contract.kind, &groups, from, to)
                    ),
                });
            }
        }
        if contract.indirect {
            indirect(context, contract, &name, &groups, &direct, &breaks, &mut outcome);
        }
    }
    outcome.violations.sort();
    outcome.violations.dedup_by(|a, b| a.key == b.key);
    outcome
}

/// Chains through other modules between groups that a direct import does not already connect.
fn indirect(
    context: &Context,
    contract: &Contract,
    name: &str,
    groups: &[Vec<String>],
    direct: &BTreeSet<(usize, usize)>,
    breaks: &dyn Fn(usize, usize) -> bool,
    outcome: &mut Outcome,
) {
    let adjacency = context.graph.adjacency(|e| !ignored(contract, &e.importer, &e.imported));
    let modules: Vec<&str> = context.modules.iter().map(|m| m.name.as_str()).collect();
    let group_of = |module: &str| groups.iter().position(|names| within_any(module, names).is_some());
    for from in 0..groups.len() {
        for to in 0..groups.len() {
            if !breaks(from, to) || direct.contains(&(from, to)) {
                continue;
            }
            let starts = modules.iter().filter(|m| group_of(m) == Some(from));
            let chain = starts.filter_map(|&start| {
                let ends = modules.iter().filter(|m| group_of(m) == Some(to));
                ends.filter_map(|&end| {
                    graph::shortest_path(&adjacency, start, end, |m| group_of(m).is_none())
                })
                .min_by_key(Vec::len)
            });
            let Some(chain) = chain.min_by_key(Vec::len) else { continue };
            let (Some(&first), Some(&second)) = (chain.first(), chain.get(1)) else { continue };
            let Some(edge) = context.graph.edge(first, second, |_| true) else { continue };
            outcome.checked += 1;
            outcome.violations.push(Violation {
                edge: Some((first.to_owned(), chain.last().copied().unwrap_or(first).to_owned())),
                key: format!("{name}|{}", chain.join(">")),
                path: edge.path.clone(),
                line: edge.line,
                message: format!(
                    "{}: `{first}` reaches `{}` indirectly: {}{}",
                    quote(name),
                    chain.last().copied().unwrap_or(""),
                    chain.join(" → "),
                    why(contract.kind, groups, from, to)
                ),
            });
        }
    }
}

fn rule_noun(kind: ContractKind) -> &'static str {
    match kind {
        ContractKind::Layers => "layers",
        ContractKind::Forbidden => "forbidden",
        ContractKind::Independence => "independence",
    }
}

fn quote(name: &str) -> String {
    format!("contract \u{201c}{name}\u{201d}")
}

fn why(kind: ContractKind, groups: &[Vec<String>], from: usize, to: usize) -> String {
    let label = |index: usize| groups.get(index).map(|names| names.join(" | ")).unwrap_or_default();
    match kind {
        ContractKind::Layers => format!(" — layer `{}` is below layer `{}`", label(from), label(to)),
        ContractKind::Forbidden => format!(" — `{}` may not import `{}`", label(from), label(to)),
        ContractKind::Independence => {
            format!(" — `{}` and `{}` must stay independent", label(from), label(to))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn membership_and_ignores() {
        assert!(within("app.db.session", "app.db") && within("app.db", "app.db"));
        assert!(!within("app.dbx", "app.db"));
        let contract = Contract {
            name: String::new(),
            kind: ContractKind::Forbidden,
            layers: Vec::new(),
            containers: Vec::new(),
            source_modules: Vec::new(),
            forbidden_modules: Vec::new(),
            modules: Vec::new(),
            ignore_imports: vec!["app.*.health -> app.db.**".to_owned()],
            indirect: false,
        };
        assert!(ignored(&contract, "app.api.health", "app.db.session.pool"));
        assert!(!ignored(&contract, "app.api.v1.health", "app.db.session"));
    }
}
