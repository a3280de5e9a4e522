//! Extraction: one parsed module → its [`ModuleApi`]: bindings (definitions and imports),
//! `__all__`, star imports, `__getattr__`-served names and every import statement.
//!
//! In: a [`ModuleFile`] and its [`ParsedModule`]. Out: plain data (see [`crate::model`] for the
//! public-API rules). Conditional code is read as it runs (see [`conditions`]): statically known
//! conditions take their branch; for unknown ones the first branch's definitions win; in
//! `try`/`except` the `try` body's definitions win over the handlers' fallbacks.
//!
//! This module reads the module-level statements and `__all__`; [`classes`], [`functions`] and
//! [`imports`] read what their names say.

use std::collections::{BTreeMap, BTreeSet};

use rustpython_parser::ast::{self, Ranged};
use rustpython_parser::text_size::TextRange;

use super::conditions;
use super::packages::ModuleFile;
use super::signature;
use super::syntax::{
    decorator_name, definition_line, dotted_name, is_name, literal_strings, string_constant,
};
use super::{
    is_public_member, ApiObject, AttributeApi, AttributeKind, Binding, ClassApi, FunctionApi, FunctionKind,
    ImportStatement, ImportedName, ModuleApi, Parameter, ParameterKind,
};
use crate::parse::ParsedModule;

mod classes;
mod functions;
mod imports;

use classes::*;
use functions::*;
use imports::*;

/// Values longer than this are cut when stored (they are shown to people and compared as text).
const MAX_VALUE_CHARS: usize = 400;

/// Extracts the API of one module.
pub fn extract(file: &ModuleFile, module: &ParsedModule) -> ModuleApi {
    let package = if file.is_package {
        file.name.clone()
    } else {
        file.name.rsplit_once('.').map(|(parent, _)| parent.to_owned()).unwrap_or_default()
    };
    let mut scope = ModuleScope::new(module, &package);
    scope.visit(&module.body);
    let mut imports = Vec::new();
    let collector = ImportCollector { module, package: &package };
    collector.collect(&module.body, ImportContext::default(), &mut imports);
    // `__getattr__ = make_getattr(__name__)` (attrs does this): the shim is the function the
    // factory defines inside itself.
    let mut getattr_factory = None;
    if scope.getattr.is_none() {
        match scope.getattr_factory.and_then(|name| scope.functions.get(name)) {
            Some(factory) => scope.getattr = inner_function(factory.body),
            None => getattr_factory = scope.getattr_factory.map(str::to_owned),
        }
    }
    // Factories that look the requested name up in literal tables (pydantic's
    // `getattr_migration`): what each serves and raises for, by `module:name` key.
    let shim_tables: BTreeMap<String, super::shims::ShimTable> = scope
        .functions
        .iter()
        .filter_map(|(name, function)| {
            let inner = inner_function(function.body)?;
            let outer = function.arguments.posonlyargs.first().or(function.arguments.args.first())?;
            let requested = inner.arguments.posonlyargs.first().or(inner.arguments.args.first())?;
            let line = definition_line(module, function.range, function.decorators);
            let table = super::shims::shim_table(
                inner.body,
                outer.def.arg.as_str(),
                requested.def.arg.as_str(),
                &scope.tables,
                line,
            )?;
            Some(((*name).to_owned(), table))
        })
        .collect();
    if getattr_factory.is_none() {
        // A local factory with tables: the resolver reads them from this module.
        getattr_factory =
            scope.getattr_factory.filter(|name| shim_tables.contains_key(*name)).map(str::to_owned);
    }
    let getattr_factories = scope
        .functions
        .iter()
        .filter_map(|(name, function)| {
            let inner = inner_function(function.body)?;
            let served = served_names(inner, &scope.literal_collections);
            (!served.is_empty()).then(|| ((*name).to_owned(), served))
        })
        .collect();
    let getattr_line = scope.getattr.map_or(0, |def| definition_line(module, def.range, def.decorators));
    let getattr_names = scope.getattr.map(|def| served_names(def, &scope.literal_collections));
    let mut getattr_deprecations: BTreeMap<String, Vec<super::deprecation::Deprecation>> = BTreeMap::new();
    if let (Some(def), Some(names)) = (scope.getattr, &getattr_names) {
        if let Some(parameter) = def.arguments.posonlyargs.first().or(def.arguments.args.first()) {
            let (by_name, general) =
                super::deprecation::getattr_warnings(module, def.body, parameter.def.arg.as_str());
            for (name, warning) in by_name {
                getattr_deprecations.entry(name).or_default().push(warning);
            }
            if !general.is_empty() {
                for name in names {
                    getattr_deprecations.entry(name.clone()).or_default().extend(general.iter().cloned());
                }
            }
        }
    }
    let mut module_deprecations: Vec<super::deprecation::Deprecation> =
        super::deprecation::module_docstring(module, &module.body).into_iter().collect();
    module_deprecations
        .extend(super::deprecation::warnings_in(module, &module.body).into_iter().filter(|w| !w.conditional));
    ModuleApi {
        name: file.name.clone(),
        path: file.path.clone(),
        public: file.public,
        is_package: file.is_package,
        all: scope.all,
        all_line: scope.all_line,
        all_from: scope.all_from,
        all_unknown: scope.all_unknown,
        bindings: scope.bindings,
        star_imports: scope.star_imports,
        getattr_names,
        getattr_line,
        getattr_factory,
        getattr_factories,
        shim_tables,
        imports,
        typing_imports: scope.typing_imports,
        deprecations: module_deprecations,
        getattr_deprecations,
    }
}

