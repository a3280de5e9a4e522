//! Extraction: one parsed module → its [`ModuleApi`]: bindings (definitions and imports),
//! `__all__`, star imports, `__getattr__`-served names and every import statement.
//!
//! In: a [`ModuleFile`] and its [`ParsedModule`]. Out: plain data (see [`crate::model`] for the
//! public-API rules). Conditional code is read as it runs (see [`conditions`]): statically known
//! conditions take their branch; for unknown ones the first branch's definitions win; in
//! `try`/`except` the `try` body's definitions win over the handlers' fallbacks.

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

/// The absolute module of a `from … import …`, resolving leading dots against `package`.
/// `None` when the dots climb above the top-level package.
fn absolute_module(package: &str, import: &ast::StmtImportFrom) -> Option<String> {
    let level = import.level.map_or(0, |level| level.to_u32()) as usize;
    let relative = import.module.as_ref().map(|m| m.as_str()).unwrap_or("");
    if level == 0 {
        return Some(relative.to_owned());
    }
    let mut parts: Vec<&str> = if package.is_empty() { Vec::new() } else { package.split('.').collect() };
    for _ in 1..level {
        parts.pop()?;
    }
    if !relative.is_empty() {
        parts.push(relative);
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("."))
    }
}

/// Where an import statement sits, as [`ImportStatement`] records it.
#[derive(Debug, Clone, Copy, Default)]
struct ImportContext {
    guarded: bool,
    deferred: bool,
    never_runs: bool,
}

/// Finds every import statement in a module, nested bodies included, with whether its failure is
/// handled (inside `try` with a handler catching ImportError, or under `if TYPE_CHECKING:`),
/// whether it runs only when a function is called, and whether it never runs.
struct ImportCollector<'m> {
    module: &'m ParsedModule,
    package: &'m str,
}

impl ImportCollector<'_> {
    fn collect(&self, body: &[ast::Stmt], at: ImportContext, out: &mut Vec<ImportStatement>) {
        let deferred = ImportContext { deferred: true, ..at };
        for statement in body {
            let line = self.module.line_of(statement.range().start());
            let push = |out: &mut Vec<ImportStatement>, module: String, names: Vec<String>| {
                out.push(ImportStatement {
                    module,
                    names,
                    line,
                    guarded: at.guarded,
                    deferred: at.deferred,
                    never_runs: at.never_runs,
                })
            };
            match statement {
                ast::Stmt::Import(import) => {
                    for alias in &import.names {
                        push(out, alias.name.to_string(), Vec::new());
                    }
                }
                ast::Stmt::ImportFrom(import) => {
                    if let Some(module) = absolute_module(self.package, import) {
                        let names = import
                            .names
                            .iter()
                            .map(|a| a.name.to_string())
                            .filter(|name| name != "*")
                            .collect();
                        push(out, module, names);
                    }
                }
                ast::Stmt::FunctionDef(def) => self.collect(&def.body, deferred, out),
                ast::Stmt::AsyncFunctionDef(def) => self.collect(&def.body, deferred, out),
                ast::Stmt::ClassDef(def) => self.collect(&def.body, at, out),
                ast::Stmt::If(branch) => {
                    let never = ImportContext { guarded: true, never_runs: true, ..at };
                    match conditions::evaluate(&branch.test) {
                        Some(false) => {
                            self.collect(&branch.body, never, out);
                            self.collect(&branch.orelse, at, out);
                        }
                        Some(true) => {
                            self.collect(&branch.body, at, out);
                            self.collect(&branch.orelse, never, out);
                        }
                        None => {
                            self.collect(&branch.body, at, out);
                            self.collect(&branch.orelse, at, out);
                        }
                    }
                }
                ast::Stmt::Try(block) => {
                    self.collect_try(&block.body, &block.handlers, &block.orelse, &block.finalbody, at, out)
                }
                ast::Stmt::TryStar(block) => {
                    self.collect_try(&block.body, &block.handlers, &block.orelse, &block.finalbody, at, out)
                }
                ast::Stmt::With(block) => self.collect(&block.body, at, out),
                ast::Stmt::AsyncWith(block) => self.collect(&block.body, at, out),
                ast::Stmt::For(block) => {
                    self.collect(&block.body, at, out);
                    self.collect(&block.orelse, at, out);
                }
                ast::Stmt::While(block) => {
                    self.collect(&block.body, at, out);
                    self.collect(&block.orelse, at, out);
                }
                _ => {}
            }
        }
    }

    fn collect_try(
        &self,
        body: &[ast::Stmt],
        handlers: &[ast::ExceptHandler],
        orelse: &[ast::Stmt],
        finalbody: &[ast::Stmt],
        at: ImportContext,
        out: &mut Vec<ImportStatement>,
    ) {
        let handled = handlers.iter().any(|ast::ExceptHandler::ExceptHandler(h)| match &h.type_ {
            None => true,
            Some(kind) => catches_import_error(kind),
        });
        self.collect(body, ImportContext { guarded: at.guarded || handled, ..at }, out);
        for ast::ExceptHandler::ExceptHandler(handler) in handlers {
            self.collect(&handler.body, at, out);
        }
        self.collect(orelse, at, out);
        self.collect(finalbody, at, out);
    }
}

