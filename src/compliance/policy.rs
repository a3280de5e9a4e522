//! The policy: which compliance rules run at which level, with which options, and the import
//! contracts between parts of the codebase.
//!
//! In: the text of `stability.toml` (at the tree root), or of `pyproject.toml`'s
//! `[tool.stability-lens]` table, or one given explicitly (CLI `--policy`, the app's editor).
//! Out: a [`Policy`], or a [`PolicyError`] with the line and column of what is wrong. Unknown keys
//! are errors (a misspelt option must not be silently ignored). Without a policy file the
//! defaults of [`super::rules::RULES`] apply.
//!
//! The schema, with every key (all optional):
//!
//! ```toml
//! # Paths no rule looks at (globs over tree paths; test code is always left out).
//! exclude = ["**/migrations/[0-9]*.py", "docs/**"]
//!
//! [rules.duplicate_definition]
//! level = "warning"            # "error", "warning" or "off", for every rule
//! functions = false            # also report module-level functions defined twice
//! ignore = ["Command"]         # names allowed to repeat
//!
//! [rules.file_too_long]
//! max_lines = 1000
//!
//! [rules.function_too_long]
//! max_lines = 100
//!
//! [rules.missing_critical_symbol]
//! symbols = ["app.websocket:WebSocketManager"]
//!
//! [rules.missing_critical_literal]
//! literals = ["agent_started", { value = "tool_executing", module = "app.events" }]
//!
//! [rules.undeclared_env_var]
//! declared = ["DATABASE_URL"]
//! files = [".env.example"]      # files listing variables as NAME=value
//!
//! [[contracts]]
//! name = "Layers"
//! type = "layers"               # "layers", "forbidden" or "independence"
//! layers = ["app.api", "app.services", "app.db"]   # highest first
//! containers = []               # layers are relative to each container when given
//! ignore_imports = ["app.api.health -> app.db.session"]
//! indirect = false              # also follow chains through other modules
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::rules::{Level, RuleId, RULES};

/// A starting point for a policy: every section, commented, with the defaults.
pub const EXAMPLE_POLICY: &str = r#"# stability.toml — the rules this codebase holds itself to (all keys optional).

# Paths no rule looks at (test code is always left out).
exclude = ["**/migrations/[0-9]*.py"]

[rules.duplicate_definition]
level = "warning"          # "error", "warning" or "off" — for every rule
functions = false
ignore = []

[rules.file_too_long]
max_lines = 1000

[rules.function_too_long]
max_lines = 100

[rules.missing_critical_symbol]
symbols = []               # e.g. "app.websocket:WebSocketManager"

[rules.missing_critical_literal]
literals = []              # e.g. "agent_started", { value = "tool_executing", module = "app.events" }

[rules.undeclared_env_var]
declared = []
files = [".env.example", ".env.sample", ".env.template"]

# [[contracts]]
# name = "API over services over the database"
# type = "layers"          # "layers", "forbidden" or "independence"
# layers = ["app.api", "app.services", "app.db"]
"#;

/// A policy in effect.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Where it came from, as shown in the report: `defaults`, `stability.toml`,
    /// `pyproject.toml [tool.stability-lens]`, or the name it was given under.
    pub source: String,
    pub exclude: Vec<String>,
    pub levels: BTreeMap<RuleId, Level>,
    pub options: RuleOptions,
    pub contracts: Vec<Contract>,
}

/// Options of the rules that have some.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleOptions {
    pub duplicate_functions: bool,
    pub duplicate_ignore: Vec<String>,
    pub max_file_lines: u32,
    pub max_function_lines: u32,
    /// `package.module:Name`.
    pub critical_symbols: Vec<String>,
    pub critical_literals: Vec<CriticalLiteral>,
    pub declared_env: Vec<String>,
    pub env_files: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CriticalLiteral {
    Anywhere(String),
    InModule { value: String, module: String },
}

impl CriticalLiteral {
    pub fn value(&self) -> &str {
        match self {
            CriticalLiteral::Anywhere(value) | CriticalLiteral::InModule { value, .. } => value,
        }
    }

