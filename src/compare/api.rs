//! API changes between two [`ApiSurface`]s, classified by the [`crate::catalogue`].
//!
//! The unit of comparison is an *entry*: a public name `N` of a public module `M` (see
//! [`Resolver::exports`]). Each entry is resolved on both sides to where it is really defined, so
//! a name that moved to another module but is still re-exported is no change, and a definition
//! re-exported from several modules is compared once.
//!
//! Reporting conventions (part of the report contract):
//! - `object` is the dotted path where the object is defined (`pkg.client.Client.send`); a name
//!   that is only dropped from a re-exporting module, and `export_added`/`export_removed`, are
//!   reported at the exporting module's path (`pkg.Name`);
//! - a removed or added module, and a removed class, is one finding that lists its names in
//!   `members`; members are not repeated as findings of their own;
//! - a class member change is reported once, at the class that defines it, not again for every
//!   subclass; a member that moved between a class and its bases is compared where it was;
//! - `self`/`cls` are never parameters (see [`super::signatures`]).

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet, VecDeque};

use super::comparison::{Comparison, Located};
use super::{definitions, deprecations, imports, list_names, naming, Findings};
use crate::catalogue::ChangeKind;
use crate::model::resolve::{Resolver, Target};
use crate::model::{ApiObject, ApiSurface, Binding, ModuleApi};
use crate::report::{ApiChange, Evidence};

/// Every API change from `baseline` to `current`, unsorted.
pub fn compare(baseline: &ApiSurface, current: &ApiSurface) -> Vec<ApiChange> {
    let mut comparison = Comparison {
        old: Resolver::new(baseline),
        new: Resolver::new(current),
        baseline,
        current,
        findings: Findings::default(),
        compared: HashSet::new(),
        removed: HashSet::new(),
        added: HashSet::new(),
        removed_modules: HashSet::new(),
        awaitable: HashSet::new(),
        worklist: VecDeque::new(),
    };
    comparison.modules();
    comparison.drain_worklist();
    imports::compare(&comparison.old, &comparison.new, current, &mut comparison.findings);
    let mut changes = comparison.findings.into_changes();
    naming::name(&mut changes, (&comparison.old, baseline), (&comparison.new, current));
    deprecations::attach(&mut changes, &comparison.old, baseline);
    changes
}

/// Whether a module's parent package is in `modules` too (then it is reported with the parent).
fn parent_in(modules: &BTreeSet<&String>, name: &str) -> bool {
    let mut prefix = name;
    while let Some((parent, _)) = prefix.rsplit_once('.') {
        if modules.contains(&parent.to_owned()) {
            return true;
        }
        prefix = parent;
    }
    false
}

/// The modules of `modules` below `name`, relative to it (`commands.ping_google`).
fn descendants(modules: &BTreeSet<&String>, name: &str) -> Vec<String> {
    let prefix = format!("{name}.");
    modules
        .range::<String, _>(&prefix..)
        .take_while(|m| m.starts_with(&prefix))
        .filter_map(|m| m.strip_prefix(&prefix))
        .map(str::to_owned)
        .collect()
}

fn public<'s>(surface: &'s ApiSurface, name: &str) -> Option<&'s ModuleApi> {
    surface.modules.get(name).filter(|module| module.public)
}

fn module_evidence(module: &ModuleApi) -> Evidence {
    Evidence { path: module.path.clone(), line: 1, signature: format!("module {}", module.name) }
}

impl<'a> Comparison<'a> {
    fn modules(&mut self) {
        let removed: BTreeSet<&String> = self
            .baseline
            .modules
            .iter()
            .filter(|(name, m)| {
                m.public && !self.current.unparsed.contains(*name) && public(self.current, name).is_none()
            })
            .map(|(name, _)| name)
            .collect();
        let added: BTreeSet<&String> = self
            .current
            .modules
            .iter()
            .filter(|(name, m)| {
                m.public && !self.baseline.unparsed.contains(*name) && public(self.baseline, name).is_none()
            })
            .map(|(name, _)| name)
            .collect();
        self.removed_modules = removed.iter().map(|name| (*name).clone()).collect();
        for (name, old) in self.baseline.modules.iter().filter(|(_, m)| m.public) {
            if let Some(new) = public(self.current, name) {
                deprecations::newly_module(self, old, new);
                self.entries(old, new);
            } else if removed.contains(name) && !parent_in(&removed, name) {
                let mut members = self.old.exports(old);
                members.extend(descendants(&removed, name));
                let listed = if members.is_empty() {
                    String::new()
                } else {
                    format!(" (with {})", list_names(&members))
                };
                self.findings.add_with_members(
                    ChangeKind::ModuleRemoved,
                    name,
                    None,
                    (Some(module_evidence(old)), None),
                    format!("module `{name}` was removed; importing it raises ImportError{listed}"),
                    members,
                );
            }
        }
        for (name, new) in self.current.modules.iter().filter(|(name, _)| added.contains(name)) {
            if parent_in(&added, name) {
                continue; // listed with the new package it belongs to
            }
            let mut members = self.new.exports(new);
            members.extend(descendants(&added, name));
            self.findings.add_with_members(
                ChangeKind::ModuleAdded,
                name,
                None,
                (None, Some(module_evidence(new))),
                format!("new module `{name}`"),
                members,
            );
        }
    }

