//! API changes between two [`ApiSurface`]s, classified by the [`crate::catalogue`].
//!
//! Conventions (part of the report contract): `object` is the dotted path where the object is
//! defined; a removed or added module or class is one finding, its members are not listed again;
//! `self`/`cls` are never parameters; `*args` and `**kwargs` are matched by kind, not by name
//! (`**attrs` → `**kwargs` is no change), and a removed parameter that they still absorb in every
//! way it could be passed is not breaking.

use crate::catalogue::ChangeKind;
use crate::model::{ApiObject, ApiSurface, ClassApi, FunctionApi, ModuleApi, Parameter, ParameterKind};
use crate::report::{ApiChange, Evidence};

/// Every API change from `baseline` to `current`, unsorted.
pub fn compare(baseline: &ApiSurface, current: &ApiSurface) -> Vec<ApiChange> {
    let mut changes = Vec::new();
    for (name, old) in baseline.modules.iter().filter(|(_, m)| m.public) {
        if current.unparsed.contains(name) {
            continue; // unknown API now: the parse problem is reported, not a removal
        }
        match public(current, name) {
            None => changes.push(ApiChange {
                kind: ChangeKind::ModuleRemoved,
                severity: ChangeKind::ModuleRemoved.severity(),
                object: name.clone(),
                parameter: None,
                baseline: Some(module_evidence(old)),
                current: None,
                message: format!("module `{name}` was removed; importing it raises ImportError"),
            }),
            Some(new) => compare_modules(old, new, &mut changes),
        }
    }
    for (name, new) in current.modules.iter().filter(|(_, m)| m.public) {
        if public(baseline, name).is_none() && !baseline.unparsed.contains(name) {
            changes.push(ApiChange {
                kind: ChangeKind::ModuleAdded,
                severity: ChangeKind::ModuleAdded.severity(),
                object: name.clone(),
                parameter: None,
                baseline: None,
                current: Some(module_evidence(new)),
                message: format!("new module `{name}`"),
            });
        }
    }
    changes
}

fn module_evidence(module: &ModuleApi) -> Evidence {
    Evidence { path: module.path.clone(), line: 1, signature: format!("module {}", module.name) }
}

/// One side of a comparison: the file it is in and the object there.
struct Located<'a, T> {
    path: &'a str,
    item: &'a T,
}

fn compare_modules(old: &ModuleApi, new: &ModuleApi, changes: &mut Vec<ApiChange>) {
    for (name, old_object) in &old.objects {
        let object = format!("{}.{name}", old.name);
        let before = Located { path: &old.path, item: old_object };
        match new.objects.get(name) {
            None => changes.push(removed(&object, old_object.noun(), &old.name, evidence(&before))),
            Some(new_object) => {
                let after = Located { path: &new.path, item: new_object };
                compare_objects(&object, before, after, changes);
            }
        }
    }
    for (name, new_object) in &new.objects {
        if !old.objects.contains_key(name) {
            let object = format!("{}.{name}", new.name);
            let after = Located { path: &new.path, item: new_object };
            changes.push(added(&object, new_object.noun(), &new.name, evidence(&after)));
        }
    }
}

fn compare_objects(
    object: &str,
    before: Located<ApiObject>,
    after: Located<ApiObject>,
    changes: &mut Vec<ApiChange>,
) {
    match (before.item, after.item) {
        (ApiObject::Function(old), ApiObject::Function(new)) => {
            let (old, new) =
                (Located { path: before.path, item: old }, Located { path: after.path, item: new });
            compare_functions(object, old, new, changes);
        }
        (ApiObject::Class(old), ApiObject::Class(new)) => {
            let (old, new) =
                (Located { path: before.path, item: old }, Located { path: after.path, item: new });
            compare_classes(object, old, new, changes);
        }
        (old, new) => changes.push(ApiChange {
            kind: ChangeKind::ObjectKindChanged,
            severity: ChangeKind::ObjectKindChanged.severity(),
            object: object.to_owned(),
            parameter: None,
            message: format!("`{object}` changed from a {} to a {}", old.noun(), new.noun()),
            baseline: Some(evidence(&before)),
            current: Some(evidence(&after)),
        }),
    }
}

fn compare_classes(
    object: &str,
    before: Located<ClassApi>,
    after: Located<ClassApi>,
    changes: &mut Vec<ApiChange>,
) {
    for (name, old_method) in &before.item.methods {
        let member = format!("{object}.{name}");
        let old = Located { path: before.path, item: old_method };
        match after.item.methods.get(name) {
            None => changes.push(removed(&member, old_method.kind.noun(), object, function_evidence(&old))),
            Some(new_method) => {
                compare_functions(&member, old, Located { path: after.path, item: new_method }, changes)
            }
        }
    }
    for (name, new_method) in &after.item.methods {
        if !before.item.methods.contains_key(name) {
            let member = format!("{object}.{name}");
            let new = Located { path: after.path, item: new_method };
            changes.push(added(&member, new_method.kind.noun(), object, function_evidence(&new)));
        }
    }
}