    pub fn module(&self) -> Option<&str> {
        match self {
            CriticalLiteral::Anywhere(_) => None,
            CriticalLiteral::InModule { module, .. } => Some(module),
        }
    }
}

/// An import contract, with import-linter's semantics.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    #[serde(default)]
    pub name: String,
    #[serde(rename = "type")]
    pub kind: ContractKind,
    /// `layers`: highest first; a lower layer must not import a higher one.
    #[serde(default)]
    pub layers: Vec<String>,
    /// `layers`: the layers are submodules of each container.
    #[serde(default)]
    pub containers: Vec<String>,
    /// `forbidden`: these must not import …
    #[serde(default)]
    pub source_modules: Vec<String>,
    /// … these (internal or external modules).
    #[serde(default)]
    pub forbidden_modules: Vec<String>,
    /// `independence`: none of these may import another.
    #[serde(default)]
    pub modules: Vec<String>,
    /// `importer -> imported` pairs to ignore; `*` matches one name component, `**` any number.
    #[serde(default)]
    pub ignore_imports: Vec<String>,
    /// Also report indirect chains (a → x → b), not only direct imports.
    #[serde(default)]
    pub indirect: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    Layers,
    Forbidden,
    Independence,
}

impl ContractKind {
    pub fn rule(self) -> RuleId {
        match self {
            ContractKind::Layers => RuleId::LayerViolation,
            ContractKind::Forbidden => RuleId::ForbiddenImport,
            ContractKind::Independence => RuleId::IndependenceViolation,
        }
    }
}

/// Why a policy text was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{source_name}:{line}:{column}: {message}")]
pub struct PolicyError {
    pub source_name: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// The file as written: every key optional, unknown keys refused.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    rules: RulesFile,
    #[serde(default)]
    contracts: Vec<Contract>,
}

