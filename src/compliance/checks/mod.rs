//! The checks behind the rules of [`super::rules::RULES`]: each takes one side's [`Context`] and
//! gives an [`Outcome`] — how many items it checked and which of them violate the rule. Each
//! violation carries a key that names *what* is wrong independently of line numbers, so the same
//! violation is recognised on both sides (new, fixed or unchanged).

mod contracts;
mod definitions;
mod environment;
mod imports;

use crate::model::resolve::Resolver;
use crate::model::{ApiSurface, ModuleApi};
use crate::problem::Side;

use super::facts::FileFacts;
use super::graph::ImportGraph;
use super::policy::Policy;
use super::rules::RuleId;
use super::ProjectFile;

/// One side of the analysis, restricted to the code the rules look at: no test code, nothing
/// the policy excludes.
pub struct Context<'a> {
    pub side: Side,
    pub resolver: Resolver<'a>,
    /// Modules in scope, by name.
    pub modules: Vec<&'a ModuleApi>,
    /// Files in scope, by path.
    pub facts: Vec<&'a FileFacts>,
    /// The side's project files (policy, dependency and environment files).
    pub project: &'a [ProjectFile],
    pub graph: ImportGraph,
    pub policy: &'a Policy,
}

impl<'a> Context<'a> {
    pub fn new(
        side: Side,
        surface: &'a ApiSurface,
        facts: &'a [FileFacts],
        project: &'a [ProjectFile],
        policy: &'a Policy,
    ) -> Context<'a> {
        let in_scope = |path: &str| !super::is_test_path(path) && !policy.excludes(path);
        let resolver = Resolver::new(surface);
        let modules: Vec<&ModuleApi> = surface.modules.values().filter(|m| in_scope(&m.path)).collect();
        let mut facts: Vec<&FileFacts> = facts.iter().filter(|f| in_scope(&f.path)).collect();
        facts.sort_by(|a, b| a.path.cmp(&b.path));
        let graph = ImportGraph::build(&resolver, &modules);
        Context { side, resolver, modules, facts, project, graph, policy }
    }
}

/// A violation of a rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Violation {
    /// For import contracts: the importer and imported module (the ends of a chain).
    pub edge: Option<(String, String)>,
    /// What is wrong, independent of lines: the same on both sides for the same problem.
    pub key: String,
    pub path: String,
    pub line: u32,
    pub message: String,
}

/// What a check found on one side.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub checked: usize,
    pub violations: Vec<Violation>,
    /// Items counted but not scored (environment variables read with a default).
    pub informational: Option<usize>,
}

/// Runs one rule's check.
pub fn run(rule: RuleId, context: &Context) -> Outcome {
    match rule {
        RuleId::DuplicateDefinition => definitions::duplicate_definition(context),
        RuleId::UndefinedExport => definitions::undefined_export(context),
        RuleId::StubInProduction => definitions::stub_in_production(context),
        RuleId::MockInProduction => definitions::mock_in_production(context),
        RuleId::FileTooLong => definitions::file_too_long(context),
        RuleId::FunctionTooLong => definitions::function_too_long(context),
        RuleId::MultipleImportPaths => imports::multiple_import_paths(context),
        RuleId::ImportUnresolved => imports::import_unresolved(context),
        RuleId::ImportCycle => imports::import_cycle(context),
        RuleId::LayerViolation | RuleId::ForbiddenImport | RuleId::IndependenceViolation => {
            contracts::check(rule, context)
        }
        RuleId::MissingCriticalSymbol => environment::missing_critical_symbol(context),
        RuleId::MissingCriticalLiteral => environment::missing_critical_literal(context),
        RuleId::UndeclaredEnvVar => environment::undeclared_env_var(context),
    }
}

/// `a`, `a and b`, `a, b and 3 more` — for messages that name a few of many.
pub(crate) fn few(items: &[String], shown: usize) -> String {
    let quoted: Vec<String> = items.iter().take(shown).map(|item| format!("`{item}`")).collect();
    let rest = items.len().saturating_sub(shown);
    match (quoted.as_slice(), rest) {
        ([], _) => String::new(),
        ([one], 0) => one.clone(),
        (all, 0) => {
            let (last, first) = all.split_last().map(|(l, f)| (l.clone(), f.join(", "))).unwrap_or_default();
            format!("{first} and {last}")
        }
        (all, rest) => format!("{} and {rest} more", all.join(", ")),
    }
}
