//! How findings name their objects for users: the module each one is in (`module`), the
//! shortest public import path that reaches it (`public_path`), and whether it exists only for
//! typing (`typing_only`).
//!
//! In: the findings and both sides' surfaces. Out: the same findings with those three fields set.
//! An object is found through every public module's public names (`httpx.Client` reaches
//! `httpx._client.Client`, so `httpx._client.Client.get` is `httpx.Client.get`); a removed
//! object is named as the baseline exported it, anything else as the current side does.

use std::collections::HashMap;

use crate::model::resolve::{Resolver, Target};
use crate::model::{ApiObject, ApiSurface, AttributeApi};
use crate::report::ApiChange;

/// Sets `module`, `public_path` and `typing_only` on every finding.
pub(crate) fn name(changes: &mut [ApiChange], old: (&Resolver, &ApiSurface), new: (&Resolver, &ApiSurface)) {
    let (baseline_paths, current_paths) = (public_paths(old.0, old.1), public_paths(new.0, new.1));
    for change in changes {
        let removed = change.current.is_none();
        let (first, second) =
            if removed { (&baseline_paths, &current_paths) } else { (&current_paths, &baseline_paths) };
        change.public_path = shortest(&change.object, first)
            .or_else(|| shortest(&change.object, second))
            .unwrap_or_else(|| change.object.clone());
        let surface = if removed { old.1 } else { new.1 };
        let other = if removed { new.1 } else { old.1 };
        change.module = module_of(surface, &change.object)
            .or_else(|| module_of(other, &change.object))
            .unwrap_or_default()
            .to_owned();
        change.typing_only =
            change.parameter.is_none() && lookup(surface, &change.object).is_some_and(is_typing_only);
    }
}

/// Definition path → the shortest public import path of it, for every public module and name.
fn public_paths(resolver: &Resolver, surface: &ApiSurface) -> HashMap<String, String> {
    let mut paths: HashMap<String, String> = HashMap::new();
    let mut offer = |definition: String, public: String| {
        let better = |current: &String| {
            (public.matches('.').count(), public.len(), &public)
                < (current.matches('.').count(), current.len(), current)
        };
        match paths.get(&definition) {
            Some(current) if !better(current) => {}
            _ => {
                paths.insert(definition, public);
            }
        }
    };
    for module in surface.modules.values().filter(|module| module.public) {
        offer(module.name.clone(), module.name.clone());
        for name in resolver.exports(module) {
            let public = format!("{}.{name}", module.name);
            match resolver.resolve(&module.name, &name) {
                Some(Target::Object { module: home, qualname, .. }) => {
                    offer(format!("{}.{qualname}", home.name), public)
                }
                Some(Target::Module(home)) => offer(home.name.clone(), public),
                _ => offer(public.clone(), public),
            }
        }
    }
    paths
}

/// The public path of `object`: that of its longest known prefix, with the rest appended.
fn shortest(object: &str, paths: &HashMap<String, String>) -> Option<String> {
    let mut prefix = object;
    loop {
        if let Some(public) = paths.get(prefix) {
            return Some(format!("{public}{}", object.get(prefix.len()..).unwrap_or("")));
        }
        prefix = prefix.rsplit_once('.')?.0;
    }
}

/// The object a dotted definition path names in a surface: a module's binding, then class
/// members.
/// The longest prefix of `path` (itself included) that is a module of `surface`.
fn module_of<'p>(surface: &ApiSurface, path: &'p str) -> Option<&'p str> {
    let mut candidate = path;
    loop {
        if surface.modules.contains_key(candidate) {
            return Some(candidate);
        }
        candidate = candidate.rsplit_once('.')?.0;
    }
}

fn lookup<'s>(surface: &'s ApiSurface, path: &str) -> Option<&'s ApiObject> {
    let mut module_path = path;
    let (module, rest) = loop {
        let (parent, _) = module_path.rsplit_once('.')?;
        if let Some(module) = surface.modules.get(parent) {
            break (module, path.get(parent.len() + 1..)?);
        }
        module_path = parent;
    };
    let mut parts = rest.split('.');
    let mut object = match module.bindings.get(parts.next()?)? {
        crate::model::Binding::Object(object) => object,
        crate::model::Binding::Import(_) => return None,
    };
    for part in parts {
        object = match object {
            ApiObject::Class(class) => class.members.get(part)?,
            _ => return None,
        };
    }
    Some(object)
}

/// Whether an object exists only for type checkers: a `TypeVar`, `ParamSpec`, `TypeVarTuple`,
/// a `TypeAlias` (annotated, or `type X = …`), or an alias of a typing special form
/// (`Union[...]`, `Optional[...]`, `Callable[...]`, `Literal[...]`).
pub(crate) fn is_typing_only(object: &ApiObject) -> bool {
    let ApiObject::Attribute(attribute) = object else { return false };
    typing_only_attribute(attribute)
}

fn typing_only_attribute(attribute: &AttributeApi) -> bool {
    let last = |text: &str, until: char| -> String {
        let stem = text.split(until).next().unwrap_or(text).trim();
        stem.rsplit('.').next().unwrap_or(stem).to_owned()
    };
    if attribute.annotation.as_deref().is_some_and(|a| last(a, '[') == "TypeAlias") {
        return true;
    }
    let Some(value) = attribute.value.as_deref() else { return false };
    let call = last(value, '(');
    if value.contains('(') && matches!(call.as_str(), "TypeVar" | "ParamSpec" | "TypeVarTuple") {
        return true;
    }
    value.contains('[')
        && !value.contains('(')
        && matches!(
            last(value, '[').as_str(),
            "Union" | "Optional" | "Callable" | "Literal" | "Annotated" | "TypeGuard"
        )
}
