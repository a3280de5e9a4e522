//! Comparing two signatures of the same function, parameter by parameter.
//!
//! Parameters are matched by name; `*args` and `**kwargs` by kind, whatever their names
//! (`**attrs` → `**kwargs` is no change). A removed parameter that `*args`/`**kwargs` still absorb
//! in every way it could be passed is not breaking. Positions are compared among the parameters
//! that can be passed by position. Annotation changes are reported only when both sides have one:
//! adding annotations to untyped code is not a change callers feel.

use super::{expressions, Findings};
use crate::catalogue::ChangeKind;
use crate::model::{FunctionApi, ModuleApi, Parameter, ParameterKind};
use crate::report::Evidence;

pub(crate) fn compare_functions(
    findings: &mut Findings,
    object: &str,
    evidence: (Option<Evidence>, Option<Evidence>),
    (old, new): (&FunctionApi, &FunctionApi),
    (baseline_module, current_module): (&ModuleApi, &ModuleApi),
    baseline_returned_awaitable: bool,
) {
    let same_type = |a: &str, b: &str| expressions::same_type(a, baseline_module, b, current_module);
    // `@click.command`: the name is a command object, its function's parameters are options.
    if old.replaced_by.is_some() || new.replaced_by.is_some() {
        return;
    }
    let mut add = |kind: ChangeKind, parameter: Option<&str>, message: String| {
        findings.add(kind, object, parameter, evidence.clone(), message);
    };
    // A `def` that returned a coroutine becoming `async def` changes nothing for callers.
    if old.is_async != new.is_async && !(baseline_returned_awaitable && new.is_async) {
        let (from, to) = if old.is_async { ("async def", "def") } else { ("def", "async def") };
        add(ChangeKind::AsyncChanged, None, format!("`{object}` changed from `{from}` to `{to}`"));
    }
    if let (Some(a), Some(b)) = (&old.returns, &new.returns) {
        if !same_type(a, b) {
            add(
                ChangeKind::ReturnAnnotationChanged,
                None,
                format!("the return annotation of `{object}` changed from `{a}` to `{b}`"),
            );
        }
    }

    let baseline_positions = positions(&old.parameters);
    let current_positions = positions(&new.parameters);
    for parameter in old.parameters.iter().filter(|p| !is_private(p)) {
        let name = display_name(parameter);
        let Some(now) = counterpart(parameter, &old.parameters, &new.parameters) else {
            if !absorbed(parameter, &new.parameters) {
                add(
                    ChangeKind::ParameterRemoved,
                    Some(&parameter.name),
                    format!("parameter `{name}` of `{object}` was removed; calls passing it now fail"),
                );
            }
            continue;
        };
        if parameter.kind.is_variadic() {
            continue;
        }
        if narrows(parameter.kind, now.kind) {
            add(
                ChangeKind::ParameterKindChanged,
                Some(&parameter.name),
                format!(
                    "parameter `{name}` of `{object}` changed from {} to {}; calls passing it {} now fail",
                    parameter.kind.describe(),
                    now.kind.describe(),
                    if now.kind == ParameterKind::KeywordOnly { "by position" } else { "by keyword" }
                ),
            );
        }
        let baseline_position = baseline_positions.iter().position(|p| *p == parameter.name);
        let current_position = current_positions.iter().position(|p| *p == now.name);
        if let (Some(from), Some(to)) = (baseline_position, current_position) {
            if from != to {
                add(
                    ChangeKind::ParameterMoved,
                    Some(&parameter.name),
                    format!(
                        "parameter `{name}` of `{object}` moved from position {} to {}; positional calls now pass the wrong arguments",
                        from + 1,
                        to + 1
                    ),
                );
            }
        }
        match (&parameter.default, &now.default) {
            (Some(default), None) => add(
                ChangeKind::ParameterNowRequired,
                Some(&parameter.name),
                format!("parameter `{name}` of `{object}` lost its default `{default}`; calls omitting it now fail"),
            ),
            (Some(a), Some(b)) if !expressions::same_value(a, b) => add(
                ChangeKind::ParameterDefaultChanged,
                Some(&parameter.name),
                format!("the default of parameter `{name}` of `{object}` changed from `{a}` to `{b}`"),
            ),
            _ => {}
        }
        // A dataclass field's annotation change is reported once, at the field.
        let synthesized = old.synthesized && new.synthesized;
        if let (Some(a), Some(b), false) = (&parameter.annotation, &now.annotation, synthesized) {
            if !same_type(a, b) {
                add(
                    ChangeKind::ParameterAnnotationChanged,
                    Some(&parameter.name),
                    format!("the annotation of parameter `{name}` of `{object}` changed from `{a}` to `{b}`"),
                );
            }
        }
    }
    for parameter in &new.parameters {
        if counterpart(parameter, &new.parameters, &old.parameters).is_some() {
            continue;
        }
        let name = display_name(parameter);
        // `def f(*args, **kwargs)` → `def f(a, *args, **kwargs)`: the old signature already
        // accepted `a`; whether calls had to pass it was up to the body, which a signature cannot
        // tell. Reported as breaking only when the old signature had no room for it.
        // A keyword-only one is different: calls that omit it now raise TypeError whatever
        // `**kwargs` did before.
        if parameter.is_required()
            && parameter.kind.accepts_position()
            && absorbed(parameter, &old.parameters)
        {
            continue;
        }
        if parameter.is_required() {
            add(
                ChangeKind::ParameterAddedRequired,
                Some(&parameter.name),
                format!("`{object}` gained required parameter `{name}`; existing calls do not pass it"),
            );
        } else if !is_private(parameter) {
            add(
                ChangeKind::ParameterAddedOptional,
                Some(&parameter.name),
                format!("`{object}` gained optional parameter `{name}`"),
            );
        }
    }
}

