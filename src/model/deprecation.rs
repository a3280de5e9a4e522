//! Deprecation signals: what in the source says an object is on its way out.
//!
//! In: a definition's decorators, docstring and body (or a module's, or a `__getattr__` branch).
//! Out: [`Deprecation`]s, plain data: where and how, the warning category *as written* (resolved
//! later, when the tree is known: a tree class deriving from `DeprecationWarning` counts),
//! whether it sits under a condition, and the names its message mentions (so a warning about
//! one parameter is told from one about the whole function).
//!
//! Signals: `warnings.warn(msg, Category)` / `warn(msg, category=Category)` /
//! `warnings.warn(Category(msg))`; `@deprecated(...)` (PEP 702's `warnings.deprecated`,
//! `typing_extensions.deprecated`, the `deprecated` and `deprecation` packages); a docstring's
//! `.. deprecated::` directive.

use rustpython_parser::ast::{self, Ranged};
use serde::{Deserialize, Serialize};

use crate::parse::ParsedModule;

/// One deprecation signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deprecation {
    pub line: u32,
    /// How, for people: `warnings.warn(…, RemovedInDjango51Warning)`, `@deprecated`,
    /// `.. deprecated::` in the docstring.
    pub how: String,
    /// The warning category as written (`None` for a decorator or docstring, which are
    /// deprecations whatever their arguments).
    pub category: Option<String>,
    /// Inside an `if`: only some calls warn.
    pub conditional: bool,
    /// Words of the message (`is_dst`), to tell which parameter a conditional warning is about
    /// (a name after "without" is one the warning wants passed, not one it deprecates).
    pub mentions: Vec<String>,
}

/// Whether a decorator or helper is named for deprecating: `deprecated`, `deprecated_params`,
/// `deprecate_kwarg`, `deprecate`, …
fn is_deprecation_name(name: &str) -> bool {
    let name = name.trim_start_matches('_');
    name == "deprecated" || name.starts_with("deprecated_") || name.starts_with("deprecate")
}

/// The categories that mean "deprecated" (and any class deriving from them).
pub const CATEGORIES: &[&str] = &["DeprecationWarning", "PendingDeprecationWarning", "FutureWarning"];

/// Signals from decorators and the docstring of a definition.
pub fn declared(module: &ParsedModule, decorators: &[ast::Expr], body: &[ast::Stmt]) -> Vec<Deprecation> {
    let mut out = Vec::new();
    for decorator in decorators {
        let callee = match decorator {
            ast::Expr::Call(call) => call.func.as_ref(),
            other => other,
        };
        let name = match callee {
            ast::Expr::Name(name) => name.id.as_str(),
            ast::Expr::Attribute(attribute) => attribute.attr.as_str(),
            _ => "",
        };
        if is_deprecation_name(name) {
            let line = module.line_of(decorator.range().start());
            // `@deprecated_params(bind=…)`, `@deprecate_kwarg("old", "new")`: about those
            // parameters only.
            let about_parameters = ["param", "kwarg", "arg"].iter().any(|w| name.contains(w));
            let mut mentions = Vec::new();
            if let (true, ast::Expr::Call(call)) = (about_parameters, decorator) {
                mentions.extend(call.keywords.iter().filter_map(|k| k.arg.as_ref().map(|a| a.to_string())));
                call.args.iter().for_each(|a| names(a, &mut mentions));
                call.keywords.iter().for_each(|k| names(&k.value, &mut mentions));
            }
            out.push(Deprecation {
                line,
                how: format!("@{name}"),
                category: None,
                conditional: about_parameters,
                mentions,
            });
        }
    }
    if let Some(signal) = docstring_directive(module, body, usize::MAX) {
        out.push(signal);
    }
    out
}

/// A module's docstring directive: only one near its top deprecates the module (a long module
/// docstring documents many things, some of them deprecated).
pub fn module_docstring(module: &ParsedModule, body: &[ast::Stmt]) -> Option<Deprecation> {
    docstring_directive(module, body, 6)
}

/// A docstring's `.. deprecated::` directive within its first `within` lines. One about a
/// parameter or argument (`The :paramref:`.x` parameter is deprecated`) applies to what it names.
fn docstring_directive(module: &ParsedModule, body: &[ast::Stmt], within: usize) -> Option<Deprecation> {
    let ast::Stmt::Expr(expression) = body.first()? else { return None };
    // Borrowed, not copied: every docstring of the tree passes here.
    let ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(text), .. }) =
        expression.value.as_ref()
    else {
        return None;
    };
    let offset = text.find(".. deprecated::")?;
    let before = text.get(..offset).unwrap_or("");
    let line_in = before.matches('\n').count();
    if line_in >= within {
        return None;
    }
    // The directive's paragraph: up to the next blank line.
    let after = text.get(offset..).unwrap_or("");
    let paragraph = after.split("\n\n").next().unwrap_or(after);
    let lowered = paragraph.to_lowercase();
    let about_parameter =
        ["parameter", "paramref", "argument", "keyword"].iter().any(|w| lowered.contains(w));
    let mut mentions = Vec::new();
    if about_parameter {
        mentions.extend(
            paragraph
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|word| word.len() > 1)
                .map(str::to_owned),
        );
    }
    Some(Deprecation {
        line: module.line_of(expression.range().start()) + line_in as u32,
        how: "`.. deprecated::` in the docstring".into(),
        category: None,
        conditional: about_parameter,
        mentions,
    })
}

