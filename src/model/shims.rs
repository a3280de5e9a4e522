//! Deprecation shims made by a factory: `__getattr__ = getattr_migration(__name__)`, where the
//! factory's inner function builds a key from the module and the requested name
//! (`f"{module}:{name}"`) and looks it up in literal tables of the tree:
//!
//! ```python
//! MOVED = {"pkg.config:Extra": "pkg.deprecated.config:Extra"}
//! REMOVED = {"pkg:ConstrainedInt"}
//! def getattr_migration(module):
//!     def wrapper(name):
//!         key = f"{module}:{name}"
//!         if key in MOVED:
//!             return import_string(MOVED[key])   # still importable, from its new home
//!         if key in REMOVED:
//!             raise ImportError(...)              # gone, and the shim says so
//!     return wrapper
//! ```
//!
//! In: the factory's module-level literal tables and its inner function. Out: a [`ShimTable`]
//! per factory: for every key, whether the shim serves it (and where it moved) or raises.
//! A branch counts as serving when it returns, as removing when it raises.

use std::collections::BTreeMap;

use rustpython_parser::ast;
use serde::{Deserialize, Serialize};

/// What a factory-made `__getattr__` does with each `"module:name"` key it knows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShimTable {
    /// The separator between module and name in keys (`:` or `.`).
    pub separator: String,
    /// Keys the shim serves, with the location the table maps them to (when it says).
    pub served: BTreeMap<String, Option<String>>,
    /// Keys the shim raises for.
    pub removed: BTreeMap<String, String>,
    /// The line of the factory.
    pub line: u32,
}

impl ShimTable {
    /// For `module`, the names served (with their new location) and removed.
    pub fn for_module(&self, module: &str) -> (BTreeMap<String, Option<String>>, BTreeMap<String, String>) {
        let prefix = format!("{module}{}", self.separator);
        let strip = |key: &String| {
            key.strip_prefix(&prefix)
                .filter(|name| crate::model::syntax::is_identifier(name))
                .map(str::to_owned)
        };
        let served = self.served.iter().filter_map(|(k, v)| Some((strip(k)?, v.clone()))).collect();
        let removed = self.removed.iter().filter_map(|(k, v)| Some((strip(k)?, v.clone()))).collect();
        (served, removed)
    }
}

/// A module-level literal table: keys, with values for a dict.
pub type Table = Vec<(String, Option<String>)>;

/// A literal dict (string keys and values), set, list or tuple of strings, or a dict
/// comprehension over a literal sequence whose key and value are f-strings of the loop variable
/// (`{f"pkg.utils:{n}": f"pkg.v1.utils:{n}" for n in ("a", "b")}`).
pub fn table(value: &ast::Expr) -> Option<Table> {
    let string = crate::model::syntax::string_constant;
    match value {
        ast::Expr::Dict(dict) => {
            let entries: Table = dict
                .keys
                .iter()
                .zip(&dict.values)
                .filter_map(|(key, value)| Some((key.as_ref().and_then(string)?, string(value))))
                .collect();
            (!entries.is_empty()).then_some(entries)
        }
        ast::Expr::Set(ast::ExprSet { elts, .. })
        | ast::Expr::List(ast::ExprList { elts, .. })
        | ast::Expr::Tuple(ast::ExprTuple { elts, .. }) => {
            let entries: Table = elts.iter().filter_map(string).map(|key| (key, None)).collect();
            (!entries.is_empty()).then_some(entries)
        }
        ast::Expr::DictComp(comprehension) => {
            let [generator] = comprehension.generators.as_slice() else { return None };
            let ast::Expr::Name(variable) = &generator.target else { return None };
            let items: Vec<String> = match &generator.iter {
                ast::Expr::Tuple(ast::ExprTuple { elts, .. })
                | ast::Expr::List(ast::ExprList { elts, .. }) => elts.iter().filter_map(string).collect(),
                _ => return None,
            };
            let entries: Table = items
                .iter()
                .filter_map(|item| {
                    let key = template(&comprehension.key, variable.id.as_str(), item)?;
                    Some((key, template(&comprehension.value, variable.id.as_str(), item)))
                })
                .collect();
            (!entries.is_empty()).then_some(entries)
        }
        _ => None,
    }
}

/// An f-string (or plain string) with `{variable}` replaced by `item`.
fn template(expression: &ast::Expr, variable: &str, item: &str) -> Option<String> {
    match expression {
        ast::Expr::Constant(_) => crate::model::syntax::string_constant(expression),
        ast::Expr::JoinedStr(joined) => {
            let mut out = String::new();
            for part in &joined.values {
                match part {
                    ast::Expr::Constant(_) => out.push_str(&crate::model::syntax::string_constant(part)?),
                    ast::Expr::FormattedValue(value) => match value.value.as_ref() {
                        ast::Expr::Name(name) if name.id.as_str() == variable => out.push_str(item),
                        _ => return None,
                    },
                    _ => return None,
                }
            }
            Some(out)
        }
        _ => None,
    }
}