    /// Compares the public names of a module present on both sides.
    fn entries(&mut self, baseline_module: &'a ModuleApi, current_module: &'a ModuleApi) {
        let baseline_exports = self.old.exports(baseline_module);
        let current_exports: BTreeSet<String> = self.new.exports(current_module).into_iter().collect();
        // `__all__` on each side, when it can be read exactly: only then can an export change be
        // told (a part that cannot be read may hold the name).
        let (baseline_all, current_all) =
            (self.old.all_names(baseline_module), self.new.all_names(current_module));
        let readable = baseline_all.as_ref().is_none_or(|all| all.exact)
            && current_all.as_ref().is_none_or(|all| all.exact);
        let current_all = current_all.filter(|_| readable);
        let baseline_has_all = baseline_all.is_some() && readable;
        for name in &baseline_exports {
            let Some(before) = self.old.resolve(&baseline_module.name, name) else { continue };
            match self.new.resolve(&current_module.name, name) {
                None => self.entry_removed(baseline_module, current_module, name, before),
                Some(Target::Opaque) if !matches!(before, Target::Opaque) => {
                    if let Some(location) = self.new.shim_location(current_module, name) {
                        self.moved_behind_shim(baseline_module, current_module, name, &before, location);
                    }
                }
                Some(after) => {
                    // Only `__all__` changes what `import *` gives; without it every public name
                    // still comes along.
                    let was_star_exported = baseline_all.as_ref().is_none_or(|all| all.names.contains(name));
                    if was_star_exported && current_all.as_ref().is_some_and(|all| !all.names.contains(name))
                    {
                        self.export_change(ChangeKind::ExportRemoved, baseline_module, current_module, name);
                    }
                    self.targets(before, after);
                }
            }
        }
        let baseline_exports: BTreeSet<&String> = baseline_exports.iter().collect();
        for name in current_exports.iter().filter(|name| !baseline_exports.contains(name)) {
            // A name only an unreadable module could have provided before is new as far as the
            // code says.
            let unknown_before =
                matches!(self.old.resolve(&baseline_module.name, name), Some(Target::Opaque))
                    && !baseline_module.bindings.contains_key(name.as_str());
            if self.old.resolve(&baseline_module.name, name).is_none() || unknown_before {
                self.entry_added(current_module, name);
            } else if baseline_has_all && current_all.as_ref().is_some_and(|all| all.names.contains(name)) {
                self.export_change(ChangeKind::ExportAdded, baseline_module, current_module, name);
            }
        }
    }

    fn export_change(
        &mut self,
        kind: ChangeKind,
        baseline_module: &'a ModuleApi,
        current_module: &'a ModuleApi,
        name: &str,
    ) {
        let object = format!("{}.{name}", current_module.name);
        let (baseline_in, current_in) =
            (self.old.in_all(baseline_module, name), self.new.in_all(current_module, name));
        let evidence = |module: &ModuleApi, exported: bool| {
            let (exported, how) =
                if module.all.is_some() { (exported, "`__all__`") } else { (false, "the public names") };
            Evidence {
                path: module.path.clone(),
                line: module.bindings.get(name).map_or(1, binding_line),
                signature: format!("{name} {} {how}", if exported { "in" } else { "not in" }),
            }
        };
        let message = match kind {
            ChangeKind::ExportRemoved => format!(
                "`{name}` is no longer in `{}.__all__` (still importable by name); `from {} import *` stops providing it",
                current_module.name, current_module.name
            ),
            _ => format!("`{name}` is now exported by `{}` (added to `__all__`)", current_module.name),
        };
        self.findings.add(
            kind,
            &object,
            None,
            (Some(evidence(baseline_module, baseline_in)), Some(evidence(current_module, current_in))),
            message,
        );
    }

