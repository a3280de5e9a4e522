//! Checks on what the policy says must exist: critical symbols and literals, and environment
//! variables the code needs.

use std::collections::{BTreeMap, BTreeSet};

use super::{Context, Outcome, Violation};
use crate::compliance::facts::literal_hash;
use crate::model::resolve::{ClassRef, Target};
use crate::model::ApiObject;

pub fn missing_critical_symbol(context: &Context) -> Outcome {
    let symbols = &context.policy.options.critical_symbols;
    let violations = symbols
        .iter()
        .filter(|symbol| !resolves(context, symbol))
        .map(|symbol| {
            let module = symbol.split(':').next().unwrap_or(symbol);
            let (path, line) = match context.resolver.module(module) {
                Some(found) => (found.path.clone(), 1),
                None => (context.policy.source.clone(), 0),
            };
            Violation {
                edge: None,
                key: symbol.clone(),
                path,
                line,
                message: format!("critical symbol `{symbol}` does not resolve: importing it fails"),
            }
        })
        .collect();
    Outcome { checked: symbols.len(), violations, informational: None }
}

/// Whether `package.module[:Name[.member…]]` resolves in the tree.
fn resolves(context: &Context, symbol: &str) -> bool {
    let resolver = &context.resolver;
    let Some((module, object)) = symbol.split_once(':') else {
        return resolver.module_exists(symbol);
    };
    let mut parts = object.split('.');
    let Some(first) = parts.next() else { return false };
    let mut target = match resolver.resolve(module, first) {
        Some(target) => target,
        None => return false,
    };
    for part in parts {
        target = match target {
            Target::Object { module, qualname, object: object @ ApiObject::Class(class) } => {
                let members = resolver.members(ClassRef { module, class, object }, &qualname);
                let Some(member) = members.get(part) else { return false };
                match member.object {
                    std::borrow::Cow::Borrowed(object) => Target::Object {
                        module: member.module,
                        qualname: format!("{}.{part}", member.class_qualname),
                        object,
                    },
                    std::borrow::Cow::Owned(_) => Target::Opaque,
                }
            }
            Target::Module(module) => match resolver.resolve(&module.name, part) {
                Some(next) => next,
                None => return false,
            },
            // Outside the tree or opaque: cannot be followed, so not reported missing.
            Target::External(_) | Target::Opaque => return true,
            Target::Object { .. } => return false,
        };
    }
    true
}

pub fn missing_critical_literal(context: &Context) -> Outcome {
    let literals = &context.policy.options.critical_literals;
    let mut outcome = Outcome { checked: literals.len(), ..Outcome::default() };
    for literal in literals {
        let hash = literal_hash(literal.value());
        let has = |path: &str| {
            context.facts.iter().any(|f| f.path == path && f.literals.binary_search(&hash).is_ok())
        };
        let (found, place) = match literal.module() {
            Some(module) => match context.resolver.module(module) {
                Some(found) => (has(&found.path), Some(found.path.clone())),
                None => (false, None),
            },
            None => (context.facts.iter().any(|f| f.literals.binary_search(&hash).is_ok()), None),
        };
        if found {
            continue;
        }
        let value = literal.value();
        let (key, where_) = match literal.module() {
            Some(module) => (format!("{value}|{module}"), format!("in `{module}`")),
            None => (value.to_owned(), "anywhere in the code".to_owned()),
        };
        let (path, line) = match place {
            Some(path) => (path, 1),
            None => (context.policy.source.clone(), 0),
        };
        outcome.violations.push(Violation {
            edge: None,
            key,
            path,
            line,
            message: format!("critical literal \"{value}\" no longer appears {where_}"),
        });
    }
    outcome
}

