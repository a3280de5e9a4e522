//! Comparing annotations as types and defaults as values, not as text.
//!
//! Two spellings of one type are the same type to every caller and every type checker, so only a
//! change of meaning is reported. An annotation is parsed again (the model keeps it as written)
//! and printed in a canonical form:
//! - names are qualified through the module's imports (its runtime ones and those under
//!   `if TYPE_CHECKING:`): `Optional` imported from `typing`, `t.Optional` with
//!   `import typing as t` and `typing_extensions.Optional` are all `typing.Optional`; a name of
//!   the distribution itself is known by its own name wherever it is defined (a type that moved
//!   with the code using it is the same type), and the same spelling is always the same type;
//! - `typing.List`/`Dict`/`Set`/`FrozenSet`/`Tuple`/`Type`/`Text` are the builtins (PEP 585),
//!   `typing.Callable`, `Iterable`, `Mapping`, … are `collections.abc`'s, `typing.DefaultDict`,
//!   `OrderedDict`, `Deque`, `Counter`, `ChainMap` are `collections`';
//! - `Optional[X]`, `Union[X, None]` and `X | None` are one union; members are flattened, deduplicated
//!   and sorted; `Literal[...]` members likewise;
//! - a string annotation is the expression it holds; `Annotated[T, …]` is `T` (PEP 593: the
//!   metadata is not part of the type); a generic whose parameters are all `Any` is the bare
//!   generic (`Callable[..., Any]` is `Callable`, `dict[Any, Any]` is `dict`);
//! - parentheses, whitespace, quote style and number spelling (`1_000`, `0x10`) disappear.
//!
//! Defaults and constant values compare the same way without the type rules: `" "` and `' '`,
//! `1_000` and `1000`, `(1)` and `1` are equal.
//!
//! Only texts that differ are parsed (changes are rare), so this costs nothing on unchanged code.
//! A text that does not parse (a value cut for display) is compared as written.

use rustpython_parser::ast;

use crate::model::{Binding, ModuleApi};

/// How deep string annotations and nesting are followed.
const MAX_DEPTH: usize = 32;

/// Whether two annotations, each written in its module, mean the same type.
pub(crate) fn same_type(
    old: &str,
    baseline_module: &ModuleApi,
    new: &str,
    current_module: &ModuleApi,
) -> bool {
    // The same spelling is the same type, even where the code moved to another module with
    // what it names.
    if old == new {
        return true;
    }
    match (canonical(old, Some(baseline_module)), canonical(new, Some(current_module))) {
        (Some(a), Some(b)) => a == b,
        _ => old == new,
    }
}

