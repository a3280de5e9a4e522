//! The layout as each build backend configures it: `pyproject.toml`'s `[build-system]` names the
//! backend, and the backend's own table (or its defaults) says where the packages are. setuptools
//! projects may also configure it in `setup.cfg` and `setup.py`.

use std::collections::BTreeSet;

use toml::{Table, Value};

use super::setup_py::{self, SetupPy};
use super::{
    check_exist, clean_dir, named_after_project, setup_cfg, toml_table, Found, Layout, Paths, Selection,
};
use crate::intake::ProjectFile;

/// The build backends whose configuration is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Backend {
    Setuptools,
    Hatch,
    Poetry,
    Pdm,
    Flit,
    Maturin,
    /// A backend whose configuration is not read (meson-python, scikit-build, …).
    Other,
}

fn backend(table: &Table) -> (Backend, String) {
    let name = table
        .get("build-system")
        .and_then(|b| b.get("build-backend"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let tool = |key: &str| table.get("tool").and_then(|t| t.get(key)).is_some();
    let kind = match name.split([':', '.']).next().unwrap_or("") {
        "setuptools" => Backend::Setuptools,
        "hatchling" => Backend::Hatch,
        "poetry" => Backend::Poetry,
        "pdm" => Backend::Pdm,
        "flit_core" | "flit" => Backend::Flit,
        "maturin" => Backend::Maturin,
        "" if tool("poetry") && table.get("project").is_none() => Backend::Poetry,
        "" => Backend::Setuptools, // PEP 517's default for a project without [build-system]
        _ => Backend::Other,
    };
    (kind, name)
}

fn get<'t>(table: &'t Table, path: &[&str]) -> Option<&'t Value> {
    let (first, rest) = path.split_first()?;
    let mut value = table.get(*first)?;
    for key in rest {
        value = value.get(*key)?;
    }
    Some(value)
}

fn strings(value: Option<&Value>) -> Option<Vec<String>> {
    match value? {
        Value::String(text) => Some(vec![text.clone()]),
        Value::Array(items) => items.iter().map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => None,
    }
}

/// The line of the first occurrence of `needle` in `text` (1 when absent).
fn line_of(text: &str, needle: &str) -> u32 {
    text.find(needle).map_or(1, |at| text.get(..at).map_or(1, |b| b.matches('\n').count() as u32 + 1))
}

/// Decides the layout from `pyproject.toml` (and setup.cfg/setup.py for setuptools); `false`
/// when nothing could be decided (the caller falls back).
pub(super) fn read(
    layout: &mut Layout,
    paths: &Paths,
    pyproject: &ProjectFile,
    setup_cfg: Option<&ProjectFile>,
    setup_py: Option<&ProjectFile>,
) -> bool {
    let Some(table) = toml_table(layout, pyproject) else {
        return setuptools(layout, paths, None, setup_cfg, setup_py);
    };
    let (backend, name) = backend(&table);
    let project_name = get(&table, &["project", "name"])
        .or_else(|| get(&table, &["tool", "poetry", "name"]))
        .and_then(Value::as_str)
        .map(str::to_owned);
    let path = pyproject.path.as_str();
    match backend {
        Backend::Setuptools => setuptools(layout, paths, Some((pyproject, &table)), setup_cfg, setup_py),
        Backend::Hatch => hatch(layout, paths, path, &table, project_name.as_deref()),
        Backend::Poetry => poetry(layout, paths, pyproject, &table, project_name.as_deref()),
        Backend::Pdm => pdm(layout, paths, path, &table, project_name.as_deref()),
        Backend::Flit => flit(layout, paths, path, &table, project_name.as_deref()),
        Backend::Maturin => maturin(layout, paths, pyproject, &table, project_name.as_deref()),
        Backend::Other => {
            layout.conventions(paths, &format!("conventions (the build backend `{name}` is not read)"));
            true
        }
    }
}

