//! Model: the public API surface of a tree — which modules can be imported and what they offer.
//!
//! In: the tree's file paths ([`packages::discover`]) and each parsed module
//! ([`extract::extract`]). Out: an [`ApiSurface`] of plain data (no AST), so it can cross a worker
//! boundary and be compared cheaply. [`resolve::Resolver`] answers questions that need the whole
//! tree: where an imported name really comes from, what a module exports, a class's ancestors and
//! inherited members.
//!
//! The public API rules:
//! - **Modules**: public unless a component of the dotted name starts with `_` or the module is
//!   test code (see [`packages`]). Namespace portions inside a package are modules too.
//! - **Names in a module**: when `__all__` is defined it decides (`[...] + [...]`, `+=`,
//!   `.append`, `.extend`, additions under `if`/`try`). Otherwise names defined in the module
//!   (`def`, `class`, assignment, annotated assignment) that do not start with `_`; imported names
//!   are public only when re-exported as `import x as x` / `from m import x as x` (pyright's rule)
//!   or brought in by `from m import *` (which follows `m`'s `__all__`).
//! - **`__getattr__` shims** (PEP 562): names a module-level `__getattr__` serves (compared with
//!   `==`, `!=`, `in`, or looked up in a module-level dict) stay importable.
//! - **Classes**: members are methods, properties, class attributes, instance attributes assigned
//!   in methods (`self.x = …`), enum members and nested classes; inherited members come through
//!   bases resolved inside the tree. Dataclass and attrs fields become `__init__` parameters.
//!   Public members do not start with `_`, or are dunders (`__init__`, `__call__`, …).
//! - **Conditional code** is read as it runs on a current Python (3.12): `if TYPE_CHECKING:` never
//!   runs; `sys.version_info` comparisons are evaluated; for other `if`s the first branch defines a
//!   name; in `try`/`except ImportError` the `try` body wins over the fallback.

pub mod builtins;
pub mod conditions;
pub mod deprecation;
pub mod extract;
pub mod layout;
pub mod packages;
pub mod resolve;
pub mod shims;
pub mod signature;
pub mod syntax;
pub mod version;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Every module of one tree, by dotted module name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiSurface {
    pub modules: BTreeMap<String, ModuleApi>,
    /// Modules that exist but could not be parsed: their API is unknown, so they are neither
    /// removed nor added, only reported as problems.
    pub unparsed: BTreeSet<String>,
    /// Top-level package and module names of the tree: an import of anything under them is
    /// internal and must resolve inside the tree.
    pub top_level: BTreeSet<String>,
    /// Extension modules without source or stub (dotted name → why they cannot be read): they
    /// import, and what they provide is unknown.
    #[serde(default)]
    pub extensions: BTreeMap<String, String>,
}

/// One importable module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleApi {
    /// Dotted import path, e.g. `flask.app`.
    pub name: String,
    /// File path inside the tree.
    pub path: String,
    /// Whether the module is public (see the module doc); private modules are kept because
    /// public names are often defined in them and re-exported.
    pub public: bool,
    pub is_package: bool,
    /// The names listed in `__all__`, in order, when the module defines it.
    pub all: Option<Vec<String>>,
    /// The line `__all__` is assigned on (0 when it is not).
    #[serde(default)]
    pub all_line: u32,
    /// Modules (dotted expressions as written in this module: `numeric`, `_impl`) whose `__all__`
    /// this one's includes (`__all__ += numeric.__all__`): resolved by
    /// [`resolve::Resolver::all_names`].
    #[serde(default)]
    pub all_from: Vec<String>,
    /// Why `__all__` cannot be read exactly (a call, a filtered comprehension), when it cannot.
    #[serde(default)]
    pub all_unknown: Option<String>,
    /// Every module-level name binding, public or not.
    pub bindings: BTreeMap<String, Binding>,
    /// Modules whose names `from m import *` brings in (absolute dotted names).
    pub star_imports: Vec<String>,
    /// Names served by a module-level `__getattr__`, when the module has one.
    pub getattr_names: Option<BTreeSet<String>>,
    /// The line of that `__getattr__`.
    #[serde(default)]
    pub getattr_line: u32,
    /// `__getattr__ = factory(...)` with the factory imported from another module: its name
    /// here (resolved with [`resolve::Resolver::served_names`]).
    #[serde(default)]
    pub getattr_factory: Option<String>,
    /// Module-level functions that build a `__getattr__` shim (a function defined inside them
    /// that serves names), with the names it serves — for modules that import the factory.
    #[serde(default)]
    pub getattr_factories: BTreeMap<String, BTreeSet<String>>,
    /// Module-level functions that build a `__getattr__` shim looking names up in literal
    /// tables by `"module:name"` key ([`shims`]), with what each serves and raises for.
    #[serde(default)]
    pub shim_tables: BTreeMap<String, shims::ShimTable>,
    /// Every import statement, with where it is and whether a failure is handled.
    pub imports: Vec<ImportStatement>,
    /// Names imported under `if TYPE_CHECKING:` (they never exist at run time, but annotations
    /// name types through them).
    #[serde(default)]
    pub typing_imports: BTreeMap<String, ImportedName>,
    /// What says the whole module is deprecated: its docstring, or a warning when it loads.
    #[serde(default)]
    pub deprecations: Vec<deprecation::Deprecation>,
    /// Names its `__getattr__` serves with a deprecation warning.
    #[serde(default)]
    pub getattr_deprecations: BTreeMap<String, Vec<deprecation::Deprecation>>,
}