/// Names of the parameters that can be passed by position, in order.
fn positions(parameters: &[Parameter]) -> Vec<String> {
    parameters.iter().filter(|p| p.kind.accepts_position()).map(|p| p.name.clone()).collect()
}

/// Whether a kind change takes away a way of passing the parameter. Widening (keyword-only →
/// positional-or-keyword) breaks no caller.
fn narrows(from: ParameterKind, to: ParameterKind) -> bool {
    (from.accepts_position() && !to.accepts_position()) || (from.accepts_keyword() && !to.accepts_keyword())
}

/// The parameter on the other side that is "the same": same name, or for `*args`/`**kwargs` the
/// same kind whatever the name.
fn counterpart<'a>(
    parameter: &Parameter,
    own: &[Parameter],
    others: &'a [Parameter],
) -> Option<&'a Parameter> {
    if parameter.kind.is_variadic() {
        return others.iter().find(|other| other.kind == parameter.kind);
    }
    if let Some(same) = others.iter().find(|other| other.name == parameter.name && !other.kind.is_variadic())
    {
        return Some(same);
    }
    // A positional-only parameter has no name callers use: it is matched by position, with one
    // positional-only at the same place on the other side (`__x` → `x, /`).
    if parameter.kind == ParameterKind::PositionalOnly {
        let index =
            own.iter().filter(|p| p.kind.accepts_position()).position(|p| std::ptr::eq(p, parameter))?;
        let other = others.iter().filter(|p| p.kind.accepts_position()).nth(index)?;
        return (other.kind == ParameterKind::PositionalOnly).then_some(other);
    }
    None
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

/// A parameter named `_x` is private by convention: callers are not meant to pass it, so its
/// changes are not reported (a new *required* `_x` still breaks every call, and is).
fn is_private(parameter: &Parameter) -> bool {
    parameter.name.starts_with('_') && !parameter.kind.is_variadic()
}

fn display_name(parameter: &Parameter) -> String {
    match parameter.kind {
        ParameterKind::VarPositional => format!("*{}", parameter.name),
        ParameterKind::VarKeyword => format!("**{}", parameter.name),
        _ => parameter.name.clone(),
    }
}
