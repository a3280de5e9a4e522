//! Extraction: one parsed module → its [`ModuleApi`] (public functions, classes, methods).
//!
//! In: a [`ModuleFile`] and its [`ParsedModule`]. Out: plain data (see [`crate::model`] for the
//! public-API rules). Conditional code is read the way it runs on a current Python: the body of
//! `if TYPE_CHECKING:` never runs; in `if … else …` the first branch is taken to define a name
//! (version checks are written newest-first far more often than not); otherwise a later
//! definition replaces an earlier one.

use std::collections::BTreeMap;

use rustpython_parser::ast::{self, Ranged};

use super::packages::ModuleFile;
use super::signature;
use super::{ApiObject, ClassApi, FunctionApi, FunctionKind, ModuleApi};
use crate::parse::ParsedModule;

/// Extracts the public API of one module.
pub fn extract(file: &ModuleFile, module: &ParsedModule) -> ModuleApi {
    let mut scope = ModuleScope::default();
    scope.visit(module, &module.body);
    let all = scope.all.take();
    let objects = scope
        .definitions
        .into_iter()
        .filter(|(name, _)| match &all {
            Some(all) => all.iter().any(|exported| exported == name),
            None => !name.starts_with('_'),
        })
        .collect();
    ModuleApi { name: file.name.clone(), path: file.path.clone(), public: file.public, all, objects }
}

#[derive(Default)]
struct ModuleScope {
    definitions: BTreeMap<String, ApiObject>,
    all: Option<Vec<String>>,
}

impl ModuleScope {
    fn visit(&mut self, module: &ParsedModule, body: &[ast::Stmt]) {
        for statement in body {
            match statement {
                ast::Stmt::FunctionDef(def) => {
                    let function = function(module, FunctionSource::from(def), None);
                    if let Some(function) = function {
                        self.definitions.insert(function.name.clone(), ApiObject::Function(function));
                    }
                }
                ast::Stmt::AsyncFunctionDef(def) => {
                    let function = function(module, FunctionSource::from(def), None);
                    if let Some(function) = function {
                        self.definitions.insert(function.name.clone(), ApiObject::Function(function));
                    }
                }
                ast::Stmt::ClassDef(def) => {
                    let class = class(module, def);
                    self.definitions.insert(class.name.clone(), ApiObject::Class(class));
                }
                ast::Stmt::If(branch) => {
                    // Else first, so that the first branch's definitions win.
                    self.visit(module, &branch.orelse);
                    if !is_type_checking(&branch.test) {
                        self.visit(module, &branch.body);
                    }
                }
                ast::Stmt::Try(block) => {
                    self.visit_try(module, &block.body, &block.handlers, &block.orelse, &block.finalbody)
                }
                ast::Stmt::TryStar(block) => {
                    self.visit_try(module, &block.body, &block.handlers, &block.orelse, &block.finalbody)
                }
                ast::Stmt::Assign(assign)
                    if assign.targets.iter().any(|target| is_name(target, "__all__")) =>
                {
                    self.all = Some(string_list(&assign.value));
                }
                ast::Stmt::AnnAssign(assign) => {
                    if let (true, Some(value)) = (is_name(&assign.target, "__all__"), &assign.value) {
                        self.all = Some(string_list(value));
                    }
                }
                ast::Stmt::AugAssign(assign)
                    if is_name(&assign.target, "__all__") && matches!(assign.op, ast::Operator::Add) =>
                {
                    self.all.get_or_insert_with(Vec::new).extend(string_list(&assign.value));
                }
                ast::Stmt::Expr(expression) => self.visit_all_mutation(&expression.value),
                _ => {}
            }
        }
    }

    fn visit_try(
        &mut self,
        module: &ParsedModule,
        body: &[ast::Stmt],
        handlers: &[ast::ExceptHandler],
        orelse: &[ast::Stmt],
        finalbody: &[ast::Stmt],
    ) {
        self.visit(module, body);
        for ast::ExceptHandler::ExceptHandler(handler) in handlers {
            self.visit(module, &handler.body);
        }
        self.visit(module, orelse);
        self.visit(module, finalbody);
    }

    /// `__all__.append("x")` and `__all__.extend([...])`.
    fn visit_all_mutation(&mut self, expression: &ast::Expr) {
        let ast::Expr::Call(call) = expression else { return };
        let ast::Expr::Attribute(attribute) = call.func.as_ref() else { return };
        if !is_name(&attribute.value, "__all__") {
            return;
        }
        let added: Vec<String> = match attribute.attr.as_str() {
            "append" => call.args.iter().filter_map(string_constant).collect(),
            "extend" => call.args.iter().flat_map(string_list).collect(),
            _ => return,
        };
        self.all.get_or_insert_with(Vec::new).extend(added);
    }
}

/// The fields shared by `def` and `async def`.
struct FunctionSource<'a> {
    name: &'a str,
    is_async: bool,
    arguments: &'a ast::Arguments,
    returns: Option<&'a ast::Expr>,
    decorators: &'a [ast::Expr],
    range: rustpython_parser::text_size::TextRange,
}

impl<'a> From<&'a ast::StmtFunctionDef> for FunctionSource<'a> {
    fn from(def: &'a ast::StmtFunctionDef) -> Self {
        FunctionSource {
            name: def.name.as_str(),
            is_async: false,
            arguments: &def.args,
            returns: def.returns.as_deref(),
            decorators: &def.decorator_list,
            range: def.range(),
        }
    }
}