/// setuptools: `[tool.setuptools]` in pyproject.toml, else `setup.cfg [options]`, else
/// `setup.py`'s `setup()` arguments, else its automatic discovery (the conventions).
pub(super) fn setuptools(
    layout: &mut Layout,
    paths: &Paths,
    pyproject: Option<(&ProjectFile, &Table)>,
    cfg: Option<&ProjectFile>,
    setup: Option<&ProjectFile>,
) -> bool {
    let mut config = Setuptools::default();
    if let Some((file, table)) = pyproject {
        config.from_pyproject(file, table);
    }
    if let Some(file) = cfg {
        config.from_setup_cfg(file);
    }
    if let Some(file) = setup {
        config.from_setup_py(file);
    }
    for problem in std::mem::take(&mut config.problems) {
        layout.problems.push(problem);
    }
    layout.extensions.extend(config.extensions.iter().cloned());
    if config.unreadable {
        return false; // the egg-info or the conventions decide
    }
    let root_dir = config.package_dir.iter().find(|(name, _)| name.is_empty()).map(|(_, dir)| clean_dir(dir));
    let dir_why = config.package_dir_from.clone().unwrap_or_default();
    match config.packages.take() {
        Some(Packages::Find { wheres, include, exclude, namespaces, from }) => {
            let wheres = if wheres.is_empty() { vec![root_dir.clone().unwrap_or_default()] } else { wheres };
            for dir in wheres {
                let selection =
                    Selection::Find { include: include.clone(), exclude: exclude.clone(), namespaces };
                layout.add(Found::new(&dir, "", selection, &from));
            }
        }
        Some(Packages::Exact { packages, from, line }) => {
            let packages: BTreeSet<String> = packages.into_iter().collect();
            // Packages mapped to folders of their own (`package_dir = {"yaml": "lib/yaml"}`).
            let mut mapped: BTreeSet<String> = BTreeSet::new();
            for (name, dir) in config.package_dir.iter().filter(|(name, _)| !name.is_empty()) {
                let own: BTreeSet<String> = packages
                    .iter()
                    .filter(|p| *p == name || p.starts_with(&format!("{name}.")))
                    .cloned()
                    .collect();
                mapped.extend(own.iter().cloned());
                let selection = Selection::Exact { packages: own, modules: BTreeSet::new() };
                layout.add(Found::new(dir, name, selection, &dir_why));
            }
            let rest: BTreeSet<String> = packages.difference(&mapped).cloned().collect();
            let modules: BTreeSet<String> = config.modules.take().unwrap_or_default().into_iter().collect();
            if !rest.is_empty() || !modules.is_empty() {
                let dir = root_dir.clone().unwrap_or_default();
                let tops: BTreeSet<String> = rest
                    .iter()
                    .chain(&modules)
                    .filter_map(|p| p.split('.').next().map(str::to_owned))
                    .collect();
                if !check_exist(layout, paths, &dir, &tops, &from.0, line) {
                    return false;
                }
                let why =
                    if root_dir.is_some() { format!("{} and {dir_why}", from.1) } else { from.1.clone() };
                layout.add(Found::new(&dir, "", Selection::Exact { packages: rest, modules }, &why));
            }
        }
        None => {
            let modules: BTreeSet<String> = config.modules.take().unwrap_or_default().into_iter().collect();
            match root_dir {
                Some(dir) => {
                    // A package_dir without packages: setuptools discovers packages there.
                    layout.add(Found::new(
                        &dir,
                        "",
                        Selection::All { conventions: dir.is_empty() },
                        &dir_why,
                    ));
                }
                None if modules.is_empty() => return false, // automatic discovery: conventions
                None => {}
            }
            if !modules.is_empty() {
                let from = config.modules_from.clone().unwrap_or_default();
                let selection = Selection::Exact { packages: BTreeSet::new(), modules };
                layout.add(Found::new("", "", selection, &from));
            }
        }
    }
    true
}