fn catches_import_error(kind: &ast::Expr) -> bool {
    match kind {
        ast::Expr::Name(name) => {
            matches!(name.id.as_str(), "ImportError" | "ModuleNotFoundError" | "Exception" | "BaseException")
        }
        ast::Expr::Attribute(attribute) => {
            matches!(attribute.attr.as_str(), "ImportError" | "ModuleNotFoundError")
        }
        ast::Expr::Tuple(tuple) => tuple.elts.iter().any(catches_import_error),
        _ => false,
    }
}

/// The fields shared by `def` and `async def`.
#[derive(Clone, Copy)]
struct FunctionSource<'a> {
    name: &'a str,
    is_async: bool,
    arguments: &'a ast::Arguments,
    returns: Option<&'a ast::Expr>,
    decorators: &'a [ast::Expr],
    body: &'a [ast::Stmt],
    range: TextRange,
}

impl<'a> From<&'a ast::StmtFunctionDef> for FunctionSource<'a> {
    fn from(def: &'a ast::StmtFunctionDef) -> Self {
        FunctionSource {
            name: def.name.as_str(),
            is_async: false,
            arguments: &def.args,
            returns: def.returns.as_deref(),
            decorators: &def.decorator_list,
            body: &def.body,
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
            body: &def.body,
            range: def.range(),
        }
    }
}

/// Builds a function; `None` for a property setter/deleter, which adds no name of its own.
fn function(module: &ParsedModule, source: &FunctionSource, class: Option<&str>) -> Option<FunctionApi> {
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
        // `property`, `cached_property`, `abstractproperty`, and the many libraries' own
        // (`memoized_property`, `non_memoized_property`, `hybrid_property`, …).
        Some(_)
            if decorator_names.iter().any(|d| d.ends_with("property") || *d == "DynamicClassAttribute") =>
        {
            FunctionKind::Property
        }
        Some(_) => FunctionKind::Method,
    };
    let written = signature::parameters(module, source.arguments);
    // `@asynccontextmanager async def` is a plain function returning an async context manager.
    let is_async = source.is_async && !decorator_names.contains(&"asynccontextmanager");
    let returns = source.returns.map(|expr| signature::source_text(module, expr.range()));
    let rendered = signature::render(source.name, source.is_async, &written, returns.as_deref());
    // A caching property stores its value in the instance, which can then be assigned.
    let settable = decorator_names.iter().any(|d| {
        d.ends_with("property") && (d.contains("cached") || d.contains("memoized")) && !d.starts_with("non_")
    });
    let mut parameters = written;
    // `__new__` is implicitly static but still receives the class first.
    let binds_first = !matches!(kind, FunctionKind::Function | FunctionKind::StaticMethod);
    if binds_first && parameters.first().is_some_and(|p| p.kind.accepts_position()) {
        parameters.remove(0);
    }
    // PEP 484's convention before `/` existed: leading parameters named `__x` are positional-only.
    for parameter in parameters.iter_mut() {
        let dunder = parameter.name.starts_with("__") && !parameter.name.ends_with("__");
        if !dunder || parameter.kind != ParameterKind::PositionalOrKeyword {
            break;
        }
        parameter.kind = ParameterKind::PositionalOnly;
    }
    Some(FunctionApi {
        name: source.name.to_owned(),
        line: definition_line(module, source.range, source.decorators),
        kind,
        is_async,
        parameters,
        returns,
        signature: rendered,
        overloads: Vec::new(),
        settable,
        delegates_to: delegate(source),
        synthesized: false,
        replaced_by: None,
        deprecations: {
            let mut found = super::deprecation::declared(module, source.decorators, source.body);
            found.extend(super::deprecation::warnings_in(module, source.body));
            found
        },
    })
}

