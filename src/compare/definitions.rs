//! Comparing one definition on both sides: kind changes, functions (through [`super::signatures`]),
//! attributes, and classes — bases, and members own or inherited.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::comparison::{Comparison, Located};
use super::{expressions, list_names, signatures};
use crate::catalogue::ChangeKind;
use crate::model::resolve::{ClassRef, Member, Target};
use crate::model::{builtins, ApiObject, FunctionKind};
use crate::report::Evidence;

/// Members every class has from `object`: removing an override of one changes behaviour but
/// never makes the name disappear.
const OBJECT_DUNDERS: &[&str] = &[
    "__init__",
    "__new__",
    "__repr__",
    "__str__",
    "__eq__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__hash__",
    "__format__",
    "__getattribute__",
    "__setattr__",
    "__delattr__",
    "__dir__",
    "__reduce__",
    "__reduce_ex__",
    "__sizeof__",
    "__init_subclass__",
    "__subclasshook__",
];

/// Compares `before` with `after`, reporting at `object` (once per object path).
pub(crate) fn compare<'a>(cx: &mut Comparison<'a>, object: &str, before: Located<'a>, after: Located<'a>) {
    if !cx.compared.insert(object.to_owned()) {
        return;
    }
    compare_objects(cx, object, before, after);
}

fn compare_objects<'a>(cx: &mut Comparison<'a>, object: &str, before: Located<'a>, after: Located<'a>) {
    let evidence = || (Some(before.evidence()), Some(after.evidence()));
    if matches!(
        (before.object.as_ref(), after.object.as_ref()),
        (ApiObject::Function(_), ApiObject::Function(_)) | (ApiObject::Class(_), ApiObject::Class(_))
    ) {
        super::deprecations::newly(cx, object, &before, &after);
    }
    match (before.object.as_ref(), after.object.as_ref()) {
        (ApiObject::Function(old), ApiObject::Function(new)) => {
            // Class method ↔ static method: `C.m(x)` and `c.m(x)` call both the same way (the
            // parameters are compared below).
            let same_calls = matches!(
                (old.kind, new.kind),
                (FunctionKind::ClassMethod, FunctionKind::StaticMethod)
                    | (FunctionKind::StaticMethod, FunctionKind::ClassMethod)
            );
            if old.kind != new.kind && !same_calls {
                let message =
                    format!("`{object}` changed from a {} to a {}", old.kind.noun(), new.kind.noun());
                cx.findings.add(ChangeKind::DecoratorKindChanged, object, None, evidence(), message);
                if old.kind == FunctionKind::Property || new.kind == FunctionKind::Property {
                    return; // a property is read, not called: its parameters say nothing
                }
            }
            let already_awaitable = cx.awaitable.contains(object);
            let modules = (before.module, after.module);
            signatures::compare_functions(
                &mut cx.findings,
                object,
                evidence(),
                (old, new),
                modules,
                already_awaitable,
            );
        }
        (ApiObject::Class(_), ApiObject::Class(_)) => classes(cx, object, before, after),
        (ApiObject::Attribute(old), ApiObject::Attribute(new)) => {
            let evidence = evidence();
            // A bare `ClassVar[...]` declares what other machinery (a class factory, a
            // metaclass) sets: not a removal.
            let class_var = new
                .annotation
                .as_deref()
                .is_some_and(|a| a.split('[').next().is_some_and(|s| s.ends_with("ClassVar")));
            if new.is_declared_only()
                && !old.is_declared_only()
                && !class_var
                && !still_provided(cx, object, &after, &new.name)
            {
                let (owner, failure) = match after.qualname.rsplit_once('.') {
                    Some((class, _)) => {
                        (class.to_owned(), format!("`{class}.{}` raises AttributeError", new.name))
                    }
                    None => (
                        after.module.name.clone(),
                        format!("`from {} import {}` raises ImportError", after.module.name, new.name),
                    ),
                };
                let message = format!(
                    "`{}` of `{owner}` is now only annotated (`{}`), not assigned: {failure}",
                    new.name,
                    new.signature()
                );
                cx.findings.add(ChangeKind::ObjectRemoved, object, None, evidence, message);
                return;
            }
            if let (Some(a), Some(b)) = (&old.annotation, &new.annotation) {
                if !expressions::same_type(a, before.module, b, after.module) {
                    let message = format!("the annotation of `{object}` changed from `{a}` to `{b}`");
                    cx.findings.add(
                        ChangeKind::AttributeAnnotationChanged,
                        object,
                        None,
                        evidence.clone(),
                        message,
                    );
                }
            }
            if let (Some(a), Some(b)) = (&old.value, &new.value) {
                if !expressions::same_value(a, b) {
                    let message = format!("the value of `{object}` changed from `{a}` to `{b}`");
                    cx.findings.add(ChangeKind::AttributeValueChanged, object, None, evidence, message);
                }
            }
        }
        (old, new) => {
            // `Old = New`: an alias keeps the old name working; compare what it points to.
            if let Some(resolved) = resolve_alias(cx, &after, false) {
                return compare_objects(cx, object, before, resolved);
            }
            if let Some(resolved) = resolve_alias(cx, &before, true) {
                return compare_objects(cx, object, resolved, after);
            }
            if kind_change_breaks(old, new) {
                let message =
                    format!("`{object}` changed from {} to {}", article(old.noun()), article(new.noun()));
                cx.findings.add(ChangeKind::ObjectKindChanged, object, None, evidence(), message);
            }
        }
    }
}