pub fn undeclared_env_var(context: &Context) -> Outcome {
    let options = &context.policy.options;
    let mut declared: BTreeSet<String> = options.declared_env.iter().cloned().collect();
    let mut declared_in: Vec<&str> = Vec::new();
    for file in context.project {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        if options.env_files.iter().any(|wanted| wanted == &file.path || wanted == name) {
            declared.extend(env_file_names(&file.text));
            declared_in.push(&file.path);
        }
    }
    // name → reads without a default (path, line); names only read with one.
    let mut required: BTreeMap<&str, Vec<(&str, u32)>> = BTreeMap::new();
    let mut optional: BTreeSet<&str> = BTreeSet::new();
    for file in &context.facts {
        for read in file.env_reads.iter().filter(|read| !is_ambient(&read.name)) {
            if read.default {
                optional.insert(&read.name);
            } else {
                required.entry(&read.name).or_default().push((&file.path, read.line));
            }
        }
    }
    let informational = optional.iter().filter(|name| !required.contains_key(*name)).count();
    let sources = if declared_in.is_empty() {
        "the policy (no .env.example in the tree)".to_owned()
    } else {
        format!("the policy or {}", declared_in.join(", "))
    };
    let violations = required
        .iter()
        .filter(|(name, _)| !declared.contains(**name))
        .filter_map(|(name, places)| {
            let &(path, line) = places.first()?;
            Some(Violation {
                edge: None,
                key: (*name).to_owned(),
                path: path.to_owned(),
                line,
                message: format!(
                    "environment variable `{name}` is read without a default ({} place(s)) but not declared in {sources}",
                    places.len()
                ),
            })
        })
        .collect();
    Outcome { checked: required.len(), violations, informational: Some(informational) }
}

/// Variables the operating system, the Python interpreter or a CI service sets — configuration
/// of the machine, not of the project, which no `.env.example` lists: `PYTHON*` (`PYTHONPATH`,
/// `PYTHONSTARTUP`), locale (`LANG`, `LC_*`), the user and shell (`HOME`, `USER`, `PATH`, …),
/// `XDG_*`, virtual environments, and CI markers (`CI`, `GITHUB_*`, `GITLAB_CI`, …).
pub fn is_ambient(name: &str) -> bool {
    const PREFIXES: [&str; 5] = ["PYTHON", "LC_", "XDG_", "GITHUB_", "RUNNER_"];
    const NAMES: [&str; 40] = [
        "HOME",
        "PATH",
        "USER",
        "USERNAME",
        "LOGNAME",
        "SHELL",
        "TERM",
        "TMPDIR",
        "TEMP",
        "TMP",
        "LANG",
        "LANGUAGE",
        "PWD",
        "OLDPWD",
        "HOSTNAME",
        "TZ",
        "COLUMNS",
        "LINES",
        "EDITOR",
        "VISUAL",
        "PAGER",
        "DISPLAY",
        "NO_COLOR",
        "FORCE_COLOR",
        "VIRTUAL_ENV",
        "CONDA_PREFIX",
        "APPDATA",
        "LOCALAPPDATA",
        "USERPROFILE",
        "SYSTEMROOT",
        "COMSPEC",
        "PATHEXT",
        "WINDIR",
        "CI",
        "GITLAB_CI",
        "TRAVIS",
        "CIRCLECI",
        "BUILDKITE",
        "JENKINS_URL",
        "TF_BUILD",
    ];
    NAMES.contains(&name) || PREFIXES.iter().any(|prefix| name.starts_with(prefix))
}

/// The variable names of a `.env`-style file: `NAME=value` lines, `export` allowed.
fn env_file_names(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.strip_prefix("export ").unwrap_or(line))
        .filter_map(|line| {
            let name = line.split('=').next()?.trim();
            (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
                .then(|| name.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn env_file_names() {
        let names = super::env_file_names(
            "# db\nDATABASE_URL=postgres://\nexport SECRET_KEY = x\n\nnot a line\nDEBUG\n",
        );
        assert_eq!(names, ["DATABASE_URL", "SECRET_KEY", "DEBUG"]);
    }
}
