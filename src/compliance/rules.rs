//! The compliance rules as data: one [`RuleDefinition`] per rule — its id (part of the report
//! contract), what it checks, why it matters, an example, its options, what counts as "checked"
//! for its score, and its default level. The checks themselves live in [`super::checks`]; the
//! README's rule table and the app's explanations are generated from this table.

use serde::{Deserialize, Serialize};

/// How much a rule's violations matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Off,
    Warning,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// The weight of a rule's score in the overall score.
    pub fn weight(self) -> u32 {
        match self {
            Level::Off => 0,
            Level::Warning => 1,
            Level::Error => 3,
        }
    }
}

/// A compliance rule. The snake_case ids are part of the report contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleId {
    DuplicateDefinition,
    MultipleImportPaths,
    UndefinedExport,
    ImportUnresolved,
    ImportCycle,
    StubInProduction,
    MockInProduction,
    FileTooLong,
    FunctionTooLong,
    LayerViolation,
    ForbiddenImport,
    IndependenceViolation,
    MissingCriticalSymbol,
    MissingCriticalLiteral,
    UndeclaredEnvVar,
}

impl RuleId {
    pub fn definition(self) -> &'static RuleDefinition {
        #[allow(clippy::indexing_slicing)] // a static table, never empty (a unit test checks it)
        RULES.iter().find(|rule| rule.id == self).unwrap_or(&RULES[0])
    }

    pub fn as_str(self) -> &'static str {
        self.definition().name
    }
}

/// Everything about a rule except its code.
#[derive(Debug)]
pub struct RuleDefinition {
    pub id: RuleId,
    /// The id as written in reports and policies.
    pub name: &'static str,
    /// The area of the report it belongs to.
    pub area: Area,
    pub summary: &'static str,
    /// What to do about a violation: the report's recommendation.
    pub fix: &'static str,
    pub why: &'static str,
    /// Code that violates the rule.
    pub example: &'static str,
    /// What one "checked" item is: compliance = 1 − violations / checked.
    pub checked: &'static str,
    /// The policy options, as `key — meaning` lines (empty when only `level`).
    pub options: &'static str,
    pub default_level: Level,
}

/// Which part of the report a rule speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Single source of truth: one definition, one import path.
    Ssot,
    /// Imports: they resolve, no cycles, no test doubles in production.
    Imports,
    /// Import contracts between parts of the codebase.
    Boundaries,
    /// Code health: stubs and size.
    Health,
    /// What the business needs to still exist.
    Critical,
    /// Configuration read from the environment.
    Configuration,
}

impl Area {
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Ssot => "single source of truth",
            Area::Imports => "imports",
            Area::Boundaries => "service boundaries",
            Area::Health => "code health",
            Area::Critical => "critical symbols",
            Area::Configuration => "configuration",
        }
    }
}

