//! Functions: a `def`/`async def` as a [`FunctionApi`] (its parameters, kind, decorators,
//! deprecation), `@overload`s merged into one signature, a delegate's target, and the names a
//! module-level `__getattr__` serves.

use super::*;

/// The fields shared by `def` and `async def`.
#[derive(Clone, Copy)]
pub(super) struct FunctionSource<'a> {
    pub(super) name: &'a str,
    pub(super) is_async: bool,
    pub(super) arguments: &'a ast::Arguments,
    pub(super) returns: Option<&'a ast::Expr>,
    pub(super) decorators: &'a [ast::Expr],
    pub(super) body: &'a [ast::Stmt],
    pub(super) range: TextRange,
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
pub(super) fn function(
    module: &ParsedModule,
    source: &FunctionSource,
    class: Option<&str>,
) -> Option<FunctionApi> {
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
            let mut found = crate::model::deprecation::declared(module, source.decorators, source.body);
            found.extend(crate::model::deprecation::warnings_in(module, source.body));
            found
        },
    })
}

/// `return self.m(...)` as the last statement of a method: `m`.
pub(super) fn delegate(source: &FunctionSource) -> Option<String> {
    let self_name = source.arguments.posonlyargs.first().or(source.arguments.args.first())?.def.arg.as_str();
    let ast::Stmt::Return(ret) = source.body.last()? else { return None };
    let ast::Expr::Call(call) = ret.value.as_deref()? else { return None };
    let ast::Expr::Attribute(attribute) = call.func.as_ref() else { return None };
    is_name(&attribute.value, self_name).then(|| attribute.attr.to_string())
}

/// Records the `@overload` signatures on their implementation. When the implementation only takes
/// `*args, **kwargs` (common: the overloads carry the real signatures), callers see the union of
/// the overloads: a parameter is required only when every overload requires it.
pub(super) fn attach_overloads(function: &mut FunctionApi, overloads: Vec<FunctionApi>) {
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

/// The first function defined directly in a body (preferring one named `__getattr__`).
pub(super) fn inner_function(body: &[ast::Stmt]) -> Option<FunctionSource<'_>> {
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
pub(super) fn served_names(
    def: FunctionSource,
    collections: &BTreeMap<String, Vec<String>>,
) -> BTreeSet<String> {
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

pub(super) struct ServedNames<'a> {
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