/// How setuptools is told which packages to build.
enum Packages {
    Find {
        wheres: Vec<String>,
        include: Vec<String>,
        exclude: Vec<String>,
        namespaces: bool,
        from: String,
    },
    /// The list, the (file, reason) it came from and its line.
    Exact {
        packages: Vec<String>,
        from: (String, String),
        line: u32,
    },
}

#[derive(Default)]
struct Setuptools {
    packages: Option<Packages>,
    /// `package_dir` as (package, folder) pairs; `""` is the root package.
    package_dir: Vec<(String, String)>,
    package_dir_from: Option<String>,
    modules: Option<Vec<String>>,
    modules_from: Option<String>,
    extensions: BTreeSet<String>,
    problems: Vec<super::LayoutProblem>,
    /// Some of the configuration is computed: what it says cannot be known.
    unreadable: bool,
}

impl Setuptools {
    fn from_pyproject(&mut self, file: &ProjectFile, table: &Table) {
        let Some(tool) = get(table, &["tool", "setuptools"]) else { return };
        let path = &file.path;
        if let Some(Value::Table(dirs)) = tool.get("package-dir") {
            self.package_dir =
                dirs.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect();
            self.package_dir_from = Some(format!("{path} [tool.setuptools] package-dir"));
        }
        match tool.get("packages") {
            Some(Value::Array(_)) => {
                if let Some(list) = strings(tool.get("packages")) {
                    let line = line_of(&file.text, "packages");
                    let from = (path.clone(), format!("{path} [tool.setuptools] packages"));
                    self.packages = Some(Packages::Exact { packages: list, from, line });
                }
            }
            Some(Value::Table(packages)) => {
                let find = packages.get("find");
                let namespaced = packages.get("find-namespace");
                if let Some(find) = find.or(namespaced) {
                    self.packages = Some(Packages::Find {
                        wheres: strings(find.get("where"))
                            .unwrap_or_default()
                            .iter()
                            .map(|w| clean_dir(w))
                            .collect(),
                        include: strings(find.get("include")).unwrap_or_else(|| vec!["*".into()]),
                        exclude: strings(find.get("exclude")).unwrap_or_default(),
                        namespaces: find.get("namespaces").and_then(Value::as_bool).unwrap_or(true),
                        from: format!("{path} [tool.setuptools.packages.find]"),
                    });
                }
            }
            _ => {}
        }
        if let Some(modules) = strings(tool.get("py-modules")) {
            self.modules = Some(modules);
            self.modules_from = Some(format!("{path} [tool.setuptools] py-modules"));
        }
        if let Some(Value::Array(extensions)) = tool.get("ext-modules") {
            self.extensions.extend(
                extensions.iter().filter_map(|e| e.get("name").and_then(Value::as_str)).map(str::to_owned),
            );
        }
    }

    fn from_setup_cfg(&mut self, file: &ProjectFile) {
        let entries = setup_cfg::entries(&file.text);
        let path = &file.path;
        if self.package_dir.is_empty() {
            if let Some(entry) = setup_cfg::find(&entries, "options", "package_dir") {
                self.package_dir = entry
                    .values
                    .iter()
                    .filter_map(|v| v.split_once('='))
                    .map(|(name, dir)| (name.trim().to_owned(), dir.trim().to_owned()))
                    .collect();
                self.package_dir_from = Some(format!("{path} [options] package_dir"));
            }
        }
        if self.packages.is_none() {
            if let Some(entry) = setup_cfg::find(&entries, "options", "packages") {
                let items = entry.items();
                let first = items.first().map(String::as_str);
                self.packages = match first {
                    Some("find:" | "find_namespace:") => {
                        let find = |key: &str| {
                            setup_cfg::find(&entries, "options.packages.find", key).map(|e| e.items())
                        };
                        Some(Packages::Find {
                            wheres: find("where").unwrap_or_default().iter().map(|w| clean_dir(w)).collect(),
                            include: find("include").unwrap_or_else(|| vec!["*".into()]),
                            exclude: find("exclude").unwrap_or_default(),
                            namespaces: first == Some("find_namespace:"),
                            from: format!("{path} [options] packages = {}", first.unwrap_or_default()),
                        })
                    }
                    _ => Some(Packages::Exact {
                        packages: items,
                        from: (path.clone(), format!("{path} [options] packages")),
                        line: entry.line,
                    }),
                };
            }
        }
        if self.modules.is_none() {
            if let Some(entry) = setup_cfg::find(&entries, "options", "py_modules") {
                self.modules = Some(entry.items());
                self.modules_from = Some(format!("{path} [options] py_modules"));
            }
        }
    }

