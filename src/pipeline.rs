//! The whole pipeline, from two source trees to one report, in three steps that can be spread
//! over threads (CLI) or web workers (app) and still give byte-identical reports:
//!
//! 1. [`Plan::new`] — from the two trees' *paths* only: which files are importable modules under
//!    which names (discovery is cheap and deterministic, so every worker can compute it).
//! 2. [`SideWork::add`] — per file, independently: a digest of every file (for the file-level
//!    comparison), and each Python file parsed and its API extracted. A file identical on both
//!    sides is parsed once. Out: a [`Partial`], plain serialisable data. `SideWork` is the one
//!    piece of code that does step 2: [`process_share`] drives it over two whole trees (the CLI,
//!    the native tests, [`analyse_parallel`]'s threads, a worker's sample or bundle), and a web
//!    worker drives it file by file as the page hands picked files over.
//! 3. [`Plan::assemble`] — all partials together: the two API surfaces, the comparisons, the
//!    [`Report`].
//!
//! [`analyse`] runs the three steps in one thread; [`analyse_parallel`] (native only) splits step
//! 2 over threads; both give the same report.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::compare;
use crate::compliance::facts::{self, FileFacts};
use crate::compliance::policy::Policy;
use crate::compliance::{self, dependencies, python_requires, ProjectFile};
use crate::intake::{Digest, Skipped, SourceTree};
use crate::model::layout::{self, Layout};
use crate::model::packages::ModuleFile;
use crate::model::{self, ApiSurface, ModuleApi};
use crate::parse;
use crate::problem::{Problem, Side};
use crate::report::{NotReadable, Report, SideKind, SideSummary};

/// The stage the analysis is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Parse,
    Compare,
    Done,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Parse => "parse",
            Phase::Compare => "compare",
            Phase::Done => "done",
        }
    }
}

/// What step 2 found for some of the paths.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Partial {
    /// Per side (baseline, current): every file's digest.
    pub digests: [Vec<(String, Digest)>; 2],
    /// Per side: the API of each module parsed.
    pub modules: [Vec<ModuleApi>; 2],
    /// Files that could not be parsed (a module among them has an unknown API).
    pub problems: Vec<Problem>,
    /// Per side: the compliance facts of each Python file outside the tests.
    #[serde(default)]
    pub facts: [Vec<FileFacts>; 2],
    /// Per side: the project files (policy, dependency and environment files), whole.
    #[serde(default)]
    pub project: [Vec<ProjectFile>; 2],
    /// Per side, when this partial holds a whole side whose paths only it knows (an archive read
    /// by one web worker): what [`SidePlan::new`] needs.
    #[serde(default)]
    pub trees: [Option<TreeInfo>; 2],
}

/// The paths of a side, for planning it elsewhere.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TreeInfo {
    pub label: String,
    pub paths: Vec<String>,
    pub skipped: Vec<Skipped>,
    /// The build files ([`layout::is_build_file`]): where the packages are.
    #[serde(default)]
    pub build: Vec<ProjectFile>,
}

impl TreeInfo {
    pub fn of(tree: &SourceTree) -> TreeInfo {
        TreeInfo {
            label: tree.label.clone(),
            paths: tree.paths().map(str::to_owned).collect(),
            skipped: tree.skipped.clone(),
            build: build_files(tree),
        }
    }

    pub fn plan(&self) -> SidePlan {
        SidePlan::new(&self.label, self.paths.iter().map(String::as_str), self.skipped.clone(), &self.build)
    }
}

/// The build files of a tree ([`layout::is_build_file`]), as text: what [`SidePlan::new`] needs
/// besides the paths.
pub fn build_files(tree: &SourceTree) -> Vec<ProjectFile> {
    tree.files().filter_map(|(path, bytes)| build_file(path, bytes)).collect()
}