fn article(noun: &str) -> String {
    let vowel = noun.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {noun}", if vowel { "an" } else { "a" })
}

/// Whether a name that is now only annotated (`x: int`) is still provided at run time: a module
/// `__getattr__` serves it; or, in a class, a field-making decorator, metaclass or base
/// (dataclass, attrs, pydantic, `NamedTuple`, `TypedDict`, `Protocol`, any base outside the tree
/// but the plain builtins), `__slots__`, or a method assigning `self.x`.
fn still_provided(cx: &Comparison<'_>, reported_at: &str, located: &Located<'_>, name: &str) -> bool {
    let Some((class_path, _)) = located.qualname.rsplit_once('.') else {
        return cx.new.served_names(located.module).is_some_and(|served| served.contains(name));
    };
    // The class the finding is about may be a subclass of the one declaring the name.
    let reported_class = reported_at.rsplit_once('.').map(|(class, _)| class).and_then(|path| {
        let (module, qualname) = cx
            .current
            .modules
            .keys()
            .filter(|m| path.starts_with(&format!("{m}.")))
            .max_by_key(|m| m.len())
            .map(|m| (m, path.get(m.len() + 1..).unwrap_or("")))?;
        Some((cx.new.module(module)?, qualname.to_owned()))
    });
    let mut classes = vec![(located.module, class_path.to_owned())];
    classes.extend(reported_class);
    classes.iter().any(|(module, class_path)| class_provides(cx, module, class_path, name))
}

/// Whether instances of a class (or the class) may have `name` though it only declares it.
fn class_provides(
    cx: &Comparison<'_>,
    module: &crate::model::ModuleApi,
    class_path: &str,
    name: &str,
) -> bool {
    let Target::Object { module, object: object @ ApiObject::Class(class), .. } =
        cx.new.resolve_expression(module, class_path)
    else {
        return true; // cannot tell: say nothing
    };
    let plain = |class: &crate::model::ClassApi| {
        class.plain
            && class.fields.is_none()
            && !class.assigned_on_self.contains(name)
            // `__slots__` with annotations: the slots' declarations, filled by the instances.
            && !class.members.contains_key("__slots__")
            && !class.bases.iter().any(|base| {
                let stem = base.split('[').next().unwrap_or(base);
                let last = stem.rsplit('.').next().unwrap_or(stem);
                matches!(last, "Protocol" | "NamedTuple" | "TypedDict")
            })
    };
    if !plain(class) {
        return true;
    }
    let here = ClassRef { module, class, object };
    cx.new.ancestors(here, class_path).iter().any(|ancestor| match &ancestor.class {
        Some((base, _)) => !plain(base.class),
        None => {
            let last = ancestor.name();
            !(builtins::is_exception(last)
                || matches!(last, "object" | "int" | "str" | "float" | "bytes" | "dict" | "list" | "set"))
        }
    })
}