    /// A name that left `baseline_module` but is still served by the new module's table-driven
    /// `__getattr__` shim, which maps it to `location`.
    fn moved_behind_shim(
        &mut self,
        baseline_module: &'a ModuleApi,
        current_module: &'a ModuleApi,
        name: &str,
        before: &Target<'a>,
        location: Option<String>,
    ) {
        let entry = format!("{}.{name}", current_module.name);
        let evidence_before = match before {
            Target::Object { module, qualname, object } => {
                Located { module, qualname: qualname.clone(), object: Cow::Borrowed(*object) }.evidence()
            }
            _ => binding_evidence(baseline_module, name, name),
        };
        let shim = format!("{name} (served by __getattr__)");
        let now = location.as_deref().map_or(String::new(), |to| format!(" (it now lives at `{to}`)"));
        let message = format!(
            "`{name}` left `{module}`{now}; `from {module} import {name}` still works through the module's `__getattr__` shim, which usually warns — until the shim goes",
            module = current_module.name
        );
        self.findings.add(
            ChangeKind::ObjectMovedBehindShim,
            &entry,
            None,
            (Some(evidence_before), Some(binding_evidence(current_module, name, &shim))),
            message,
        );
    }

    /// A public name of `module` that can no longer be imported from it.
    fn entry_removed(
        &mut self,
        module: &'a ModuleApi,
        current_module: &'a ModuleApi,
        name: &str,
        before: Target<'a>,
    ) {
        let shim_raises = self.new.shim_removes(current_module, name);
        let findings_before = self.findings.len();
        self.entry_removed_finding(module, name, before);
        if let Some((path, line)) = shim_raises {
            // The module's `__getattr__` shim lists it as removed: say so.
            self.findings.append_to_messages(
                findings_before,
                &format!(" (its `__getattr__` shim raises for it: listed as removed in {path}:{line})"),
            );
        }
    }

    fn entry_removed_finding(&mut self, module: &'a ModuleApi, name: &str, before: Target<'a>) {
        let entry = format!("{}.{name}", module.name);
        match before {
            Target::Object { module: home, qualname, object } => {
                let located = Located { module: home, qualname, object: Cow::Borrowed(object) };
                let definition = located.path();
                let still_defined =
                    home.name != module.name && self.new.resolve(&home.name, &located.qualname).is_some();
                // Defined in a module that was removed (and reported as such): what breaks here
                // is this import path.
                let home_removed = home.name != module.name && self.removed_modules.contains(&home.name);
                if home_removed {
                    if self.removed.insert(entry.clone()) {
                        let message = format!(
                            "`{name}` can no longer be imported from `{}`; it was defined in the removed module `{}`",
                            module.name, home.name
                        );
                        self.findings.add(
                            ChangeKind::ObjectRemoved,
                            &entry,
                            None,
                            (Some(located.evidence()), None),
                            message,
                        );
                    }
                } else if still_defined {
                    if self.removed.insert(entry.clone()) {
                        self.findings.add(
                            ChangeKind::ObjectRemoved,
                            &entry,
                            None,
                            (Some(located.evidence()), None),
                            format!(
                                "`{name}` can no longer be imported from `{}`; it is still defined as `{definition}`",
                                module.name
                            ),
                        );
                    }
                } else if self.removed.insert(definition.clone()) {
                    self.report_removed(&definition, &located, &home.name);
                }
            }
            Target::Module(_) => {} // reported as module_removed
            Target::External(target) => {
                if self.removed.insert(entry.clone()) {
                    let evidence = binding_evidence(module, name, &format!("{name} = {target}"));
                    self.findings.add(
                        ChangeKind::ObjectRemoved,
                        &entry,
                        None,
                        (Some(evidence), None),
                        format!(
                            "`{name}` (an alias of `{target}`) can no longer be imported from `{}`",
                            module.name
                        ),
                    );
                }
            }
            Target::Opaque => {
                if self.removed.insert(entry.clone()) {
                    let evidence = binding_evidence(module, name, &format!("{name} (served by __getattr__)"));
                    self.findings.add(
                        ChangeKind::ObjectRemoved,
                        &entry,
                        None,
                        (Some(evidence), None),
                        format!("`{name}` can no longer be imported from `{}`: its `__getattr__` no longer serves it", module.name),
                    );
                }
            }
        }
    }

    /// Reports a removed definition (one finding; a class lists its members).
    pub fn report_removed(&mut self, object_path: &str, located: &Located<'_>, parent: &str) {
        let name = object_path.rsplit('.').next().unwrap_or(object_path);
        let members: Vec<String> = match located.object.as_ref() {
            ApiObject::Class(class) => class.members.keys().cloned().collect(),
            _ => Vec::new(),
        };
        let listed =
            if members.is_empty() { String::new() } else { format!(" (with {})", list_names(&members)) };
        self.findings.add_with_members(
            ChangeKind::ObjectRemoved,
            object_path,
            None,
            (Some(located.evidence()), None),
            format!("{} `{name}` was removed from `{parent}`{listed}", located.object.noun()),
            members,
        );
    }