/// The file as a build file, when it is one and is text of a sensible size.
pub fn build_file(path: &str, bytes: &[u8]) -> Option<ProjectFile> {
    if !layout::is_build_file(path) || bytes.len() > compliance::MAX_PROJECT_FILE {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    Some(ProjectFile { path: path.to_owned(), text: text.to_owned() })
}

impl Partial {
    /// The current tree's own policy file, if it has one: `stability.toml` at the root, else a
    /// root `pyproject.toml` with a `[tool.stability-lens]` table.
    pub fn policy_file(&self) -> Option<&ProjectFile> {
        let current = self.project.get(1)?;
        current.iter().find(|f| f.path == "stability.toml").or_else(|| {
            current.iter().find(|f| f.path == "pyproject.toml" && f.text.contains("[tool.stability-lens"))
        })
    }

    /// Keeps only the digests of paths analysed on both sides ([`SidePlan::is_analysed`] — for a
    /// side without the path, as if it had it): a first report, assembled before the other files
    /// are read, compares those files alone. A side's analysed files are all read by then, so no
    /// change is invented; a few may only show in the complete report.
    pub fn only_analysed_files(&mut self, plan: &Plan) {
        let keep = |path: &str| plan.baseline.is_analysed(path) && plan.current.is_analysed(path);
        for digests in &mut self.digests {
            digests.retain(|(path, _)| keep(path));
        }
    }

    /// Folds another partial into this one.
    pub fn merge(&mut self, other: Partial) {
        for side in 0..2 {
            if let (Some(mine), Some(theirs)) = (self.digests.get_mut(side), other.digests.get(side)) {
                mine.extend(theirs.iter().cloned());
            }
        }
        let [b, c] = other.modules;
        self.modules[0].extend(b);
        self.modules[1].extend(c);
        let [b, c] = other.facts;
        self.facts[0].extend(b);
        self.facts[1].extend(c);
        let [b, c] = other.project;
        self.project[0].extend(b);
        self.project[1].extend(c);
        self.problems.extend(other.problems);
        let [b, c] = other.trees;
        if b.is_some() {
            self.trees[0] = b;
        }
        if c.is_some() {
            self.trees[1] = c;
        }
    }
}

/// One side as known from its paths and build files: label, layout, discovered modules, entries
/// skipped on intake.
#[derive(Debug, Clone, PartialEq)]
pub struct SidePlan {
    pub label: String,
    pub files: usize,
    pub python_files: usize,
    /// Where the distribution's packages are, and why ([`Layout::read`]).
    pub layout: Layout,
    pub modules: BTreeMap<String, ModuleFile>,
    /// Extension modules without source or stub: importable, not readable.
    pub extensions: BTreeMap<String, String>,
    /// The version the build files declare ([`model::version::declared`]).
    pub version: model::version::DeclaredVersion,
    /// The Python versions the build files say it supports ([`python_requires::declared`]).
    pub python_requires: Option<python_requires::Declared>,
    by_path: BTreeMap<String, String>,
    skipped: Vec<Skipped>,
}

impl SidePlan {
    /// Plans a side from its paths and its build files (any files may be given: only build
    /// files are read).
    pub fn new<'a>(
        label: &str,
        paths: impl IntoIterator<Item = &'a str>,
        skipped: Vec<Skipped>,
        build: &[ProjectFile],
    ) -> SidePlan {
        let paths: BTreeSet<&str> = paths.into_iter().collect();
        let build: Vec<ProjectFile> =
            build.iter().filter(|file| layout::is_build_file(&file.path)).cloned().collect();
        let layout = Layout::read(&paths, &build);
        let discovered = model::packages::discover(paths.iter().copied(), &layout);
        let by_path = discovered.modules.values().map(|m| (m.path.clone(), m.name.clone())).collect();
        SidePlan {
            label: label.to_owned(),
            files: paths.len(),
            python_files: paths.iter().filter(|p| is_python(p)).count(),
            version: model::version::declared(&build),
            python_requires: python_requires::declared(&build),
            layout,
            modules: discovered.modules,
            extensions: discovered.extensions,
            by_path,
            skipped,
        }
    }

    fn module(&self, path: &str) -> Option<&ModuleFile> {
        self.by_path.get(path).and_then(|name| self.modules.get(name))
    }

    /// Whether the findings read this file: a module (its API), Python outside the tests (the
    /// compliance facts), a project file (policy, dependencies, environment). The rest — test code
    /// outside the packages, checked only for syntax, and every other file — only adds to the
    /// changed files and the problems, so the app reads it last and shows a first report without
    /// it. In Django's sdist these are 1,891 of the 2,774 Python files (12 of 17 MB).
    pub fn is_analysed(&self, path: &str) -> bool {
        compliance::is_project_file(path)
            || layout::is_build_file(path)
            || self.module(path).is_some()
            || (is_python(path) && !compliance::is_test_path(path))
    }
}