    fn from_setup_py(&mut self, file: &ProjectFile) {
        let Some(setup) = SetupPy::parse(&file.path, &file.text) else {
            // Reported by the parse stage as a syntax error; what it builds cannot be read.
            self.unreadable = self.packages.is_none();
            return;
        };
        self.extensions.extend(setup.extension_names());
        let path = &file.path;
        let computed = |this: &mut Setuptools, key: &str, line: u32| {
            this.problems.push(super::LayoutProblem {
                path: path.clone(),
                line,
                message: format!(
                    "setup.py computes `{key}=` (it is not a literal); the packages it builds are found another way"
                ),
            });
            this.unreadable = true;
        };
        if self.package_dir.is_empty() {
            if let Some(argument) = setup.argument("package_dir") {
                match argument.value {
                    setup_py::Value::Dict(pairs) => {
                        self.package_dir = pairs;
                        self.package_dir_from = Some(format!("{path} package_dir="));
                    }
                    _ => computed(self, "package_dir", argument.line),
                }
            }
        }
        if self.packages.is_none() {
            if let Some(argument) = setup.argument("packages") {
                match argument.value {
                    setup_py::Value::List(packages) => {
                        let from = (path.clone(), format!("{path} packages="));
                        self.packages = Some(Packages::Exact { packages, from, line: argument.line });
                    }
                    setup_py::Value::Find { where_, include, exclude, namespaces } => {
                        let call = if namespaces { "find_namespace_packages" } else { "find_packages" };
                        let argument = if clean_dir(&where_).is_empty() {
                            "…".to_owned()
                        } else {
                            format!("\"{where_}\", …")
                        };
                        self.packages = Some(Packages::Find {
                            wheres: vec![clean_dir(&where_)],
                            include,
                            exclude,
                            namespaces,
                            from: format!("{path} packages={call}({argument})"),
                        });
                    }
                    _ => computed(self, "packages", argument.line),
                }
            }
        }
        if self.modules.is_none() {
            if let Some(argument) = setup.argument("py_modules") {
                match argument.value {
                    setup_py::Value::List(modules) => {
                        self.modules = Some(modules);
                        self.modules_from = Some(format!("{path} py_modules="));
                    }
                    _ => computed(self, "py_modules", argument.line),
                }
            }
        }
    }
}

