//! Resolution: questions about one tree that need more than one module — where an imported name
//! is really defined, what a module exports, a class's ancestors and its inherited members.
//!
//! In: an [`ApiSurface`]. Out: answers as borrowed views into it ([`Target`], [`Member`]). Name
//! resolution follows imports, star imports and submodules inside the tree with a depth limit, so
//! import cycles end; a name that leads outside the tree is [`Target::External`], never an error.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use super::{ApiObject, ApiSurface, Binding, ClassApi, FunctionApi, FunctionKind, ModuleApi, Parameter};

/// How many imports a name may be followed through (re-export chains are short; cycles are not).
const MAX_DEPTH: usize = 24;

/// Attributes every module has, whatever its code says.
const MODULE_ATTRIBUTES: &[&str] =
    &["__doc__", "__name__", "__file__", "__spec__", "__loader__", "__package__", "__path__", "__dict__"];

/// Where a name really lives.
#[derive(Debug, Clone)]
pub enum Target<'a> {
    /// A definition in the tree.
    Object { module: &'a ModuleApi, qualname: String, object: &'a ApiObject },
    /// A module of the tree.
    Module(&'a ModuleApi),
    /// Something outside the tree (another distribution, the standard library, a builtin).
    External(String),
    /// Served by a module's `__getattr__` (PEP 562), or unknowable (a star import from outside the
    /// tree, a module that could not be parsed): importable, but with no definition to compare.
    Opaque,
}

impl Target<'_> {
    /// The dotted path of what the name resolves to.
    pub fn path(&self) -> String {
        match self {
            Target::Object { module, qualname, .. } => format!("{}.{qualname}", module.name),
            Target::Module(module) => module.name.clone(),
            Target::External(name) => name.clone(),
            Target::Opaque => String::new(),
        }
    }
}

/// A class in the tree, located.
#[derive(Debug, Clone, Copy)]
pub struct ClassRef<'a> {
    pub module: &'a ModuleApi,
    pub class: &'a ClassApi,
    /// The same class as an [`ApiObject`] (what comparisons hold).
    pub object: &'a ApiObject,
}

impl ClassRef<'_> {
    pub fn path(&self, qualname: &str) -> String {
        format!("{}.{qualname}", self.module.name)
    }
}

/// One ancestor of a class, in method-resolution order.
#[derive(Debug, Clone)]
pub struct Ancestor<'a> {
    /// Dotted path: where the class is defined for classes of the tree, the name as resolved
    /// otherwise (`builtins.Exception`, `enum.Enum`).
    pub path: String,
    /// The class in the tree, with its qualified name.
    pub class: Option<(ClassRef<'a>, String)>,
}

impl Ancestor<'_> {
    /// The class's own name (last path component).
    pub fn name(&self) -> &str {
        self.path.rsplit('.').next().unwrap_or(&self.path)
    }
}

/// A member as seen on a class: its own or inherited.
#[derive(Debug, Clone)]
pub struct Member<'a> {
    /// Borrowed from the tree, or owned when synthesised (a dataclass `__init__`).
    pub object: Cow<'a, ApiObject>,
    /// The module of the class that defines it.
    pub module: &'a ModuleApi,
    /// The qualified name of the class that defines it.
    pub class_qualname: String,
}

impl Member<'_> {
    /// Dotted path of the class that defines the member.
    pub fn defined_in(&self) -> String {
        format!("{}.{}", self.module.name, self.class_qualname)
    }
}

pub struct Resolver<'a> {
    surface: &'a ApiSurface,
    /// Answers that resolution asks again and again, by module name (a comparison asks the same
    /// module's star names for every name it looks up there).
    star_cache: RefCell<HashMap<String, Rc<BTreeSet<String>>>>,
    all_cache: RefCell<HashMap<String, Option<AllNames>>>,
    unknowable_cache: RefCell<HashMap<String, bool>>,
}

/// What a module's `__all__` holds, resolved through the modules it reads (`__all__ +=
/// numeric.__all__`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllNames {
    pub names: BTreeSet<String>,
    /// Whether every part was read: a filtered comprehension, a call, or another module's
    /// `__all__` that cannot be read leaves it inexact (the names are what is known).
    pub exact: bool,
}