/// `return self.m(...)` as the last statement of a method: `m`.
fn delegate(source: &FunctionSource) -> Option<String> {
    let self_name = source.arguments.posonlyargs.first().or(source.arguments.args.first())?.def.arg.as_str();
    let ast::Stmt::Return(ret) = source.body.last()? else { return None };
    let ast::Expr::Call(call) = ret.value.as_deref()? else { return None };
    let ast::Expr::Attribute(attribute) = call.func.as_ref() else { return None };
    is_name(&attribute.value, self_name).then(|| attribute.attr.to_string())
}

/// Records the `@overload` signatures on their implementation. When the implementation only takes
/// `*args, **kwargs` (common: the overloads carry the real signatures), callers see the union of
/// the overloads: a parameter is required only when every overload requires it.
fn attach_overloads(function: &mut FunctionApi, overloads: Vec<FunctionApi>) {
    function.overloads = overloads.iter().map(|o| o.signature.clone()).collect();
    let only_variadic = function.parameters.iter().all(|p| p.kind.is_variadic());
    if !only_variadic || overloads.is_empty() {
        return;
    }
    let mut merged: Vec<Parameter> = Vec::new();
    for overload in &overloads {
        for parameter in &overload.parameters {
            match merged.iter_mut().find(|p| p.name == parameter.name) {
                Some(existing) => {
                    if existing.default.is_none() && parameter.default.is_some() {
                        existing.default = parameter.default.clone();
                    }
                }
                None => merged.push(parameter.clone()),
            }
        }
    }
    for parameter in &mut merged {
        let required_everywhere = overloads
            .iter()
            .all(|o| o.parameters.iter().any(|p| p.name == parameter.name && p.is_required()));
        if !required_everywhere && parameter.default.is_none() && !parameter.kind.is_variadic() {
            parameter.default = Some("...".to_owned());
        }
    }
    merged.sort_by_key(|p| p.kind);
    function.parameters = merged;
}

fn class(module: &ParsedModule, def: &ast::StmtClassDef) -> ClassApi {
    let bases = def
        .bases
        .iter()
        .map(|base| signature::source_text(module, base.range()))
        .filter(|base| base != "object")
        .collect();
    let mut scope = ClassScope {
        module,
        class: def.name.as_str(),
        members: BTreeMap::new(),
        overloads: BTreeMap::new(),
        fields: Vec::new(),
        assigned_on_self: BTreeSet::new(),
    };
    let dataclass = dataclass_style(&def.decorator_list).or_else(|| typed_tuple_style(def));
    scope.visit(&def.body, dataclass.as_ref());
    if let Some(total) = typed_dict_total(def) {
        // A TypedDict's keys are required unless `total=False` or `NotRequired[...]`.
        for field in &mut scope.fields {
            let annotation = field.annotation.as_deref().unwrap_or("");
            let stem = annotation.split('[').next().unwrap_or("");
            let stem = stem.rsplit('.').next().unwrap_or(stem);
            let required = match stem {
                "Required" => true,
                "NotRequired" => false,
                _ => total,
            };
            field.default = (!required).then(|| "...".to_owned());
        }
    }
    let mut members = scope.members;
    members.retain(|name, _| is_public_member(name));
    let fields = dataclass.map(|style| {
        let mut fields = scope.fields;
        if style.kw_only {
            for field in &mut fields {
                field.kind = ParameterKind::KeywordOnly;
            }
        }
        fields
    });
    ClassApi {
        name: def.name.to_string(),
        line: definition_line(module, def.range(), &def.decorator_list),
        bases,
        members,
        fields,
        plain: def.decorator_list.is_empty() && def.keywords.is_empty(),
        assigned_on_self: scope.assigned_on_self,
        deprecations: class_deprecations(module, def),
    }
}

/// A class's deprecation: its decorators and docstring, and unconditional warnings when it is
/// instantiated or subclassed.
fn class_deprecations(
    module: &ParsedModule,
    def: &ast::StmtClassDef,
) -> Vec<super::deprecation::Deprecation> {
    let mut found = super::deprecation::declared(module, &def.decorator_list, &def.body);
    for statement in &def.body {
        let (name, body) = match statement {
            ast::Stmt::FunctionDef(method) => (method.name.as_str(), &method.body),
            ast::Stmt::AsyncFunctionDef(method) => (method.name.as_str(), &method.body),
            _ => continue,
        };
        if matches!(name, "__init__" | "__new__" | "__init_subclass__") {
            found
                .extend(super::deprecation::warnings_in(module, body).into_iter().filter(|w| !w.conditional));
        }
    }
    found
}

