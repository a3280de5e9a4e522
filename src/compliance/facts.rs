//! Compliance facts: what the compliance rules need from one parsed Python file, gathered in the
//! same step that extracts the API (step 2 of [`crate::pipeline`]) and kept as plain data, so the
//! rules — and a policy edited after the files were read — run on facts, never on syntax trees.
//!
//! In: a [`ParsedModule`]. Out: [`FileFacts`] — length, functions (with their length and whether
//! the body is a stub), classes (with their bases' names), environment variable reads, string
//! literals (as hashes: a policy can ask for any literal later, and hashes are small), and the
//! first `mock` import.
//!
//! The walk over the syntax tree is written here because rustpython-ast 0.4's `Visitor` sits
//! behind a cargo feature its published manifest does not declare, so it cannot be enabled; the
//! walk is bounded in depth so machine-generated nesting cannot exhaust the stack.

use rustpython_parser::ast::{self, Ranged};
use serde::{Deserialize, Serialize};

use crate::model::syntax::{decorator_name, definition_line, string_constant};
use crate::parse::ParsedModule;

/// How deep the walk follows nested expressions and statements (real code stays far below).
const MAX_DEPTH: usize = 200;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    pub path: String,
    /// Lines in the file.
    pub lines: u32,
    /// Module-level functions and the methods of module-level classes (nested classes included),
    /// in source order.
    pub functions: Vec<FunctionFacts>,
    /// Classes at module level or nested in classes.
    pub classes: Vec<ClassFacts>,
    pub env_reads: Vec<EnvRead>,
    /// xxh3-64 of every string literal in the file, sorted, without repeats.
    pub literals: Vec<u64>,
    /// The line of the first `import mock` / `unittest.mock` import, if any.
    pub mock_import: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionFacts {
    /// `name`, or `Class.name` for a method.
    pub qualname: String,
    /// The qualified name of the class a method belongs to.
    pub class: Option<String>,
    /// The line of `def` (after decorators).
    pub line: u32,
    /// Lines from `def` to the end of the body.
    pub lines: u32,
    /// The body (after a docstring) is only `pass`, `...` or `raise NotImplementedError`.
    pub stub: bool,
    /// The body raises `NotImplementedError`: in a method, Python's idiom for "subclasses must
    /// override this".
    #[serde(default)]
    pub raises_not_implemented: bool,
    /// Declared as having no body of its own: `@abstractmethod` (and its variants), `@overload`.
    pub declared_bodiless: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassFacts {
    pub qualname: String,
    pub line: u32,
    /// The last component of each base expression (`abc.ABC` → `ABC`, `Generic[T]` → `Generic`).
    pub bases: Vec<String>,
}

impl ClassFacts {
    /// A `typing.Protocol` (whose methods are declarations, not code).
    pub fn is_protocol(&self) -> bool {
        self.bases.iter().any(|base| base == "Protocol")
    }
}

/// An environment variable read: `os.environ["X"]`, `os.environ.get("X"[, default])`,
/// `os.getenv("X"[, default])` (also through `from os import environ, getenv`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EnvRead {
    pub name: String,
    pub line: u32,
    /// A default is given, so a missing variable does not fail.
    pub default: bool,
}

/// The hash a literal is stored under (policies look literals up by the same hash).
pub fn literal_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Gathers the facts of one file.
pub fn gather(path: &str, module: &ParsedModule) -> FileFacts {
    let mut walk = Walk {
        module,
        facts: FileFacts {
            path: path.to_owned(),
            lines: module.text.lines().count() as u32,
            ..FileFacts::default()
        },
        os_names: Vec::new(),
        environ_names: Vec::new(),
        getenv_names: Vec::new(),
        aliases: Vec::new(),
    };
    walk.find_imported_names(&module.body);
    walk.statements(&module.body, &Scope::Module, 0);
    walk.facts.literals.sort_unstable();
    walk.facts.literals.dedup();
    walk.facts.env_reads.sort();
    walk.facts
}

