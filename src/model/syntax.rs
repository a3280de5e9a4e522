//! Small readings of syntax shared by extraction ([`super::extract`]), deprecation signals
//! ([`super::deprecation`]), shim tables ([`super::shims`]), the layout reader and compliance
//! facts: a Python identifier, a string constant, a literal list of strings, a dotted or
//! decorator name, the line a definition starts. Kept apart so those readers depend on this leaf
//! and not on each other.

use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

use crate::parse::ParsedModule;

/// `a.b.c` as written, when the expression is a dotted name.
pub(crate) fn dotted_name(expression: &ast::Expr) -> Option<String> {
    match expression {
        ast::Expr::Name(name) => Some(name.id.to_string()),
        ast::Expr::Attribute(attribute) => {
            Some(format!("{}.{}", dotted_name(&attribute.value)?, attribute.attr))
        }
        _ => None,
    }
}

/// The line of the `def`/`class` keyword. The statement's range starts at its first decorator, so
/// look for the keyword after the last decorator.
pub(crate) fn definition_line(module: &ParsedModule, range: TextRange, decorators: &[ast::Expr]) -> u32 {
    let Some(after_decorators) = decorators.iter().map(|d| d.range().end()).max() else {
        return module.line_of(range.start());
    };
    let rest = module.text.get(usize::from(after_decorators)..usize::from(range.end())).unwrap_or("");
    let keyword = ["def ", "def\t", "class ", "class\t", "async "]
        .iter()
        .filter_map(|keyword| rest.find(keyword))
        .min()
        .unwrap_or(0);
    module.line_of(after_decorators + rustpython_parser::text_size::TextSize::from(keyword as u32))
}

pub(crate) fn decorator_name(decorator: &ast::Expr) -> Option<&str> {
    match decorator {
        ast::Expr::Name(name) => Some(name.id.as_str()),
        ast::Expr::Attribute(attribute) => Some(attribute.attr.as_str()),
        ast::Expr::Call(call) => decorator_name(&call.func),
        _ => None,
    }
}

pub(crate) fn is_name(expression: &ast::Expr, wanted: &str) -> bool {
    matches!(expression, ast::Expr::Name(name) if name.id.as_str() == wanted)
}

pub(crate) fn string_constant(expression: &ast::Expr) -> Option<String> {
    match expression {
        ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(text), .. }) => Some(text.clone()),
        _ => None,
    }
}

/// The strings of a literal collection: list/tuple/set items or dict keys.
pub(crate) fn literal_strings(expression: &ast::Expr) -> Option<Vec<String>> {
    let items: Vec<String> = match expression {
        ast::Expr::List(list) => list.elts.iter().filter_map(string_constant).collect(),
        ast::Expr::Tuple(tuple) => tuple.elts.iter().filter_map(string_constant).collect(),
        ast::Expr::Set(set) => set.elts.iter().filter_map(string_constant).collect(),
        ast::Expr::Dict(dict) => dict.keys.iter().flatten().filter_map(string_constant).collect(),
        _ => return None,
    };
    (!items.is_empty()).then_some(items)
}

/// Whether `name` can be a Python module name (ASCII identifiers; non-ASCII ones are rare in
/// package names and would be accepted by Python, so allow any alphabetic character).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if first == '_' || first.is_alphabetic() => {}
        _ => return false,
    }
    chars.all(|c| c == '_' || c.is_alphanumeric())
}