/// A class made by a call (`A = NamedTuple("A", [("x", int)])`, `namedtuple("P", "x y")`,
/// `TypedDict("TD", {"a": int})`, `Enum("E", "A B")`): its fields as members and constructor
/// parameters, like the class statement would give.
fn functional_class(module: &ParsedModule, name: &str, value: &ast::Expr, line: u32) -> Option<ClassApi> {
    let ast::Expr::Call(call) = value else { return None };
    let callee = decorator_name(&call.func)?;
    let kind = match callee {
        "NamedTuple" | "namedtuple" => "tuple",
        "TypedDict" => "dict",
        "Enum" | "IntEnum" | "StrEnum" | "Flag" | "IntFlag" => "enum",
        _ => return None,
    };
    // The type's own name comes first, as a string.
    call.args.first().and_then(string_constant)?;
    let keyword =
        |key: &str| call.keywords.iter().find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == key));
    let text = |expression: &ast::Expr| signature::source_text(module, expression.range());
    let field = |name: String, annotation: Option<String>, default: Option<String>, kind: ParameterKind| {
        Parameter { name, kind, default, annotation }
    };
    // (name, annotation or value) pairs from the second argument or the keywords.
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    match call.args.get(1) {
        Some(ast::Expr::Constant(_)) => {
            let names = call.args.get(1).and_then(string_constant).unwrap_or_default();
            entries.extend(names.split([',', ' ']).filter(|n| !n.is_empty()).map(|n| (n.to_owned(), None)));
        }
        Some(ast::Expr::List(ast::ExprList { elts, .. }) | ast::Expr::Tuple(ast::ExprTuple { elts, .. })) => {
            for element in elts {
                match element {
                    ast::Expr::Tuple(pair) => {
                        let (Some(key), Some(value)) =
                            (pair.elts.first().and_then(string_constant), pair.elts.get(1))
                        else {
                            return None;
                        };
                        entries.push((key, Some(text(value))));
                    }
                    other => entries.push((string_constant(other)?, None)),
                }
            }
        }
        Some(ast::Expr::Dict(dict)) => {
            for (key, value) in dict.keys.iter().zip(&dict.values) {
                entries.push((key.as_ref().and_then(string_constant)?, Some(text(value))));
            }
        }
        Some(_) => return None, // computed: not readable as a class
        None => {}
    }
    if kind != "enum" && call.args.len() < 2 {
        for keyword in call.keywords.iter().filter(|k| {
            k.arg.as_ref().is_some_and(|a| !matches!(a.as_str(), "total" | "defaults" | "rename" | "module"))
        }) {
            if let Some(arg) = &keyword.arg {
                entries.push((arg.to_string(), Some(text(&keyword.value))));
            }
        }
    }
    if entries.iter().any(|(n, _)| !crate::model::syntax::is_identifier(n)) {
        return None;
    }
    let mut members = BTreeMap::new();
    let mut fields = None;
    match kind {
        "tuple" => {
            let defaults: Vec<String> = match keyword("defaults").map(|k| &k.value) {
                Some(
                    ast::Expr::List(ast::ExprList { elts, .. })
                    | ast::Expr::Tuple(ast::ExprTuple { elts, .. }),
                ) => elts.iter().map(text).collect(),
                _ => Vec::new(),
            };
            let first_default = entries.len().saturating_sub(defaults.len());
            let mut params = Vec::new();
            for (index, (field_name, annotation)) in entries.iter().enumerate() {
                let default = index.checked_sub(first_default).and_then(|i| defaults.get(i).cloned());
                let annotation = if callee == "NamedTuple" { annotation.clone() } else { None };
                params.push(field(
                    field_name.clone(),
                    annotation.clone(),
                    default,
                    ParameterKind::PositionalOrKeyword,
                ));
                let attribute = AttributeApi {
                    name: field_name.clone(),
                    line,
                    kind: AttributeKind::Attribute,
                    annotation,
                    value: None,
                };
                members.insert(field_name.clone(), ApiObject::Attribute(attribute));
            }
            fields = Some(params);
        }
        "dict" => {
            let total = !matches!(keyword("total").map(|k| &k.value), Some(ast::Expr::Constant(c)) if matches!(c.value, ast::Constant::Bool(false)));
            let default = (!total).then(|| "...".to_owned());
            fields = Some(
                entries
                    .iter()
                    .map(|(n, a)| field(n.clone(), a.clone(), default.clone(), ParameterKind::KeywordOnly))
                    .collect(),
            );
        }
        _ => {
            for (member, value) in &entries {
                let attribute = AttributeApi {
                    name: member.clone(),
                    line,
                    kind: AttributeKind::Attribute,
                    annotation: None,
                    value: value.clone(),
                };
                members.insert(member.clone(), ApiObject::Attribute(attribute));
            }
        }
    }
    let base = match callee {
        "namedtuple" => "tuple".to_owned(),
        _ => text(&call.func),
    };
    Some(ClassApi {
        name: name.to_owned(),
        line,
        bases: vec![base],
        members,
        fields,
        plain: false,
        assigned_on_self: BTreeSet::new(),
        deprecations: Vec::new(),
    })
}