/// Which of a folder's files to read first, from the paths alone: every file
/// [`SidePlan::is_analysed`] would say yes to, and a few more — project and build files, Python
/// and stubs outside the tests, and any Python file a package (a folder with `__init__.py`) or
/// the top of the tree could make a module. The page reads these before the rest without
/// reading any build metadata (which would bring a Python parser into the page): a superset is
/// enough, since the first report waits for every one of them and compares only what the
/// workers' plans call analysed.
pub fn read_first(paths: &[String]) -> Vec<bool> {
    let packages: BTreeSet<&str> = paths
        .iter()
        .filter_map(|p| p.strip_suffix("/__init__.py").or_else(|| p.strip_suffix("/__init__.pyi")))
        .collect();
    paths
        .iter()
        .map(|path| {
            let python = is_python(path) || path.ends_with(".pyi");
            let in_package = path.rsplit_once('/').is_some_and(|(dir, _)| packages.contains(dir));
            let shallow = path.matches('/').count() <= 1;
            compliance::is_project_file(path)
                || layout::is_build_file(path)
                || (python && (!compliance::is_test_path(path) || in_package || shallow))
        })
        .collect()
}

/// Steps 1 and 3 of the pipeline for one pair of trees.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub baseline: SidePlan,
    pub current: SidePlan,
}

pub fn is_python(path: &str) -> bool {
    path.ends_with(".py")
}

impl Plan {
    pub fn new(baseline: SidePlan, current: SidePlan) -> Plan {
        Plan { baseline, current }
    }

    /// The plan for two whole trees.
    pub fn for_trees(baseline: &SourceTree, current: &SourceTree) -> Plan {
        Plan::new(
            SidePlan::new(
                &baseline.label,
                baseline.paths(),
                baseline.skipped.clone(),
                &build_files(baseline),
            ),
            SidePlan::new(&current.label, current.paths(), current.skipped.clone(), &build_files(current)),
        )
    }

    /// Python files on both sides: the units of parse progress.
    pub fn python_files(&self) -> usize {
        self.baseline.python_files + self.current.python_files
    }

    /// Step 3: the report from all partials, under the policy given (`None`: the current tree's
    /// `stability.toml`, else its `pyproject.toml [tool.stability-lens]`, else the defaults).
    pub fn assemble(&self, partial: Partial, policy: Option<&PolicyText>) -> Report {
        let Partial {
            digests: [baseline_digests, current_digests],
            modules: [baseline_modules, current_modules],
            problems,
            facts: [mut baseline_facts, mut current_facts],
            project: [mut baseline_project, mut current_project],
            ..
        } = partial;
        for list in [&mut baseline_facts, &mut current_facts] {
            list.sort_by(|a, b| a.path.cmp(&b.path));
        }
        for list in [&mut baseline_project, &mut current_project] {
            list.sort_by(|a, b| a.path.cmp(&b.path));
        }
        let unparsed = |side: Side, plan: &SidePlan| -> Vec<String> {
            problems
                .iter()
                .filter(|problem| problem.side == side)
                .filter_map(|problem| plan.module(&problem.path).map(|module| module.name.clone()))
                .collect()
        };
        let old = surface(&self.baseline, baseline_modules, unparsed(Side::Baseline, &self.baseline));
        let new = surface(&self.current, current_modules, unparsed(Side::Current, &self.current));
        let api_changes = compare::api::compare(&old, &new);
        let files = compare::files::compare(&baseline_digests, &current_digests);
        let (policy, policy_problem) = choose_policy(policy, &current_project);
        let compliance = compliance::evaluate(
            &policy,
            compliance::SideInput { surface: &old, facts: &baseline_facts, project: &baseline_project },
            compliance::SideInput { surface: &new, facts: &current_facts, project: &current_project },
        );
        let (baseline_declared, current_declared) = (
            dependencies::declared(&baseline_project, self.baseline.layout.distribution),
            dependencies::declared(&current_project, self.current.layout.distribution),
        );
        let dependency_changes = dependencies::compare(&baseline_declared, &current_declared);
        let python_change = python_requires::compare(
            self.baseline.python_requires.as_ref(),
            self.current.python_requires.as_ref(),
        );
        let mut all_problems = problems;
        all_problems.extend(policy_problem);
        for (side, plan) in [(Side::Baseline, &self.baseline), (Side::Current, &self.current)] {
            all_problems.extend(plan.layout.problems.iter().map(|problem| Problem {
                side,
                path: problem.path.clone(),
                line: problem.line,
                column: 1,
                message: problem.message.clone(),
            }));
            all_problems.extend(plan.skipped.iter().map(|skipped| Problem {
                side,
                path: skipped.path.clone(),
                line: 1,
                column: 1,
                message: skipped.reason.clone(),
            }));
        }
        let (mut baseline_summary, mut current_summary) = (summary(&self.baseline), summary(&self.current));
        baseline_summary.not_fully_readable = not_fully_readable(&old, &self.baseline);
        current_summary.not_fully_readable = not_fully_readable(&new, &self.current);
        let mut report = Report::new(baseline_summary, current_summary, api_changes, files, all_problems);
        for (side, declared) in
            [(&mut report.baseline, &baseline_declared), (&mut report.current, &current_declared)]
        {
            side.dependencies =
                declared.count(dependencies::Scope::Runtime) + declared.count(dependencies::Scope::Extra);
            side.dependency_files = declared.sources.clone();
        }
        let version = |plan: &SidePlan, surface: &ApiSurface| {
            if plan.version.version.is_some() {
                return plan.version.clone();
            }
            dunder_version(surface).unwrap_or_else(|| plan.version.clone())
        };
        report.release = Some(crate::report::release::verdict(
            version(&self.baseline, &old),
            version(&self.current, &new),
            &report.api_changes,
        ));
        report.python_requires = python_change;
        report.set_compliance(compliance, dependency_changes);
        report
    }
}