/// What a module-level name is bound to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Binding {
    /// Defined in this module.
    Object(ApiObject),
    /// Imported from another module.
    Import(ImportedName),
}

/// `from module import name [as alias]` (name is `Some`) or `import module [as alias]` (`None`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportedName {
    /// Absolute dotted module name (relative imports already resolved).
    pub module: String,
    pub name: Option<String>,
    /// Re-exported by the `x as x` convention.
    pub reexport: bool,
    pub line: u32,
}

/// One `import` / `from … import …` statement anywhere in a module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportStatement {
    /// Absolute dotted module name.
    pub module: String,
    /// Imported names (`from m import a, b`); empty for `import m` and `from m import *`.
    pub names: Vec<String>,
    pub line: u32,
    /// Inside `try:` with a handler that catches ImportError (or broader), or under
    /// `if TYPE_CHECKING:` — a failure there is handled or never happens at run time.
    pub guarded: bool,
    /// Inside a function body: runs when the function is called, not when the module loads.
    #[serde(default)]
    pub deferred: bool,
    /// Under a condition that is false at run time (`if TYPE_CHECKING:`, an old Python version).
    #[serde(default)]
    pub never_runs: bool,
}

/// A definition: function, class or attribute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ApiObject {
    Function(FunctionApi),
    Class(ClassApi),
    Attribute(AttributeApi),
}

impl ApiObject {
    pub fn name(&self) -> &str {
        match self {
            ApiObject::Function(function) => &function.name,
            ApiObject::Class(class) => &class.name,
            ApiObject::Attribute(attribute) => &attribute.name,
        }
    }

    pub fn line(&self) -> u32 {
        match self {
            ApiObject::Function(function) => function.line,
            ApiObject::Class(class) => class.line,
            ApiObject::Attribute(attribute) => attribute.line,
        }
    }

    pub fn signature(&self) -> String {
        match self {
            ApiObject::Function(function) => function.signature.clone(),
            ApiObject::Class(class) => class.signature(),
            ApiObject::Attribute(attribute) => attribute.signature(),
        }
    }

    /// What the object is, in words used in messages: "function", "class", "property", …
    pub fn noun(&self) -> &'static str {
        match self {
            ApiObject::Function(function) => function.kind.noun(),
            ApiObject::Class(_) => "class",
            ApiObject::Attribute(attribute) => attribute.kind.noun(),
        }
    }
}

/// A function or method and its call signature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionApi {
    pub name: String,
    pub line: u32,
    pub kind: FunctionKind,
    pub is_async: bool,
    /// Parameters callers pass, in order; `self`/`cls` are left out. For an `@overload`ed
    /// function whose implementation only takes `*args, **kwargs`, the union of the overloads.
    pub parameters: Vec<Parameter>,
    pub returns: Option<String>,
    /// The signature as written (whitespace normalised), e.g. `def send(self, request, **kwargs)`.
    pub signature: String,
    /// The `@overload` signatures, as written, in order.
    pub overloads: Vec<String>,
    /// For a property: whether it can be assigned (it has a setter, or is a `cached_property`,
    /// which instances can overwrite).
    #[serde(default)]
    pub settable: bool,
    /// When the body ends in `return self.<name>(...)`: that method's name.
    #[serde(default)]
    pub delegates_to: Option<String>,
    /// Written by a decorator (a dataclass's `__init__`), not in the source.
    #[serde(default)]
    pub synthesized: bool,
    /// A decorator replaced the function by an object whose call signature is not the function's
    /// (`@click.command` makes a `click.Command`): its parameters are not compared.
    #[serde(default)]
    pub replaced_by: Option<String>,
    /// What in its source says it is deprecated (see [`deprecation`]).
    #[serde(default)]
    pub deprecations: Vec<deprecation::Deprecation>,
}

/// How a function is bound, which decides how callers reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunctionKind {
    Function,
    Method,
    StaticMethod,
    ClassMethod,
    Property,
}

impl FunctionKind {
    pub fn noun(self) -> &'static str {
        match self {
            FunctionKind::Function => "function",
            FunctionKind::Method => "method",
            FunctionKind::StaticMethod => "static method",
            FunctionKind::ClassMethod => "class method",
            FunctionKind::Property => "property",
        }
    }
}