/// hatch: `[tool.hatch.build.targets.wheel]` (or `[tool.hatch.build]`) `packages`,
/// `only-include`, `sources`; by default the package named after the project.
fn hatch(layout: &mut Layout, paths: &Paths, path: &str, table: &Table, project: Option<&str>) -> bool {
    let target = get(table, &["tool", "hatch", "build", "targets", "wheel"]);
    let build = get(table, &["tool", "hatch", "build"]);
    let setting = |key: &str| target.and_then(|t| t.get(key)).or_else(|| build.and_then(|b| b.get(key)));
    let section = |key: &str| {
        if target.and_then(|t| t.get(key)).is_some() {
            format!("{path} [tool.hatch.build.targets.wheel] {key}")
        } else {
            format!("{path} [tool.hatch.build] {key}")
        }
    };
    // `sources = ["src"]` strips the prefix; `sources = {"src/pkg" = "pkg"}` rewrites it.
    let rewrites: Vec<(String, String)> = match setting("sources") {
        Some(Value::Array(items)) => {
            items.iter().filter_map(Value::as_str).map(|s| (clean_dir(s), String::new())).collect()
        }
        Some(Value::Table(map)) => {
            map.iter().filter_map(|(k, v)| Some((clean_dir(k), clean_dir(v.as_str()?)))).collect()
        }
        _ => Vec::new(),
    };
    let (listed, key) = match (strings(setting("packages")), strings(setting("only-include"))) {
        (Some(packages), _) => (packages, "packages"),
        (None, Some(only)) => (only, "only-include"),
        (None, None) => {
            if let Some((dir, module)) = project.and_then(|name| named_after_project(paths, name)) {
                let why = format!("hatch's default: the package named after the project (`{module}`)");
                layout.add(Found::new(&dir, "", Selection::Trees { names: BTreeSet::from([module]) }, &why));
                return true;
            }
            layout.conventions(paths, "conventions (hatch settings name no package)");
            return true;
        }
    };
    let why = section(key);
    let mut by_dir: std::collections::BTreeMap<String, BTreeSet<String>> = std::collections::BTreeMap::new();
    let mut whole: Vec<String> = Vec::new();
    for item in listed {
        let item = clean_dir(&item);
        // `packages = ["src/foo"]` ships `foo` (the folder's name) from `src/`.
        // `only-include = ["src"]` with `sources = ["src"]`: everything under `src/`.
        if rewrites.iter().any(|(from, to)| item == *from && to.is_empty()) {
            whole.push(item.clone());
            continue;
        }
        let rewrite =
            rewrites.iter().find(|(from, _)| item == *from || item.starts_with(&format!("{from}/")));
        let (dir, name) = match rewrite {
            Some((from, to)) if to.is_empty() => {
                (from.clone(), item.get(from.len() + 1..).unwrap_or("").to_owned())
            }
            Some((from, to)) => {
                (clean_dir(&format!("{from}/..")), format!("{to}{}", item.get(from.len()..).unwrap_or("")))
            }
            None if key == "packages" => match item.rsplit_once('/') {
                Some((dir, name)) => (dir.to_owned(), name.to_owned()),
                None => (String::new(), item.clone()),
            },
            None => (String::new(), item.clone()),
        };
        let name = name.trim_end_matches(".py").replace('/', ".");
        if name.is_empty() || !name.split('.').all(crate::model::syntax::is_identifier) {
            continue; // data files, `py.typed`, …
        }
        by_dir.entry(dir).or_default().insert(name);
    }
    for dir in &whole {
        layout.add(Found::new(dir, "", Selection::All { conventions: false }, &why));
    }
    if by_dir.is_empty() && whole.is_empty() {
        layout.conventions(paths, "conventions (hatch settings name no package)");
    }
    for (dir, names) in by_dir {
        layout.add(Found::new(&dir, "", Selection::Trees { names }, &why));
    }
    true
}