/// How a `@dataclass`-like decorator turns annotated attributes into `__init__` parameters.
struct DataclassStyle {
    /// attrs' classic `@attr.s`: only `x = attr.ib()` are fields.
    attrib_only: bool,
    kw_only: bool,
}

fn dataclass_style(decorators: &[ast::Expr]) -> Option<DataclassStyle> {
    for decorator in decorators {
        let (name, call) = match decorator {
            ast::Expr::Call(call) => (decorator_name(&call.func), Some(call)),
            other => (decorator_name(other), None),
        };
        let kw_only = call.is_some_and(|call| {
            call.keywords.iter().any(|k| {
                k.arg.as_ref().is_some_and(|a| a.as_str() == "kw_only")
                    && matches!(&k.value, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Bool(true)))
            })
        });
        match name {
            Some("dataclass" | "define" | "frozen" | "mutable") => {
                return Some(DataclassStyle { attrib_only: false, kw_only })
            }
            Some("s" | "attrs") => return Some(DataclassStyle { attrib_only: true, kw_only }),
            _ => {}
        }
    }
    None
}

/// `Some(total)` for a `class TD(TypedDict, total=…)`.
fn typed_dict_total(def: &ast::StmtClassDef) -> Option<bool> {
    def.bases.iter().any(|base| decorator_name(base) == Some("TypedDict")).then(|| {
        !def.keywords.iter().any(|k| {
            k.arg.as_ref().is_some_and(|a| a.as_str() == "total")
                && matches!(&k.value, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Bool(false)))
        })
    })
}

/// `class P(NamedTuple)` and `class TD(TypedDict)`: annotated names are the constructor's
/// fields (keyword-only for a `TypedDict`, whose constructor takes keywords).
fn typed_tuple_style(def: &ast::StmtClassDef) -> Option<DataclassStyle> {
    def.bases.iter().find_map(|base| match decorator_name(base) {
        Some("NamedTuple") => Some(DataclassStyle { attrib_only: false, kw_only: false }),
        Some("TypedDict") => Some(DataclassStyle { attrib_only: false, kw_only: true }),
        _ => None,
    })
}

struct ClassScope<'m> {
    module: &'m ParsedModule,
    class: &'m str,
    members: BTreeMap<String, ApiObject>,
    overloads: BTreeMap<String, Vec<FunctionApi>>,
    fields: Vec<Parameter>,
    assigned_on_self: BTreeSet<String>,
}

