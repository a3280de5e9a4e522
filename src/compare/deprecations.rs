//! Deprecation in the findings: a breaking change whose object the baseline already deprecated
//! carries where and how (`deprecated` — removed after deprecation, not broken without warning),
//! and an object the current side newly deprecates is a finding of its own (kind `deprecated`,
//! a warning), so a reviewer sees what the next release will remove.
//!
//! What counts (see [`crate::model::deprecation`]): for the object itself, a decorator, a
//! docstring directive or an unconditional warning whose category is a deprecation; for a
//! parameter, also a conditional warning whose conditions or message name the parameter; a
//! deprecated class or module covers what it contains; a name a module's `__getattr__` serves with
//! a deprecation warning is deprecated.

use super::comparison::{Comparison, Located};
use crate::catalogue::{ChangeKind, Severity};
use crate::model::deprecation::Deprecation;
use crate::model::resolve::Resolver;
use crate::model::{ApiObject, ApiSurface, Binding, ModuleApi};
use crate::report::{ApiChange, DeprecatedAt};

/// The signals of an object that apply to a change of it (`parameter`: a change of that
/// parameter), filtered to real deprecations.
fn applicable<'d>(
    resolver: &Resolver<'_>,
    module: &ModuleApi,
    found: &'d [Deprecation],
    parameter: Option<&str>,
) -> Option<&'d Deprecation> {
    let module = resolver.module(&module.name)?;
    resolver
        .deprecations(module, found)
        .into_iter()
        .find(|d| !d.conditional || parameter.is_some_and(|p| d.mentions.iter().any(|m| m == p)))
}

fn own_signals(object: &ApiObject) -> &[Deprecation] {
    match object {
        ApiObject::Function(function) => &function.deprecations,
        ApiObject::Class(class) => &class.deprecations,
        ApiObject::Attribute(_) => &[],
    }
}

/// Sets `deprecated` on every breaking change whose object the baseline deprecated.
pub(crate) fn attach(changes: &mut [ApiChange], old: &Resolver<'_>, baseline: &ApiSurface) {
    for change in changes.iter_mut().filter(|c| c.severity == Severity::Breaking) {
        if change.kind == ChangeKind::ImportUnresolved {
            continue;
        }
        change.deprecated = find(old, baseline, &change.object, change.parameter.as_deref());
    }
}

fn at(module: &ModuleApi, signal: &Deprecation) -> DeprecatedAt {
    DeprecatedAt { path: module.path.clone(), line: signal.line, how: signal.how.clone() }
}

fn find(
    old: &Resolver<'_>,
    baseline: &ApiSurface,
    path: &str,
    parameter: Option<&str>,
) -> Option<DeprecatedAt> {
    if let Some(module) = baseline.modules.get(path) {
        return applicable(old, module, &module.deprecations, None).map(|s| at(module, s));
    }
    // The longest module prefix, then the chain of objects down to the one named.
    let mut module_path = path;
    let (module, rest) = loop {
        let (parent, _) = module_path.rsplit_once('.')?;
        if let Some(module) = baseline.modules.get(parent) {
            break (module, path.get(parent.len() + 1..)?);
        }
        module_path = parent;
    };
    let mut parts = rest.split('.');
    let first = parts.next()?;
    let mut chain: Vec<&ApiObject> = Vec::new();
    match module.bindings.get(first) {
        Some(Binding::Object(object)) => chain.push(object),
        _ => {
            // A name the module's `__getattr__` served, with a warning.
            let served = module.getattr_deprecations.get(first)?;
            return applicable(old, module, served, None).map(|s| at(module, s));
        }
    }
    for part in parts {
        let next = match chain.last() {
            Some(ApiObject::Class(class)) => class.members.get(part),
            _ => None,
        };
        match next {
            Some(object) => chain.push(object),
            None => break,
        }
    }
    // The object itself (for a parameter change, warnings about that parameter too), then what
    // contains it.
    let mut objects = chain.iter().rev();
    if let Some(signal) = objects.next().and_then(|o| applicable(old, module, own_signals(o), parameter)) {
        return Some(at(module, signal));
    }
    for object in objects {
        if let Some(signal) = applicable(old, module, own_signals(object), None) {
            return Some(at(module, signal));
        }
    }
    applicable(old, module, &module.deprecations, None).map(|s| at(module, s))
}

/// Reports a function or class of both sides that the current side newly deprecates (as a
/// whole, or one of its parameters).
pub(crate) fn newly(cx: &mut Comparison<'_>, object: &str, before: &Located<'_>, after: &Located<'_>) {
    let (baseline_signals, current_signals) =
        (own_signals(before.object.as_ref()), own_signals(after.object.as_ref()));
    if current_signals.is_empty() {
        return;
    }
    let evidence = || (Some(before.evidence()), Some(after.evidence()));
    if applicable(&cx.old, before.module, baseline_signals, None).is_none() {
        if let Some(signal) = applicable(&cx.new, after.module, current_signals, None) {
            let message = format!(
                "`{object}` is newly deprecated ({}, {}:{}): it still works, and a later release may remove it",
                signal.how, after.module.path, signal.line
            );
            cx.findings.add(ChangeKind::Deprecated, object, None, evidence(), message);
            return;
        }
    }
    let ApiObject::Function(function) = before.object.as_ref() else { return };
    for parameter in function.parameters.iter().filter(|p| !p.name.starts_with('_')) {
        let name = parameter.name.as_str();
        let now = applicable(&cx.new, after.module, current_signals, Some(name)).filter(|d| d.conditional);
        let before_too = applicable(&cx.old, before.module, baseline_signals, Some(name)).is_some();
        if let (Some(signal), false) = (now, before_too) {
            let message = format!(
                "parameter `{name}` of `{object}` is newly deprecated ({}, {}:{}): passing it still works, and a later release may remove it",
                signal.how, after.module.path, signal.line
            );
            cx.findings.add(ChangeKind::Deprecated, object, Some(name), evidence(), message);
        }
    }
}

/// Reports a module of both sides that the current side newly deprecates.
pub(crate) fn newly_module(cx: &mut Comparison<'_>, old: &ModuleApi, new: &ModuleApi) {
    if new.deprecations.is_empty() || applicable(&cx.old, old, &old.deprecations, None).is_some() {
        return;
    }
    if let Some(signal) = applicable(&cx.new, new, &new.deprecations, None) {
        let evidence = |module: &ModuleApi, line: u32| crate::report::Evidence {
            path: module.path.clone(),
            line,
            signature: format!("module {}", module.name),
        };
        let message = format!(
            "module `{}` is newly deprecated ({}, {}:{}): importing it still works, and a later release may remove it",
            new.name, signal.how, new.path, signal.line
        );
        cx.findings.add(
            ChangeKind::Deprecated,
            &new.name,
            None,
            (Some(evidence(old, 1)), Some(evidence(new, signal.line))),
            message,
        );
    }
}