/// A class: its bases as written and its own members (inherited ones come from
/// [`resolve::Resolver::members`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassApi {
    pub name: String,
    pub line: u32,
    /// Base class expressions as written (`object` and keyword arguments left out).
    pub bases: Vec<String>,
    /// Own public members by name.
    pub members: BTreeMap<String, ApiObject>,
    /// For `@dataclass` / attrs classes: the fields this class declares, as `__init__`
    /// parameters, in order.
    pub fields: Option<Vec<Parameter>>,
    /// Whether the class statement has no decorator and no keyword (no metaclass): nothing but
    /// its bases can give it members it does not write.
    #[serde(default)]
    pub plain: bool,
    /// Names its methods assign on `self` (`self.x = …`), members or not.
    #[serde(default)]
    pub assigned_on_self: BTreeSet<String>,
    /// What says the class is deprecated: a decorator, its docstring, an unconditional warning
    /// in `__init__`, `__new__` or `__init_subclass__`.
    #[serde(default)]
    pub deprecations: Vec<deprecation::Deprecation>,
}

impl ClassApi {
    pub fn signature(&self) -> String {
        if self.bases.is_empty() {
            format!("class {}", self.name)
        } else {
            format!("class {}({})", self.name, self.bases.join(", "))
        }
    }
}

/// A module or class attribute: a constant, a variable, an instance attribute, an enum member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeApi {
    pub name: String,
    pub line: u32,
    pub kind: AttributeKind,
    pub annotation: Option<String>,
    /// The assigned value as written, when it is short enough to show (module and class level).
    pub value: Option<String>,
}

impl AttributeApi {
    /// A bare annotation (`x: int` with no value) at module or class level: it declares a name
    /// but binds nothing.
    pub fn is_declared_only(&self) -> bool {
        self.kind == AttributeKind::Attribute && self.value.is_none() && self.annotation.is_some()
    }

    /// Whether the value is a literal (a number, string, container display, `None`, `True`,
    /// `False`): certainly not a function or class. Other values (calls, names) may be callables.
    pub fn is_literal(&self) -> bool {
        let Some(value) = &self.value else { return false };
        let value = value.trim_start_matches(['r', 'b', 'f', 'u', 'R', 'B', 'F', 'U']);
        matches!(value.chars().next(), Some('0'..='9' | '"' | '\'' | '[' | '{' | '(' | '-'))
            || matches!(self.value.as_deref(), Some("None" | "True" | "False"))
    }

    /// Whether the value is a dotted name (`NewName`, `module.Thing`): an alias.
    pub fn alias_target(&self) -> Option<&str> {
        let value = self.value.as_deref()?;
        let mut parts = value.split('.');
        let valid = parts.all(syntax::is_identifier);
        (valid && !matches!(value, "None" | "True" | "False")).then_some(value)
    }

    pub fn signature(&self) -> String {
        let mut text = self.name.clone();
        if let Some(annotation) = &self.annotation {
            text.push_str(": ");
            text.push_str(annotation);
        }
        if let Some(value) = &self.value {
            text.push_str(" = ");
            text.push_str(value);
        }
        text
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributeKind {
    /// Module-level or class-level assignment.
    Attribute,
    /// `self.x = …` in a method.
    InstanceAttribute,
}

impl AttributeKind {
    pub fn noun(self) -> &'static str {
        match self {
            AttributeKind::Attribute => "attribute",
            AttributeKind::InstanceAttribute => "instance attribute",
        }
    }
}

/// One parameter of a signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parameter {
    pub name: String,
    pub kind: ParameterKind,
    /// The default value as written, when there is one.
    pub default: Option<String>,
    pub annotation: Option<String>,
}

impl Parameter {
    /// Whether a caller must pass this parameter.
    pub fn is_required(&self) -> bool {
        self.default.is_none() && !self.kind.is_variadic()
    }
}

/// Python's parameter kinds, in the order they appear in a signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParameterKind {
    PositionalOnly,
    PositionalOrKeyword,
    VarPositional,
    KeywordOnly,
    VarKeyword,
}

impl ParameterKind {
    pub fn is_variadic(self) -> bool {
        matches!(self, ParameterKind::VarPositional | ParameterKind::VarKeyword)
    }

    /// Whether callers can pass the parameter by position.
    pub fn accepts_position(self) -> bool {
        matches!(self, ParameterKind::PositionalOnly | ParameterKind::PositionalOrKeyword)
    }

    /// Whether callers can pass the parameter by keyword.
    pub fn accepts_keyword(self) -> bool {
        matches!(self, ParameterKind::PositionalOrKeyword | ParameterKind::KeywordOnly)
    }

    pub fn describe(self) -> &'static str {
        match self {
            ParameterKind::PositionalOnly => "positional-only",
            ParameterKind::PositionalOrKeyword => "positional-or-keyword",
            ParameterKind::VarPositional => "*args",
            ParameterKind::KeywordOnly => "keyword-only",
            ParameterKind::VarKeyword => "**kwargs",
        }
    }
}

/// Whether a member name is public: not underscored, or a dunder (`__init__`, `__call__`, …).
pub fn is_public_member(name: &str) -> bool {
    !name.starts_with('_') || (name.starts_with("__") && name.ends_with("__") && name.len() > 4)
}