/// What an import statement binds to a name.
enum Imported {
    Name(ImportedName),
    /// `from module import *`.
    Star(String),
}

struct ModuleScope<'m> {
    module: &'m ParsedModule,
    /// Names bound by imports whose failure is handled (`try: import ssl except ImportError:`).
    optional_imports: BTreeSet<String>,
    /// Names imported under `if TYPE_CHECKING:`.
    typing_imports: BTreeMap<String, ImportedName>,
    /// The package relative imports start from.
    package: &'m str,
    bindings: BTreeMap<String, Binding>,
    all: Option<Vec<String>>,
    all_line: u32,
    /// Modules (as written: `numeric`, `_impl`) whose `__all__` this one's includes.
    all_from: Vec<String>,
    /// Why `__all__` cannot be read exactly, when it cannot.
    all_unknown: Option<String>,
    star_imports: Vec<String>,
    getattr: Option<FunctionSource<'m>>,
    /// `__getattr__ = make_getattr(...)`: the module-level function that builds the shim.
    getattr_factory: Option<&'m str>,
    /// Module-level functions by name (to find a `__getattr__` factory's inner function).
    functions: BTreeMap<&'m str, FunctionSource<'m>>,
    overloads: BTreeMap<String, Vec<FunctionApi>>,
    /// Module-level names bound to literal collections of strings (dict keys, list/tuple/set
    /// items): `__getattr__` shims look names up in them.
    literal_collections: BTreeMap<String, Vec<String>>,
    /// Module-level literal tables (dicts, sets, dict comprehensions over literals) a
    /// `__getattr__` factory may look names up in.
    tables: BTreeMap<String, super::shims::Table>,
}

impl<'m> ModuleScope<'m> {
    fn new(module: &'m ParsedModule, package: &'m str) -> Self {
        ModuleScope {
            module,
            optional_imports: BTreeSet::new(),
            typing_imports: BTreeMap::new(),
            package,
            bindings: BTreeMap::new(),
            all: None,
            all_line: 0,
            all_from: Vec::new(),
            all_unknown: None,
            star_imports: Vec::new(),
            getattr: None,
            getattr_factory: None,
            functions: BTreeMap::new(),
            overloads: BTreeMap::new(),
            literal_collections: BTreeMap::new(),
            tables: BTreeMap::new(),
        }
    }

    fn bind(&mut self, name: &str, binding: Binding) {
        self.bindings.insert(name.to_owned(), binding);
    }

