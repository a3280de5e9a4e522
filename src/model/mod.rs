//! Model: the public API surface of a tree — which modules can be imported and what they offer.
//!
//! In: the tree's file paths ([`packages::discover`]) and each parsed module
//! ([`extract::extract`]). Out: an [`ApiSurface`], plain data with no AST in it, so it can cross a
//! worker boundary and be compared cheaply.
//!
//! The public API rules, as implemented so far:
//! - a module is public when no component of its dotted name starts with `_` and it is not a test
//!   module (see [`packages`]);
//! - a module-level function or class is public when the module's `__all__` lists it, or, without
//!   `__all__`, when its name does not start with `_`;
//! - a method is public when its name does not start with `_`, or is a dunder (`__init__`,
//!   `__call__`, …: those are how callers construct and use the class);
//! - `self`/`cls` are never parameters; definitions under `if TYPE_CHECKING:` are ignored, and a
//!   later definition of a name replaces an earlier one, as at run time.

pub mod extract;
pub mod packages;
pub mod signature;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// Every public module of one tree, by dotted module name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApiSurface {
    pub modules: BTreeMap<String, ModuleApi>,
    /// Modules that exist but could not be parsed: their API is unknown, so they are neither
    /// removed nor added, only reported as problems.
    pub unparsed: BTreeSet<String>,
}

/// One importable module and its public objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModuleApi {
    /// Dotted import path, e.g. `flask.app`.
    pub name: String,
    /// File path inside the tree.
    pub path: String,
    /// Whether the module is public (see the module doc); private modules are kept for context.
    pub public: bool,
    /// The names listed in `__all__`, when the module defines it.
    pub all: Option<Vec<String>>,
    /// Public module-level functions and classes by name.
    pub objects: BTreeMap<String, ApiObject>,
}

/// A module-level definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ApiObject {
    Function(FunctionApi),
    Class(ClassApi),
}

impl ApiObject {
    pub fn line(&self) -> u32 {
        match self {
            ApiObject::Function(function) => function.line,
            ApiObject::Class(class) => class.line,
        }
    }

    pub fn signature(&self) -> String {
        match self {
            ApiObject::Function(function) => function.signature.clone(),
            ApiObject::Class(class) => class.signature(),
        }
    }

    /// What the object is, in words used in messages: "function", "class".
    pub fn noun(&self) -> &'static str {
        match self {
            ApiObject::Function(function) => function.kind.noun(),
            ApiObject::Class(_) => "class",
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
    /// Parameters callers pass, in order; `self`/`cls` are left out.
    pub parameters: Vec<Parameter>,
    pub returns: Option<String>,
    /// The signature as written (whitespace normalised), e.g. `def send(self, request, **kwargs)`.
    pub signature: String,
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

/// A class and its public methods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassApi {
    pub name: String,
    pub line: u32,
    /// Base class expressions as written.
    pub bases: Vec<String>,
    pub methods: BTreeMap<String, FunctionApi>,
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
}