/// poetry: `packages = [{include = "pkg", from = "src"}]`; by default the package named after
/// the project.
fn poetry(
    layout: &mut Layout,
    paths: &Paths,
    file: &ProjectFile,
    table: &Table,
    project: Option<&str>,
) -> bool {
    let path = file.path.as_str();
    let packages = get(table, &["tool", "poetry", "packages"]).and_then(Value::as_array);
    let Some(packages) = packages else {
        if let Some((dir, module)) = project.and_then(|name| named_after_project(paths, name)) {
            let why = format!("poetry's default: the package named after the project (`{module}`)");
            layout.add(Found::new(&dir, "", Selection::Trees { names: BTreeSet::from([module]) }, &why));
        } else {
            layout.conventions(paths, "conventions (poetry settings name no package)");
        }
        return true;
    };
    let why = format!("{path} [tool.poetry] packages");
    let line = line_of(&file.text, "packages");
    for entry in packages {
        let Some(include) = entry.get("include").and_then(Value::as_str) else { continue };
        // Entries for sdists only (`format = "sdist"`) are not installed.
        let formats = strings(entry.get("format")).unwrap_or_default();
        if !formats.is_empty() && !formats.iter().any(|f| f == "wheel") {
            continue;
        }
        let dir = clean_dir(entry.get("from").and_then(Value::as_str).unwrap_or(""));
        let include = clean_dir(include);
        let names: BTreeSet<String> = if include.contains(['*', '?']) {
            // A glob over the folder's entries: `include = "pkg_*"`.
            let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
            paths
                .all
                .iter()
                .filter_map(|p| p.strip_prefix(prefix.as_str()))
                .filter_map(|rest| rest.split('/').next())
                .map(|top| top.trim_end_matches(".py"))
                .filter(|top| super::fnmatch(&include, top) && crate::model::syntax::is_identifier(top))
                .map(str::to_owned)
                .collect()
        } else {
            BTreeSet::from([include.trim_end_matches(".py").replace('/', ".")])
        };
        if names.is_empty() || !check_exist(layout, paths, &dir, &names, path, line) {
            continue;
        }
        layout.add(Found::new(&dir, "", Selection::Trees { names }, &why));
    }
    if layout.sources.is_empty() {
        layout.conventions(paths, "conventions (poetry's packages name nothing that exists)");
    }
    true
}

/// pdm-backend: `[tool.pdm.build]` (or the older `[tool.pdm]`) `package-dir` and `includes`;
/// by default the packages under `src/` when it exists, else under the root.
fn pdm(layout: &mut Layout, paths: &Paths, path: &str, table: &Table, project: Option<&str>) -> bool {
    let build = get(table, &["tool", "pdm", "build"]).or_else(|| get(table, &["tool", "pdm"]));
    let setting = |key: &str| build.and_then(|b| b.get(key));
    let (dir, dir_why) = match setting("package-dir").and_then(Value::as_str) {
        Some(dir) => (clean_dir(dir), format!("{path} [tool.pdm.build] package-dir")),
        None if paths.has_dir("src") => ("src".to_owned(), "pdm's default: the src layout".to_owned()),
        None => (String::new(), "pdm's default: packages at the root".to_owned()),
    };
    if let Some(includes) = strings(setting("includes")) {
        // `includes = ["src"]` with `package-dir = "src"`: everything below it, namespace
        // packages included.
        if includes.iter().any(|i| clean_dir(i) == dir) {
            let selection =
                Selection::Find { include: vec!["*".into()], exclude: Vec::new(), namespaces: true };
            layout.add(Found::new(&dir, "", selection, &format!("{path} [tool.pdm.build] includes")));
            return true;
        }
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let names: BTreeSet<String> = includes
            .iter()
            .map(|i| clean_dir(i))
            .map(|i| i.strip_prefix(prefix.as_str()).map(str::to_owned).unwrap_or(i))
            .map(|i| i.trim_end_matches(".py").replace('/', "."))
            .filter(|n| !n.contains('*') && n.split('.').all(crate::model::syntax::is_identifier))
            .collect();
        if !names.is_empty() {
            layout.add(Found::new(
                &dir,
                "",
                Selection::Trees { names },
                &format!("{path} [tool.pdm.build] includes"),
            ));
            return true;
        }
    }
    // At the root, the package named after the project (pdm-backend leaves build hooks and
    // scripts beside it out).
    let named = project.and_then(|name| named_after_project(paths, name));
    if let (true, Some((found_dir, module))) = (dir.is_empty(), named) {
        if found_dir.is_empty() {
            let why = format!("{dir_why}: the package named after the project (`{module}`)");
            layout.add(Found::new("", "", Selection::Trees { names: BTreeSet::from([module]) }, &why));
            return true;
        }
    }
    layout.add(Found::new(&dir, "", Selection::All { conventions: true }, &dir_why));
    true
}