/// A policy given explicitly: its name (for the report and errors; read by
/// [`Policy::read_named`]: a file named `pyproject.toml` for its `[tool.stability-lens]` table)
/// and its TOML text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyText {
    pub name: String,
    pub text: String,
}

impl PolicyText {
    /// Reads the policy, or says where it is wrong.
    pub fn check(&self) -> Result<Policy, crate::compliance::policy::PolicyError> {
        Policy::read_named(&self.name, &self.text).map(Option::unwrap_or_default)
    }
}

/// The policy in effect — the one given (`--policy`, the page's editor), else the current tree's
/// root `stability.toml`, else its root `pyproject.toml`'s table, else the defaults — and a
/// problem when the one found could not be read (the defaults are used then, and the report says
/// so). The one place a policy is chosen; every text is read by [`Policy::read_named`].
fn choose_policy(given: Option<&PolicyText>, current: &[ProjectFile]) -> (Policy, Option<Problem>) {
    let root = |name: &str| current.iter().find(|file| file.path == name);
    let read = match given.map(|given| (&given.name, &given.text)).or_else(|| {
        root("stability.toml").or_else(|| root("pyproject.toml")).map(|file| (&file.path, &file.text))
    }) {
        Some((name, text)) => Policy::read_named(name, text),
        None => Ok(None),
    };
    match read {
        Ok(policy) => (policy.unwrap_or_default(), None),
        Err(error) => {
            let problem = Problem {
                side: Side::Current,
                path: error.source_name.clone(),
                line: error.line,
                column: error.column,
                message: format!("policy not used (the defaults apply): {}", error.message),
            };
            (
                Policy {
                    source: format!("defaults ({} is invalid)", error.source_name),
                    ..Policy::default()
                },
                Some(problem),
            )
        }
    }
}