/// `[rules.<id>]` tables. One field per rule, so a misspelt rule id is an error at its line.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    duplicate_definition: Option<DuplicateFile>,
    multiple_import_paths: Option<LevelOnly>,
    undefined_export: Option<LevelOnly>,
    import_unresolved: Option<LevelOnly>,
    import_cycle: Option<LevelOnly>,
    stub_in_production: Option<LevelOnly>,
    mock_in_production: Option<LevelOnly>,
    file_too_long: Option<MaxLines>,
    function_too_long: Option<MaxLines>,
    layer_violation: Option<LevelOnly>,
    forbidden_import: Option<LevelOnly>,
    independence_violation: Option<LevelOnly>,
    missing_critical_symbol: Option<SymbolsFile>,
    missing_critical_literal: Option<LiteralsFile>,
    undeclared_env_var: Option<EnvFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LevelOnly {
    level: Option<Level>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DuplicateFile {
    level: Option<Level>,
    functions: Option<bool>,
    #[serde(default)]
    ignore: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MaxLines {
    level: Option<Level>,
    max_lines: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SymbolsFile {
    level: Option<Level>,
    #[serde(default)]
    symbols: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LiteralsFile {
    level: Option<Level>,
    #[serde(default)]
    literals: Vec<CriticalLiteral>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EnvFile {
    level: Option<Level>,
    #[serde(default)]
    declared: Vec<String>,
    #[serde(default)]
    files: Vec<String>,
}

/// `pyproject.toml`, for its `[tool.stability-lens]` table only.
#[derive(Debug, Default, Deserialize)]
struct Pyproject {
    #[serde(default)]
    tool: PyprojectTools,
}

#[derive(Debug, Default, Deserialize)]
struct PyprojectTools {
    #[serde(rename = "stability-lens")]
    stability_lens: Option<PolicyFile>,
}

/// Paths left out of every rule unless a policy says otherwise: generated migrations (numbered
/// files in a `migrations` directory).
const DEFAULT_EXCLUDE: &[&str] = &["**/migrations/[0-9]*.py"];

impl Default for Policy {
    fn default() -> Policy {
        Policy {
            source: "defaults".to_owned(),
            exclude: DEFAULT_EXCLUDE.iter().map(|s| (*s).to_owned()).collect(),
            levels: RULES.iter().map(|rule| (rule.id, rule.default_level)).collect(),
            options: RuleOptions {
                max_file_lines: 1000,
                max_function_lines: 100,
                env_files: vec![
                    ".env.example".to_owned(),
                    ".env.sample".to_owned(),
                    ".env.template".to_owned(),
                ],
                ..RuleOptions::default()
            },
            contracts: Vec::new(),
        }
    }
}

impl Policy {
    /// Reads a `stability.toml`-style text; `source_name` names it in errors and in the report.
    pub fn from_toml(source_name: &str, text: &str) -> Result<Policy, PolicyError> {
        let file: PolicyFile =
            toml::from_str(text).map_err(|error| policy_error(source_name, text, &error))?;
        Ok(Policy::from_file(source_name, file))
    }

    /// Reads a policy file by its name — the one rule for every way a policy arrives (a tree's
    /// root file, `--policy FILE`, the page's editor): a file named `pyproject.toml` (in any
    /// folder) is read for its `[tool.stability-lens]` table (`Ok(None)` without one), anything
    /// else (`stability.toml`, `ci-pyproject.toml`, …) as a `stability.toml`.
    pub fn read_named(source_name: &str, text: &str) -> Result<Option<Policy>, PolicyError> {
        let file_name = source_name.rsplit(['/', '\\']).next().unwrap_or(source_name);
        if file_name == "pyproject.toml" {
            Policy::from_pyproject(source_name, text)
        } else {
            Policy::from_toml(source_name, text).map(Some)
        }
    }

    /// Reads `pyproject.toml`'s `[tool.stability-lens]`; `Ok(None)` when it has none.
    pub fn from_pyproject(source_name: &str, text: &str) -> Result<Option<Policy>, PolicyError> {
        let file: Pyproject =
            toml::from_str(text).map_err(|error| policy_error(source_name, text, &error))?;
        let name = format!("{source_name} [tool.stability-lens]");
        Ok(file.tool.stability_lens.map(|policy| Policy::from_file(&name, policy)))
    }

    fn from_file(source_name: &str, file: PolicyFile) -> Policy {
        let mut policy = Policy { source: source_name.to_owned(), ..Policy::default() };
        if !file.exclude.is_empty() {
            policy.exclude = file.exclude;
        }
        let rules = file.rules;
        let mut level = |id: RuleId, level: Option<Level>| {
            if let Some(level) = level {
                policy.levels.insert(id, level);
            }
        };
        let only = |entry: Option<LevelOnly>| entry.and_then(|e| e.level);
        level(RuleId::MultipleImportPaths, only(rules.multiple_import_paths));
        level(RuleId::UndefinedExport, only(rules.undefined_export));
        level(RuleId::ImportUnresolved, only(rules.import_unresolved));
        level(RuleId::ImportCycle, only(rules.import_cycle));
        level(RuleId::StubInProduction, only(rules.stub_in_production));
        level(RuleId::MockInProduction, only(rules.mock_in_production));
        level(RuleId::LayerViolation, only(rules.layer_violation));
        level(RuleId::ForbiddenImport, only(rules.forbidden_import));
        level(RuleId::IndependenceViolation, only(rules.independence_violation));
        let options = &mut policy.options;
        if let Some(entry) = rules.duplicate_definition {
            level(RuleId::DuplicateDefinition, entry.level);
            options.duplicate_functions = entry.functions.unwrap_or(false);
            options.duplicate_ignore = entry.ignore;
        }
        if let Some(entry) = rules.file_too_long {
            level(RuleId::FileTooLong, entry.level);
            options.max_file_lines = entry.max_lines.unwrap_or(options.max_file_lines);
        }
        if let Some(entry) = rules.function_too_long {
            level(RuleId::FunctionTooLong, entry.level);
            options.max_function_lines = entry.max_lines.unwrap_or(options.max_function_lines);
        }
        if let Some(entry) = rules.missing_critical_symbol {
            level(RuleId::MissingCriticalSymbol, entry.level);
            options.critical_symbols = entry.symbols;
        }
        if let Some(entry) = rules.missing_critical_literal {
            level(RuleId::MissingCriticalLiteral, entry.level);
            options.critical_literals = entry.literals;
        }
        if let Some(entry) = rules.undeclared_env_var {
            level(RuleId::UndeclaredEnvVar, entry.level);
            options.declared_env = entry.declared;
            if !entry.files.is_empty() {
                options.env_files = entry.files;
            }
        }
        policy.contracts = file.contracts;
        policy
    }

    pub fn level(&self, rule: RuleId) -> Level {
        self.levels.get(&rule).copied().unwrap_or(Level::Off)
    }

    /// Whether a tree path is left out of every rule.
    pub fn excludes(&self, path: &str) -> bool {
        self.exclude.iter().any(|pattern| glob_match::glob_match(pattern, path))
    }
}

fn policy_error(source_name: &str, text: &str, error: &toml::de::Error) -> PolicyError {
    let offset = error.span().map_or(0, |span| span.start);
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() as u32 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    PolicyError {
        source_name: source_name.to_owned(),
        line,
        column,
        message: error.message().trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_policy_is_the_defaults() {
        let example = Policy::from_toml("example", EXAMPLE_POLICY).expect("the example parses");
        assert_eq!(Policy { source: "defaults".into(), ..example }, Policy::default());
    }

    #[test]
    fn defaults_apply_without_a_file() {
        let policy = Policy::from_toml("stability.toml", "").expect("empty policy is valid");
        assert_eq!(policy.options.max_file_lines, 1000);
        assert_eq!(policy.level(RuleId::MockInProduction), Level::Error);
        assert!(policy.excludes("pkg/migrations/0001_initial.py"));
        assert!(!policy.excludes("pkg/models.py"));
        assert!(!policy.excludes("django/db/migrations/operations/base.py"));
    }

    #[test]
    fn options_levels_and_contracts_are_read() {
        let text = "exclude = ['gen/**']\n[rules.file_too_long]\nlevel = 'error'\nmax_lines = 10\n\
                    [rules.missing_critical_literal]\nliterals = ['a', { value = 'b', module = 'm' }]\n\
                    [[contracts]]\ntype = 'forbidden'\nsource_modules = ['a']\nforbidden_modules = ['b']\n";
        let policy = Policy::from_toml("stability.toml", text).expect("valid policy");
        assert_eq!(policy.level(RuleId::FileTooLong), Level::Error);
        assert_eq!(policy.options.max_file_lines, 10);
        assert_eq!(policy.options.critical_literals[1].module(), Some("m"));
        assert_eq!(policy.contracts[0].kind, ContractKind::Forbidden);
        assert!(policy.excludes("gen/x.py") && !policy.excludes("pkg/migrations/x.py"));
    }

    #[test]
    fn mistakes_are_reported_at_their_line() {
        let error = Policy::from_toml("stability.toml", "[rules.file_too_long]\nmax_line = 5\n")
            .expect_err("unknown key");
        assert_eq!((error.line, error.column), (2, 1));
        assert!(error.message.contains("max_line"), "{}", error.message);
        let error = Policy::from_toml("stability.toml", "[rules.import_cycle]\nlevel = 'loud'\n")
            .expect_err("bad level");
        assert_eq!(error.line, 2);
        let error = Policy::from_toml("stability.toml", "[rules.no_such_rule]\n").expect_err("bad rule");
        assert_eq!(error.line, 1);
    }

    #[test]
    fn pyproject_table() {
        let text = "[project]\nname = 'x'\n[tool.black]\nline-length = 100\n\
                    [tool.stability-lens.rules.import_cycle]\nlevel = 'off'\n";
        let policy = Policy::from_pyproject("pyproject.toml", text).expect("valid").expect("present");
        assert_eq!(policy.source, "pyproject.toml [tool.stability-lens]");
        assert_eq!(policy.level(RuleId::ImportCycle), Level::Off);
        assert_eq!(Policy::from_pyproject("pyproject.toml", "[project]\nname = 'x'\n"), Ok(None));
    }
}