/// flit: one module or package named after the project (or `[tool.flit.module] name`), at the
/// root or under `src/`.
fn flit(layout: &mut Layout, paths: &Paths, path: &str, table: &Table, project: Option<&str>) -> bool {
    let configured = get(table, &["tool", "flit", "module", "name"])
        .or_else(|| get(table, &["tool", "flit", "metadata", "module"]))
        .and_then(Value::as_str);
    let (name, why) = match (configured, project) {
        (Some(name), _) => (name.to_owned(), format!("{path} [tool.flit.module] name")),
        (None, Some(project)) => (
            project.to_owned(),
            format!("flit: the module named after the project (`{path} [project] name`)"),
        ),
        (None, None) => {
            layout.conventions(paths, "conventions (flit settings name no module)");
            return true;
        }
    };
    // A dotted module name is a package inside a namespace package (`name = "ns.pkg"`).
    let candidates = [name.replace('-', "_"), name.replace('-', "_").to_lowercase()];
    let found = candidates.iter().find_map(|module| {
        let relative = module.replace('.', "/");
        ["", "src"].iter().find_map(|dir| {
            let at = if dir.is_empty() { relative.clone() } else { format!("{dir}/{relative}") };
            (paths.has_dir(&at) || paths.has_file(&format!("{at}.py")))
                .then(|| ((*dir).to_owned(), module.clone()))
        })
    });
    match found {
        Some((dir, module)) => {
            layout.add(Found::new(&dir, "", Selection::Trees { names: BTreeSet::from([module]) }, &why));
        }
        None => {
            let relative = name.replace('.', "/");
            layout.problem(path, 1, format!("flit builds the module `{name}`, but the tree has no `{relative}/` or `{relative}.py`; packages are found by convention"));
            layout.conventions(paths, "conventions (flit's module is not in the tree)");
        }
    }
    true
}