/// The file as a [`ProjectFile`] when it is one and is text of a sensible size.
fn project_file(path: &str, bytes: &[u8]) -> Option<ProjectFile> {
    if bytes.len() > compliance::MAX_PROJECT_FILE || !compliance::is_project_file(path) {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    Some(ProjectFile { path: path.to_owned(), text: text.to_owned() })
}

/// Step 2 done incrementally for one side as its files arrive — a web worker's share of it.
/// A file identical to the same path on the other side (and the same module there) reuses that
/// side's outcome instead of being parsed again.
#[derive(Debug, Clone)]
pub struct SideWork {
    pub side: Side,
    /// Which pick of this side the work belongs to (a new pick starts over).
    pub generation: u32,
    pub plan: SidePlan,
    /// For an archive side, the tree info other workers lack.
    pub tree: Option<TreeInfo>,
    /// Files not to parse, with the reason to report instead (files a worker crashed on).
    pub skip: BTreeMap<String, String>,
    results: BTreeMap<String, (Digest, Outcome)>,
    project: Vec<ProjectFile>,
}

impl SideWork {
    pub fn new(side: Side, generation: u32, plan: SidePlan) -> SideWork {
        SideWork {
            side,
            generation,
            plan,
            tree: None,
            skip: BTreeMap::new(),
            results: BTreeMap::new(),
            project: Vec::new(),
        }
    }

    pub fn add(&mut self, path: &str, bytes: &[u8], other: Option<&SideWork>) {
        let digest = Digest::of(bytes);
        let reused = other.and_then(|other| {
            let (other_digest, outcome) = other.results.get(path)?;
            reusable(&other.plan, &self.plan, path, other_digest, &digest).then(|| outcome.clone())
        });
        let outcome = match self.skip.get(path) {
            Some(reason) => {
                Outcome::Failed(parse::ParseFailure { line: 1, column: 1, message: reason.clone() })
            }
            None => reused.unwrap_or_else(|| outcome(&self.plan, path, bytes)),
        };
        self.results.insert(path.to_owned(), (digest, outcome));
        self.project.extend(project_file(path, bytes));
    }

    /// Files processed so far.
    pub fn len(&self) -> usize {
        self.results.len()
    }

    pub fn is_empty(&self) -> bool {
        self.results.is_empty()
    }

    /// Adds a copy of this side's results to a partial (a worker keeps its share for the next
    /// collection); the plan is not copied.
    pub fn contribute(&self, partial: &mut Partial) {
        for (path, (digest, outcome)) in &self.results {
            record(partial, self.side, path, *digest, outcome.clone());
        }
        if let Some(list) = partial.project.get_mut(self.side as usize) {
            list.extend(self.project.iter().cloned());
        }
        if let (Some(tree), Some(slot)) = (&self.tree, partial.trees.get_mut(self.side as usize)) {
            *slot = Some(tree.clone());
        }
    }

    /// Moves this side's results into a partial (no copy of the modules) and gives back its plan.
    pub fn into_partial(self, partial: &mut Partial) -> SidePlan {
        for (path, (digest, outcome)) in self.results {
            record(partial, self.side, &path, digest, outcome);
        }
        if let Some(list) = partial.project.get_mut(self.side as usize) {
            list.extend(self.project);
        }
        if let (Some(tree), Some(slot)) = (self.tree, partial.trees.get_mut(self.side as usize)) {
            *slot = Some(tree);
        }
        self.plan
    }
}

/// What processing one file gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Not Python: only its digest matters.
    Other,
    /// Python that parsed: the module's API when it is an importable module, and the compliance
    /// facts unless it is test code.
    Parsed(Option<Box<ModuleApi>>, Option<FileFacts>),
    Failed(parse::ParseFailure),
}

/// Parses (and extracts, for modules) one file of one side.
pub fn outcome(plan: &SidePlan, path: &str, bytes: &[u8]) -> Outcome {
    let module = plan.module(path);
    if !is_python(path) && module.is_none() {
        return Outcome::Other; // not Python, and not a module's stub
    }
    match parse::parse(path, bytes) {
        Ok(parsed) => Outcome::Parsed(
            module.map(|module| Box::new(parsed.restore_names(model::extract::extract(module, &parsed)))),
            (is_python(path) && !compliance::is_test_path(path))
                .then(|| parsed.restore_names(facts::gather(path, &parsed))),
        ),
        Err(failure) => Outcome::Failed(failure),
    }
}

/// Whether a file's outcome on one side can stand for the other: same bytes, and the same module
/// identity (name, public, package) on both sides.
pub fn reusable(
    one: &SidePlan,
    other: &SidePlan,
    path: &str,
    digest: &Digest,
    other_digest: &Digest,
) -> bool {
    digest == other_digest && one.module(path) == other.module(path)
}

/// Adds one file's results to a partial.
pub fn record(partial: &mut Partial, side: Side, path: &str, digest: Digest, outcome: Outcome) {
    let index = side as usize;
    if let Some(list) = partial.digests.get_mut(index) {
        list.push((path.to_owned(), digest));
    }
    match outcome {
        Outcome::Other => {}
        Outcome::Parsed(module, facts) => {
            if let (Some(module), Some(list)) = (module, partial.modules.get_mut(index)) {
                list.push(*module);
            }
            if let (Some(facts), Some(list)) = (facts, partial.facts.get_mut(index)) {
                list.push(facts);
            }
        }
        Outcome::Failed(failure) => {
            partial.problems.push(Problem {
                side,
                path: path.to_owned(),
                line: failure.line,
                column: failure.column,
                message: failure.message,
            });
        }
    }
}

