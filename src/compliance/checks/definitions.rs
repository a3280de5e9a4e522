//! Checks on what the code defines: duplicate definitions, `__all__` entries that name nothing,
//! stubs and test doubles in production code, and size.

use std::collections::{BTreeMap, BTreeSet};

use super::{few, Context, Outcome, Violation};
use crate::model::resolve::ClassRef;
use crate::model::{ApiObject, Binding};

/// A definition's place: module, file, line.
type Place<'a> = (&'a str, &'a str, u32);

pub fn duplicate_definition(context: &Context) -> Outcome {
    let options = &context.policy.options;
    let mut defined: BTreeMap<&str, Vec<Place>> = BTreeMap::new();
    for module in &context.modules {
        for (name, binding) in &module.bindings {
            let counted = match binding {
                Binding::Object(object @ ApiObject::Class(class)) => {
                    !extends_same_name(context, ClassRef { module, class, object })
                }
                Binding::Object(ApiObject::Function(_)) => options.duplicate_functions,
                _ => false,
            };
            if counted && !name.starts_with('_') && !options.duplicate_ignore.contains(name) {
                let line = match binding {
                    Binding::Object(object) => object.line(),
                    Binding::Import(import) => import.line,
                };
                defined.entry(name.as_str()).or_default().push((&module.name, &module.path, line));
            }
        }
    }
    let violations = defined
        .iter()
        .filter(|(_, places)| places.len() > 1)
        .filter_map(|(name, places)| {
            let (_, path, line) = places.first()?;
            let modules: Vec<String> = places.iter().map(|(module, _, _)| (*module).to_owned()).collect();
            Some(Violation {
                edge: None,
                key: (*name).to_owned(),
                path: (*path).to_owned(),
                line: *line,
                message: format!(
                    "`{name}` is defined in {} modules: {} — one of them should be the single source of truth",
                    places.len(),
                    few(&modules, 6)
                ),
            })
        })
        .collect();
    Outcome { checked: defined.len(), violations, informational: None }
}

/// A class that extends a class of the same name (`class Session(base.Session)`): one source
/// specialised, not a second source of truth.
fn extends_same_name(context: &Context, class: ClassRef) -> bool {
    let name = class.class.name.as_str();
    context.resolver.bases(class).iter().any(|base| base.path.rsplit('.').next() == Some(name))
}

pub fn undefined_export(context: &Context) -> Outcome {
    let mut outcome = Outcome::default();
    for module in &context.modules {
        let Some(all) = &module.all else { continue };
        outcome.checked += all.len();
        let mut seen = BTreeSet::new();
        for name in all {
            if seen.insert(name) && context.resolver.resolve(&module.name, name).is_none() {
                outcome.violations.push(Violation {
                    edge: None,
                    key: format!("{}:{name}", module.name),
                    path: module.path.clone(),
                    line: module.all_line.max(1),
                    message: format!(
                        "`__all__` of `{}` lists `{name}`, which the module neither defines nor imports: `from {} import *` raises AttributeError",
                        module.name, module.name
                    ),
                });
            }
        }
    }
    outcome
}

/// How far up a class hierarchy (by base-class names) overrides are looked for.
const MAX_ANCESTRY: usize = 12;

pub fn stub_in_production(context: &Context) -> Outcome {
    let simple = |qualname: &str| qualname.rsplit('.').next().unwrap_or(qualname).to_owned();
    // By class name (classes are matched by name across the tree, which is what a reader does):
    // the base classes, and the methods defined.
    let mut bases: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    let mut methods: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for file in &context.facts {
        for class in &file.classes {
            bases.entry(simple(&class.qualname)).or_default().extend(class.bases.iter().map(String::as_str));
        }
        for function in &file.functions {
            if let Some(class) = &function.class {
                let name = function.qualname.rsplit('.').next().unwrap_or(&function.qualname);
                methods.entry(simple(class)).or_default().insert(name);
            }
        }
    }
    // Classes the tree derives from: their empty methods are hooks meant to be overridden.
    let subclassed: BTreeSet<&str> = bases.values().flatten().copied().collect();
    // Whether an ancestor of `class` defines `method` (an empty override switches it off).
    let overrides = |class: &str, method: &str| {
        let mut frontier: Vec<&str> = bases.get(class).into_iter().flatten().copied().collect();
        let mut seen = BTreeSet::new();
        for _ in 0..MAX_ANCESTRY {
            let mut next = Vec::new();
            for base in frontier {
                if !seen.insert(base) {
                    continue;
                }
                if methods.get(base).is_some_and(|m| m.contains(method)) {
                    return true;
                }
                next.extend(bases.get(base).into_iter().flatten().copied());
            }
            frontier = next;
        }
        false
    };
    let mut outcome = Outcome::default();
    for file in &context.facts {
        let protocols: BTreeSet<&str> =
            file.classes.iter().filter(|c| c.is_protocol()).map(|c| c.qualname.as_str()).collect();
        for function in &file.functions {
            outcome.checked += 1;
            if !function.stub || function.declared_bodiless {
                continue;
            }
            if let Some(class) = &function.class {
                let class_name = simple(class);
                let method = function.qualname.rsplit('.').next().unwrap_or(&function.qualname);
                if function.raises_not_implemented
                    || protocols.contains(class.as_str())
                    || subclassed.contains(class_name.as_str())
                    || overrides(&class_name, method)
                {
                    continue;
                }
            }
            let noun = if function.class.is_some() { "method" } else { "function" };
            outcome.violations.push(Violation {
                edge: None,
                key: format!("{}::{}", file.path, function.qualname),
                path: file.path.clone(),
                line: function.line,
                message: format!(
                    "{noun} `{}` has no body (only `pass`, `...` or `raise NotImplementedError`) and is not abstract",
                    function.qualname
                ),
            });
        }
    }
    outcome
}

pub fn mock_in_production(context: &Context) -> Outcome {
    let violations = context
        .facts
        .iter()
        .filter_map(|file| {
            let line = file.mock_import?;
            Some(Violation {
                edge: None,
                key: file.path.clone(),
                path: file.path.clone(),
                line,
                message: format!("`{}` imports `mock` outside the tests", file.path),
            })
        })
        .collect();
    Outcome { checked: context.facts.len(), violations, informational: None }
}

pub fn file_too_long(context: &Context) -> Outcome {
    let max = context.policy.options.max_file_lines;
    let violations = context
        .facts
        .iter()
        .filter(|file| file.lines > max)
        .map(|file| Violation {
            edge: None,
            key: file.path.clone(),
            path: file.path.clone(),
            line: 1,
            message: format!("`{}` has {} lines; the policy allows {max}", file.path, file.lines),
        })
        .collect();
    Outcome { checked: context.facts.len(), violations, informational: None }
}

pub fn function_too_long(context: &Context) -> Outcome {
    let max = context.policy.options.max_function_lines;
    let mut outcome = Outcome::default();
    for file in &context.facts {
        outcome.checked += file.functions.len();
        for function in file.functions.iter().filter(|f| f.lines > max) {
            outcome.violations.push(Violation {
                edge: None,
                key: format!("{}::{}", file.path, function.qualname),
                path: file.path.clone(),
                line: function.line,
                message: format!(
                    "`{}` has {} lines; the policy allows {max}",
                    function.qualname, function.lines
                ),
            });
        }
    }
    outcome
}