impl<'a> From<&'a ast::StmtAsyncFunctionDef> for FunctionSource<'a> {
    fn from(def: &'a ast::StmtAsyncFunctionDef) -> Self {
        FunctionSource {
            name: def.name.as_str(),
            is_async: true,
            arguments: &def.args,
            returns: def.returns.as_deref(),
            decorators: &def.decorator_list,
            range: def.range(),
        }
    }
}

/// Builds a function; `None` for a property setter/deleter, which adds no name of its own.
fn function(module: &ParsedModule, source: FunctionSource, class: Option<&str>) -> Option<FunctionApi> {
    let decorator_names: Vec<&str> = source.decorators.iter().filter_map(decorator_name).collect();
    let is_accessor = source.decorators.iter().any(|decorator| match decorator {
        ast::Expr::Attribute(attribute) => matches!(attribute.attr.as_str(), "setter" | "deleter"),
        _ => false,
    });
    if is_accessor {
        return None;
    }
    let kind = match class {
        None => FunctionKind::Function,
        Some(_) if decorator_names.contains(&"staticmethod") => FunctionKind::StaticMethod,
        Some(_) if decorator_names.contains(&"classmethod") => FunctionKind::ClassMethod,
        Some(_) if decorator_names.iter().any(|d| matches!(*d, "property" | "cached_property")) => {
            FunctionKind::Property
        }
        Some(_) => FunctionKind::Method,
    };
    let written = signature::parameters(module, source.arguments);
    let returns = source.returns.map(|expr| signature::source_text(module, expr.range()));
    let rendered = signature::render(source.name, source.is_async, &written, returns.as_deref());
    let mut parameters = written;
    let binds_first = !matches!(kind, FunctionKind::Function | FunctionKind::StaticMethod);
    if binds_first && parameters.first().is_some_and(|p| p.kind.accepts_position()) {
        parameters.remove(0);
    }
    Some(FunctionApi {
        name: source.name.to_owned(),
        line: first_line(module, source.range, source.decorators),
        kind,
        is_async: source.is_async,
        parameters,
        returns,
        signature: rendered,
    })
}

fn class(module: &ParsedModule, def: &ast::StmtClassDef) -> ClassApi {
    let bases = def.bases.iter().map(|base| signature::source_text(module, base.range())).collect();
    let mut methods = BTreeMap::new();
    collect_methods(module, def.name.as_str(), &def.body, &mut methods);
    methods.retain(|name: &String, _| is_public_member(name));
    ClassApi {
        name: def.name.to_string(),
        line: first_line(module, def.range(), &def.decorator_list),
        bases,
        methods,
    }
}

fn collect_methods(
    module: &ParsedModule,
    class: &str,
    body: &[ast::Stmt],
    methods: &mut BTreeMap<String, FunctionApi>,
) {
    for statement in body {
        let method = match statement {
            ast::Stmt::FunctionDef(def) => function(module, FunctionSource::from(def), Some(class)),
            ast::Stmt::AsyncFunctionDef(def) => function(module, FunctionSource::from(def), Some(class)),
            ast::Stmt::If(branch) => {
                collect_methods(module, class, &branch.orelse, methods);
                if !is_type_checking(&branch.test) {
                    collect_methods(module, class, &branch.body, methods);
                }
                None
            }
            ast::Stmt::Try(block) => {
                collect_methods(module, class, &block.body, methods);
                for ast::ExceptHandler::ExceptHandler(handler) in &block.handlers {
                    collect_methods(module, class, &handler.body, methods);
                }
                collect_methods(module, class, &block.orelse, methods);
                None
            }
            _ => None,
        };
        if let Some(method) = method {
            methods.insert(method.name.clone(), method);
        }
    }
}

/// Public members: not underscored, or dunders (`__init__`, `__call__`, …), which callers use.
fn is_public_member(name: &str) -> bool {
    !name.starts_with('_') || (name.starts_with("__") && name.ends_with("__") && name.len() > 4)
}

/// The line of the `def`/`class` keyword. The statement's range starts at its first decorator, so
/// look for the keyword after the last decorator.
fn first_line(
    module: &ParsedModule,
    range: rustpython_parser::text_size::TextRange,
    decorators: &[ast::Expr],
) -> u32 {
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

fn decorator_name(decorator: &ast::Expr) -> Option<&str> {
    match decorator {
        ast::Expr::Name(name) => Some(name.id.as_str()),
        ast::Expr::Attribute(attribute) => Some(attribute.attr.as_str()),
        ast::Expr::Call(call) => decorator_name(&call.func),
        _ => None,
    }
}

fn is_type_checking(test: &ast::Expr) -> bool {
    match test {
        ast::Expr::Name(name) => name.id.as_str() == "TYPE_CHECKING",
        ast::Expr::Attribute(attribute) => attribute.attr.as_str() == "TYPE_CHECKING",
        _ => false,
    }
}

fn is_name(expression: &ast::Expr, wanted: &str) -> bool {
    matches!(expression, ast::Expr::Name(name) if name.id.as_str() == wanted)
}

fn string_constant(expression: &ast::Expr) -> Option<String> {
    match expression {
        ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(text), .. }) => Some(text.clone()),
        _ => None,
    }
}

/// The strings of a list/tuple literal, or of `[...] + [...]` concatenations of them.
fn string_list(expression: &ast::Expr) -> Vec<String> {
    match expression {
        ast::Expr::List(list) => list.elts.iter().filter_map(string_constant).collect(),
        ast::Expr::Tuple(tuple) => tuple.elts.iter().filter_map(string_constant).collect(),
        ast::Expr::BinOp(operation) if matches!(operation.op, ast::Operator::Add) => {
            let mut names = string_list(&operation.left);
            names.extend(string_list(&operation.right));
            names
        }
        _ => Vec::new(),
    }
}