/// Reads a factory's inner `__getattr__`: `outer` is the factory's parameter holding the module
/// name, `inner` the shim's parameter holding the requested name.
pub fn shim_table(
    body: &[ast::Stmt],
    outer: &str,
    inner: &str,
    tables: &BTreeMap<String, Table>,
    line: u32,
) -> Option<ShimTable> {
    let mut reader =
        Reader { outer, inner, tables, key: None, table: ShimTable { line, ..ShimTable::default() } };
    reader.statements(body);
    let table = reader.table;
    (!table.served.is_empty() || !table.removed.is_empty()).then_some(table)
}

struct Reader<'a> {
    outer: &'a str,
    inner: &'a str,
    tables: &'a BTreeMap<String, Table>,
    /// The variable holding `f"{module}:{name}"`.
    key: Option<String>,
    table: ShimTable,
}

impl Reader<'_> {
    fn statements(&mut self, body: &[ast::Stmt]) {
        for statement in body {
            match statement {
                ast::Stmt::Assign(assign) => {
                    if let (Some(ast::Expr::Name(target)), Some(separator)) =
                        (assign.targets.first(), self.key_separator(&assign.value))
                    {
                        self.key = Some(target.id.to_string());
                        self.table.separator = separator;
                    }
                }
                ast::Stmt::If(branch) => {
                    let outcome = outcome(&branch.body);
                    for (key, location) in self.keys_tested(&branch.test) {
                        match outcome {
                            Some(Outcome::Returns) => {
                                self.table.served.entry(key).or_insert(location);
                            }
                            Some(Outcome::Raises) => {
                                self.table.removed.entry(key).or_insert_with(|| "the shim raises".to_owned());
                            }
                            None => {}
                        }
                    }
                    self.statements(&branch.orelse);
                }
                _ => {}
            }
        }
    }

    /// `f"{module}:{name}"`, `module + ":" + name`: the separator.
    fn key_separator(&self, value: &ast::Expr) -> Option<String> {
        match value {
            ast::Expr::JoinedStr(joined) => {
                let [ast::Expr::FormattedValue(first), separator, ast::Expr::FormattedValue(second)] =
                    joined.values.as_slice()
                else {
                    return None;
                };
                let named = |value: &ast::Expr, wanted: &str| matches!(value, ast::Expr::Name(n) if n.id.as_str() == wanted);
                (named(&first.value, self.outer) && named(&second.value, self.inner))
                    .then(|| crate::model::syntax::string_constant(separator))
                    .flatten()
            }
            ast::Expr::BinOp(outer) if matches!(outer.op, ast::Operator::Add) => {
                let ast::Expr::BinOp(left) = outer.left.as_ref() else { return None };
                let named = |value: &ast::Expr, wanted: &str| matches!(value, ast::Expr::Name(n) if n.id.as_str() == wanted);
                (named(&left.left, self.outer) && named(&outer.right, self.inner))
                    .then(|| crate::model::syntax::string_constant(&left.right))
                    .flatten()
            }
            _ => None,
        }
    }

    /// The keys an `if` test checks: `key in TABLE`, `key in TABLE.keys()`, `key == "m:n"`;
    /// with the location a dict table maps them to.
    fn keys_tested(&self, test: &ast::Expr) -> Vec<(String, Option<String>)> {
        let Some(key) = &self.key else { return Vec::new() };
        let ast::Expr::Compare(compare) = test else { return Vec::new() };
        let ([op], [right]) = (compare.ops.as_slice(), compare.comparators.as_slice()) else {
            return Vec::new();
        };
        if !matches!(compare.left.as_ref(), ast::Expr::Name(n) if n.id.as_str() == key) {
            return Vec::new();
        }
        match op {
            ast::CmpOp::In => {
                let table = match right {
                    ast::Expr::Name(name) => self.tables.get(name.id.as_str()),
                    ast::Expr::Call(call) => match call.func.as_ref() {
                        ast::Expr::Attribute(attribute) if attribute.attr.as_str() == "keys" => {
                            match attribute.value.as_ref() {
                                ast::Expr::Name(name) => self.tables.get(name.id.as_str()),
                                _ => None,
                            }
                        }
                        _ => None,
                    },
                    _ => None,
                };
                table.cloned().unwrap_or_default()
            }
            ast::CmpOp::Eq => {
                crate::model::syntax::string_constant(right).map(|k| (k, None)).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }
}

#[derive(Clone, Copy)]
enum Outcome {
    Returns,
    Raises,
}

/// What a branch does in the end: return a value or raise.
fn outcome(body: &[ast::Stmt]) -> Option<Outcome> {
    body.iter().rev().find_map(|statement| match statement {
        ast::Stmt::Return(_) => Some(Outcome::Returns),
        ast::Stmt::Raise(_) => Some(Outcome::Raises),
        _ => None,
    })
}