impl<'m> ClassScope<'m> {
    fn visit(&mut self, body: &'m [ast::Stmt], dataclass: Option<&DataclassStyle>) {
        let mut keyword_only = false;
        for statement in body {
            match statement {
                ast::Stmt::FunctionDef(def) => self.visit_method(FunctionSource::from(def)),
                ast::Stmt::AsyncFunctionDef(def) => self.visit_method(FunctionSource::from(def)),
                ast::Stmt::ClassDef(def) => {
                    self.members.insert(def.name.to_string(), ApiObject::Class(class(self.module, def)));
                }
                ast::Stmt::Assign(assign) => {
                    for target in &assign.targets {
                        if let ast::Expr::Name(name) = target {
                            self.add_attribute(
                                name.id.as_str(),
                                None,
                                Some(&assign.value),
                                statement.range(),
                            );
                            if let Some(style) = dataclass.filter(|s| s.attrib_only) {
                                if is_field_call(&assign.value) {
                                    self.add_field(
                                        name.id.as_str(),
                                        None,
                                        Some(&assign.value),
                                        keyword_only || style.kw_only,
                                    );
                                }
                            }
                        }
                    }
                }
                ast::Stmt::AnnAssign(assign) => {
                    let ast::Expr::Name(name) = assign.target.as_ref() else { continue };
                    let annotation = signature::source_text(self.module, assign.annotation.range());
                    if annotation.ends_with("KW_ONLY") {
                        keyword_only = true;
                        continue;
                    }
                    self.add_attribute(
                        name.id.as_str(),
                        Some(annotation.clone()),
                        assign.value.as_deref(),
                        statement.range(),
                    );
                    let is_class_var = annotation.starts_with("ClassVar") || annotation.contains(".ClassVar");
                    if let Some(style) = dataclass {
                        let counts = if style.attrib_only {
                            assign.value.as_deref().is_some_and(is_field_call)
                        } else {
                            !is_class_var
                        };
                        if counts && !is_init_false(assign.value.as_deref()) {
                            self.add_field(
                                name.id.as_str(),
                                Some(annotation),
                                assign.value.as_deref(),
                                keyword_only,
                            );
                        }
                    }
                }
                ast::Stmt::If(branch) => match conditions::evaluate(&branch.test) {
                    Some(true) => self.visit(&branch.body, dataclass),
                    Some(false) => self.visit(&branch.orelse, dataclass),
                    None => {
                        self.visit(&branch.orelse, dataclass);
                        self.visit(&branch.body, dataclass);
                    }
                },
                ast::Stmt::Try(block) => {
                    for ast::ExceptHandler::ExceptHandler(handler) in &block.handlers {
                        self.visit(&handler.body, dataclass);
                    }
                    self.visit(&block.body, dataclass);
                    self.visit(&block.orelse, dataclass);
                }
                _ => {}
            }
        }
    }

    fn visit_method(&mut self, source: FunctionSource<'m>) {
        // `@name.setter`: the property `name` can be assigned.
        let setter_of = source.decorators.iter().find_map(|decorator| match decorator {
            ast::Expr::Attribute(attribute) if attribute.attr.as_str() == "setter" => {
                match attribute.value.as_ref() {
                    ast::Expr::Name(name) => Some(name.id.as_str()),
                    _ => None,
                }
            }
            _ => None,
        });
        if let Some(property) = setter_of {
            if let Some(ApiObject::Function(function)) = self.members.get_mut(property) {
                function.settable = true;
            }
            return;
        }
        let is_overload = source.decorators.iter().any(|d| decorator_name(d) == Some("overload"));
        let Some(mut method) = function(self.module, &source, Some(self.class)) else { return };
        if method.kind == FunctionKind::Method {
            if let Some(self_name) = source.arguments.posonlyargs.first().or(source.arguments.args.first()) {
                self.collect_instance_attributes(source.body, self_name.def.arg.as_str(), true);
            }
        } else {
            // Factories (`self = cls.__new__(cls); self.x = …`) assign on instances too, and a
            // class method's `cls.x = …` on the class: recorded, not made members.
            self.collect_instance_attributes(source.body, "self", false);
            if method.kind == FunctionKind::ClassMethod {
                if let Some(cls) = source.arguments.posonlyargs.first().or(source.arguments.args.first()) {
                    self.collect_instance_attributes(source.body, cls.def.arg.as_str(), false);
                }
            }
        }
        if is_overload {
            self.overloads.entry(method.name.clone()).or_default().push(method);
            return;
        }
        if let Some(overloads) = self.overloads.remove(&method.name) {
            attach_overloads(&mut method, overloads);
        }
        self.members.insert(method.name.clone(), ApiObject::Function(method));
    }

    fn add_attribute(
        &mut self,
        name: &str,
        annotation: Option<String>,
        value: Option<&ast::Expr>,
        range: TextRange,
    ) {
        let attribute = AttributeApi {
            name: name.to_owned(),
            line: self.module.line_of(range.start()),
            kind: AttributeKind::Attribute,
            annotation,
            value: value.map(|v| shown_value(self.module, v)),
        };
        self.members.insert(name.to_owned(), ApiObject::Attribute(attribute));
    }

    fn add_field(
        &mut self,
        name: &str,
        annotation: Option<String>,
        value: Option<&ast::Expr>,
        keyword_only: bool,
    ) {
        let default = value.and_then(|value| field_default(self.module, value));
        let kind = if keyword_only { ParameterKind::KeywordOnly } else { ParameterKind::PositionalOrKeyword };
        self.fields.retain(|f| f.name != name);
        self.fields.push(Parameter { name: name.to_owned(), kind, default, annotation });
    }