    /// A public name of `module` that could not be imported from it before.
    fn entry_added(&mut self, module: &'a ModuleApi, name: &str) {
        let entry = format!("{}.{name}", module.name);
        let Some(after) = self.new.resolve(&module.name, name) else { return };
        match after {
            Target::Object { module: home, qualname, object } => {
                let located = Located { module: home, qualname, object: Cow::Borrowed(object) };
                let definition = located.path();
                let existed =
                    home.name != module.name && self.old.resolve(&home.name, &located.qualname).is_some();
                let (object_path, message) = if existed {
                    (
                        entry.clone(),
                        format!(
                            "`{name}` can now be imported from `{}` (defined as `{definition}`)",
                            module.name
                        ),
                    )
                } else {
                    (definition.clone(), format!("new {} `{name}` in `{}`", object.noun(), home.name))
                };
                if self.added.insert(object_path.clone()) {
                    self.findings.add(
                        ChangeKind::ObjectAdded,
                        &object_path,
                        None,
                        (None, Some(located.evidence())),
                        message,
                    );
                }
            }
            Target::Module(_) => {}
            Target::External(target) => {
                if self.added.insert(entry.clone()) {
                    let evidence = binding_evidence(module, name, &format!("{name} = {target}"));
                    let message = format!(
                        "`{name}` (an alias of `{target}`) can now be imported from `{}`",
                        module.name
                    );
                    self.findings.add(ChangeKind::ObjectAdded, &entry, None, (None, Some(evidence)), message);
                }
            }
            Target::Opaque => {
                if self.added.insert(entry.clone()) {
                    let evidence = binding_evidence(module, name, name);
                    let message = format!("`{name}` can now be imported from `{}`", module.name);
                    self.findings.add(ChangeKind::ObjectAdded, &entry, None, (None, Some(evidence)), message);
                }
            }
        }
    }

    /// Compares what one entry resolves to on each side (once per baseline definition).
    fn targets(&mut self, before: Target<'a>, after: Target<'a>) {
        // A function or class that became a module (`pkg.tz.timezone()` → `pkg/tz/timezone.py`):
        // the name still imports, but calling it raises TypeError.
        if let (Target::Object { module, qualname, object }, Target::Module(now)) = (&before, &after) {
            if !matches!(object, ApiObject::Attribute(_)) {
                let located = Located { module, qualname: qualname.clone(), object: Cow::Borrowed(*object) };
                let path = located.path();
                if self.compared.insert(path.clone()) {
                    let message = format!(
                        "`{path}` changed from {} {} to a module (`{}`): importing the name still works, calling or subclassing it does not",
                        if object.noun().starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" },
                        object.noun(),
                        now.path
                    );
                    let evidence = (Some(located.evidence()), Some(module_evidence(now)));
                    self.findings.add(ChangeKind::ObjectKindChanged, &path, None, evidence, message);
                }
            }
            return;
        }
        let (
            Target::Object { module: baseline_module, qualname: baseline_qualname, object: baseline_object },
            Target::Object { module: current_module, qualname: current_qualname, object: current_object },
        ) = (before, after)
        else {
            return; // a module, an external alias or a shim: nothing to compare here
        };
        let before = Located {
            module: baseline_module,
            qualname: baseline_qualname,
            object: Cow::Borrowed(baseline_object),
        };
        let after = Located {
            module: current_module,
            qualname: current_qualname,
            object: Cow::Borrowed(current_object),
        };
        let path = before.path();
        definitions::compare(self, &path, before, after);
    }

    fn drain_worklist(&mut self) {
        while let Some((before, after)) = self.worklist.pop_front() {
            let path = before.path();
            definitions::compare(self, &path, before, after);
        }
    }
}

fn binding_line(binding: &Binding) -> u32 {
    match binding {
        Binding::Object(object) => object.line(),
        Binding::Import(imported) => imported.line,
    }
}

/// Evidence pointing at a name's binding in a module (an import, an assignment), the
/// `__getattr__` that serves it, or the module.
fn binding_evidence(module: &ModuleApi, name: &str, signature: &str) -> Evidence {
    let served = module.getattr_line > 0 || module.getattr_factory.is_some();
    let line = match module.bindings.get(name) {
        Some(binding) => binding_line(binding),
        None if served => module.getattr_line.max(1),
        None => 1,
    };
    Evidence { path: module.path.clone(), line, signature: signature.to_owned() }
}