impl<'a> Resolver<'a> {
    pub fn new(surface: &'a ApiSurface) -> Self {
        Resolver {
            surface,
            star_cache: RefCell::default(),
            all_cache: RefCell::default(),
            unknowable_cache: RefCell::default(),
        }
    }

    pub fn module(&self, name: &str) -> Option<&'a ModuleApi> {
        self.surface.modules.get(name)
    }

    /// Whether a dotted module name belongs to this tree (its top-level package is in it).
    pub fn is_internal(&self, module: &str) -> bool {
        let top = module.split('.').next().unwrap_or(module);
        self.surface.top_level.contains(top)
    }

    /// Whether `import name` works: a module of the tree, a namespace package (a directory whose
    /// submodules exist), or a module that exists but could not be parsed.
    pub fn module_exists(&self, name: &str) -> bool {
        if self.surface.modules.contains_key(name) || self.is_unparsed(name) {
            return true;
        }
        let prefix = format!("{name}.");
        self.surface.modules.range(prefix.clone()..).next().is_some_and(|(key, _)| key.starts_with(&prefix))
    }

    /// Whether a module exists in the tree but cannot be read: it could not be parsed, or it is
    /// an extension module without a stub.
    pub fn is_unparsed(&self, module: &str) -> bool {
        self.surface.unparsed.contains(module) || self.surface.extensions.contains_key(module)
    }

    /// What `from module import name` gives, or `None` when it would raise ImportError.
    pub fn resolve(&self, module: &str, name: &str) -> Option<Target<'a>> {
        self.resolve_at(module, name, 0)
    }

    fn resolve_at(&self, module_name: &str, name: &str, depth: usize) -> Option<Target<'a>> {
        if depth > MAX_DEPTH || MODULE_ATTRIBUTES.contains(&name) {
            return Some(Target::Opaque);
        }
        let Some(module) = self.module(module_name) else {
            if self.is_unparsed(module_name) || !self.is_internal(module_name) {
                return Some(if self.is_internal(module_name) {
                    Target::Opaque
                } else {
                    Target::External(format!("{module_name}.{name}"))
                });
            }
            // A namespace package (a directory without `__init__.py`): only submodules.
            return self.module(&format!("{module_name}.{name}")).map(Target::Module);
        };
        if let Some(binding) = module.bindings.get(name) {
            return Some(match binding {
                Binding::Object(object) => Target::Object { module, qualname: name.to_owned(), object },
                Binding::Import(imported) => match &imported.name {
                    // `from . import sub` in a package's `__init__`: the submodule.
                    Some(source_name) if imported.module == module.name && source_name == name => {
                        match self.module(&format!("{module_name}.{name}")) {
                            Some(submodule) => Target::Module(submodule),
                            None if self.is_unparsed(&format!("{module_name}.{name}")) => Target::Opaque,
                            None => return None,
                        }
                    }
                    Some(source_name) => self.resolve_import(&imported.module, source_name, depth)?,
                    None => self.resolve_module(&imported.module),
                },
            });
        }
        if name == "__all__" && module.all.is_some() {
            return Some(Target::Opaque);
        }
        for source in &module.star_imports {
            if !self.is_internal(source) {
                // Whatever an external `import *` brings is unknowable here.
                continue;
            }
            if self.star_names(source, depth + 1).contains(name) {
                return self.resolve_at(source, name, depth + 1);
            }
        }
        if let Some(submodule) = self.module(&format!("{module_name}.{name}")) {
            return Some(Target::Module(submodule));
        }
        if self.serves(module, name) {
            return Some(Target::Opaque);
        }
        if self.unknowable_star(module, depth) || self.is_unparsed(module_name) {
            return Some(Target::Opaque);
        }
        None
    }

    /// Whether a module's `import *`s may bring names the analysis cannot know: from outside the
    /// tree, from a module of the tree it cannot read (an extension module, a module missing from
    /// the sources), or from a module that is itself so without an exact `__all__`.
    pub fn unknowable_star(&self, module: &ModuleApi, depth: usize) -> bool {
        if module.star_imports.is_empty() {
            return false;
        }
        if let Some(&cached) = self.unknowable_cache.borrow().get(&module.name) {
            return cached;
        }
        let found = self.unknowable_star_uncached(module, depth);
        self.unknowable_cache.borrow_mut().insert(module.name.clone(), found);
        found
    }

    fn unknowable_star_uncached(&self, module: &ModuleApi, depth: usize) -> bool {
        depth <= MAX_DEPTH
            && module.star_imports.iter().any(|source| match self.module(source) {
                None => true,
                Some(_) if !self.is_internal(source) => true,
                Some(inner) => {
                    !self.all_names_at(inner, depth + 1).is_some_and(|all| all.exact)
                        && self.unknowable_star(inner, depth + 1)
                }
            })
    }

    /// Why a module's names cannot all be known, when they cannot (for the report's list of
    /// modules not fully readable).
    pub fn unreadable_reasons(&self, module: &ModuleApi) -> Vec<String> {
        let mut reasons = Vec::new();
        if let Some(reason) = &module.all_unknown {
            reasons.push(reason.clone());
        }
        for expression in &module.all_from {
            let readable = match self.resolve_expression(module, expression) {
                Target::Module(inner) => inner.all.is_some(),
                _ => false,
            };
            if !readable {
                reasons.push(format!("`__all__` includes `{expression}.__all__`, which cannot be read"));
            }
        }
        for source in &module.star_imports {
            let why = if !self.is_internal(source) {
                continue; // names from outside the tree are external: nothing is claimed about them
            } else if self.surface.extensions.contains_key(source) {
                "an extension module, which the analysis cannot read"
            } else if self.module(source).is_none() {
                "not in the tree as Python source (an extension module built at install time?)"
            } else {
                continue;
            };
            reasons.push(format!("`from {source} import *`: `{source}` is {why}"));
        }
        reasons
    }

    /// `from source import name` as seen from an importing module.
    fn resolve_import(&self, source: &str, name: &str, depth: usize) -> Option<Target<'a>> {
        if !self.is_internal(source) {
            return Some(Target::External(format!("{source}.{name}")));
        }
        self.resolve_at(source, name, depth + 1)
    }

    /// `import source` as seen from an importing module.
    fn resolve_module(&self, source: &str) -> Target<'a> {
        match self.module(source) {
            Some(module) => Target::Module(module),
            None if self.is_internal(source) && !self.is_unparsed(source) => {
                Target::External(source.to_owned())
            }
            None => Target::External(source.to_owned()),
        }
    }

    /// The names a module's `__getattr__` serves: its own, those of the factory that built it
    /// (`__getattr__ = _make_getattr(__name__)`), and those its factory's tables serve for this
    /// module.
    pub fn served_names(&self, module: &'a ModuleApi) -> Option<BTreeSet<String>> {
        let mut names: Option<BTreeSet<String>> = module.getattr_names.clone();
        if let Some((home, factory)) = self.factory(module) {
            if let Some(served) = home.getattr_factories.get(&factory) {
                names.get_or_insert_with(BTreeSet::new).extend(served.iter().cloned());
            }
        }
        if let Some(table) = self.shim_table(module) {
            let (served, _) = table.for_module(&module.name);
            names.get_or_insert_with(BTreeSet::new).extend(served.into_keys());
        }
        names
    }

    /// Whether a module's `__getattr__` serves `name` (without building the whole set).
    pub fn serves(&self, module: &'a ModuleApi, name: &str) -> bool {
        if module.getattr_names.as_ref().is_some_and(|names| names.contains(name)) {
            return true;
        }
        if module.getattr_factory.is_none() {
            return false;
        }
        self.served_names(module).is_some_and(|names| names.contains(name))
    }

    /// The function that built a module's `__getattr__` (`__getattr__ = factory(__name__)`): its
    /// module and qualified name.
    fn factory(&self, module: &'a ModuleApi) -> Option<(&'a ModuleApi, String)> {
        let factory = module.getattr_factory.as_deref()?;
        if module.shim_tables.contains_key(factory) {
            return Some((module, factory.to_owned()));
        }
        match self.resolve(&module.name, factory)? {
            Target::Object { module: home, qualname, .. } => Some((home, qualname)),
            _ => None,
        }
    }

    /// The tables of the factory that built a module's `__getattr__`, when it reads tables.
    pub fn shim_table(&self, module: &'a ModuleApi) -> Option<&'a crate::model::shims::ShimTable> {
        let (home, factory) = self.factory(module)?;
        home.shim_tables.get(&factory)
    }

    /// Where a module's table-driven shim says `name` moved (`Some(None)`: served, location not
    /// given); `None` when the shim does not serve it.
    pub fn shim_location(&self, module: &'a ModuleApi, name: &str) -> Option<Option<String>> {
        let table = self.shim_table(module)?;
        table.for_module(&module.name).0.remove(name)
    }

    /// Whether a module's table-driven shim lists `name` as removed (it raises for it), with the
    /// factory's module and line.
    pub fn shim_removes(&self, module: &'a ModuleApi, name: &str) -> Option<(String, u32)> {
        let (home, factory) = self.factory(module)?;
        let table = home.shim_tables.get(&factory)?;
        table.for_module(&module.name).1.contains_key(name).then(|| (home.path.clone(), table.line))
    }

    /// Whether a warning category written in `module` is a deprecation: `DeprecationWarning`,
    /// `PendingDeprecationWarning`, `FutureWarning`, or a class of the tree deriving from one.
    pub fn is_deprecation_category(&self, module: &'a ModuleApi, category: &str) -> bool {
        // The name as written says it (`DeprecationWarning = PydanticDeprecatedSince20` aliases
        // keep the standard name).
        let written = category.rsplit('.').next().unwrap_or(category);
        if crate::model::deprecation::CATEGORIES.contains(&written) {
            return true;
        }
        let standard = |name: &str| {
            crate::model::deprecation::CATEGORIES.contains(&name)
                || crate::model::builtins::ancestors(name)
                    .iter()
                    .any(|a| crate::model::deprecation::CATEGORIES.contains(a))
        };
        match self.resolve_expression(module, category) {
            Target::Object { module: home, qualname, object: object @ ApiObject::Class(class) } => {
                let here = ClassRef { module: home, class, object };
                self.ancestors(here, &qualname).iter().any(|ancestor| standard(ancestor.name()))
            }
            Target::External(name) => {
                let last = name.rsplit('.').next().unwrap_or(&name);
                // A category imported where the analysis cannot follow it (inside the function,
                // from outside the tree) that says what it is: `RemovedInDjango51Warning`,
                // `SADeprecationWarning`.
                standard(last)
                    || (last.ends_with("Warning")
                        && (last.contains("Deprecat") || last.starts_with("RemovedIn")))
            }
            _ => false,
        }
    }

    /// The signals among `found` that deprecate for real (a decorator or docstring, or a warning
    /// whose category is a deprecation), written in `module`.
    pub fn deprecations<'d>(
        &self,
        module: &'a ModuleApi,
        found: &'d [crate::model::deprecation::Deprecation],
    ) -> Vec<&'d crate::model::deprecation::Deprecation> {
        found
            .iter()
            .filter(|d| {
                d.category.as_deref().is_none_or(|category| self.is_deprecation_category(module, category))
            })
            .collect()
    }

    /// What a module's `__all__` holds (`None` when it defines none), resolved through the
    /// modules it reads.
    pub fn all_names(&self, module: &'a ModuleApi) -> Option<AllNames> {
        self.all_names_at(module, 0)
    }

    fn all_names_at(&self, module: &'a ModuleApi, depth: usize) -> Option<AllNames> {
        module.all.as_ref()?;
        if let Some(cached) = self.all_cache.borrow().get(&module.name) {
            return cached.clone();
        }
        let found = self.all_names_uncached(module, depth);
        self.all_cache.borrow_mut().insert(module.name.clone(), found.clone());
        found
    }

    fn all_names_uncached(&self, module: &'a ModuleApi, depth: usize) -> Option<AllNames> {
        let all = module.all.as_ref()?;
        let mut names: BTreeSet<String> = all.iter().cloned().collect();
        let mut exact = module.all_unknown.is_none();
        for expression in &module.all_from {
            let target =
                (depth < MAX_DEPTH).then(|| self.resolve_expression_at(module, expression, depth + 1));
            match target {
                Some(Target::Module(inner)) => match self.all_names_at(inner, depth + 1) {
                    Some(inner_all) => {
                        names.extend(inner_all.names);
                        exact &= inner_all.exact;
                    }
                    None => exact = false, // `inner.__all__` raises AttributeError: unknowable here
                },
                _ => exact = false,
            }
        }
        Some(AllNames { names, exact })
    }

    /// Whether `name` is in the module's `__all__` (as resolved).
    pub fn in_all(&self, module: &'a ModuleApi, name: &str) -> bool {
        self.all_names(module).is_some_and(|all| all.names.contains(name))
    }

    /// The names `from module import *` brings: `__all__`, or the public names without it.
    fn star_names(&self, module_name: &str, depth: usize) -> Rc<BTreeSet<String>> {
        if let Some(cached) = self.star_cache.borrow().get(module_name) {
            return cached.clone();
        }
        let names = Rc::new(self.star_names_uncached(module_name, depth));
        self.star_cache.borrow_mut().insert(module_name.to_owned(), names.clone());
        names
    }

    fn star_names_uncached(&self, module_name: &str, depth: usize) -> BTreeSet<String> {
        let Some(module) = self.module(module_name) else { return BTreeSet::new() };
        if let Some(all) = self.all_names_at(module, depth) {
            return all.names;
        }
        let mut names: BTreeSet<String> =
            module.bindings.keys().filter(|name| !name.starts_with('_')).cloned().collect();
        if depth <= MAX_DEPTH {
            for source in module.star_imports.iter().filter(|s| self.is_internal(s)) {
                names.extend(self.star_names(source, depth + 1).iter().cloned());
            }
        }
        names
    }

    /// The public names of a module (its API entries), sorted.
    ///
    /// With `__all__`: exactly its names. Without: definitions with public names; imports
    /// re-exported as `x as x`; in a package's `__init__.py`, names imported from its own
    /// submodules (`from .api import get` makes `requests.get` API); names from an internal
    /// `import *`; and the names a `__getattr__` shim serves.
    pub fn exports(&self, module: &'a ModuleApi) -> Vec<String> {
        self.exports_at(module, 0)
    }

    fn exports_at(&self, module: &'a ModuleApi, depth: usize) -> Vec<String> {
        let mut names: BTreeSet<String> = BTreeSet::new();
        if let Some(all) = self.all_names_at(module, depth) {
            if all.exact {
                // `__all__` is what `import *` gives; names a `__getattr__` serves import by name
                // whatever it says (`pytest.Instance`).
                let mut names = all.names;
                if let Some(served) = self.served_names(module) {
                    names.extend(served.into_iter().filter(|n| !n.starts_with('_')));
                }
                return names.into_iter().collect();
            }
            // Part of `__all__` cannot be read: what it is known to hold, and the names the
            // module would export without it.
            names = all.names;
        }
        for (name, binding) in &module.bindings {
            if name.starts_with('_') {
                continue;
            }
            let public = match binding {
                Binding::Object(_) => true,
                Binding::Import(imported) => {
                    let from_own_submodule = imported.module.starts_with(&format!("{}.", module.name));
                    imported.reexport || (module.is_package && imported.name.is_some() && from_own_submodule)
                }
            };
            if public {
                names.insert(name.clone());
            }
        }
        // `from m import *` re-exports what `m` exports (its `__all__`, or its own public names —
        // not whatever `m` happens to import).
        for source in module.star_imports.iter().filter(|s| self.is_internal(s) && depth < MAX_DEPTH) {
            if let Some(source) = self.module(source) {
                let star = self.star_names(&source.name, 1);
                names.extend(
                    self.exports_at(source, depth + 1)
                        .into_iter()
                        .filter(|n| star.contains(n) && !n.starts_with('_')),
                );
            }
        }
        if let Some(served) = self.served_names(module) {
            names.extend(served.iter().filter(|n| !n.starts_with('_')).cloned());
        }
        names.into_iter().collect()
    }

    /// Resolves a dotted expression as written in `module` (a base class like `sansio.App` or
    /// `enum.Enum`). Subscripts (`Generic[T]`) are ignored. Unbound first names are builtins.
    pub fn resolve_expression(&self, module: &'a ModuleApi, text: &str) -> Target<'a> {
        self.resolve_expression_at(module, text, 0)
    }

    fn resolve_expression_at(&self, module: &'a ModuleApi, text: &str, depth: usize) -> Target<'a> {
        let text = text.split('[').next().unwrap_or(text).trim();
        let mut parts = text.split('.');
        let Some(first) = parts.next() else { return Target::External(text.to_owned()) };
        let mut target = match self.resolve_at(&module.name, first, depth) {
            Some(target) => target,
            None => {
                // An import the tree cannot follow (`six.moves.http_client`): name it by what it
                // imports, not by the local alias.
                if let Some(Binding::Import(imported)) = module.bindings.get(first) {
                    let rest = text.get(first.len()..).unwrap_or("");
                    let path = match &imported.name {
                        Some(name) => format!("{}.{name}{rest}", imported.module),
                        None => format!("{}{rest}", imported.module),
                    };
                    return Target::External(path);
                }
                return Target::External(format!("builtins.{text}"));
            }
        };
        for part in parts {
            target = match target {
                Target::Module(inner) => match self.resolve_at(&inner.name, part, depth) {
                    Some(next) => next,
                    None => return Target::External(format!("{}.{part}", inner.name)),
                },
                Target::Object { module, qualname, object: ApiObject::Class(class) } => {
                    match class.members.get(part) {
                        Some(member) => {
                            Target::Object { module, qualname: format!("{qualname}.{part}"), object: member }
                        }
                        None => return Target::External(format!("{}.{qualname}.{part}", module.name)),
                    }
                }
                Target::External(name) => Target::External(format!("{name}.{part}")),
                other => return other,
            };
        }
        target
    }

    /// A class's ancestors in method-resolution order (depth-first, left to right, each once —
    /// C3 agrees with this whenever the hierarchy has no diamonds), excluding `object`,
    /// `Generic` and `Protocol`.
    pub fn ancestors(&self, class: ClassRef<'a>, qualname: &str) -> Vec<Ancestor<'a>> {
        let mut out: Vec<Ancestor<'a>> = Vec::new();
        let mut seen = BTreeSet::new();
        seen.insert(class.path(qualname));
        self.collect_ancestors(class, &mut out, &mut seen, 0);
        out
    }

    fn collect_ancestors(
        &self,
        class: ClassRef<'a>,
        out: &mut Vec<Ancestor<'a>>,
        seen: &mut BTreeSet<String>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        for ancestor in self.bases(class) {
            if !seen.insert(ancestor.path.clone()) {
                continue;
            }
            let located = ancestor.class.as_ref().map(|(found, _)| *found);
            out.push(ancestor);
            if let Some(found) = located {
                self.collect_ancestors(found, out, seen, depth + 1);
            }
        }
    }

    /// The direct bases of a class, resolved (`object`, `Generic`, `Protocol` left out).
    pub fn bases(&self, class: ClassRef<'a>) -> Vec<Ancestor<'a>> {
        class
            .class
            .bases
            .iter()
            .filter(|base| {
                let stem = base.split('[').next().unwrap_or(base).trim();
                let last = stem.rsplit('.').next().unwrap_or(stem);
                !matches!(last, "object" | "Generic" | "Protocol") && !stem.contains('(')
            })
            .map(|base| self.base(class.module, base))
            .collect()
    }

    fn base(&self, module: &'a ModuleApi, written: &str) -> Ancestor<'a> {
        self.base_at(module, written, 0)
    }

    fn base_at(&self, module: &'a ModuleApi, written: &str, depth: usize) -> Ancestor<'a> {
        let stem = written.split('[').next().unwrap_or(written).trim();
        match self.resolve_expression(module, written) {
            // `Traversible = Visitable`: the base is what the alias names.
            Target::Object { module: home, object: ApiObject::Attribute(attribute), .. }
                if depth < 8 && attribute.alias_target().is_some() =>
            {
                self.base_at(home, attribute.alias_target().unwrap_or(stem), depth + 1)
            }
            Target::Object { module, qualname, object } => match object {
                ApiObject::Class(found) => Ancestor {
                    path: format!("{}.{qualname}", module.name),
                    class: Some((ClassRef { module, class: found, object }, qualname)),
                },
                _ => Ancestor { path: format!("{}.{qualname}", module.name), class: None },
            },
            Target::External(name) => {
                let name = name.strip_prefix("builtins.").unwrap_or(&name);
                // `Dict[str, int]` as a base is `dict`: the typing aliases of the builtins.
                let name = crate::model::builtins::typing_alias(name).unwrap_or(name);
                Ancestor { path: name.to_owned(), class: None }
            }
            Target::Module(module) => Ancestor { path: module.name.clone(), class: None },
            Target::Opaque => Ancestor { path: stem.to_owned(), class: None },
        }
    }

    /// Every public member of a class — its own, then inherited ones in MRO order — with where
    /// each is defined. Dataclass-style classes without their own `__init__` get the synthesised
    /// one (inherited fields first).
    pub fn members(&self, class: ClassRef<'a>, qualname: &str) -> BTreeMap<String, Member<'a>> {
        let member = |object, module, class_qualname: &str| Member {
            object,
            module,
            class_qualname: class_qualname.to_owned(),
        };
        let mut members: BTreeMap<String, Member<'a>> = class
            .class
            .members
            .iter()
            .map(|(name, object)| (name.clone(), member(Cow::Borrowed(object), class.module, qualname)))
            .collect();
        let ancestors = self.ancestors(class, qualname);
        if class.class.fields.is_some() && !members.contains_key("__init__") {
            let mut parameters: Vec<Parameter> = Vec::new();
            for (ancestor, _) in ancestors.iter().rev().filter_map(|a| a.class.as_ref()) {
                merge_fields(&mut parameters, ancestor.class.fields.as_deref().unwrap_or_default());
            }
            merge_fields(&mut parameters, class.class.fields.as_deref().unwrap_or_default());
            let init = synthesized_init(class.class, parameters);
            members.insert(
                "__init__".to_owned(),
                member(Cow::Owned(ApiObject::Function(init)), class.module, qualname),
            );
        }
        for ancestor in &ancestors {
            let Some((base, base_qualname)) = &ancestor.class else { continue };
            for (name, object) in &base.class.members {
                let inherited = || member(Cow::Borrowed(object), base.module, base_qualname);
                match members.get(name) {
                    None => {
                        members.insert(name.clone(), inherited());
                    }
                    // `self.debug = …` in a subclass assigns through the base's property: the
                    // member is still the property, not a new instance attribute.
                    Some(existing)
                        if is_instance_attribute(&existing.object)
                            && !is_instance_attribute(object)
                            && !is_declared_only(object)
                            && !is_method(object) =>
                    {
                        members.insert(name.clone(), inherited());
                    }
                    Some(_) => {}
                }
            }
        }
        members
    }
}

/// A method (not a property): `self.x = …` in a subclass shadows it on the instance.
fn is_method(object: &ApiObject) -> bool {
    matches!(object, ApiObject::Function(function) if function.kind != FunctionKind::Property)
}

/// `x: int` in a class body: a declaration, which a subclass's `self.x = …` does not go through.
fn is_declared_only(object: &ApiObject) -> bool {
    matches!(object, ApiObject::Attribute(attribute) if attribute.is_declared_only())
}

fn is_instance_attribute(object: &ApiObject) -> bool {
    matches!(object, ApiObject::Attribute(attribute) if attribute.kind == super::AttributeKind::InstanceAttribute)
}

fn merge_fields(parameters: &mut Vec<Parameter>, fields: &[Parameter]) {
    for field in fields {
        match parameters.iter_mut().find(|p| p.name == field.name) {
            Some(existing) => *existing = field.clone(),
            None => parameters.push(field.clone()),
        }
    }
}

/// The `__init__` a dataclass decorator writes: fields in order, keyword-only ones last.
fn synthesized_init(class: &ClassApi, mut parameters: Vec<Parameter>) -> FunctionApi {
    parameters.sort_by_key(|p| p.kind);
    let mut written = vec![Parameter {
        name: "self".into(),
        kind: super::ParameterKind::PositionalOrKeyword,
        default: None,
        annotation: None,
    }];
    written.extend(parameters.iter().cloned());
    FunctionApi {
        name: "__init__".into(),
        line: class.line,
        kind: FunctionKind::Method,
        is_async: false,
        signature: super::signature::render("__init__", false, &written, None),
        parameters,
        returns: None,
        overloads: Vec::new(),
        settable: false,
        delegates_to: None,
        synthesized: true,
        replaced_by: None,
        deprecations: Vec::new(),
    }
}