/// Whether two values (defaults, constants) are the same expression.
pub(crate) fn same_value(old: &str, new: &str) -> bool {
    if old == new {
        return true;
    }
    match (canonical(old, None), canonical(new, None)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The canonical form of an expression; with a module, read as a type annotation there.
fn canonical(text: &str, module: Option<&ModuleApi>) -> Option<String> {
    let expression = parse(text)?;
    let printer = Printer { module };
    Some(printer.print(&expression, 0))
}

fn parse(text: &str) -> Option<ast::Expr> {
    match rustpython_parser::parse(text, rustpython_parser::Mode::Expression, "<expression>") {
        Ok(ast::Mod::Expression(expression)) => Some(*expression.body),
        _ => None,
    }
}

struct Printer<'a> {
    /// The module a type annotation is written in (`None`: a value, names kept as written).
    module: Option<&'a ModuleApi>,
}

impl Printer<'_> {
    fn print(&self, expression: &ast::Expr, depth: usize) -> String {
        if depth > MAX_DEPTH {
            return "…".to_owned();
        }
        let next = depth + 1;
        let list =
            |items: &[ast::Expr]| -> Vec<String> { items.iter().map(|e| self.print(e, next)).collect() };
        match expression {
            ast::Expr::Constant(constant) => match (&constant.value, self.module) {
                // A string annotation is the expression it holds.
                (ast::Constant::Str(text), Some(_)) => match parse(text) {
                    Some(inner) => self.print(&inner, next),
                    None => format!("{text:?}"),
                },
                (value, _) => constant_text(value),
            },
            ast::Expr::Name(_) | ast::Expr::Attribute(_) if self.module.is_some() => {
                match dotted(expression) {
                    Some(name) => self.qualify(&name),
                    None => self.fallback(expression, next),
                }
            }
            ast::Expr::Name(name) => name.id.to_string(),
            ast::Expr::Attribute(attribute) => {
                format!("{}.{}", self.print(&attribute.value, next), attribute.attr)
            }
            ast::Expr::Subscript(subscript) => self.subscript(subscript, next),
            ast::Expr::BinOp(operation)
                if matches!(operation.op, ast::Operator::BitOr) && self.module.is_some() =>
            {
                let mut members = Vec::new();
                self.union_members(expression, &mut members, next);
                union(members)
            }
            ast::Expr::BinOp(operation) => format!(
                "({} {} {})",
                self.print(&operation.left, next),
                operator(operation.op),
                self.print(&operation.right, next)
            ),
            ast::Expr::UnaryOp(operation) => {
                let op = match operation.op {
                    ast::UnaryOp::Not => "not ",
                    ast::UnaryOp::Invert => "~",
                    ast::UnaryOp::UAdd => "+",
                    ast::UnaryOp::USub => "-",
                };
                format!("({op}{})", self.print(&operation.operand, next))
            }
            ast::Expr::BoolOp(operation) => {
                let op = if matches!(operation.op, ast::BoolOp::And) { " and " } else { " or " };
                format!("({})", list(&operation.values).join(op))
            }
            ast::Expr::Tuple(tuple) => format!("({},)", list(&tuple.elts).join(", ")),
            ast::Expr::List(items) => format!("[{}]", list(&items.elts).join(", ")),
            ast::Expr::Set(items) => format!("{{{}}}", list(&items.elts).join(", ")),
            ast::Expr::Dict(dict) => {
                let pairs: Vec<String> = dict
                    .keys
                    .iter()
                    .zip(&dict.values)
                    .map(|(key, value)| match key {
                        Some(key) => format!("{}: {}", self.print(key, next), self.print(value, next)),
                        None => format!("**{}", self.print(value, next)),
                    })
                    .collect();
                format!("{{{}}}", pairs.join(", "))
            }
            ast::Expr::Call(call) => {
                let mut arguments = list(&call.args);
                arguments.extend(call.keywords.iter().map(|keyword| match &keyword.arg {
                    Some(name) => format!("{name}={}", self.print(&keyword.value, next)),
                    None => format!("**{}", self.print(&keyword.value, next)),
                }));
                format!("{}({})", self.print(&call.func, next), arguments.join(", "))
            }
            ast::Expr::Starred(starred) => format!("*{}", self.print(&starred.value, next)),
            ast::Expr::Compare(compare) => {
                let mut text = self.print(&compare.left, next);
                for (op, right) in compare.ops.iter().zip(&compare.comparators) {
                    text.push_str(&format!(" {op:?} {}", self.print(right, next)));
                }
                format!("({text})")
            }
            other => self.fallback(other, next),
        }
    }

    /// Any other expression: its structure as the parser gives it, without positions.
    fn fallback(&self, expression: &ast::Expr, _depth: usize) -> String {
        let debug = format!("{expression:?}");
        // Drop the `range: …` fields so the same expression at another offset compares equal.
        let mut out = String::with_capacity(debug.len());
        let mut rest = debug.as_str();
        while let Some(at) = rest.find("range: ") {
            out.push_str(rest.get(..at).unwrap_or(""));
            let after = rest.get(at..).unwrap_or("");
            let end = after.find([',', '}']).unwrap_or(after.len());
            rest = after.get(end..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }

    fn subscript(&self, subscript: &ast::ExprSubscript, depth: usize) -> String {
        let arguments: Vec<&ast::Expr> = match subscript.slice.as_ref() {
            ast::Expr::Tuple(tuple) => tuple.elts.iter().collect(),
            other => vec![other],
        };
        let base = self.print(&subscript.value, depth);
        if self.module.is_some() {
            match base.as_str() {
                "typing.Optional" | "typing.Union" => {
                    let mut members = Vec::new();
                    for argument in &arguments {
                        self.union_members(argument, &mut members, depth);
                    }
                    if base == "typing.Optional" {
                        members.push("None".to_owned());
                    }
                    return union(members);
                }
                // `Annotated[T, metadata]` is `T` to callers and type checkers (PEP 593).
                "typing.Annotated" => {
                    return arguments.first().map_or_else(|| base.clone(), |first| self.print(first, depth));
                }
                "typing.Literal" => {
                    let mut members: Vec<String> = Vec::new();
                    for argument in &arguments {
                        self.literal_members(argument, &mut members, depth);
                    }
                    members.sort();
                    members.dedup();
                    return format!("typing.Literal[{}]", members.join(", "));
                }
                _ => {}
            }
        }
        let printed: Vec<String> = arguments.iter().map(|a| self.print(a, depth)).collect();
        // A generic whose parameters are all `Any` (`Callable[..., Any]` too) is the bare name.
        let implicit = |argument: &String| argument == "typing.Any" || argument == "...";
        if self.module.is_some() && !printed.is_empty() && printed.iter().all(implicit) {
            return base;
        }
        format!("{base}[{}]", printed.join(", "))
    }

    fn union_members(&self, expression: &ast::Expr, out: &mut Vec<String>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match expression {
            ast::Expr::BinOp(operation) if matches!(operation.op, ast::Operator::BitOr) => {
                self.union_members(&operation.left, out, depth + 1);
                self.union_members(&operation.right, out, depth + 1);
            }
            ast::Expr::Constant(constant) if matches!(constant.value, ast::Constant::Str(_)) => {
                if let ast::Constant::Str(text) = &constant.value {
                    match parse(text) {
                        Some(inner) => self.union_members(&inner, out, depth + 1),
                        None => out.push(format!("{text:?}")),
                    }
                }
            }
            other => {
                let printed = self.print(other, depth + 1);
                // A nested union's members join this one's.
                match printed.strip_prefix("typing.Union[").and_then(|rest| rest.strip_suffix(']')) {
                    Some(inner) => out.extend(split_top_level(inner)),
                    None => out.push(printed),
                }
            }
        }
    }

    fn literal_members(&self, expression: &ast::Expr, out: &mut Vec<String>, depth: usize) {
        match expression {
            ast::Expr::Subscript(inner) if self.print(&inner.value, depth) == "typing.Literal" => {
                match inner.slice.as_ref() {
                    ast::Expr::Tuple(tuple) => {
                        tuple.elts.iter().for_each(|e| self.literal_members(e, out, depth + 1))
                    }
                    other => self.literal_members(other, out, depth + 1),
                }
            }
            ast::Expr::Constant(constant) => out.push(constant_text(&constant.value)),
            other => out.push(self.print(other, depth + 1)),
        }
    }

    /// A dotted name as written in the module, qualified through its imports and canonicalised.
    fn qualify(&self, dotted: &str) -> String {
        let Some(module) = self.module else { return dotted.to_owned() };
        let (first, rest) = dotted.split_once('.').map_or((dotted, None), |(f, r)| (f, Some(r)));
        let qualified_first = match module.bindings.get(first) {
            Some(Binding::Import(imported)) => import_path(imported),
            // A module attribute shadowing a builtin type (`bytes = _rand.bytes`) is not what an
            // annotation names: that is the builtin.
            Some(Binding::Object(crate::model::ApiObject::Attribute(_)))
                if BUILTIN_TYPES.contains(&first) =>
            {
                first.to_owned()
            }
            Some(Binding::Object(_)) => format!("{}.{first}", module.name),
            None => match module.typing_imports.get(first) {
                Some(imported) => import_path(imported),
                None => first.to_owned(), // a builtin, or a name the module does not bind
            },
        };
        let full = match rest {
            Some(rest) => format!("{qualified_first}.{rest}"),
            None => qualified_first,
        };
        // A name of the distribution itself is known by its own name: a type that moved to
        // another module with the code that uses it is the same type.
        let top = module.name.split('.').next().unwrap_or("");
        if full.split('.').next() == Some(top) && !top.is_empty() {
            let last = full.rsplit('.').next().unwrap_or(&full);
            return format!("{top}:{last}");
        }
        canonical_name(&full)
    }
}

/// The dotted path an import binds: `from m import n` → `m.n`, `import m` → `m`.
fn import_path(imported: &crate::model::ImportedName) -> String {
    match &imported.name {
        Some(name) => format!("{}.{name}", imported.module),
        None => imported.module.clone(),
    }
}

/// `a, b[c, d], e` split at the top level (for nested unions already printed).
fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in text.chars() {
        match c {
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(current.trim().to_owned());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() {
        parts.push(current.trim().to_owned());
    }
    parts
}

fn union(mut members: Vec<String>) -> String {
    members.sort();
    members.dedup();
    match members.as_slice() {
        [one] => one.clone(),
        _ => format!("typing.Union[{}]", members.join(", ")),
    }
}

fn dotted(expression: &ast::Expr) -> Option<String> {
    match expression {
        ast::Expr::Name(name) => Some(name.id.to_string()),
        ast::Expr::Attribute(attribute) => Some(format!("{}.{}", dotted(&attribute.value)?, attribute.attr)),
        _ => None,
    }
}

/// The one name of a type that has several (PEP 585 builtins, `collections.abc`, …).
fn canonical_name(name: &str) -> String {
    let name = name
        .strip_prefix("typing_extensions.")
        .map_or_else(|| name.to_owned(), |rest| format!("typing.{rest}"));
    let name = name.strip_prefix("builtins.").map_or(name.clone(), str::to_owned);
    let (module, last) = name.rsplit_once('.').unwrap_or(("", name.as_str()));
    match (module, last) {
        ("typing", "List") => "list".into(),
        ("typing", "Dict") => "dict".into(),
        ("typing", "Set") => "set".into(),
        ("typing", "FrozenSet") => "frozenset".into(),
        ("typing", "Tuple") => "tuple".into(),
        ("typing", "Type") => "type".into(),
        ("typing", "Text") => "str".into(),
        ("typing", "DefaultDict") => "collections.defaultdict".into(),
        ("typing", "OrderedDict") => "collections.OrderedDict".into(),
        ("typing", "Deque") => "collections.deque".into(),
        ("typing", "Counter") => "collections.Counter".into(),
        ("typing", "ChainMap") => "collections.ChainMap".into(),
        ("typing", "AbstractSet") => "collections.abc.Set".into(),
        ("typing", "Pattern") => "re.Pattern".into(),
        ("typing", "Match") => "re.Match".into(),
        ("typing" | "collections" | "collections.abc", abc) if ABC.contains(&abc) => {
            format!("collections.abc.{abc}")
        }
        ("", "NoneType") | ("types", "NoneType") => "None".into(),
        _ => name,
    }
}

/// Builtin types an annotation may name bare.
const BUILTIN_TYPES: &[&str] = &[
    "bool",
    "bytearray",
    "bytes",
    "complex",
    "dict",
    "float",
    "frozenset",
    "int",
    "list",
    "memoryview",
    "object",
    "set",
    "str",
    "tuple",
    "type",
];

/// The `collections.abc` classes `typing` has aliases of.
const ABC: &[&str] = &[
    "Awaitable",
    "Coroutine",
    "AsyncIterable",
    "AsyncIterator",
    "AsyncGenerator",
    "Iterable",
    "Iterator",
    "Generator",
    "Reversible",
    "Container",
    "Collection",
    "Callable",
    "MutableSet",
    "Mapping",
    "MutableMapping",
    "Sequence",
    "MutableSequence",
    "ByteString",
    "MappingView",
    "KeysView",
    "ItemsView",
    "ValuesView",
    "Hashable",
    "Sized",
];

fn constant_text(value: &ast::Constant) -> String {
    match value {
        ast::Constant::None => "None".into(),
        ast::Constant::Bool(true) => "True".into(),
        ast::Constant::Bool(false) => "False".into(),
        ast::Constant::Str(text) => format!("{text:?}"),
        ast::Constant::Bytes(bytes) => format!("b{:?}", String::from_utf8_lossy(bytes)),
        ast::Constant::Int(number) => number.to_string(),
        ast::Constant::Float(number) => format!("{number:?}"),
        ast::Constant::Complex { real, imag } => format!("complex({real:?}, {imag:?})"),
        ast::Constant::Ellipsis => "...".into(),
        ast::Constant::Tuple(items) => {
            format!("({},)", items.iter().map(constant_text).collect::<Vec<_>>().join(", "))
        }
    }
}

fn operator(op: ast::Operator) -> &'static str {
    match op {
        ast::Operator::Add => "+",
        ast::Operator::Sub => "-",
        ast::Operator::Mult => "*",
        ast::Operator::MatMult => "@",
        ast::Operator::Div => "/",
        ast::Operator::Mod => "%",
        ast::Operator::Pow => "**",
        ast::Operator::LShift => "<<",
        ast::Operator::RShift => ">>",
        ast::Operator::BitOr => "|",
        ast::Operator::BitXor => "^",
        ast::Operator::BitAnd => "&",
        ast::Operator::FloorDiv => "//",
    }
}