/// maturin: the Python package under `python-source` (default: the root) named by the first part
/// of `module-name` (default: the project name); the native module `module-name` is an
/// extension module, read from its `.pyi` stub when there is one.
fn maturin(
    layout: &mut Layout,
    paths: &Paths,
    file: &ProjectFile,
    table: &Table,
    project: Option<&str>,
) -> bool {
    let path = file.path.as_str();
    let tool = get(table, &["tool", "maturin"]);
    let source = tool.and_then(|t| t.get("python-source")).and_then(Value::as_str).map(clean_dir);
    let module_name = tool
        .and_then(|t| t.get("module-name"))
        .and_then(Value::as_str)
        .map(str::to_owned)
        .or_else(|| project.map(|p| p.replace('-', "_")));
    let Some(module_name) = module_name else {
        layout.conventions(paths, "conventions (maturin settings name no module)");
        return true;
    };
    let top = module_name.split('.').next().unwrap_or(&module_name).to_owned();
    // Without `python-source`, maturin looks for the package at the root, then under `src/` and
    // `python/`.
    let dir = source.clone().unwrap_or_else(|| {
        ["", "src", "python"]
            .iter()
            .find(|dir| {
                let at = if dir.is_empty() { top.clone() } else { format!("{dir}/{top}") };
                paths.has_dir(&at)
            })
            .map_or(String::new(), |dir| (*dir).to_owned())
    });
    let at = |rest: &str| if dir.is_empty() { rest.to_owned() } else { format!("{dir}/{rest}") };
    // A native module named like its Python package goes inside it (`orjson/orjson.so`).
    let extension = if !module_name.contains('.') && paths.has_dir(&at(&top)) {
        format!("{top}.{top}")
    } else {
        module_name.clone()
    };
    let why = match &source {
        Some(_) => format!("{path} [tool.maturin] python-source"),
        None if dir.is_empty() => format!("maturin: the package `{top}` at the root"),
        None => format!("maturin: the package `{top}` under `{dir}/`"),
    };
    layout.extensions.insert(extension);
    layout.add(Found::new(&dir, "", Selection::Trees { names: BTreeSet::from([top]) }, &why));
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::layout::Layout;

    fn layout(files: &[(&str, &str)], others: &[&str]) -> Layout {
        let all: BTreeSet<&str> = files.iter().map(|(p, _)| *p).chain(others.iter().copied()).collect();
        let build: Vec<ProjectFile> =
            files.iter().map(|(p, t)| ProjectFile { path: (*p).to_owned(), text: (*t).to_owned() }).collect();
        Layout::read(&all, &build)
    }

    fn roots(layout: &Layout) -> Vec<(String, String)> {
        layout.roots.iter().map(|r| (r.path.clone(), r.from.clone())).collect()
    }

    #[test]
    fn setup_cfg_package_dir_and_find() {
        let found = layout(
            &[("setup.cfg", "[options]\npackage_dir =\n    =lib\npackages = find:\n[options.packages.find]\nwhere = lib\n")],
            &["lib/sqlalchemy/__init__.py", "examples/__init__.py"],
        );
        assert_eq!(roots(&found), [("lib".to_owned(), "setup.cfg [options] packages = find:".to_owned())]);
        assert!(found.problems.is_empty());
    }

    #[test]
    fn computed_setup_py_is_a_problem_and_falls_back() {
        let found = layout(
            &[("setup.py", "import sys\nsetup(\n    package_dir={'': {2: 'lib', 3: 'lib3'}[sys.version_info[0]]},\n    packages=['yaml'],\n)\n")],
            &["lib3/yaml/__init__.py"],
        );
        assert_eq!(found.problems.len(), 1, "{:?}", found.problems);
        assert_eq!(found.problems[0].line, 3);
        assert!(found.roots.iter().all(|r| r.from.starts_with("conventions")), "{:?}", found.roots);
    }

    #[test]
    fn hatch_poetry_pdm_flit_maturin() {
        let hatch = layout(
            &[("pyproject.toml", "[build-system]\nbuild-backend = \"hatchling.build\"\n[project]\nname = \"x\"\n[tool.hatch.build.targets.wheel]\npackages = [\"src/black\", \"src/blib2to3\"]\n")],
            &["src/black/__init__.py", "src/blib2to3/__init__.py"],
        );
        assert_eq!(hatch.roots.len(), 1);
        assert_eq!(hatch.roots[0].packages, ["black", "blib2to3"]);
        let poetry = layout(
            &[("pyproject.toml", "[build-system]\nbuild-backend = \"poetry.core.masonry.api\"\n[tool.poetry]\nname = \"poetry-core\"\npackages = [{include = \"poetry\", from = \"src\"}]\n")],
            &["src/poetry/core/__init__.py"],
        );
        assert_eq!(roots(&poetry)[0].0, "src");
        let flit = layout(
            &[(
                "pyproject.toml",
                "[build-system]\nbuild-backend = \"flit_core.buildapi\"\n[project]\nname = \"Flask\"\n",
            )],
            &["src/flask/__init__.py", "examples/tutorial/flaskr/__init__.py"],
        );
        assert_eq!(flit.roots[0].path, "src");
        assert_eq!(flit.roots[0].packages, ["flask"]);
        let maturin = layout(
            &[("pyproject.toml", "[build-system]\nbuild-backend = \"maturin\"\n[tool.maturin]\npython-source = \"python\"\nmodule-name = \"pydantic_core._pydantic_core\"\n")],
            &["python/pydantic_core/__init__.py", "python/pydantic_core/_pydantic_core.pyi"],
        );
        assert_eq!(roots(&maturin)[0].0, "python");
        assert!(maturin.extensions.contains("pydantic_core._pydantic_core"));
        let pdm = layout(
            &[(
                "pyproject.toml",
                "[build-system]\nbuild-backend = \"pdm.backend\"\n[tool.pdm.build]\npackage-dir = \"src\"\n",
            )],
            &["src/typer/__init__.py"],
        );
        assert_eq!(
            roots(&pdm)[0],
            ("src".to_owned(), "pyproject.toml [tool.pdm.build] package-dir".to_owned())
        );
    }
}
