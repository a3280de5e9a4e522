//! Classes: a `class` statement or a functional class (`NamedTuple(…)`, `namedtuple(…)`,
//! `TypedDict(…)`, `Enum(…)`) as a [`ClassApi`] — bases, members, instance attributes, and the
//! `__init__` that `@dataclass`-like decorators, `NamedTuple` and `TypedDict` synthesise.

use super::*;

pub(super) fn class(module: &ParsedModule, def: &ast::StmtClassDef) -> ClassApi {
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
pub(super) fn class_deprecations(
    module: &ParsedModule,
    def: &ast::StmtClassDef,
) -> Vec<crate::model::deprecation::Deprecation> {
    let mut found = crate::model::deprecation::declared(module, &def.decorator_list, &def.body);
    for statement in &def.body {
        let (name, body) = match statement {
            ast::Stmt::FunctionDef(method) => (method.name.as_str(), &method.body),
            ast::Stmt::AsyncFunctionDef(method) => (method.name.as_str(), &method.body),
            _ => continue,
        };
        if matches!(name, "__init__" | "__new__" | "__init_subclass__") {
            found.extend(
                crate::model::deprecation::warnings_in(module, body).into_iter().filter(|w| !w.conditional),
            );
        }
    }
    found
}

/// A class made by a call (`A = NamedTuple("A", [("x", int)])`, `namedtuple("P", "x y")`,
/// `TypedDict("TD", {"a": int})`, `Enum("E", "A B")`): its fields as members and constructor
/// parameters, like the class statement would give.
pub(super) fn functional_class(
    module: &ParsedModule,
    name: &str,
    value: &ast::Expr,
    line: u32,
) -> Option<ClassApi> {
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
pub(super) struct DataclassStyle {
    /// attrs' classic `@attr.s`: only `x = attr.ib()` are fields.
    pub(super) attrib_only: bool,
    pub(super) kw_only: bool,
}

pub(super) fn dataclass_style(decorators: &[ast::Expr]) -> Option<DataclassStyle> {
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
pub(super) fn typed_dict_total(def: &ast::StmtClassDef) -> Option<bool> {
    def.bases.iter().any(|base| decorator_name(base) == Some("TypedDict")).then(|| {
        !def.keywords.iter().any(|k| {
            k.arg.as_ref().is_some_and(|a| a.as_str() == "total")
                && matches!(&k.value, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Bool(false)))
        })
    })
}

/// `class P(NamedTuple)` and `class TD(TypedDict)`: annotated names are the constructor's
/// fields (keyword-only for a `TypedDict`, whose constructor takes keywords).
pub(super) fn typed_tuple_style(def: &ast::StmtClassDef) -> Option<DataclassStyle> {
    def.bases.iter().find_map(|base| match decorator_name(base) {
        Some("NamedTuple") => Some(DataclassStyle { attrib_only: false, kw_only: false }),
        Some("TypedDict") => Some(DataclassStyle { attrib_only: false, kw_only: true }),
        _ => None,
    })
}

pub(super) struct ClassScope<'m> {
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
pub(super) fn is_field_call(value: &ast::Expr) -> bool {
    matches!(value, ast::Expr::Call(call) if matches!(decorator_name(&call.func), Some("field" | "ib" | "attrib")))
}

pub(super) fn is_init_false(value: Option<&ast::Expr>) -> bool {
    let Some(ast::Expr::Call(call)) = value else { return false };
    value.is_some_and(is_field_call)
        && call.keywords.iter().any(|k| {
            k.arg.as_ref().is_some_and(|a| a.as_str() == "init")
                && matches!(&k.value, ast::Expr::Constant(c) if matches!(c.value, ast::Constant::Bool(false)))
        })
}

/// The default of a dataclass/attrs field: the assigned value, or a `field(default=…)`'s
/// `default`/`default_factory`/`factory`; `None` when the field is required.
pub(super) fn field_default(module: &ParsedModule, value: &ast::Expr) -> Option<String> {
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