pub static RULES: &[RuleDefinition] = &[
    RuleDefinition {
        id: RuleId::DuplicateDefinition,
        name: "duplicate_definition",
        area: Area::Ssot,
        summary: "The same public class is defined in two or more modules.",
        fix: "Keep one definition and import it everywhere else; if the copies must differ, give them different names.",
        why: "Two definitions drift apart: callers get different behaviour depending on which one they import, and `isinstance` checks fail across them.",
        example: "# billing/models.py\nclass Invoice: ...\n# legacy/invoice.py\nclass Invoice: ...",
        checked: "each public class name (and function name, with `functions = true`) defined at module level; a class extending a class of the same name (`class Session(base.Session)`) specialises it and is not counted",
        options: "functions — also module-level functions (default false)\nignore — names allowed to repeat (default none)",
        default_level: Level::Warning,
    },
    RuleDefinition {
        id: RuleId::MultipleImportPaths,
        name: "multiple_import_paths",
        area: Area::Ssot,
        summary: "One object is imported through several module paths across the codebase.",
        fix: "Import the object from its canonical path everywhere; keep a legacy path only as a deprecated re-export.",
        why: "Legacy re-export paths keep old code working but hide which path is canonical; each one is a place a refactoring can break.",
        example: "from app.core import Manager        # canonical\nfrom app.core.manager import Manager  # legacy path",
        checked: "each object of the tree that modules of the tree import by name",
        options: "",
        default_level: Level::Warning,
    },
    RuleDefinition {
        id: RuleId::UndefinedExport,
        name: "undefined_export",
        area: Area::Ssot,
        summary: "A name listed in `__all__` that the module does not define or import.",
        fix: "Define or import the name in the module, or remove it from `__all__`.",
        why: "`from module import *` raises AttributeError, and the advertised API does not exist.",
        example: "__all__ = ['connect', 'disconect']\ndef connect(): ...",
        checked: "each name listed in an `__all__`",
        options: "",
        default_level: Level::Error,
    },
    RuleDefinition {
        id: RuleId::ImportUnresolved,
        name: "import_unresolved",
        area: Area::Imports,
        summary: "An import of the tree's own code that does not resolve.",
        fix: "Fix the import's module path, or restore the module it names.",
        why: "The importing module raises ImportError when it loads (imports inside `try: … except ImportError` and under `if TYPE_CHECKING:` are not counted).",
        example: "from app.utils import helper_that_was_removed",
        checked: "each name imported from the tree's own modules (and each `import` of one)",
        options: "",
        default_level: Level::Error,
    },
    RuleDefinition {
        id: RuleId::ImportCycle,
        name: "import_cycle",
        area: Area::Imports,
        summary: "Modules that import each other, directly or through others, when they load.",
        fix: "Break the cycle: move the shared code into a module both import, or import lazily inside the function that needs it.",
        why: "Cycles make import order matter: a module sees a half-initialised partner and fails with ImportError or AttributeError depending on who is imported first. Imports inside functions and under `if TYPE_CHECKING:` are not counted.",
        example: "# a.py\nfrom b import B\n# b.py\nfrom a import A",
        checked: "each group of modules that reach one another (a module on no cycle is a group of one)",
        options: "",
        default_level: Level::Warning,
    },
    RuleDefinition {
        id: RuleId::StubInProduction,
        name: "stub_in_production",
        area: Area::Health,
        summary: "A function whose body is only `pass`, `...` or `raise NotImplementedError`, outside tests.",
        fix: "Implement the function, mark it `@abstractmethod`, or remove it before it ships.",
        why: "Callers get `None` or an exception instead of behaviour. Not counted: abstract methods (`@abstractmethod`, or a method raising `NotImplementedError` — Python's idiom for \"subclasses override this\"), `@overload`s, `Protocol` members, methods of classes the tree subclasses (hooks meant to be overridden) and empty overrides of an inherited method (switching it off).",
        example: "def send_invoice(order):\n    raise NotImplementedError",
        checked: "each module-level function and method",
        options: "",
        default_level: Level::Warning,
    },
    RuleDefinition {
        id: RuleId::MockInProduction,
        name: "mock_in_production",
        area: Area::Health,
        summary: "`unittest.mock` or `mock` imported outside tests.",
        fix: "Move the test double under tests/, or depend on a real implementation.",
        why: "Test doubles in production code replace real behaviour silently.",
        example: "# app/payments.py\nfrom unittest.mock import MagicMock",
        checked: "each Python file",
        options: "",
        default_level: Level::Error,
    },
    RuleDefinition {
        id: RuleId::FileTooLong,
        name: "file_too_long",
        area: Area::Health,
        summary: "A Python file longer than the policy allows.",
        fix: "Split the file into modules by responsibility, or raise `max_lines` in the policy if the length is deliberate.",
        why: "Very long modules mix responsibilities and are hard to review.",
        example: "# app/everything.py — 4,000 lines",
        checked: "each Python file",
        options: "max_lines — the longest allowed file (default 1000)",
        default_level: Level::Warning,
    },
    RuleDefinition {
        id: RuleId::FunctionTooLong,
        name: "function_too_long",
        area: Area::Health,
        summary: "A function or method longer than the policy allows.",
        fix: "Extract the function's steps into named helpers, or raise `max_lines` in the policy if the length is deliberate.",
        why: "Long functions are hard to test and to change safely.",
        example: "def handle(request):  # 300 lines",
        checked: "each module-level function and method",
        options: "max_lines — the longest allowed function, `def` to last line (default 100)",
        default_level: Level::Warning,
    },
    RuleDefinition {
        id: RuleId::LayerViolation,
        name: "layer_violation",
        area: Area::Boundaries,
        summary: "A lower layer imports a higher one (a `layers` contract).",
        fix: "Invert the dependency (pass the higher layer's object in, or move the shared code down a layer), or list the import in the contract's `ignore_imports` with a reason.",
        why: "Layers keep dependencies pointing one way; an upward import couples the base to what is built on it.",
        example: "# contract layers = ['app.api', 'app.db']\n# app/db/session.py\nfrom app.api import routes",
        checked: "each import between modules of two different layers",
        options: "[[contracts]] type = \"layers\": layers (highest first), containers, ignore_imports, indirect",
        default_level: Level::Error,
    },
    RuleDefinition {
        id: RuleId::ForbiddenImport,
        name: "forbidden_import",
        area: Area::Boundaries,
        summary: "A module imports what a `forbidden` contract forbids it.",
        fix: "Remove the import or go through the allowed interface; list it in `ignore_imports` only with a reason.",
        why: "The contract records a boundary the team decided on (e.g. the domain does not touch the web framework).",
        example: "# contract source_modules = ['app.domain'], forbidden_modules = ['flask']\nfrom flask import request",
        checked: "each import made by the contract's source modules",
        options: "[[contracts]] type = \"forbidden\": source_modules, forbidden_modules, ignore_imports, indirect",
        default_level: Level::Error,
    },
    RuleDefinition {
        id: RuleId::IndependenceViolation,
        name: "independence_violation",
        area: Area::Boundaries,
        summary: "One of a set of independent modules imports another (an `independence` contract).",
        fix: "Move what both need into a shared module outside the independent set, or talk through an interface.",
        why: "Independent services must be deployable and testable alone.",
        example: "# contract modules = ['services.billing', 'services.search']\n# services/billing/api.py\nfrom services.search import index",
        checked: "each import made by the contract's modules",
        options: "[[contracts]] type = \"independence\": modules, ignore_imports, indirect",
        default_level: Level::Error,
    },
    RuleDefinition {
        id: RuleId::MissingCriticalSymbol,
        name: "missing_critical_symbol",
        area: Area::Critical,
        summary: "A symbol the policy lists as critical does not resolve.",
        fix: "Restore the symbol at the listed path (a re-export is enough), or update the policy if it was retired on purpose.",
        why: "Critical symbols are what other services and deployments import; losing one is an outage.",
        example: "# symbols = ['app.websocket:WebSocketManager'] — and the class was renamed",
        checked: "each listed symbol",
        options: "symbols — `package.module:Name` (or `package.module:Class.member`, or a module alone)",
        default_level: Level::Error,
    },
    RuleDefinition {
        id: RuleId::MissingCriticalLiteral,
        name: "missing_critical_literal",
        area: Area::Critical,
        summary: "A string literal the policy lists as critical (an event name, a queue name) no longer appears.",
        fix: "Restore the literal where consumers expect it, or update the policy if it was retired on purpose.",
        why: "Other systems match these strings exactly; a rename breaks them without any import failing.",
        example: "# literals = ['agent_started'] — and the event is now sent as 'agent_start'",
        checked: "each listed literal",
        options: "literals — strings that must appear anywhere, or `{ value, module }` tables for one module",
        default_level: Level::Error,
    },
    RuleDefinition {
        id: RuleId::UndeclaredEnvVar,
        name: "undeclared_env_var",
        area: Area::Configuration,
        summary: "An environment variable read without a default that is not declared.",
        fix: "Declare the variable in `.env.example` or the policy's `declared` list for this rule, or read it with a default.",
        why: "A deployment without it fails at run time; declaring it (policy or `.env.example`) makes the requirement visible. Reads with a default are counted as informational.",
        example: "DATABASE_URL = os.environ['DATABASE_URL']  # and no .env.example lists it",
        checked: "each variable read without a default, except those the machine, the interpreter or CI sets (`HOME`, `PATH`, `LANG`, `PYTHON*`, `CI`, `GITHUB_*`, …)",
        options: "declared — variable names\nfiles — files listing `NAME=value` lines (default .env.example, .env.sample, .env.template)",
        default_level: Level::Warning,
    },
];