    fn visit(&mut self, body: &'m [ast::Stmt]) {
        for statement in body {
            match statement {
                ast::Stmt::FunctionDef(def) => self.visit_function(FunctionSource::from(def)),
                ast::Stmt::AsyncFunctionDef(def) => self.visit_function(FunctionSource::from(def)),
                ast::Stmt::ClassDef(def) => {
                    let class = class(self.module, def);
                    self.bind(def.name.as_str(), Binding::Object(ApiObject::Class(class)));
                }
                ast::Stmt::Assign(assign) => {
                    if assign.targets.iter().any(|target| is_name(target, "__getattr__")) {
                        if let ast::Expr::Call(call) = assign.value.as_ref() {
                            if let ast::Expr::Name(factory) = call.func.as_ref() {
                                self.getattr_factory = Some(factory.id.as_str());
                            }
                        }
                        continue;
                    }
                    if assign.targets.iter().any(|target| is_name(target, "__all__")) {
                        self.set_all(&assign.value, statement.range());
                        continue;
                    }
                    for target in &assign.targets {
                        self.visit_target(target, Some(&assign.value), None, statement.range());
                    }
                }
                ast::Stmt::AnnAssign(assign) => {
                    if is_name(&assign.target, "__all__") {
                        if let Some(value) = &assign.value {
                            self.set_all(value, statement.range());
                        }
                        continue;
                    }
                    let annotation = Some(signature::source_text(self.module, assign.annotation.range()));
                    self.visit_target(&assign.target, assign.value.as_deref(), annotation, statement.range());
                }
                // `type Alias = …` (3.12): an alias for type checkers.
                ast::Stmt::TypeAlias(alias) => {
                    if let ast::Expr::Name(name) = alias.name.as_ref() {
                        let attribute = AttributeApi {
                            name: name.id.to_string(),
                            line: self.module.line_of(statement.range().start()),
                            kind: AttributeKind::Attribute,
                            annotation: Some("TypeAlias".to_owned()),
                            value: Some(shown_value(self.module, &alias.value)),
                        };
                        self.bind(name.id.as_str(), Binding::Object(ApiObject::Attribute(attribute)));
                    }
                }
                ast::Stmt::AugAssign(assign)
                    if is_name(&assign.target, "__all__") && matches!(assign.op, ast::Operator::Add) =>
                {
                    self.add_to_all(&assign.value);
                }
                ast::Stmt::Expr(expression) => self.visit_all_mutation(&expression.value),
                ast::Stmt::Import(_) | ast::Stmt::ImportFrom(_) => {
                    for (bound, imported) in self.imported_names(statement) {
                        match imported {
                            Imported::Name(imported) => self.bind(&bound, Binding::Import(imported)),
                            Imported::Star(source) => self.star_imports.push(source),
                        }
                    }
                }
                ast::Stmt::If(branch) if conditions::is_type_checking(&branch.test) => {
                    self.visit_type_checking(&branch.body);
                    self.visit(&branch.orelse);
                }
                ast::Stmt::If(branch) => {
                    match conditions::evaluate(&branch.test).or_else(|| self.optional_present(&branch.test)) {
                        Some(true) => self.visit(&branch.body),
                        Some(false) => self.visit(&branch.orelse),
                        None => {
                            self.visit(&branch.orelse);
                            self.visit(&branch.body);
                        }
                    }
                }
                ast::Stmt::Try(block) => {
                    self.visit_try(&block.body, &block.handlers, &block.orelse, &block.finalbody)
                }
                ast::Stmt::TryStar(block) => {
                    self.visit_try(&block.body, &block.handlers, &block.orelse, &block.finalbody)
                }
                ast::Stmt::With(block) => self.visit(&block.body),
                // `del name` at module level: the name is gone once the module has loaded.
                ast::Stmt::Delete(delete) => {
                    let mut targets: Vec<&ast::Expr> = delete.targets.iter().collect();
                    while let Some(target) = targets.pop() {
                        match target {
                            ast::Expr::Name(name) => {
                                self.bindings.remove(name.id.as_str());
                            }
                            ast::Expr::Tuple(tuple) => targets.extend(tuple.elts.iter()),
                            ast::Expr::List(list) => targets.extend(list.elts.iter()),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// What an import statement binds: `(name, import)` pairs, and star imports.
    fn imported_names(&self, statement: &ast::Stmt) -> Vec<(String, Imported)> {
        let mut out = Vec::new();
        let line = self.module.line_of(statement.range().start());
        match statement {
            ast::Stmt::Import(import) => {
                for alias in &import.names {
                    let full = alias.name.as_str();
                    let (bound, module) = match &alias.asname {
                        Some(asname) => (asname.as_str(), full),
                        None => {
                            (full.split('.').next().unwrap_or(full), full.split('.').next().unwrap_or(full))
                        }
                    };
                    let reexport = alias.asname.as_ref().is_some_and(|a| a.as_str() == full);
                    let imported = ImportedName { module: module.to_owned(), name: None, reexport, line };
                    out.push((bound.to_owned(), Imported::Name(imported)));
                }
            }
            ast::Stmt::ImportFrom(import) => {
                let Some(source) = absolute_module(self.package, import) else { return out };
                for alias in &import.names {
                    let name = alias.name.as_str();
                    if name == "*" {
                        out.push((String::new(), Imported::Star(source.clone())));
                        continue;
                    }
                    let bound = alias.asname.as_ref().map_or(name, |a| a.as_str());
                    let reexport = alias.asname.as_ref().is_some_and(|a| a.as_str() == name);
                    let imported =
                        ImportedName { module: source.clone(), name: Some(name.to_owned()), reexport, line };
                    out.push((bound.to_owned(), Imported::Name(imported)));
                }
            }
            _ => {}
        }
        out
    }

    /// `if TYPE_CHECKING:` never runs, but what it imports names the types annotations use.
    fn visit_type_checking(&mut self, body: &'m [ast::Stmt]) {
        for statement in body {
            match statement {
                ast::Stmt::Import(_) | ast::Stmt::ImportFrom(_) => {
                    for (bound, imported) in self.imported_names(statement) {
                        if let Imported::Name(imported) = imported {
                            self.typing_imports.insert(bound, imported);
                        }
                    }
                }
                ast::Stmt::If(branch) => {
                    self.visit_type_checking(&branch.body);
                    self.visit_type_checking(&branch.orelse);
                }
                ast::Stmt::Try(block) => {
                    self.visit_type_checking(&block.body);
                    for ast::ExceptHandler::ExceptHandler(handler) in &block.handlers {
                        self.visit_type_checking(&handler.body);
                    }
                }
                _ => {}
            }
        }
    }

    fn visit_try(
        &mut self,
        body: &'m [ast::Stmt],
        handlers: &'m [ast::ExceptHandler],
        orelse: &'m [ast::Stmt],
        finalbody: &'m [ast::Stmt],
    ) {
        // Fallbacks first, so that what the `try` body defines wins.
        for ast::ExceptHandler::ExceptHandler(handler) in handlers {
            self.visit(&handler.body);
        }
        self.visit(body);
        // `try: import ssl` / `except ImportError: ssl = None`: the analysis reads the module
        // as if the import worked, and so do later tests of it.
        let optional = handlers
            .iter()
            .any(|ast::ExceptHandler::ExceptHandler(h)| h.type_.as_deref().is_none_or(catches_import_error));
        if optional {
            for statement in body {
                for (bound, imported) in self.imported_names(statement) {
                    if matches!(imported, Imported::Name(_)) {
                        self.optional_imports.insert(bound);
                    }
                }
            }
        }
        self.visit(orelse);
        self.visit(finalbody);
    }

    /// `if not ssl:`, `if ssl is None:` about a name an optional import binds (see
    /// [`ModuleScope::visit_try`]): read as the import having worked.
    fn optional_present(&self, test: &ast::Expr) -> Option<bool> {
        let name_of = |expression: &ast::Expr| match expression {
            ast::Expr::Name(name) if self.optional_imports.contains(name.id.as_str()) => Some(()),
            _ => None,
        };
        match test {
            ast::Expr::Name(_) => name_of(test).map(|_| true),
            ast::Expr::UnaryOp(operation) if matches!(operation.op, ast::UnaryOp::Not) => {
                name_of(&operation.operand).map(|_| false)
            }
            ast::Expr::Compare(compare) => {
                let ([op], [right]) = (compare.ops.as_slice(), compare.comparators.as_slice()) else {
                    return None;
                };
                let none = matches!(right, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::None));
                name_of(&compare.left)?;
                match op {
                    ast::CmpOp::Is if none => Some(false),
                    ast::CmpOp::IsNot if none => Some(true),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn visit_function(&mut self, source: FunctionSource<'m>) {
        self.functions.insert(source.name, source);
        if source.name == "__getattr__" {
            self.getattr = Some(source);
            return;
        }
        let name = source.name.to_owned();
        let is_overload = source.decorators.iter().any(|d| decorator_name(d) == Some("overload"));
        let Some(mut function) = function(self.module, &source, None) else { return };
        if is_overload {
            self.overloads.entry(name).or_default().push(function);
            return;
        }
        if let Some(overloads) = self.overloads.remove(&name) {
            attach_overloads(&mut function, overloads);
        }
        function.replaced_by = source.decorators.iter().find_map(|d| self.replacing_decorator(d));
        self.bind(&name, Binding::Object(ApiObject::Function(function)));
    }

    /// A decorator that turns the function into an object whose call signature is not the
    /// function's: click's `@command`/`@group` (and `@click.command(...)`) make a `click.Command`,
    /// whose parameters are command-line options.
    fn replacing_decorator(&self, decorator: &ast::Expr) -> Option<String> {
        let callee = match decorator {
            ast::Expr::Call(call) => call.func.as_ref(),
            other => other,
        };
        let (root, last) = match callee {
            ast::Expr::Name(name) => (name.id.as_str(), name.id.as_str()),
            ast::Expr::Attribute(attribute) => match attribute.value.as_ref() {
                ast::Expr::Name(root) => (root.id.as_str(), attribute.attr.as_str()),
                _ => return None,
            },
            _ => return None,
        };
        if !matches!(last, "command" | "group") {
            return None;
        }
        let from_click = match self.bindings.get(root) {
            Some(Binding::Import(imported)) => {
                imported.module == "click"
                    || imported.module.starts_with("click.")
                    || imported.name.as_deref() == Some("click")
            }
            // `@cli.command()` on a group defined in this module (`cli = click.Group()` or a
            // function decorated with `@click.group()`).
            Some(Binding::Object(ApiObject::Function(function))) => function.replaced_by.is_some(),
            _ => false,
        };
        from_click.then(|| format!("click.{last}"))
    }

    fn visit_target(
        &mut self,
        target: &ast::Expr,
        value: Option<&ast::Expr>,
        annotation: Option<String>,
        range: TextRange,
    ) {
        match target {
            ast::Expr::Name(name) => {
                if let Some(items) = value.and_then(literal_strings) {
                    self.literal_collections.insert(name.id.to_string(), items);
                }
                if let Some(table) = value.and_then(super::shims::table) {
                    self.tables.insert(name.id.to_string(), table);
                }
                let line = self.module.line_of(range.start());
                if let Some(class) =
                    value.and_then(|v| functional_class(self.module, name.id.as_str(), v, line))
                {
                    self.bind(name.id.as_str(), Binding::Object(ApiObject::Class(class)));
                    return;
                }
                let attribute = AttributeApi {
                    name: name.id.to_string(),
                    line: self.module.line_of(range.start()),
                    kind: AttributeKind::Attribute,
                    annotation,
                    value: value.map(|v| shown_value(self.module, v)),
                };
                self.bind(name.id.as_str(), Binding::Object(ApiObject::Attribute(attribute)));
            }
            ast::Expr::Tuple(tuple) => {
                for element in &tuple.elts {
                    self.visit_target(element, None, None, range);
                }
            }
            ast::Expr::List(list) => {
                for element in &list.elts {
                    self.visit_target(element, None, None, range);
                }
            }
            _ => {}
        }
    }

    /// `__all__.append("x")`, `__all__.extend(...)`, `__all__.remove("x")`.
    fn visit_all_mutation(&mut self, expression: &ast::Expr) {
        let ast::Expr::Call(call) = expression else { return };
        let ast::Expr::Attribute(attribute) = call.func.as_ref() else { return };
        if !is_name(&attribute.value, "__all__") {
            return;
        }
        match attribute.attr.as_str() {
            "append" => {
                let added: Vec<String> = call.args.iter().filter_map(string_constant).collect();
                if added.len() < call.args.len() {
                    self.all_unknown.get_or_insert_with(|| "`__all__.append` of a computed name".to_owned());
                }
                self.all.get_or_insert_with(Vec::new).extend(added);
            }
            "extend" => {
                for argument in &call.args {
                    self.add_to_all(argument);
                }
            }
            "remove" | "discard" => {
                let removed: Vec<String> = call.args.iter().filter_map(string_constant).collect();
                if let Some(all) = &mut self.all {
                    all.retain(|name| !removed.contains(name));
                }
            }
            _ => {}
        }
    }

    /// `__all__ = <value>`.
    fn set_all(&mut self, value: &ast::Expr, range: TextRange) {
        self.all = Some(Vec::new());
        self.all_from.clear();
        self.all_unknown = None;
        self.all_line = self.module.line_of(range.start());
        self.add_to_all(value);
    }

    /// Adds what an expression holds to `__all__`: literal names, other modules' `__all__`, or
    /// (when it cannot be read) the reason.
    fn add_to_all(&mut self, value: &ast::Expr) {
        let mut parts = AllParts::default();
        all_parts(value, &mut parts);
        self.all.get_or_insert_with(Vec::new).extend(parts.names);
        self.all_from.extend(parts.modules);
        if let Some(reason) = parts.unknown {
            self.all_unknown.get_or_insert(reason);
        }
    }
}

/// What an expression assigned to (or added to) `__all__` holds.
#[derive(Default)]
struct AllParts {
    names: Vec<String>,
    /// Dotted expressions naming modules whose `__all__` is included.
    modules: Vec<String>,
    unknown: Option<String>,
}

/// Reads `__all__` values: literals, `+`, `mod.__all__` (with `.copy()`, `[:]`, `list(…)`,
/// `tuple(…)`, `sorted(…)`), and comprehensions over them (a filtered one is marked unknown:
/// which of the names it keeps cannot be read).
fn all_parts(value: &ast::Expr, parts: &mut AllParts) {
    match value {
        ast::Expr::List(ast::ExprList { elts, .. }) | ast::Expr::Tuple(ast::ExprTuple { elts, .. }) => {
            for element in elts {
                match string_constant(element) {
                    Some(name) => parts.names.push(name),
                    None => all_parts(element, parts),
                }
            }
        }
        ast::Expr::Starred(starred) => all_parts(&starred.value, parts),
        ast::Expr::BinOp(operation) if matches!(operation.op, ast::Operator::Add) => {
            all_parts(&operation.left, parts);
            all_parts(&operation.right, parts);
        }
        ast::Expr::Attribute(attribute) if attribute.attr.as_str() == "__all__" => {
            match dotted_name(&attribute.value) {
                Some(module) => parts.modules.push(module),
                None => parts.unknown = Some("`__all__` is read from an expression".to_owned()),
            }
        }
        ast::Expr::Subscript(subscript) if matches!(subscript.slice.as_ref(), ast::Expr::Slice(_)) => {
            all_parts(&subscript.value, parts)
        }
        ast::Expr::Call(call) => {
            let copies = match call.func.as_ref() {
                ast::Expr::Name(name) => matches!(name.id.as_str(), "list" | "tuple" | "sorted"),
                ast::Expr::Attribute(attribute) => attribute.attr.as_str() == "copy" && call.args.is_empty(),
                _ => false,
            };
            match (call.func.as_ref(), call.args.as_slice()) {
                (ast::Expr::Attribute(attribute), []) if copies => all_parts(&attribute.value, parts),
                (ast::Expr::Name(_), [argument]) if copies => all_parts(argument, parts),
                _ => {
                    let text = dotted_name(&call.func).unwrap_or_else(|| "a call".to_owned());
                    parts.unknown = Some(format!("`__all__` is computed by `{text}(…)`"));
                }
            }
        }
        ast::Expr::ListComp(ast::ExprListComp { elt, generators, .. })
        | ast::Expr::SetComp(ast::ExprSetComp { elt, generators, .. })
        | ast::Expr::GeneratorExp(ast::ExprGeneratorExp { elt, generators, .. }) => {
            let [generator] = generators.as_slice() else {
                parts.unknown = Some("`__all__` is computed by a comprehension".to_owned());
                return;
            };
            let same = matches!((elt.as_ref(), &generator.target), (ast::Expr::Name(a), ast::Expr::Name(b)) if a.id == b.id);
            let mut inner = AllParts::default();
            all_parts(&generator.iter, &mut inner);
            if !same || inner.unknown.is_some() || !generator.ifs.is_empty() {
                parts.unknown = Some("`__all__` is computed by a filtered comprehension".to_owned());
                return;
            }
            parts.names.extend(inner.names);
            parts.modules.extend(inner.modules);
        }
        _ => parts.unknown = Some("`__all__` is computed".to_owned()),
    }
}

/// A value as shown and compared: whitespace normalised, long values cut.
fn shown_value(module: &ParsedModule, value: &ast::Expr) -> String {
    let text = signature::source_text(module, value.range());
    match text.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or("")),
        None => text,
    }
}