    /// `self.x = …` / `self.x: T = …` anywhere in a method body: instance attributes.
    fn collect_instance_attributes(&mut self, body: &[ast::Stmt], self_name: &str, members: bool) {
        for statement in body {
            let targets: Vec<(&ast::Expr, Option<&ast::Expr>)> = match statement {
                ast::Stmt::Assign(assign) => assign.targets.iter().map(|t| (t, None)).collect(),
                ast::Stmt::AnnAssign(assign) => {
                    vec![(assign.target.as_ref(), Some(assign.annotation.as_ref()))]
                }
                ast::Stmt::If(branch) => {
                    self.collect_instance_attributes(&branch.body, self_name, members);
                    self.collect_instance_attributes(&branch.orelse, self_name, members);
                    continue;
                }
                ast::Stmt::Try(block) => {
                    self.collect_instance_attributes(&block.body, self_name, members);
                    for ast::ExceptHandler::ExceptHandler(handler) in &block.handlers {
                        self.collect_instance_attributes(&handler.body, self_name, members);
                    }
                    self.collect_instance_attributes(&block.orelse, self_name, members);
                    self.collect_instance_attributes(&block.finalbody, self_name, members);
                    continue;
                }
                ast::Stmt::With(block) => {
                    self.collect_instance_attributes(&block.body, self_name, members);
                    continue;
                }
                ast::Stmt::For(block) => {
                    self.collect_instance_attributes(&block.body, self_name, members);
                    continue;
                }
                _ => continue,
            };
            for (target, annotation) in targets {
                let ast::Expr::Attribute(attribute) = target else { continue };
                if !is_name(&attribute.value, self_name) {
                    continue;
                }
                self.assigned_on_self.insert(attribute.attr.to_string());
                if !members || self.members.contains_key(attribute.attr.as_str()) {
                    continue;
                }
                let attribute_api = AttributeApi {
                    name: attribute.attr.to_string(),
                    line: self.module.line_of(statement.range().start()),
                    kind: AttributeKind::InstanceAttribute,
                    annotation: annotation.map(|a| signature::source_text(self.module, a.range())),
                    value: None,
                };
                self.members.insert(attribute.attr.to_string(), ApiObject::Attribute(attribute_api));
            }
        }
    }
}

/// `field(...)`, `attr.ib(...)`, `attrs.field(...)`, `attrib(...)`.
fn is_field_call(value: &ast::Expr) -> bool {
    matches!(value, ast::Expr::Call(call) if matches!(decorator_name(&call.func), Some("field" | "ib" | "attrib")))
}

fn is_init_false(value: Option<&ast::Expr>) -> bool {
    let Some(ast::Expr::Call(call)) = value else { return false };
    value.is_some_and(is_field_call)
        && call.keywords.iter().any(|k| {
            k.arg.as_ref().is_some_and(|a| a.as_str() == "init")
                && matches!(&k.value, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Bool(false)))
        })
}

/// The default of a dataclass/attrs field: the assigned value, or a `field(default=…)`'s
/// `default`/`default_factory`/`factory`; `None` when the field is required.
fn field_default(module: &ParsedModule, value: &ast::Expr) -> Option<String> {
    if !is_field_call(value) {
        return Some(shown_value(module, value));
    }
    let ast::Expr::Call(call) = value else { return None };
    call.keywords.iter().find_map(|keyword| {
        let arg = keyword.arg.as_ref()?.as_str();
        match arg {
            "default" => Some(shown_value(module, &keyword.value)),
            "default_factory" | "factory" => Some(format!("{}()", shown_value(module, &keyword.value))),
            _ => None,
        }
    })
}

/// A value as shown and compared: whitespace normalised, long values cut.
fn shown_value(module: &ParsedModule, value: &ast::Expr) -> String {
    let text = signature::source_text(module, value.range());
    match text.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or("")),
        None => text,
    }
}

/// The first function defined directly in a body (preferring one named `__getattr__`).
fn inner_function(body: &[ast::Stmt]) -> Option<FunctionSource<'_>> {
    let functions: Vec<FunctionSource> = body
        .iter()
        .filter_map(|statement| match statement {
            ast::Stmt::FunctionDef(def) => Some(FunctionSource::from(def)),
            _ => None,
        })
        .collect();
    functions.iter().find(|f| f.name == "__getattr__").or(functions.first()).copied()
}