/// Where a statement sits: definitions directly in the module or a class are listed; those inside
/// functions are part of their function.
enum Scope {
    Module,
    Class(String),
    Function,
}

struct Walk<'m> {
    module: &'m ParsedModule,
    facts: FileFacts,
    /// Names `os` is bound to (`import os`, `import os as _os`).
    os_names: Vec<String>,
    /// Names bound by `from os import environ [as …]` / `getenv`.
    environ_names: Vec<String>,
    getenv_names: Vec<String>,
    /// `from m import Name as Alias`: (alias, name), so a base class written as the alias is
    /// known by its name.
    aliases: Vec<(String, String)>,
}

impl Walk<'_> {
    /// Module-level bindings of `os`, `os.environ` and `os.getenv`, and renaming imports
    /// (anywhere at module level, including under `if`/`try`).
    fn find_imported_names(&mut self, body: &[ast::Stmt]) {
        for statement in body {
            match statement {
                ast::Stmt::Import(import) => {
                    for alias in &import.names {
                        if alias.name.as_str() == "os" {
                            let bound = alias.asname.as_ref().unwrap_or(&alias.name);
                            self.os_names.push(bound.to_string());
                        }
                    }
                }
                ast::Stmt::ImportFrom(import) => {
                    let from_os = import.level.map_or(0, |l| l.to_u32()) == 0
                        && import.module.as_ref().is_some_and(|m| m.as_str() == "os");
                    for alias in &import.names {
                        let bound = alias.asname.as_ref().unwrap_or(&alias.name).to_string();
                        match alias.name.as_str() {
                            "environ" if from_os => self.environ_names.push(bound),
                            "getenv" if from_os => self.getenv_names.push(bound),
                            name if bound != name => self.aliases.push((bound, name.to_owned())),
                            _ => {}
                        }
                    }
                }
                ast::Stmt::If(branch) => {
                    self.find_imported_names(&branch.body);
                    self.find_imported_names(&branch.orelse);
                }
                ast::Stmt::Try(block) => {
                    self.find_imported_names(&block.body);
                    for ast::ExceptHandler::ExceptHandler(handler) in &block.handlers {
                        self.find_imported_names(&handler.body);
                    }
                }
                _ => {}
            }
        }
    }

    fn line(&self, range: ast::text_size::TextRange) -> u32 {
        self.module.line_of(range.start())
    }

    fn statements(&mut self, body: &[ast::Stmt], scope: &Scope, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for statement in body {
            self.statement(statement, scope, depth + 1);
        }
    }

    fn statement(&mut self, statement: &ast::Stmt, scope: &Scope, depth: usize) {
        match statement {
            ast::Stmt::FunctionDef(def) => {
                self.function(&def.name, &def.decorator_list, &def.body, def.range, scope);
                self.arguments(&def.args, depth);
                self.expressions(&def.decorator_list, depth);
                self.statements(&def.body, &Scope::Function, depth);
            }
            ast::Stmt::AsyncFunctionDef(def) => {
                self.function(&def.name, &def.decorator_list, &def.body, def.range, scope);
                self.arguments(&def.args, depth);
                self.expressions(&def.decorator_list, depth);
                self.statements(&def.body, &Scope::Function, depth);
            }
            ast::Stmt::ClassDef(def) => {
                self.expressions(&def.bases, depth);
                self.expressions(&def.decorator_list, depth);
                for keyword in &def.keywords {
                    self.expression(&keyword.value, depth);
                }
                let inner = match scope {
                    Scope::Module => Scope::Class(def.name.to_string()),
                    Scope::Class(outer) => Scope::Class(format!("{outer}.{}", def.name)),
                    Scope::Function => Scope::Function,
                };
                if let Scope::Class(qualname) = &inner {
                    let line = definition_line(self.module, def.range, &def.decorator_list);
                    let bases = def
                        .bases
                        .iter()
                        .filter_map(base_name)
                        .map(|base| match self.aliases.iter().find(|(alias, _)| *alias == base) {
                            Some((_, name)) => name.clone(),
                            None => base,
                        })
                        .collect();
                    self.facts.classes.push(ClassFacts { qualname: qualname.clone(), line, bases });
                }
                self.statements(&def.body, &inner, depth);
            }
            ast::Stmt::Import(import) => {
                if import.names.iter().any(|alias| is_mock_module(alias.name.as_str())) {
                    self.mock_at(import.range);
                }
            }
            ast::Stmt::ImportFrom(import) => {
                let module = import.module.as_ref().map(|m| m.as_str()).unwrap_or("");
                let absolute = import.level.map_or(0, |l| l.to_u32()) == 0;
                let mock = absolute
                    && (is_mock_module(module)
                        || (module == "unittest" && import.names.iter().any(|a| a.name.as_str() == "mock")));
                if mock {
                    self.mock_at(import.range);
                }
            }
            ast::Stmt::Return(ret) => self.optional(ret.value.as_deref(), depth),
            ast::Stmt::Delete(delete) => self.expressions(&delete.targets, depth),
            ast::Stmt::Assign(assign) => {
                self.expressions(&assign.targets, depth);
                self.expression(&assign.value, depth);
            }
            ast::Stmt::TypeAlias(alias) => self.expression(&alias.value, depth),
            ast::Stmt::AugAssign(assign) => {
                self.expression(&assign.target, depth);
                self.expression(&assign.value, depth);
            }
            ast::Stmt::AnnAssign(assign) => {
                self.expression(&assign.target, depth);
                self.expression(&assign.annotation, depth);
                self.optional(assign.value.as_deref(), depth);
            }
            ast::Stmt::For(block) => {
                self.expression(&block.target, depth);
                self.expression(&block.iter, depth);
                self.statements(&block.body, scope, depth);
                self.statements(&block.orelse, scope, depth);
            }
            ast::Stmt::AsyncFor(block) => {
                self.expression(&block.target, depth);
                self.expression(&block.iter, depth);
                self.statements(&block.body, scope, depth);
                self.statements(&block.orelse, scope, depth);
            }
            ast::Stmt::While(block) => {
                self.expression(&block.test, depth);
                self.statements(&block.body, scope, depth);
                self.statements(&block.orelse, scope, depth);
            }
            ast::Stmt::If(branch) => {
                self.expression(&branch.test, depth);
                self.statements(&branch.body, scope, depth);
                self.statements(&branch.orelse, scope, depth);
            }
            ast::Stmt::With(block) => {
                for item in &block.items {
                    self.expression(&item.context_expr, depth);
                }
                self.statements(&block.body, scope, depth);
            }
            ast::Stmt::AsyncWith(block) => {
                for item in &block.items {
                    self.expression(&item.context_expr, depth);
                }
                self.statements(&block.body, scope, depth);
            }
            ast::Stmt::Match(block) => {
                self.expression(&block.subject, depth);
                for case in &block.cases {
                    self.optional(case.guard.as_deref(), depth);
                    self.statements(&case.body, scope, depth);
                }
            }
            ast::Stmt::Raise(raise) => {
                self.optional(raise.exc.as_deref(), depth);
                self.optional(raise.cause.as_deref(), depth);
            }
            ast::Stmt::Try(block) => {
                self.statements(&block.body, scope, depth);
                for ast::ExceptHandler::ExceptHandler(handler) in &block.handlers {
                    self.optional(handler.type_.as_deref(), depth);
                    self.statements(&handler.body, scope, depth);
                }
                self.statements(&block.orelse, scope, depth);
                self.statements(&block.finalbody, scope, depth);
            }
            ast::Stmt::TryStar(block) => {
                self.statements(&block.body, scope, depth);
                for ast::ExceptHandler::ExceptHandler(handler) in &block.handlers {
                    self.optional(handler.type_.as_deref(), depth);
                    self.statements(&handler.body, scope, depth);
                }
                self.statements(&block.orelse, scope, depth);
                self.statements(&block.finalbody, scope, depth);
            }
            ast::Stmt::Assert(assert) => {
                self.expression(&assert.test, depth);
                self.optional(assert.msg.as_deref(), depth);
            }
            ast::Stmt::Expr(expression) => self.expression(&expression.value, depth),
            ast::Stmt::Global(_)
            | ast::Stmt::Nonlocal(_)
            | ast::Stmt::Pass(_)
            | ast::Stmt::Break(_)
            | ast::Stmt::Continue(_) => {}
        }
    }

    fn mock_at(&mut self, range: ast::text_size::TextRange) {
        if self.facts.mock_import.is_none() {
            self.facts.mock_import = Some(self.line(range));
        }
    }

    fn function(
        &mut self,
        name: &ast::Identifier,
        decorators: &[ast::Expr],
        body: &[ast::Stmt],
        range: ast::text_size::TextRange,
        scope: &Scope,
    ) {
        let (qualname, class) = match scope {
            Scope::Module => (name.to_string(), None),
            Scope::Class(class) => (format!("{class}.{name}"), Some(class.clone())),
            Scope::Function => return,
        };
        let line = definition_line(self.module, range, decorators);
        let end = self.module.line_of(range.end());
        let declared_bodiless = decorators.iter().filter_map(decorator_name).any(|decorator| {
            matches!(
                decorator,
                "abstractmethod"
                    | "abstractproperty"
                    | "abstractclassmethod"
                    | "abstractstaticmethod"
                    | "overload"
            )
        });
        self.facts.functions.push(FunctionFacts {
            qualname,
            class,
            line,
            lines: end.saturating_sub(line) + 1,
            stub: is_stub_body(body),
            raises_not_implemented: is_stub_body(body)
                && body.iter().any(|s| matches!(s, ast::Stmt::Raise(_))),
            declared_bodiless,
        });
    }

    fn arguments(&mut self, arguments: &ast::Arguments, depth: usize) {
        let all = arguments.posonlyargs.iter().chain(&arguments.args).chain(&arguments.kwonlyargs);
        for argument in all {
            self.optional(argument.default.as_deref(), depth);
        }
    }

    fn optional(&mut self, expression: Option<&ast::Expr>, depth: usize) {
        if let Some(expression) = expression {
            self.expression(expression, depth);
        }
    }

    fn expressions(&mut self, expressions: &[ast::Expr], depth: usize) {
        for expression in expressions {
            self.expression(expression, depth);
        }
    }

    fn comprehensions(&mut self, generators: &[ast::Comprehension], depth: usize) {
        for generator in generators {
            self.expression(&generator.iter, depth);
            self.expressions(&generator.ifs, depth);
        }
    }

    fn expression(&mut self, expression: &ast::Expr, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let depth = depth + 1;
        self.env_read(expression);
        match expression {
            ast::Expr::Constant(constant) => {
                if let ast::Constant::Str(text) = &constant.value {
                    self.facts.literals.push(literal_hash(text));
                }
            }
            ast::Expr::BoolOp(e) => self.expressions(&e.values, depth),
            ast::Expr::NamedExpr(e) => self.expression(&e.value, depth),
            ast::Expr::BinOp(e) => {
                self.expression(&e.left, depth);
                self.expression(&e.right, depth);
            }
            ast::Expr::UnaryOp(e) => self.expression(&e.operand, depth),
            ast::Expr::Lambda(e) => {
                self.arguments(&e.args, depth);
                self.expression(&e.body, depth);
            }
            ast::Expr::IfExp(e) => {
                self.expression(&e.test, depth);
                self.expression(&e.body, depth);
                self.expression(&e.orelse, depth);
            }
            ast::Expr::Dict(e) => {
                for key in e.keys.iter().flatten() {
                    self.expression(key, depth);
                }
                self.expressions(&e.values, depth);
            }
            ast::Expr::Set(e) => self.expressions(&e.elts, depth),
            ast::Expr::ListComp(e) => {
                self.expression(&e.elt, depth);
                self.comprehensions(&e.generators, depth);
            }
            ast::Expr::SetComp(e) => {
                self.expression(&e.elt, depth);
                self.comprehensions(&e.generators, depth);
            }
            ast::Expr::DictComp(e) => {
                self.expression(&e.key, depth);
                self.expression(&e.value, depth);
                self.comprehensions(&e.generators, depth);
            }
            ast::Expr::GeneratorExp(e) => {
                self.expression(&e.elt, depth);
                self.comprehensions(&e.generators, depth);
            }
            ast::Expr::Await(e) => self.expression(&e.value, depth),
            ast::Expr::Yield(e) => self.optional(e.value.as_deref(), depth),
            ast::Expr::YieldFrom(e) => self.expression(&e.value, depth),
            ast::Expr::Compare(e) => {
                self.expression(&e.left, depth);
                self.expressions(&e.comparators, depth);
            }
            ast::Expr::Call(e) => {
                self.expression(&e.func, depth);
                self.expressions(&e.args, depth);
                for keyword in &e.keywords {
                    self.expression(&keyword.value, depth);
                }
            }
            ast::Expr::FormattedValue(e) => {
                self.expression(&e.value, depth);
                self.optional(e.format_spec.as_deref(), depth);
            }
            ast::Expr::JoinedStr(e) => {
                // The literal parts of an f-string are not literals anyone looks up; the
                // expressions inside are walked.
                for value in &e.values {
                    if let ast::Expr::FormattedValue(formatted) = value {
                        self.expression(&formatted.value, depth);
                    }
                }
            }
            ast::Expr::Attribute(e) => self.expression(&e.value, depth),
            ast::Expr::Subscript(e) => {
                self.expression(&e.value, depth);
                self.expression(&e.slice, depth);
            }
            ast::Expr::Starred(e) => self.expression(&e.value, depth),
            ast::Expr::List(e) => self.expressions(&e.elts, depth),
            ast::Expr::Tuple(e) => self.expressions(&e.elts, depth),
            ast::Expr::Slice(e) => {
                self.optional(e.lower.as_deref(), depth);
                self.optional(e.upper.as_deref(), depth);
                self.optional(e.step.as_deref(), depth);
            }
            ast::Expr::Name(_) => {}
        }
    }

    /// Records `expression` when it reads an environment variable.
    fn env_read(&mut self, expression: &ast::Expr) {
        let read = match expression {
            ast::Expr::Subscript(subscript) if matches!(subscript.ctx, ast::ExprContext::Load) => {
                match (self.is_environ(&subscript.value), string_constant(&subscript.slice)) {
                    (true, Some(name)) => Some((name, false)),
                    _ => None,
                }
            }
            ast::Expr::Call(call) => {
                let reader = match call.func.as_ref() {
                    ast::Expr::Attribute(attribute) => match attribute.attr.as_str() {
                        "get" => self.is_environ(&attribute.value),
                        "getenv" => self.is_os(&attribute.value),
                        _ => false,
                    },
                    ast::Expr::Name(name) => self.getenv_names.iter().any(|g| g == name.id.as_str()),
                    _ => false,
                };
                let name = call.args.first().and_then(string_constant);
                let default = call.args.len() > 1 || call.keywords.iter().any(|k| k.arg.is_some());
                match (reader, name) {
                    (true, Some(name)) => Some((name, default)),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some((name, default)) = read {
            let line = self.line(expression.range());
            self.facts.env_reads.push(EnvRead { name, line, default });
        }
    }

    fn is_os(&self, expression: &ast::Expr) -> bool {
        matches!(expression, ast::Expr::Name(name) if self.os_names.iter().any(|o| o == name.id.as_str()))
    }

    fn is_environ(&self, expression: &ast::Expr) -> bool {
        match expression {
            ast::Expr::Attribute(attribute) => {
                attribute.attr.as_str() == "environ" && self.is_os(&attribute.value)
            }
            ast::Expr::Name(name) => self.environ_names.iter().any(|e| e == name.id.as_str()),
            _ => false,
        }
    }
}

fn is_mock_module(module: &str) -> bool {
    module == "mock"
        || module.starts_with("mock.")
        || module == "unittest.mock"
        || module.starts_with("unittest.mock.")
}

/// Whether a body, after an optional docstring, is only `pass`, `...` or
/// `raise NotImplementedError[(…)]`.
fn is_stub_body(body: &[ast::Stmt]) -> bool {
    let rest = match body.first() {
        Some(ast::Stmt::Expr(first)) if string_constant(&first.value).is_some() => {
            body.get(1..).unwrap_or_default()
        }
        _ => body,
    };
    let [only] = rest else { return false };
    match only {
        ast::Stmt::Pass(_) => true,
        ast::Stmt::Expr(expression) => matches!(
            expression.value.as_ref(),
            ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Ellipsis, .. })
        ),
        ast::Stmt::Raise(raise) => {
            let raised = match raise.exc.as_deref() {
                Some(ast::Expr::Call(call)) => call.func.as_ref(),
                Some(other) => other,
                None => return false,
            };
            matches!(raised, ast::Expr::Name(name) if name.id.as_str() == "NotImplementedError")
        }
        _ => false,
    }
}