/// An attribute whose value is a dotted name (`Old = New`), resolved in its tree to a definition.
fn resolve_alias<'a>(cx: &Comparison<'a>, located: &Located<'a>, baseline: bool) -> Option<Located<'a>> {
    let ApiObject::Attribute(attribute) = located.object.as_ref() else { return None };
    let target = attribute.alias_target()?;
    let resolver = if baseline { &cx.old } else { &cx.new };
    match resolver.resolve_expression(located.module, target) {
        crate::model::resolve::Target::Object { module, qualname, object }
            if !matches!(object, ApiObject::Attribute(_)) =>
        {
            Some(Located { module, qualname, object: Cow::Borrowed(object) })
        }
        _ => None,
    }
}

/// Whether changing what a name is breaks the ways it was used. Not reported: a property becoming
/// a plain attribute (reads and writes keep working), an attribute becoming an assignable property,
/// and a function or class becoming an attribute whose value may itself be callable (a call or a
/// name the tree cannot resolve, such as `vary_on_cookie = vary_on_headers("Cookie")`).
fn kind_change_breaks(old: &ApiObject, new: &ApiObject) -> bool {
    use ApiObject::{Attribute, Class, Function};
    let is_property = |object: &ApiObject| matches!(object, Function(f) if f.kind == FunctionKind::Property);
    let may_be_callable = |object: &ApiObject| match object {
        Attribute(attribute) => attribute.value.is_some() && !attribute.is_literal(),
        _ => false,
    };
    match (old, new) {
        (old, Attribute(_)) if is_property(old) => false,
        (Attribute(old), Function(property)) if property.kind == FunctionKind::Property => {
            // `x = property(getx)` was a property all along.
            let was_property =
                old.value.as_deref().is_some_and(|v| v.starts_with("property(") || v.contains("property("));
            !property.settable && !was_property
        }
        (Function(_) | Class(_), new @ Attribute(_)) => !may_be_callable(new),
        (old @ Attribute(_), Function(_) | Class(_)) => !may_be_callable(old),
        _ => true,
    }
}

/// Whether a class (that lost its own `__init__`) is constructed by `object`: no `__new__`, and
/// every ancestor is a class of the tree (none defining `__init__`, or the class would have it
/// among its members) — a base outside the tree may take any arguments.
fn constructs_like_object(
    _cx: &Comparison<'_>,
    ancestors: &[crate::model::resolve::Ancestor<'_>],
    members: &BTreeMap<String, Member<'_>>,
) -> bool {
    !members.contains_key("__init__")
        && !members.contains_key("__new__")
        && ancestors.iter().all(|ancestor| ancestor.class.as_ref().is_some_and(|(base, _)| base.class.plain))
}

/// Whether a class is a tuple type (`namedtuple(...)`, `NamedTuple`), whose fields are read-only.
fn is_tuple_class(class: &crate::model::ClassApi) -> bool {
    class.bases.iter().any(|base| {
        let stem = base.split(['[', '(']).next().unwrap_or(base);
        let last = stem.rsplit('.').next().unwrap_or(stem);
        matches!(last, "NamedTuple" | "tuple" | "namedtuple")
    })
}

fn class_ref<'a>(located: &Located<'a>) -> Option<ClassRef<'a>> {
    match &located.object {
        Cow::Borrowed(object @ ApiObject::Class(class)) => {
            Some(ClassRef { module: located.module, class, object })
        }
        _ => None,
    }
}