fn surface(plan: &SidePlan, modules: Vec<ModuleApi>, unparsed: Vec<String>) -> ApiSurface {
    ApiSurface {
        modules: modules.into_iter().map(|module| (module.name.clone(), module)).collect(),
        unparsed: unparsed.into_iter().collect(),
        top_level: model::packages::top_level_names(plan.modules.values())
            .into_iter()
            .chain(plan.extensions.keys().filter_map(|name| name.split('.').next().map(str::to_owned)))
            .collect::<BTreeSet<_>>(),
        extensions: plan.extensions.clone(),
    }
}

/// A literal `__version__` of a public top-level package (`__version__ = "1.2.3"`, or imported
/// from a submodule that assigns one).
fn dunder_version(surface: &ApiSurface) -> Option<model::version::DeclaredVersion> {
    let resolver = model::resolve::Resolver::new(surface);
    surface.modules.values().filter(|m| m.public && !m.name.contains('.')).find_map(|module| {
        match resolver.resolve(&module.name, "__version__")? {
            model::resolve::Target::Object {
                module: home,
                object: model::ApiObject::Attribute(attribute),
                ..
            } => {
                let value = attribute.value.as_deref()?;
                let literal = value.strip_prefix(['"', '\'']).and_then(|v| v.strip_suffix(['"', '\'']))?;
                model::version::release_numbers(literal)?;
                Some(model::version::DeclaredVersion {
                    version: Some(literal.to_owned()),
                    source: format!("`__version__` in {}", home.path),
                })
            }
            _ => None,
        }
    })
}

/// The public modules of a side whose names cannot all be known, with why.
fn not_fully_readable(surface: &ApiSurface, plan: &SidePlan) -> Vec<NotReadable> {
    let resolver = model::resolve::Resolver::new(surface);
    let mut out: Vec<NotReadable> = surface
        .modules
        .values()
        .filter(|module| module.public)
        .flat_map(|module| {
            resolver.unreadable_reasons(module).into_iter().map(|reason| NotReadable {
                module: module.name.clone(),
                path: module.path.clone(),
                reason,
            })
        })
        .collect();
    for (name, reason) in &plan.extensions {
        let parts: Vec<&str> = name.split('.').collect();
        let last = parts.last().copied().unwrap_or("");
        if model::packages::is_public_module(&parts, last) {
            let path = reason.split('`').nth(1).unwrap_or("").to_owned();
            out.push(NotReadable {
                module: name.clone(),
                path,
                reason: format!("{reason} without a `.pyi` stub"),
            });
        }
    }
    out.sort();
    out
}

fn summary(plan: &SidePlan) -> SideSummary {
    SideSummary {
        label: plan.label.clone(),
        files: plan.files,
        python_files: plan.python_files,
        modules: plan.modules.values().filter(|module| module.public).count(),
        packages: model::packages::top_level_names(plan.modules.values().filter(|module| module.public)),
        dependencies: 0,
        dependency_files: Vec::new(),
        api_roots: plan.layout.roots.clone(),
        not_fully_readable: Vec::new(),
        kind: if plan.layout.distribution { SideKind::Library } else { SideKind::Application },
        requires_python: plan.python_requires.as_ref().map(|declared| declared.spec.clone()),
    }
}

/// A path with its bytes on each side (`None` where the side lacks it).
type Pair<'t> = (&'t str, Option<&'t [u8]>, Option<&'t [u8]>);

/// Every path of either tree, sorted, with its bytes on each side.
fn pairs<'t>(baseline: &'t SourceTree, current: &'t SourceTree) -> Vec<Pair<'t>> {
    let paths: BTreeSet<&str> = baseline.paths().chain(current.paths()).collect();
    paths.into_iter().map(|path| (path, baseline.get(path), current.get(path))).collect()
}

/// Analyses two trees in this thread.
pub fn analyse(baseline: &SourceTree, current: &SourceTree) -> Report {
    let (plan, partial) = process_trees(baseline, current, Default::default(), &mut |_| {});
    plan.assemble(partial, None)
}