/// `warnings.warn` calls with a category in a body (not in nested definitions).
pub fn warnings_in(module: &ParsedModule, body: &[ast::Stmt]) -> Vec<Deprecation> {
    let mut out = Vec::new();
    Scanner { module, out: &mut out }.statements(body, &[]);
    out
}

struct Scanner<'a> {
    module: &'a ParsedModule,
    out: &'a mut Vec<Deprecation>,
}

impl Scanner<'_> {
    fn statements(&mut self, body: &[ast::Stmt], conditions: &[String]) {
        for statement in body {
            match statement {
                ast::Stmt::Expr(expression) => self.call(&expression.value, conditions),
                ast::Stmt::If(branch) => {
                    let mut inner = conditions.to_vec();
                    names(&branch.test, &mut inner);
                    self.statements(&branch.body, &inner);
                    self.statements(&branch.orelse, &inner);
                }
                ast::Stmt::With(block) => self.statements(&block.body, conditions),
                ast::Stmt::Try(block) => {
                    self.statements(&block.body, conditions);
                    self.statements(&block.orelse, conditions);
                    self.statements(&block.finalbody, conditions);
                }
                ast::Stmt::For(block) => {
                    let mut inner = conditions.to_vec();
                    names(&block.iter, &mut inner);
                    self.statements(&block.body, &inner);
                }
                _ => {}
            }
        }
    }

    fn call(&mut self, expression: &ast::Expr, conditions: &[String]) {
        let ast::Expr::Call(call) = expression else { return };
        let callee = match call.func.as_ref() {
            ast::Expr::Name(name) => name.id.as_str(),
            ast::Expr::Attribute(attribute) => attribute.attr.as_str(),
            _ => "",
        };
        // A library's own helper (`util.warn_deprecated("…", "2.0")`): a deprecation by name.
        if is_deprecation_name(callee) || callee.trim_start_matches('_').starts_with("warn_deprecat") {
            let mut mentions = Vec::new();
            call.args.iter().for_each(|a| words(a, &mut mentions));
            mentions.sort();
            mentions.dedup();
            self.out.push(Deprecation {
                line: self.module.line_of(expression.range().start()),
                how: format!("{callee}(…)"),
                category: None,
                conditional: !conditions.is_empty(),
                mentions,
            });
            return;
        }
        if callee != "warn" {
            return;
        }
        let keyword = call.keywords.iter().find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "category"));
        let category = match (call.args.first(), call.args.get(1), keyword) {
            (_, _, Some(keyword)) => dotted(&keyword.value),
            (_, Some(second), None) => dotted(second),
            // `warnings.warn(DeprecationWarning("…"))`: the instance carries its category.
            (Some(ast::Expr::Call(instance)), None, None) => dotted(&instance.func),
            _ => None,
        };
        let Some(category) = category else { return };
        // What the warning is about is what its message names: the condition often tests other
        // things (`if hasattr(x, …)`, `if not args:`).
        let mut mentions = Vec::new();
        if let Some(message) = call.args.first() {
            words(message, &mut mentions);
        }
        if mentions.is_empty() {
            // The message is computed (`warnings.warn(message, …)`): the condition is all there is.
            mentions.extend(
                conditions.iter().filter(|w| !STOP_WORDS.contains(&w.to_lowercase().as_str())).cloned(),
            );
        }
        mentions.sort();
        mentions.dedup();
        let last = category.rsplit('.').next().unwrap_or(&category).to_owned();
        self.out.push(Deprecation {
            line: self.module.line_of(expression.range().start()),
            how: format!("warnings.warn(…, {last})"),
            category: Some(category),
            conditional: !conditions.is_empty(),
            mentions,
        });
    }
}

fn dotted(expression: &ast::Expr) -> Option<String> {
    match expression {
        ast::Expr::Name(name) => Some(name.id.to_string()),
        ast::Expr::Attribute(attribute) => Some(format!("{}.{}", dotted(&attribute.value)?, attribute.attr)),
        _ => None,
    }
}