fn base_name(base: &ast::Expr) -> Option<String> {
    match base {
        ast::Expr::Name(name) => Some(name.id.to_string()),
        ast::Expr::Attribute(attribute) => Some(attribute.attr.to_string()),
        ast::Expr::Subscript(subscript) => base_name(&subscript.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(source: &str) -> FileFacts {
        let parsed = crate::parse::parse("m.py", source.as_bytes()).expect("fixture parses");
        gather("m.py", &parsed)
    }

    #[test]
    fn stubs_and_declared_bodiless_functions() {
        let f = facts(
            "import abc\nfrom typing import overload\n\ndef todo():\n    '''Later.'''\n    pass\n\n\
             def ellipsis(): ...\n\ndef not_yet():\n    raise NotImplementedError('soon')\n\n\
             def real():\n    return 1\n\nclass Base(abc.ABC):\n    @abc.abstractmethod\n    def run(self):\n        ...\n\n\
             @overload\ndef f(x: int) -> int: ...\n",
        );
        let stubs: Vec<(&str, bool, bool)> =
            f.functions.iter().map(|f| (f.qualname.as_str(), f.stub, f.declared_bodiless)).collect();
        assert_eq!(
            stubs,
            [
                ("todo", true, false),
                ("ellipsis", true, false),
                ("not_yet", true, false),
                ("real", false, false),
                ("Base.run", true, true),
                ("f", true, true),
            ]
        );
        assert_eq!(f.classes[0].bases, ["ABC"]);
    }

    #[test]
    fn environment_reads_with_and_without_defaults() {
        let f = facts(
            "import os as _os\nfrom os import environ, getenv\n\nA = _os.environ['A']\nB = _os.environ.get('B')\n\
             C = _os.getenv('C', 'x')\nD = environ.get('D', default=None)\nE = getenv('E')\n\
             _os.environ['W'] = '1'\nother.get('X')\n",
        );
        let reads: Vec<(&str, u32, bool)> =
            f.env_reads.iter().map(|r| (r.name.as_str(), r.line, r.default)).collect();
        assert_eq!(
            reads,
            [("A", 4, false), ("B", 5, false), ("C", 6, true), ("D", 7, true), ("E", 8, false)]
        );
    }

    #[test]
    fn literals_functions_lengths_and_mock() {
        let f = facts("from unittest import mock\n\ndef f():\n    x = 'agent_started'\n\n    return x\n");
        assert!(f.literals.binary_search(&literal_hash("agent_started")).is_ok());
        assert_eq!(f.functions[0].lines, 4);
        assert_eq!(f.mock_import, Some(1));
        assert_eq!(f.lines, 6);
    }
}