fn compare_functions(
    object: &str,
    before: Located<FunctionApi>,
    after: Located<FunctionApi>,
    changes: &mut Vec<ApiChange>,
) {
    let (old, new) = (before.item, after.item);
    let parameter_change = |kind: ChangeKind, parameter: &Parameter, message: String| ApiChange {
        kind,
        severity: kind.severity(),
        object: object.to_owned(),
        parameter: Some(parameter.name.clone()),
        baseline: Some(function_evidence(&before)),
        current: Some(function_evidence(&after)),
        message,
    };
    for parameter in &old.parameters {
        if counterpart(parameter, &new.parameters).is_some() || absorbed(parameter, &new.parameters) {
            continue;
        }
        let message = format!(
            "parameter `{}` of `{object}` was removed; calls passing it now fail",
            display_name(parameter)
        );
        changes.push(parameter_change(ChangeKind::ParameterRemoved, parameter, message));
    }
    for parameter in &new.parameters {
        if counterpart(parameter, &old.parameters).is_some() {
            continue;
        }
        let change = if parameter.is_required() {
            let message = format!(
                "`{object}` gained required parameter `{}`; existing calls do not pass it",
                display_name(parameter)
            );
            parameter_change(ChangeKind::ParameterAddedRequired, parameter, message)
        } else {
            let message = format!("`{object}` gained optional parameter `{}`", display_name(parameter));
            parameter_change(ChangeKind::ParameterAddedOptional, parameter, message)
        };
        changes.push(change);
    }
}

fn public<'a>(surface: &'a ApiSurface, name: &str) -> Option<&'a ModuleApi> {
    surface.modules.get(name).filter(|module| module.public)
}

/// The parameter on the other side that is "the same": same name, or for `*args`/`**kwargs` the
/// same kind whatever the name.
fn counterpart<'a>(parameter: &Parameter, others: &'a [Parameter]) -> Option<&'a Parameter> {
    if parameter.kind.is_variadic() {
        others.iter().find(|other| other.kind == parameter.kind)
    } else {
        others.iter().find(|other| other.name == parameter.name && !other.kind.is_variadic())
    }
}

/// Whether every way of passing a removed parameter is still accepted by `*args`/`**kwargs`.
fn absorbed(parameter: &Parameter, now: &[Parameter]) -> bool {
    if parameter.kind.is_variadic() {
        return false;
    }
    let has = |kind| now.iter().any(|p| p.kind == kind);
    (!parameter.kind.accepts_position() || has(ParameterKind::VarPositional))
        && (!parameter.kind.accepts_keyword() || has(ParameterKind::VarKeyword))
}

fn display_name(parameter: &Parameter) -> String {
    match parameter.kind {
        ParameterKind::VarPositional => format!("*{}", parameter.name),
        ParameterKind::VarKeyword => format!("**{}", parameter.name),
        _ => parameter.name.clone(),
    }
}

fn removed(object: &str, noun: &str, parent: &str, baseline: Evidence) -> ApiChange {
    let name = object.rsplit('.').next().unwrap_or(object);
    ApiChange {
        kind: ChangeKind::ObjectRemoved,
        severity: ChangeKind::ObjectRemoved.severity(),
        object: object.to_owned(),
        parameter: None,
        baseline: Some(baseline),
        current: None,
        message: format!("{noun} `{name}` was removed from `{parent}`"),
    }
}

fn added(object: &str, noun: &str, parent: &str, current: Evidence) -> ApiChange {
    let name = object.rsplit('.').next().unwrap_or(object);
    ApiChange {
        kind: ChangeKind::ObjectAdded,
        severity: ChangeKind::ObjectAdded.severity(),
        object: object.to_owned(),
        parameter: None,
        baseline: None,
        current: Some(current),
        message: format!("new {noun} `{name}` in `{parent}`"),
    }
}

fn evidence(located: &Located<ApiObject>) -> Evidence {
    Evidence { path: located.path.to_owned(), line: located.item.line(), signature: located.item.signature() }
}

fn function_evidence(located: &Located<FunctionApi>) -> Evidence {
    Evidence {
        path: located.path.to_owned(),
        line: located.item.line,
        signature: located.item.signature.clone(),
    }
}