/// The names a module-level `__getattr__(name)` serves: strings its parameter is compared with
/// (`==`, `!=`, `in`/`not in` a literal or a module-level literal collection), looked up with
/// (`D[name]`, `D.get(name)`) or matched (`case "x":`).
fn served_names(def: FunctionSource, collections: &BTreeMap<String, Vec<String>>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let Some(parameter) = def.arguments.posonlyargs.first().or(def.arguments.args.first()) else {
        return names;
    };
    let parameter = parameter.def.arg.as_str();
    // Literal collections assigned inside the function count too (`mapping = {...}`).
    let mut collections = collections.clone();
    for statement in def.body {
        if let ast::Stmt::Assign(assign) = statement {
            if let (Some(ast::Expr::Name(name)), Some(items)) =
                (assign.targets.first(), literal_strings(&assign.value))
            {
                collections.insert(name.id.to_string(), items);
            }
        }
    }
    let collections = &collections;
    let mut finder = ServedNames { parameter, collections, names: &mut names };
    finder.statements(def.body);
    names
}

struct ServedNames<'a> {
    parameter: &'a str,
    collections: &'a BTreeMap<String, Vec<String>>,
    names: &'a mut BTreeSet<String>,
}

impl ServedNames<'_> {
    fn statements(&mut self, body: &[ast::Stmt]) {
        for statement in body {
            match statement {
                ast::Stmt::If(branch) => {
                    self.expression(&branch.test);
                    self.statements(&branch.body);
                    self.statements(&branch.orelse);
                }
                ast::Stmt::Return(ret) => {
                    if let Some(value) = &ret.value {
                        self.expression(value);
                    }
                }
                ast::Stmt::Expr(expr) => self.expression(&expr.value),
                ast::Stmt::Assign(assign) => self.expression(&assign.value),
                ast::Stmt::Try(block) => {
                    self.statements(&block.body);
                    for ast::ExceptHandler::ExceptHandler(handler) in &block.handlers {
                        self.statements(&handler.body);
                    }
                    self.statements(&block.orelse);
                }
                ast::Stmt::With(block) => self.statements(&block.body),
                ast::Stmt::Match(block) if is_name(&block.subject, self.parameter) => {
                    for case in &block.cases {
                        self.pattern(&case.pattern);
                        self.statements(&case.body);
                    }
                }
                _ => {}
            }
        }
    }

    fn pattern(&mut self, pattern: &ast::Pattern) {
        match pattern {
            ast::Pattern::MatchValue(value) => self.names.extend(string_constant(&value.value)),
            ast::Pattern::MatchOr(or) => or.patterns.iter().for_each(|p| self.pattern(p)),
            _ => {}
        }
    }

    fn collection(&mut self, expression: &ast::Expr) {
        if let Some(items) = literal_strings(expression) {
            self.names.extend(items);
        } else if let ast::Expr::Name(name) = expression {
            if let Some(items) = self.collections.get(name.id.as_str()) {
                self.names.extend(items.iter().cloned());
            }
        }
    }

    fn expression(&mut self, expression: &ast::Expr) {
        match expression {
            ast::Expr::Compare(compare) => {
                let subject_left = is_name(&compare.left, self.parameter);
                for (op, right) in compare.ops.iter().zip(&compare.comparators) {
                    match op {
                        ast::CmpOp::Eq | ast::CmpOp::NotEq => {
                            if subject_left {
                                self.names.extend(string_constant(right));
                            } else if is_name(right, self.parameter) {
                                self.names.extend(string_constant(&compare.left));
                            }
                        }
                        ast::CmpOp::In | ast::CmpOp::NotIn if subject_left => self.collection(right),
                        _ => {}
                    }
                }
            }
            ast::Expr::BoolOp(operation) => operation.values.iter().for_each(|v| self.expression(v)),
            ast::Expr::UnaryOp(operation) => self.expression(&operation.operand),
            ast::Expr::Subscript(subscript) if is_name(&subscript.slice, self.parameter) => {
                self.collection(&subscript.value)
            }
            ast::Expr::Call(call) => {
                if let ast::Expr::Attribute(attribute) = call.func.as_ref() {
                    let looks_up = matches!(attribute.attr.as_str(), "get" | "pop" | "__getitem__");
                    if looks_up && call.args.first().is_some_and(|a| is_name(a, self.parameter)) {
                        self.collection(&attribute.value);
                    }
                }
                call.args.iter().for_each(|a| self.expression(a));
            }
            ast::Expr::IfExp(conditional) => {
                self.expression(&conditional.test);
                self.expression(&conditional.body);
                self.expression(&conditional.orelse);
            }
            _ => {}
        }
    }
}