/// Whether a plain `def` member already returned an awaitable: its body ends in
/// `return self.m(...)` and, following such delegations through the class's members, an
/// `async def` is reached (Django 4.2's `AsyncClient.get` returned `self.generic(...)`, which
/// returned `self.request(...)`, an `async def`).
fn returns_awaitable(members: &BTreeMap<String, Member<'_>>, member: &Member<'_>) -> bool {
    let mut current = member;
    for _ in 0..8 {
        let ApiObject::Function(function) = current.object.as_ref() else { return false };
        if function.is_async {
            return !std::ptr::eq(current, member);
        }
        let Some(next) = function.delegates_to.as_deref().and_then(|name| members.get(name)) else {
            return false;
        };
        current = next;
    }
    false
}

fn member_located<'a>(member: &Member<'a>, name: &str) -> Located<'a> {
    Located {
        module: member.module,
        qualname: format!("{}.{name}", member.class_qualname),
        object: member.object.clone(),
    }
}

/// Where a baseline class (module + qualified name) is in the current tree: the same path, or
/// wherever the same import path leads now (the class moved and is re-exported).
fn current_path(cx: &Comparison<'_>, module: &str, qualname: &str) -> Option<String> {
    let mut module = cx.new.module(module)?;
    let mut expression = qualname.to_owned();
    // Follow `Old = New` aliases a few steps: the class may have been renamed, the old name kept.
    for _ in 0..4 {
        match cx.new.resolve_expression(module, &expression) {
            Target::Object { module: home, object: ApiObject::Attribute(attribute), .. } => {
                expression = attribute.alias_target()?.to_owned();
                module = home;
            }
            Target::Object { module: home, qualname, .. } => {
                return Some(format!("{}.{qualname}", home.name))
            }
            _ => return None,
        }
    }
    None
}