/// The identifiers an expression reads.
fn names(expression: &ast::Expr, out: &mut Vec<String>) {
    match expression {
        ast::Expr::Name(name) => out.push(name.id.to_string()),
        ast::Expr::Attribute(attribute) => {
            out.push(attribute.attr.to_string());
            names(&attribute.value, out);
        }
        ast::Expr::Compare(compare) => {
            names(&compare.left, out);
            compare.comparators.iter().for_each(|c| names(c, out));
        }
        ast::Expr::BoolOp(operation) => operation.values.iter().for_each(|v| names(v, out)),
        ast::Expr::UnaryOp(operation) => names(&operation.operand, out),
        ast::Expr::Call(call) => {
            names(&call.func, out);
            call.args.iter().for_each(|a| names(a, out));
        }
        ast::Expr::Constant(_) => {
            if let Some(text) = crate::model::syntax::string_constant(expression) {
                out.push(text);
            }
        }
        _ => {}
    }
}

/// The identifier-like words of a message (a string or an f-string's literal parts).
fn words(expression: &ast::Expr, out: &mut Vec<String>) {
    let mut texts = Vec::new();
    match expression {
        ast::Expr::JoinedStr(joined) => {
            for part in &joined.values {
                match part {
                    ast::Expr::FormattedValue(value) => names(&value.value, out),
                    other => texts.extend(crate::model::syntax::string_constant(other)),
                }
            }
        }
        ast::Expr::BinOp(operation) => {
            words(&operation.left, out);
            words(&operation.right, out);
        }
        other => texts.extend(crate::model::syntax::string_constant(other)),
    }
    for text in texts {
        let mut skip = 0;
        for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|word| word.len() > 1) {
            if matches!(word.to_lowercase().as_str(), "without" | "omitting" | "missing") {
                skip = 4; // "without passing args or kwargs": those are wanted, not deprecated
                continue;
            }
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if !STOP_WORDS.contains(&word.to_lowercase().as_str()) {
                out.push(word.to_owned());
            }
        }
    }
}

/// Words every deprecation message has, which say nothing about what is deprecated.
const STOP_WORDS: &[&str] = &[
    "deprecated",
    "deprecation",
    "depreacated",
    "warning",
    "removed",
    "remove",
    "will",
    "be",
    "is",
    "are",
    "the",
    "in",
    "of",
    "and",
    "or",
    "use",
    "instead",
    "argument",
    "parameter",
    "version",
    "future",
    "release",
    "it",
];

/// For a module's `__getattr__(name)`: the names its `if name == "x":` branches serve with a
/// deprecation warning, and the warnings that apply to every name it serves (outside any such
/// branch).
pub fn getattr_warnings(
    module: &ParsedModule,
    body: &[ast::Stmt],
    parameter: &str,
) -> (Vec<(String, Deprecation)>, Vec<Deprecation>) {
    let mut by_name = Vec::new();
    let mut general = Vec::new();
    for statement in body {
        match statement {
            ast::Stmt::If(branch) => {
                let served = compared_names(&branch.test, parameter);
                let inside = warnings_in(module, &branch.body);
                if served.is_empty() {
                    general.extend(inside.into_iter().map(|w| Deprecation { conditional: false, ..w }));
                } else {
                    for name in served {
                        by_name.extend(
                            inside
                                .iter()
                                .cloned()
                                .map(|w| (name.clone(), Deprecation { conditional: false, ..w })),
                        );
                    }
                }
                let (more, rest) = getattr_warnings(module, &branch.orelse, parameter);
                by_name.extend(more);
                general.extend(rest);
            }
            other => general.extend(warnings_in(module, std::slice::from_ref(other))),
        }
    }
    (by_name, general)
}

/// `name == "x"`, `name in ("x", "y")`: the names a test picks (not `!=`, which guards).
fn compared_names(test: &ast::Expr, parameter: &str) -> Vec<String> {
    let ast::Expr::Compare(compare) = test else { return Vec::new() };
    let ([op], [right]) = (compare.ops.as_slice(), compare.comparators.as_slice()) else { return Vec::new() };
    if !matches!(compare.left.as_ref(), ast::Expr::Name(n) if n.id.as_str() == parameter) {
        return Vec::new();
    }
    match (op, right) {
        (ast::CmpOp::Eq, value) => crate::model::syntax::string_constant(value).into_iter().collect(),
        (
            ast::CmpOp::In,
            ast::Expr::Tuple(ast::ExprTuple { elts, .. })
            | ast::Expr::List(ast::ExprList { elts, .. })
            | ast::Expr::Set(ast::ExprSet { elts, .. }),
        ) => elts.iter().filter_map(crate::model::syntax::string_constant).collect(),
        _ => Vec::new(),
    }
}