/// What [`process_share`] says as it goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Processing<'a> {
    /// A Python file of this side is about to be parsed: a crash from here on is this file's.
    Parsing(Side, &'a str),
    /// `done` of `total` Python files processed (`total` counts both whole trees).
    Parsed { done: usize, total: usize },
}

/// Step 1 and 2 for two whole trees in this thread ([`process_share`] with one share); each
/// side's partial keeps its [`TreeInfo`], as a worker needs it for evidence and recovery.
/// `skip` names, per side, files not to parse with the reason to report instead.
pub fn process_trees(
    baseline: &SourceTree,
    current: &SourceTree,
    skip: [BTreeMap<String, String>; 2],
    say: &mut dyn FnMut(Processing<'_>),
) -> (Plan, Partial) {
    let infos = [TreeInfo::of(baseline), TreeInfo::of(current)];
    let plans = [&infos[0], &infos[1]].map(TreeInfo::plan);
    let works = process_share(plans, [baseline, current], (0, 1), skip, say);
    let mut partial = Partial::default();
    let [old, new] = works.map(|mut work| {
        work.tree = infos.get(work.side as usize).cloned();
        work.into_partial(&mut partial)
    });
    (Plan::new(old, new), partial)
}

/// Step 2 for one share of two trees' paths (`share = (index, count)`: every `count`-th path of
/// their sorted union, from `index`), through one [`SideWork`] per side: a path's baseline file
/// first, then its current file, which reuses the baseline's outcome when the bytes and module
/// are the same.
pub fn process_share(
    plans: [SidePlan; 2],
    trees: [&SourceTree; 2],
    share: (usize, usize),
    skip: [BTreeMap<String, String>; 2],
    say: &mut dyn FnMut(Processing<'_>),
) -> [SideWork; 2] {
    let total = plans.iter().map(|plan| plan.python_files).sum();
    let [baseline_plan, current_plan] = plans;
    let [baseline_skip, current_skip] = skip;
    let mut old = SideWork::new(Side::Baseline, 0, baseline_plan);
    let mut new = SideWork::new(Side::Current, 0, current_plan);
    (old.skip, new.skip) = (baseline_skip, current_skip);
    let mut done = 0;
    let [baseline, current] = trees;
    for (path, baseline_bytes, current_bytes) in
        pairs(baseline, current).into_iter().skip(share.0).step_by(share.1.max(1))
    {
        let python = is_python(path);
        if let Some(bytes) = baseline_bytes {
            if python {
                say(Processing::Parsing(Side::Baseline, path));
            }
            old.add(path, bytes, None);
        }
        if let Some(bytes) = current_bytes {
            if python {
                say(Processing::Parsing(Side::Current, path));
            }
            new.add(path, bytes, Some(&old));
        }
        if python {
            done += usize::from(baseline_bytes.is_some()) + usize::from(current_bytes.is_some());
            say(Processing::Parsed { done, total });
        }
    }
    [old, new]
}

/// Analyses two trees with step 2 spread over `threads` threads, under the policy given (see
/// [`Plan::assemble`]). The report is identical to [`analyse`]'s: every list in it is sorted.
#[cfg(not(target_arch = "wasm32"))]
pub fn analyse_parallel(
    baseline: &SourceTree,
    current: &SourceTree,
    threads: usize,
    policy: Option<&PolicyText>,
) -> Report {
    let plan = Plan::for_trees(baseline, current);
    let threads = threads.max(1);
    // Interleave so every thread gets its share of the big files.
    let share = |index: usize| {
        let plans = [plan.baseline.clone(), plan.current.clone()];
        let works =
            process_share(plans, [baseline, current], (index, threads), Default::default(), &mut |_| {});
        let mut partial = Partial::default();
        for work in works {
            work.into_partial(&mut partial);
        }
        partial
    };
    let partials: Vec<Partial> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|index| {
                std::thread::Builder::new()
                    // Deeply nested expressions recurse deeply in the parser: give it room.
                    .stack_size(256 * 1024 * 1024)
                    .spawn_scoped(scope, move || share(index))
                    .map_err(|_| index)
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| match handle {
                Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(index) => share(index), // no thread to be had: do that share here
            })
            .collect()
    });
    let mut merged = Partial::default();
    for partial in partials {
        merged.merge(partial);
    }
    plan.assemble(merged, policy)
}