fn classes<'a>(cx: &mut Comparison<'a>, object: &str, before: Located<'a>, after: Located<'a>) {
    let (Some(old), Some(new)) = (class_ref(&before), class_ref(&after)) else { return };
    let baseline_path = before.path();
    let current_ancestors = cx.new.ancestors(new, &after.qualname);
    let baseline_ancestors = cx.old.ancestors(old, &before.qualname);
    let current_ancestor_paths: BTreeSet<&str> = current_ancestors.iter().map(|a| a.path.as_str()).collect();
    let mut current_ancestor_names: BTreeSet<&str> = current_ancestors.iter().map(|a| a.name()).collect();
    let standard: Vec<&str> = current_ancestors.iter().flat_map(|a| builtins::ancestors(a.name())).collect();
    current_ancestor_names.extend(standard);
    let baseline_members = cx.old.members(old, &before.qualname);
    let current_members = cx.new.members(new, &after.qualname);

    // Ancestors present on both sides are compared in their own right, once, where they are
    // defined: their members are not repeated for every subclass.
    for ancestor in &baseline_ancestors {
        let Some((baseline_base, baseline_base_qualname)) = &ancestor.class else { continue };
        let moved_to = current_path(cx, &baseline_base.module.name, baseline_base_qualname);
        let same =
            current_ancestors.iter().find(|a| a.path == ancestor.path || Some(&a.path) == moved_to.as_ref());
        if let Some((current_base, current_base_qualname)) = same.and_then(|a| a.class.as_ref()) {
            cx.worklist.push_back((
                Located {
                    module: baseline_base.module,
                    qualname: baseline_base_qualname.clone(),
                    object: Cow::Borrowed(baseline_base.object),
                },
                Located {
                    module: current_base.module,
                    qualname: current_base_qualname.clone(),
                    object: Cow::Borrowed(current_base.object),
                },
            ));
        }
    }

    // A base counts as removed only when it is no longer among the ancestors at all (matched by
    // path, or by name when the base class itself moved to another module).
    let mut explained: BTreeSet<String> = BTreeSet::new();
    for base in cx.old.bases(old) {
        if current_ancestor_paths.contains(base.path.as_str()) || current_ancestor_names.contains(base.name())
        {
            continue;
        }
        // The base was renamed and its old name kept as an alias (`DDLElement = ExecutableDDLElement`).
        let renamed = base.class.as_ref().and_then(|(b, q)| current_path(cx, &b.module.name, q));
        if renamed.is_some_and(|path| current_ancestor_paths.contains(path.as_str())) {
            continue;
        }
        // The members that came through this base: defined in it or in its own ancestors.
        let mut through_base: BTreeSet<String> = BTreeSet::from([base.path.clone()]);
        if let Some((base_class, base_qualname)) = &base.class {
            through_base.extend(cx.old.ancestors(*base_class, base_qualname).into_iter().map(|a| a.path));
        }
        let lost: Vec<String> = baseline_members
            .iter()
            .filter(|(name, member)| {
                let defined_in = member.defined_in();
                through_base.contains(&defined_in)
                    && !current_members.contains_key(*name)
                    && !current_ancestor_paths.contains(defined_in.as_str())
                    && !explained.contains(*name)
            })
            .map(|(name, _)| name.clone())
            .collect();
        explained.extend(lost.iter().cloned());
        // A private base whose members all stayed (moved into the class): nothing callers use went.
        let private = base.name().starts_with('_');
        if private && lost.is_empty() {
            continue;
        }
        let listed =
            if lost.is_empty() { String::new() } else { format!("; it no longer has {}", list_names(&lost)) };
        let message = format!("`{object}` no longer inherits from `{}`{listed}", base.path);
        cx.findings.add_with_members(
            ChangeKind::BaseClassRemoved,
            object,
            Some(&base.path),
            (Some(before.evidence()), Some(after.evidence())),
            message,
            lost,
        );
    }

    // A class that gains a `__getattr__` may serve any attribute: what it no longer defines may
    // have moved into it (werkzeug 3's `Authorization` serves its fields from a dict). One that
    // had it before keeps being compared (Django's `LazySettings`).
    let serves_any =
        current_members.contains_key("__getattr__") && !baseline_members.contains_key("__getattr__");
    for (name, baseline_member) in &baseline_members {
        let member_path = format!("{object}.{name}");
        let own = baseline_member.defined_in() == baseline_path;
        match current_members.get(name) {
            None => {
                let attribute_like = match baseline_member.object.as_ref() {
                    ApiObject::Attribute(_) => true,
                    ApiObject::Function(function) => function.kind == FunctionKind::Property,
                    ApiObject::Class(_) => false,
                };
                if explained.contains(name) || (serves_any && attribute_like && !name.starts_with("__")) {
                    continue;
                }
                if !own && current_ancestor_paths.contains(baseline_member.defined_in().as_str()) {
                    continue; // removed from a base that is still inherited: reported there
                }
                // Lost through an intermediate base that is still an ancestor: that base's own
                // comparison reports it (once, not again for every subclass).
                let through_kept_base = !own
                    && baseline_ancestors.iter().any(|ancestor| {
                        ancestor.class.as_ref().is_some_and(|(base, base_qualname)| {
                            current_ancestor_paths.contains(ancestor.path.as_str())
                                && cx.old.members(*base, base_qualname).contains_key(name)
                        })
                    });
                if through_kept_base {
                    continue;
                }
                let located = member_located(baseline_member, name);
                let evidence = (Some(located.evidence()), None);
                if name == "__init__"
                    && own
                    && constructs_like_object(cx, &current_ancestors, &current_members)
                {
                    if let ApiObject::Function(init) = baseline_member.object.as_ref() {
                        for parameter in init.parameters.iter().filter(|p| !p.name.starts_with('_')) {
                            let message = format!(
                                "`{object}` no longer defines `__init__` and inherits `object.__init__`, which takes no arguments: calls passing `{}` raise TypeError",
                                parameter.name
                            );
                            let evidence = (Some(located.evidence()), Some(after.evidence()));
                            cx.findings.add(
                                ChangeKind::ParameterRemoved,
                                &member_path,
                                Some(&parameter.name),
                                evidence,
                                message,
                            );
                        }
                    }
                    continue;
                }
                // A standard base the class derives from now (`tzinfo`, `datetime`) provides it.
                let standard_base = current_ancestors
                    .iter()
                    .filter(|ancestor| ancestor.class.is_none())
                    .any(|ancestor| builtins::provides(ancestor.name(), name));
                if OBJECT_DUNDERS.contains(&name.as_str()) || standard_base {
                    // `object` still provides it: a change of behaviour, not a missing name.
                    if own {
                        let message = format!(
                            "`{object}` no longer defines `{name}`: the inherited one is used now (the name still works; what it does changed)"
                        );
                        cx.findings.add(ChangeKind::OverrideRemoved, &member_path, None, evidence, message);
                    }
                    continue;
                }
                if own {
                    cx.report_removed(&member_path, &located, object);
                } else {
                    let message = format!(
                        "{} `{name}` (inherited from `{}`) is no longer available on `{object}`",
                        baseline_member.object.noun(),
                        baseline_member.defined_in()
                    );
                    cx.findings.add(ChangeKind::ObjectRemoved, &member_path, None, evidence, message);
                }
            }
            Some(current_member) => {
                let baseline_definer =
                    current_path(cx, &baseline_member.module.name, &baseline_member.class_qualname);
                let same_base = baseline_member.defined_in() == current_member.defined_in()
                    || baseline_definer == Some(current_member.defined_in());
                // Inherited before from a base that is still an ancestor, and not overridden
                // here now: whatever changed, changed in that base, which is compared itself.
                let base_still_inherited =
                    baseline_definer.as_deref().is_some_and(|p| current_ancestor_paths.contains(p))
                        && current_member.defined_in() != after.path();
                if !own && (same_base || base_still_inherited) {
                    continue;
                }
                let (before_member, after_member) =
                    (member_located(baseline_member, name), member_located(current_member, name));
                // A tuple's field became a read-only property (namedtuple → a NamedTuple class
                // with a property): reading works as before, and writing never did.
                let read_only_both = is_tuple_class(old.class)
                    && is_tuple_class(new.class)
                    && matches!(current_member.object.as_ref(), ApiObject::Function(f) if f.kind == FunctionKind::Property && !f.settable)
                    && matches!(baseline_member.object.as_ref(), ApiObject::Attribute(_));
                if read_only_both {
                    continue;
                }
                let reported_at = if own { before_member.path() } else { member_path };
                if returns_awaitable(&baseline_members, baseline_member) {
                    cx.awaitable.insert(reported_at.clone());
                }
                compare(cx, &reported_at, before_member, after_member);
            }
        }
    }

    let class_path = after.path();
    for (name, current_member) in &current_members {
        if baseline_members.contains_key(name) || current_member.defined_in() != class_path {
            continue; // inherited additions are reported at the class that defines them
        }
        if matches!(current_member.object.as_ref(), ApiObject::Function(f) if f.synthesized) {
            continue; // the `__init__` a decorator writes: every class had one from `object`
        }
        let located = member_located(current_member, name);
        let member_path = format!("{class_path}.{name}");
        let message = format!("new {} `{name}` in `{class_path}`", current_member.object.noun());
        let evidence: (Option<Evidence>, Option<Evidence>) = (None, Some(located.evidence()));
        cx.findings.add(ChangeKind::ObjectAdded, &member_path, None, evidence, message);
    }
}
