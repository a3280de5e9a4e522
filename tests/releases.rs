//! Real releases of well-known packages across build backends and layouts (the corpus's extra
//! pairs, fetched by `scripts/fetch-corpus.py`): each assertion is a fact checked by reading the
//! two releases' source, cited file:line on both sides. `…_false_alarms_stay_silent` tests keep
//! findings the engine used to make that the source shows are wrong (the reading rules that fixed
//! them are in `src/catalogue/reading.rs`). Notes per pair: `tests/real_world/releases.md`.
//!
//! These tests fail when the corpus is missing: a silently skipped real-code test proves nothing.

use std::path::PathBuf;

use stability_lens::report::{ApiChange, Report, Verdict};

fn corpus() -> PathBuf {
    let root = PathBuf::from(std::env::var("STABILITY_LENS_CORPUS").unwrap_or_else(|_| "/tmp/corpus".into()));
    assert!(
        root.join("sqlalchemy/2.0.30").is_dir(),
        "the real-code corpus is missing at {}: run scripts/fetch-corpus.py (or set STABILITY_LENS_CORPUS)",
        root.display()
    );
    root
}

fn analyse_pair(name: &str, old: &str, new: &str) -> Report {
    let root = corpus().join(name);
    let read = |version: &str| stability_lens::intake::folder::read(&root.join(version), version).unwrap();
    stability_lens::analyse(&read(old), &read(new))
}

fn find<'a>(report: &'a Report, kind: &str, object: &str) -> Option<&'a ApiChange> {
    report.api_changes.iter().find(|c| c.kind.as_str() == kind && c.object == object)
}

fn find_param<'a>(report: &'a Report, kind: &str, object: &str, parameter: &str) -> Option<&'a ApiChange> {
    report
        .api_changes
        .iter()
        .find(|c| c.kind.as_str() == kind && c.object == object && c.parameter.as_deref() == Some(parameter))
}

#[test]
fn httpx_0_24_to_0_27() {
    let report = analyse_pair("httpx", "0.24.1", "0.27.0");
    // `proxies=` is newly deprecated: _client.py:671 warnings.warn(…, DeprecationWarning) in 0.27.0 (def at :618; 0.24.1 def at :620).
    let proxies =
        find_param(&report, "deprecated", "httpx._client.Client.__init__", "proxies").expect("proxies");
    assert_eq!((proxies.baseline.as_ref().unwrap().line, proxies.current.as_ref().unwrap().line), (620, 618));
    assert!(proxies.message.contains("httpx/_client.py:671"));
    assert!(find_param(&report, "deprecated", "httpx._client.AsyncClient.__init__", "app").is_some()); // _client.py:1426
                                                                                                       // Per-request cookies: newly deprecated on the async client (_client.py:1559, def :1519) ...
    assert!(find_param(&report, "deprecated", "httpx._client.AsyncClient.request", "cookies").is_some());
    // ... but the sync client already warned in 0.24.1 (_client.py:799): not "newly" deprecated.
    assert!(find_param(&report, "deprecated", "httpx._client.Client.request", "cookies").is_none());
    // raise_for_status now returns the response: _models.py:714 `-> None` → _models.py:726 `-> Response`.
    let rfs = find(&report, "return_annotation_changed", "httpx._models.Response.raise_for_status")
        .expect("raise_for_status");
    assert_eq!((rfs.baseline.as_ref().unwrap().line, rfs.current.as_ref().unwrap().line), (714, 726));
    // `Optional[X]` vs `X | None` (from __future__ import annotations in 0.27) is no change.
    assert!(find_param(&report, "parameter_annotation_changed", "httpx._api.get", "auth").is_none());
}

#[test]
fn httpx_0_24_to_0_27_false_alarms_stay_silent() {
    let report = analyse_pair("httpx", "0.24.1", "0.27.0");
    // httpx.main is a click.Command (_main.py:308 @click.command in 0.24.1, :311 in 0.27.0): its Python call signature
    // is click's, so renaming the --proxies option is not a parameter_removed/parameter_added_required.
    assert!(find(&report, "parameter_added_required", "httpx._main.main").is_none());
}

#[test]
fn packaging_21_3_to_23_2() {
    let report = analyse_pair("packaging", "21.3", "23.2");
    assert_eq!(report.current.api_roots[0].path, "src");
    // LegacyVersion: version.py:106 in 21.3, its __init__ warns DeprecationWarning at :111; gone in 23.2.
    let lv = find(&report, "object_removed", "packaging.version.LegacyVersion").expect("LegacyVersion");
    assert_eq!(lv.baseline.as_ref().unwrap().line, 106);
    assert_eq!(lv.deprecated.as_ref().map(|d| d.line), Some(111));
    // LegacySpecifier: specifiers.py:227, warns at :255 (21.3); gone in 23.2.
    let ls =
        find(&report, "object_removed", "packaging.specifiers.LegacySpecifier").expect("LegacySpecifier");
    assert_eq!(
        (ls.baseline.as_ref().unwrap().line, ls.deprecated.as_ref().map(|d| d.line)),
        (227, Some(255))
    );
    // requirements.py had no __all__ and module-level pyparsing grammar (REQUIREMENT at :81); 23.2 dropped pyparsing.
    assert_eq!(
        find(&report, "object_removed", "packaging.requirements.REQUIREMENT")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        81
    );
    // VERSION_PATTERN's pre-release alternation changed: version.py:225 (21.3) vs version.py:146 → :115 (23.2).
    let vp = find(&report, "attribute_value_changed", "packaging.version.VERSION_PATTERN")
        .expect("VERSION_PATTERN");
    assert_eq!((vp.baseline.as_ref().unwrap().line, vp.current.as_ref().unwrap().line), (225, 146));
    // parse() no longer returns LegacyVersion: version.py:42 → src/packaging/version.py:45.
    let parse = find(&report, "return_annotation_changed", "packaging.version.parse").expect("parse");
    assert_eq!((parse.baseline.as_ref().unwrap().line, parse.current.as_ref().unwrap().line), (42, 45));
    // `TOptional` is `typing.Optional` imported under another name (requirements.py:8): no annotation change.
    assert!(
        find(&report, "attribute_annotation_changed", "packaging.requirements.Requirement.marker").is_none()
    );
}

#[test]
fn packaging_21_3_to_23_2_false_alarms_stay_silent() {
    let report = analyse_pair("packaging", "21.3", "23.2");
    // Specifier moved every member of the private _IndividualSpecifier into itself (specifiers.py:299 → :107).
    assert!(find(&report, "base_class_removed", "packaging.specifiers.Specifier").is_none());
}

#[test]
fn pydantic_core_2_14_to_2_18() {
    let report = analyse_pair("pydantic-core", "2.14.6", "2.18.2");
    // maturin python-source = "python"; the extension is read from _pydantic_core.pyi.
    assert_eq!(report.baseline.api_roots[0].path, "python");
    assert_eq!(report.baseline.packages, ["pydantic_core"]);
    // TypedDict classes removed: core_schema.py:1387 and :1441 in 2.14.6.
    assert_eq!(
        find(&report, "object_removed", "pydantic_core.core_schema.TuplePositionalSchema")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        1387
    );
    assert_eq!(
        find(&report, "object_removed", "pydantic_core.core_schema.TupleVariableSchema")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        1441
    );
    // `ref` inserted before `metadata`: core_schema.py:3583 → :3696.
    let drs = report
        .api_changes
        .iter()
        .find(|c| {
            c.kind.as_str() == "parameter_moved"
                && c.object == "pydantic_core.core_schema.definition_reference_schema"
                && c.parameter.as_deref() == Some("metadata")
        })
        .expect("metadata moved");
    assert_eq!((drs.baseline.as_ref().unwrap().line, drs.current.as_ref().unwrap().line), (3583, 3696));
    // `# @deprecated(...)` in a comment (core_schema.py:1450) is not a deprecation.
    assert!(find(&report, "deprecated", "pydantic_core.core_schema.tuple_positional_schema").is_none());
    // warnings: bool → bool | Literal[...] (_pydantic_core.pyi:267 → :255).
    assert!(report.api_changes.iter().any(|c| c.kind.as_str() == "parameter_annotation_changed"
        && c.object == "pydantic_core._pydantic_core.SchemaSerializer.to_python"
        && c.parameter.as_deref() == Some("warnings")));
}

#[test]
fn pydantic_core_2_14_to_2_18_false_alarms_stay_silent() {
    let report = analyse_pair("pydantic-core", "2.14.6", "2.18.2");
    // `__item` (pyi:76) → `item, /` (pyi:64): same positional-only parameter.
    assert!(find(&report, "parameter_added_required", "pydantic_core._pydantic_core.Some.__class_getitem__")
        .is_none());
    assert!(find(
        &report,
        "parameter_added_required",
        "pydantic_core.core_schema.SerializerFunctionWrapHandler.__call__"
    )
    .is_none());
}

#[test]
fn pydantic_2_5_to_2_7() {
    let report = analyse_pair("pydantic", "2.5.3", "2.7.1");
    // fields.py had no __all__ in 2.5.3; 2.7.1 fields.py:33 `__all__ = 'Field', 'PrivateAttr', 'computed_field'`.
    let fi = find(&report, "export_removed", "pydantic.fields.FieldInfo").expect("FieldInfo export");
    assert_eq!((fi.baseline.as_ref().unwrap().line, fi.current.as_ref().unwrap().line), (82, 90));
    // ComputedFieldInfo (a dataclass) gained the field `deprecated` without default before `examples` (fields.py:993 in 2.7.1).
    assert!(find_param(
        &report,
        "parameter_added_required",
        "pydantic.fields.ComputedFieldInfo.__init__",
        "deprecated"
    )
    .is_some());
    assert!(find_param(&report, "parameter_moved", "pydantic.fields.ComputedFieldInfo.__init__", "examples")
        .is_some());
    // @deprecated(…, category=None) on update_json_schema (json_schema.py:92, def :96) — new in 2.7.1.
    let ujs =
        find(&report, "deprecated", "pydantic.json_schema.update_json_schema").expect("update_json_schema");
    assert_eq!((ujs.baseline.as_ref().unwrap().line, ujs.current.as_ref().unwrap().line), (90, 96));
    // warnings: bool (main.py:275) → bool | Literal['none', 'warn', 'error'] (main.py:309).
    assert!(find_param(
        &report,
        "parameter_annotation_changed",
        "pydantic.main.BaseModel.model_dump",
        "warnings"
    )
    .is_some());
    // mypy plugin internals: expand_type(self, current_info) mypy.py:348 → (self, current_info, api) :357.
    assert!(find_param(
        &report,
        "parameter_added_required",
        "pydantic.mypy.PydanticModelField.expand_type",
        "api"
    )
    .is_some());
    assert_eq!(
        find(&report, "object_removed", "pydantic.mypy.PydanticModelTransformer.collect_fields")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        562
    );
}

#[test]
fn pydantic_2_5_to_2_7_false_alarms_stay_silent() {
    let report = analyse_pair("pydantic", "2.5.3", "2.7.1");
    // `__object` (type_adapter.py:216, name-mangled, positional-only by convention) → `object, /` (:236): no new required parameter.
    assert!(find_param(
        &report,
        "parameter_added_required",
        "pydantic.type_adapter.TypeAdapter.validate_python",
        "object"
    )
    .is_none());
    assert!(find_param(
        &report,
        "parameter_added_required",
        "pydantic.annotated_handlers.GetCoreSchemaHandler.__call__",
        "source_type"
    )
    .is_none());
    // validator() already warned DeprecationWarning (rebound to PydanticDeprecatedSince20, class_validators.py:79) at :128.
    assert!(find(&report, "deprecated", "pydantic.deprecated.class_validators.validator").is_none());
    assert!(find(&report, "deprecated", "pydantic.deprecated.decorator.validate_arguments").is_none());
    // classmethod → staticmethod, same parameters (fields.py:217 → :236).
    assert!(find(&report, "decorator_kind_changed", "pydantic.fields.FieldInfo.from_field").is_none());
}

#[test]
fn pytest_7_4_to_8_2() {
    let report = analyse_pair("pytest", "7.4.4", "8.2.0");
    assert_eq!(report.baseline.packages, ["py", "pytest"]);
    // pytest.fail(msg=…): outcomes.py:183 → :157 (msg deprecated in 7.x via KEYWORD_MSG_ARG, deprecated.py:107).
    let fail = find_param(&report, "parameter_removed", "_pytest.outcomes.fail", "msg").expect("fail msg");
    assert_eq!((fail.baseline.as_ref().unwrap().line, fail.current.as_ref().unwrap().line), (183, 157));
    assert_eq!(fail.public_path, "pytest.fail");
    assert!(find_param(&report, "parameter_removed", "_pytest.outcomes.skip", "msg").is_some());
    assert!(find_param(&report, "parameter_removed", "_pytest.outcomes.exit", "msg").is_some());
    // PytestRemovedIn8Warning (warning_types.py:53) left pytest.__all__ and the code.
    let w = find(&report, "object_removed", "_pytest.warning_types.PytestRemovedIn8Warning")
        .expect("PytestRemovedIn8Warning");
    assert_eq!(
        (w.baseline.as_ref().unwrap().line, w.public_path.as_str()),
        (53, "pytest.PytestRemovedIn8Warning")
    );
    // Package(Module) python.py:661 → Package(nodes.Directory) python.py:619.
    let pkg = find(&report, "base_class_removed", "_pytest.python.Package").expect("Package");
    assert_eq!((pkg.baseline.as_ref().unwrap().line, pkg.current.as_ref().unwrap().line), (661, 619));
    // Session(nodes.FSCollector) main.py:465 → Session(nodes.Collector) main.py:543.
    assert!(find(&report, "base_class_removed", "_pytest.main.Session").is_some());
    // consider_conftest gained registration_name: config/__init__.py:737 → :819.
    assert!(find_param(
        &report,
        "parameter_added_required",
        "_pytest.config.PytestPluginManager.consider_conftest",
        "registration_name"
    )
    .is_some());
    // DoctestItem(name, parent, runner=None, dtest=None) doctest.py:254 → (name, parent, runner, dtest) :255.
    assert!(find_param(&report, "parameter_now_required", "_pytest.doctest.DoctestItem.__init__", "dtest")
        .is_some());
}

#[test]
fn pytest_7_4_to_8_2_false_alarms_stay_silent() {
    let report = analyse_pair("pytest", "7.4.4", "8.2.0");
    // pytest/__init__.py:165 served `Instance` from __getattr__ (module has __all__); 8.2.0 dropped it.
    assert!(find(&report, "object_removed", "pytest.Instance").is_some());
}

#[test]
fn pyyaml_5_4_to_6_0() {
    let report = analyse_pair("pyyaml", "5.4.1", "6.0.1");
    assert_eq!(report.verdict, Verdict::Breaking);
    // 5.4.1 computes package_dir in setup.py ({2: 'lib', 3: 'lib3'}); the Python 3 package is lib3/.
    assert_eq!(report.baseline.api_roots[0].path, "lib3");
    assert_eq!(report.current.api_roots[0].path, "lib");
    // yaml.load lost Loader's default: lib3/yaml/__init__.py:103 `def load(stream, Loader=None)` in 5.4.1,
    // lib/yaml/__init__.py:74 `def load(stream, Loader)` in 6.0.1.
    let load = find(&report, "parameter_now_required", "yaml.load").expect("yaml.load Loader");
    assert_eq!(load.parameter.as_deref(), Some("Loader"));
    assert_eq!(load.baseline.as_ref().unwrap().line, 103);
    assert_eq!(load.current.as_ref().unwrap().line, 74);
    // Same for load_all: lib3/yaml/__init__.py:118 → lib/yaml/__init__.py:85.
    let load_all = find(&report, "parameter_now_required", "yaml.load_all").expect("yaml.load_all Loader");
    assert_eq!(
        (load_all.baseline.as_ref().unwrap().line, load_all.current.as_ref().unwrap().line),
        (118, 85)
    );
    // The YAMLLoadWarning machinery went: class at lib3/yaml/__init__.py:40, load_warning at :43 (5.4.1).
    assert_eq!(
        find(&report, "object_removed", "yaml.YAMLLoadWarning").unwrap().baseline.as_ref().unwrap().line,
        40
    );
    assert_eq!(
        find(&report, "object_removed", "yaml.load_warning").unwrap().baseline.as_ref().unwrap().line,
        43
    );
    // YAMLLoadWarning is a RuntimeWarning, not a deprecation category: no `deprecated` evidence.
    assert!(find(&report, "parameter_now_required", "yaml.load").unwrap().deprecated.is_none());
    // Nothing else broke.
    assert_eq!(
        report
            .api_changes
            .iter()
            .filter(|c| c.severity != stability_lens::catalogue::Severity::Additive)
            .count(),
        4
    );
}

#[test]
fn rich_12_to_13() {
    let report = analyse_pair("rich", "12.6.0", "13.7.1");
    // chop_cells(text, max_size, position=0) → chop_cells(text, width): cells.py:124 on both sides.
    assert!(find_param(&report, "parameter_removed", "rich.cells.chop_cells", "max_size").is_some());
    let width =
        find_param(&report, "parameter_added_required", "rich.cells.chop_cells", "width").expect("width");
    assert_eq!((width.baseline.as_ref().unwrap().line, width.current.as_ref().unwrap().line), (124, 124));
    // Traceback options became keyword-only: traceback.py:208 → :241.
    let tb = find_param(&report, "parameter_kind_changed", "rich.traceback.Traceback.__init__", "width")
        .expect("Traceback width");
    assert_eq!((tb.baseline.as_ref().unwrap().line, tb.current.as_ref().unwrap().line), (208, 241));
    // Heading(level) markdown.py:136 → Heading(tag) markdown.py:145 (commonmark → markdown-it).
    assert!(
        find_param(&report, "parameter_added_required", "rich.markdown.Heading.__init__", "tag").is_some()
    );
    // pretty.py:58, gone in 13.
    assert_eq!(
        find(&report, "object_removed", "rich.pretty.JUPYTER_CLASSES_TO_NOT_RENDER")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        58
    );
    // key_separator became a dataclass field (pretty.py:436 unannotated → :402 annotated): separator moved.
    assert!(find_param(&report, "parameter_moved", "rich.pretty.Node.__init__", "separator").is_some());
    // Text(tab_size=8) text.py:140 → tab_size=None.
    assert!(find_param(&report, "parameter_default_changed", "rich.text.Text.__init__", "tab_size").is_some());
    // Box("""\ ...""") vs Box("..\n" "..\n") are the same string: no value change.
    assert!(find(&report, "attribute_value_changed", "rich.box.ASCII").is_none());
}

#[test]
fn rich_12_to_13_false_alarms_stay_silent() {
    let report = analyse_pair("rich", "12.6.0", "13.7.1");
    // align.py:290 `if __name__ == "__main__":` — `panel` (:298) is demo code, not module API.
    assert!(find(&report, "attribute_value_changed", "rich.align.panel").is_none());
}

#[test]
fn sqlalchemy_1_4_to_2_0() {
    let report = analyse_pair("sqlalchemy", "1.4.52", "2.0.30");
    // setup.cfg: package_dir = =lib, packages = find: — not examples/ or reap_dbs.
    assert_eq!(report.baseline.packages, ["sqlalchemy"]);
    assert_eq!(report.baseline.api_roots[0].path, "lib");
    // Engine.execute: @deprecated_20 at engine/base.py:3240, def :3248 (1.4); gone in 2.0.
    let ex =
        find(&report, "object_removed", "sqlalchemy.engine.base.Engine.execute").expect("Engine.execute");
    assert_eq!(
        (ex.baseline.as_ref().unwrap().line, ex.deprecated.as_ref().map(|d| d.line)),
        (3248, Some(3240))
    );
    // Session.begin(subtransactions=…): @deprecated_params at orm/session.py:1269, def :1279 → def :1879 (2.0).
    let sub =
        find_param(&report, "parameter_removed", "sqlalchemy.orm.session.Session.begin", "subtransactions")
            .expect("subtransactions");
    assert_eq!((sub.baseline.as_ref().unwrap().line, sub.current.as_ref().unwrap().line), (1279, 1879));
    assert_eq!(sub.deprecated.as_ref().map(|d| d.line), Some(1269));
    // sqlalchemy/databases/ warned at import (databases/__init__.py:35) and is gone.
    assert_eq!(
        find(&report, "module_removed", "sqlalchemy.databases").unwrap().deprecated.as_ref().map(|d| d.line),
        Some(35)
    );
    // Dialect.dbapi() classmethod (psycopg2.py:810) → instance attribute (engine/default.py:327); import_dbapi() replaces it.
    let dbapi = find(
        &report,
        "object_kind_changed",
        "sqlalchemy.dialects.postgresql.psycopg2.PGDialect_psycopg2.dbapi",
    )
    .expect("dbapi");
    assert_eq!((dbapi.baseline.as_ref().unwrap().line, dbapi.current.as_ref().unwrap().line), (810, 327));
    // ROMappingView(KeysView, ValuesView, ItemsView) engine/row.py:521 → ROMappingView(ABC) :287.
    assert!(report.api_changes.iter().any(|c| c.kind.as_str() == "base_class_removed"
        && c.object == "sqlalchemy.engine.row.ROMappingView"
        && c.parameter.as_deref() == Some("collections.abc.KeysView")));
    // with_for_update(self, read=False, nowait=False, …) orm/query.py:1590 → (self, *, nowait=False, …) :1770.
    assert!(find_param(
        &report,
        "parameter_kind_changed",
        "sqlalchemy.orm.query.Query.with_for_update",
        "nowait"
    )
    .is_some());
    // Newly deprecated in 2.0: Query.instances (@util.deprecated orm/query.py:2913, def :2920), id_chooser (horizontal_shard.py:195).
    let inst = find(&report, "deprecated", "sqlalchemy.orm.query.Query.instances").expect("Query.instances");
    assert_eq!(inst.current.as_ref().unwrap().line, 2920);
    assert!(find_param(
        &report,
        "deprecated",
        "sqlalchemy.ext.horizontal_shard.ShardedSession.__init__",
        "id_chooser"
    )
    .is_some());
    // Traversible.get_children (visitors.py:128) is gone: 2.0 `Traversible = Visitable` (visitors.py:809) has none.
    assert!(find(&report, "object_removed", "sqlalchemy.sql.visitors.Traversible.get_children").is_some());
    // DDLElement.execute: @deprecated_20 at ddl.py:84, def :92.
    assert_eq!(
        find(&report, "object_removed", "sqlalchemy.sql.ddl.DDLElement.execute")
            .unwrap()
            .deprecated
            .as_ref()
            .map(|d| d.line),
        Some(84)
    );
}

#[test]
fn sqlalchemy_1_4_to_2_0_false_alarms_stay_silent() {
    let report = analyse_pair("sqlalchemy", "1.4.52", "2.0.30");
    // Dict[...] as a base is dict (ext/mutable.py:696 → :769).
    assert!(find(&report, "base_class_removed", "sqlalchemy.ext.mutable.MutableDict").is_none());
    // DDLElement = ExecutableDDLElement (ddl.py:327): DDL still a DDLElement, members reported once at DDLElement.
    assert!(find(&report, "base_class_removed", "sqlalchemy.sql.ddl.DDL").is_none());
    assert!(find(&report, "object_removed", "sqlalchemy.sql.ddl.CreateSequence.execute").is_none());
    // Traversible = Visitable (visitors.py:809); Connectable = ConnectionEventsTarget (engine/interfaces.py:3177).
    assert!(find(&report, "base_class_removed", "sqlalchemy.sql.type_api.TypeEngine").is_none());
    assert!(find(&report, "base_class_removed", "sqlalchemy.engine.base.Connection").is_none());
    // util.ro_memoized_property is a non-data descriptor at run time (langhelpers.py:1176): assignment still works.
    assert!(
        find(&report, "object_kind_changed", "sqlalchemy.sql.elements.ClauseElement.description").is_none()
    );
    // @contextlib.asynccontextmanager async def begin (ext/asyncio/engine.py:1045) is called synchronously.
    assert!(find(&report, "async_changed", "sqlalchemy.ext.asyncio.engine.AsyncEngine.begin").is_none());
}

#[test]
fn urllib3_1_26_to_2_2() {
    let report = analyse_pair("urllib3", "1.26.18", "2.2.1");
    // dummyserver/ is test support, not installed (setup.py packages= lists urllib3 only).
    assert_eq!(report.baseline.packages, ["urllib3"]);
    // Retry(method_whitelist=…) was deprecated (util/retry.py:270 warnings.warn DeprecationWarning, def at :243) and removed
    // (2.2.1 util/retry.py:198).
    let mw =
        find_param(&report, "parameter_removed", "urllib3.util.retry.Retry.__init__", "method_whitelist")
            .expect("method_whitelist");
    assert_eq!((mw.baseline.as_ref().unwrap().line, mw.current.as_ref().unwrap().line), (243, 198));
    assert_eq!(mw.deprecated.as_ref().map(|d| d.line), Some(270));
    // contrib/ntlmpool.py warned at import (line 16) and is gone in 2.x.
    assert_eq!(
        find(&report, "module_removed", "urllib3.contrib.ntlmpool")
            .unwrap()
            .deprecated
            .as_ref()
            .map(|d| d.line),
        Some(16)
    );
    assert!(find(&report, "module_removed", "urllib3.contrib.appengine").is_some());
    // split_first: util/url.py:175, `.. deprecated:: 1.25` at :177.
    let sf = find(&report, "object_removed", "urllib3.util.url.split_first").expect("split_first");
    assert_eq!(
        (sf.baseline.as_ref().unwrap().line, sf.deprecated.as_ref().map(|d| d.line)),
        (175, Some(177))
    );
    // NewConnectionError(ConnectTimeoutError, PoolError) exceptions.py:134 → (ConnectTimeoutError, HTTPError) :139.
    let nce = find(&report, "base_class_removed", "urllib3.exceptions.NewConnectionError")
        .expect("NewConnectionError");
    assert_eq!(nce.parameter.as_deref(), Some("urllib3.exceptions.PoolError"));
    assert_eq!((nce.baseline.as_ref().unwrap().line, nce.current.as_ref().unwrap().line), (134, 139));
    // .pool: instance attribute (exceptions.py:24) → read-only deprecated property (exceptions.py:147).
    assert!(find(&report, "object_kind_changed", "urllib3.exceptions.NewConnectionError.pool").is_some());
    // request(method, url, fields, headers) request.py:61 → request(method, url, body, fields, …) _request_methods.py:69.
    let fields =
        find_param(&report, "parameter_moved", "urllib3.connectionpool.HTTPConnectionPool.request", "fields")
            .expect("fields");
    assert_eq!((fields.baseline.as_ref().unwrap().line, fields.current.as_ref().unwrap().line), (61, 69));
    // Newly deprecated in 2.x: request_chunked (connection.py:421, warns at :432), ssl_version (util/ssl_.py:277).
    assert!(find(&report, "deprecated", "urllib3.connection.HTTPConnection.request_chunked")
        .unwrap()
        .message
        .contains("connection.py:432"));
    assert!(find_param(&report, "deprecated", "urllib3.util.ssl_.create_urllib3_context", "ssl_version")
        .is_some());
    // sleep_for_retry(self, response=None) retry.py:404 → (self, response) retry.py:331.
    assert!(find_param(
        &report,
        "parameter_now_required",
        "urllib3.util.retry.Retry.sleep_for_retry",
        "response"
    )
    .is_some());
}

#[test]
fn urllib3_1_26_to_2_2_false_alarms_stay_silent() {
    let report = analyse_pair("urllib3", "1.26.18", "2.2.1");
    // six.moves.http_client is http.client: same base on both sides (connection.py:13/:76 vs :11/:83).
    assert!(find(&report, "base_class_removed", "urllib3.connection.HTTPConnection").is_none());
    assert!(find(&report, "base_class_removed", "urllib3.exceptions.IncompleteRead").is_none());
    // classmethod → staticmethod with the same remaining parameters is call-compatible (timeout.py:119 → :127).
    assert!(find(&report, "decorator_kind_changed", "urllib3.util.timeout.Timeout.resolve_default_timeout")
        .is_none());
    // The warning at poolmanager.py:316 is about a "strict" key, not the request_context parameter.
    assert!(find_param(
        &report,
        "deprecated",
        "urllib3.poolmanager.PoolManager.connection_from_context",
        "request_context"
    )
    .is_none());
    // `if not ssl: HTTPSConnection = DummyConnection` (connection.py:568 / :916) never runs: strict= was removed.
    assert!(find_param(
        &report,
        "parameter_removed",
        "urllib3.connection.HTTPSConnection.__init__",
        "strict"
    )
    .is_some());
}

#[test]
fn werkzeug_2_2_to_3_0() {
    let report = analyse_pair("werkzeug", "2.2.3", "3.0.1");
    assert_eq!(report.current.api_roots[0].path, "src");
    // Headers.get(…, as_bytes=False) datastructures.py:919 → datastructures/headers.py:84.
    let hg = find_param(&report, "parameter_removed", "werkzeug.datastructures.Headers.get", "as_bytes")
        .expect("as_bytes");
    assert_eq!(
        (hg.baseline.as_ref().unwrap().path.as_str(), hg.baseline.as_ref().unwrap().line),
        ("src/werkzeug/datastructures.py", 919)
    );
    assert_eq!(
        (hg.current.as_ref().unwrap().path.as_str(), hg.current.as_ref().unwrap().line),
        ("src/werkzeug/datastructures/headers.py", 84)
    );
    // pop_path_info: wsgi.py:240, `.. deprecated:: 2.2` at :261; removed.
    let pp = find(&report, "object_removed", "werkzeug.wsgi.pop_path_info").expect("pop_path_info");
    assert_eq!(
        (pp.baseline.as_ref().unwrap().line, pp.deprecated.as_ref().map(|d| d.line)),
        (240, Some(261))
    );
    // werkzeug.urls lost its own URL parsing (url_parse at urls.py:457).
    assert_eq!(
        find(&report, "object_removed", "werkzeug.urls.url_parse").unwrap().baseline.as_ref().unwrap().line,
        457
    );
    // Authorization(ImmutableDictMixin, dict) datastructures.py:2631 → plain class datastructures/auth.py:16.
    assert!(report.api_changes.iter().any(|c| c.kind.as_str() == "base_class_removed"
        && c.object == "werkzeug.datastructures.Authorization"
        && c.parameter.as_deref() == Some("dict")));
    // WWWAuthenticate(auth_type=None, values=None, on_update=None) :2776 → (auth_type, values=None, token=None) auth.py:168.
    assert!(find_param(
        &report,
        "parameter_now_required",
        "werkzeug.datastructures.WWWAuthenticate.__init__",
        "auth_type"
    )
    .is_some());
    assert!(find_param(
        &report,
        "parameter_removed",
        "werkzeug.datastructures.WWWAuthenticate.__init__",
        "on_update"
    )
    .is_some());
    assert!(find(&report, "object_removed", "werkzeug.datastructures.WWWAuthenticate.set_basic").is_some()); // :2782
                                                                                                             // Client.set_cookie(server_name, key, …) test.py:894 → set_cookie(key, …, *, domain=…) test.py:847.
    assert!(
        find_param(&report, "parameter_removed", "werkzeug.test.Client.set_cookie", "server_name").is_some()
    );
    // generate_password_hash default method "pbkdf2:sha256" (security.py:60) → "scrypt" (:69).
    assert!(find_param(
        &report,
        "parameter_default_changed",
        "werkzeug.security.generate_password_hash",
        "method"
    )
    .is_some());
}

#[test]
fn werkzeug_2_2_to_3_0_false_alarms_stay_silent() {
    let report = analyse_pair("werkzeug", "2.2.3", "3.0.1");
    // class-level __getattr__ (auth.py:66) still serves auth.username.
    assert!(find(&report, "object_removed", "werkzeug.datastructures.Authorization.username").is_none());
    assert!(find(&report, "object_removed", "werkzeug.datastructures.WWWAuthenticate.realm").is_none());
    // io.RawIOBase (wsgi.py:425) is an io.IOBase and provides read/readline/__iter__.
    assert!(find(&report, "base_class_removed", "werkzeug.wsgi.LimitedStream").is_none());
    assert!(find(&report, "object_removed", "werkzeug.wsgi.LimitedStream.__iter__").is_none());
}

#[test]
fn black_23_12_to_24_4() {
    let report = analyse_pair("black", "23.12.1", "24.4.2");
    // The wheel ships src/{black,blackd,blib2to3} (hatch only-include = ["src"]); scripts/ is not a package.
    assert_eq!(report.baseline.packages, ["black", "blackd", "blib2to3"]);
    // `from black.trans import iter_fexpr_spans` re-export: 23.12.1 src/black/__init__.py:83,
    // defined at src/black/trans.py:1246; 24.4.2 __init__.py no longer imports it.
    let c = find(&report, "object_removed", "black.iter_fexpr_spans").expect("iter_fexpr_spans");
    assert_eq!(c.baseline.as_ref().map(|e| (e.path.as_str(), e.line)), Some(("src/black/trans.py", 1246)));
    // @dataclass ProtoComment (src/black/comments.py:33 both sides) gained `leading_whitespace: str`
    // (24.4.2 comments.py:49) without a default.
    let c = find_param(
        &report,
        "parameter_added_required",
        "black.comments.ProtoComment.__init__",
        "leading_whitespace",
    )
    .expect("leading_whitespace");
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (33, 33));
    // Mode dataclass: experimental_string_processing (mode.py:214 in 23.12.1) was dropped, so `preview`
    // (mode.py:216 → 24.4.2 mode.py:240) moved from position 10 to 9. Class lines 206 / 231.
    let c =
        find_param(&report, "parameter_moved", "black.mode.Mode.__init__", "preview").expect("preview moved");
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (206, 231));
    // Preview.allow_form_feeds (23.12.1 src/black/mode.py:197) is gone from 24.4.2's Preview enum.
    assert_eq!(
        find(&report, "object_removed", "black.mode.Preview.allow_form_feeds")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        197
    );
    // nodes.is_string_token (23.12.1 src/black/nodes.py:937, re-exported from black/__init__.py:75) removed.
    let c = find(&report, "object_removed", "black.nodes.is_string_token").expect("is_string_token");
    assert_eq!((c.baseline.as_ref().unwrap().line, c.public_path.as_str()), (937, "black.is_string_token"));
    // Line.has_magic_trailing_comma lost `ensure_removable` (src/black/lines.py:339 → 348).
    let c = find_param(
        &report,
        "parameter_removed",
        "black.lines.Line.has_magic_trailing_comma",
        "ensure_removable",
    )
    .unwrap();
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (339, 348));
    // strings.FIRST_NON_WHITESPACE_RE (23.12.1 src/black/strings.py:17) removed.
    assert!(find(&report, "object_removed", "black.strings.FIRST_NON_WHITESPACE_RE").is_some());
    // blib2to3.pgen2.tokenize.String (tokenize.py:126) no longer defined — import fails at run time
    // (note: it is outside the computed __all__, see B-black.md).
    assert_eq!(
        find(&report, "object_removed", "blib2to3.pgen2.tokenize.String")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        126
    );
}

#[test]
fn black_23_12_to_24_4_false_alarms_stay_silent() {
    let report = analyse_pair("black", "23.12.1", "24.4.2");
    // `black.main` is a click.Command (src/black/__init__.py:244 @click.command, :517 @click.pass_context):
    // its callback's parameters are CLI options, not a Python call signature.
    assert!(!report
        .api_changes
        .iter()
        .any(|c| c.object == "black.main" && c.kind.as_str().starts_with("parameter_")));
}

#[test]
fn fastapi_0_100_to_0_111() {
    let report = analyse_pair("fastapi", "0.100.0", "0.111.0");
    // Annotated[T, Doc(...)] ≡ T: the 0.111 docs-in-annotations rewrite is not hundreds of warnings.
    assert!(
        report.api_changes.iter().filter(|c| c.kind.as_str().ends_with("annotation_changed")).count() < 30
    );
    // @deprecated at fastapi/applications.py:4468 on FastAPI.on_event (def at :4476); 0.100.0 :921 had none.
    let c =
        find(&report, "deprecated", "fastapi.applications.FastAPI.on_event").expect("on_event deprecated");
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (921, 4476));
    assert!(find(&report, "deprecated", "fastapi.routing.APIRouter.on_event").is_some()); // routing.py:4353
                                                                                          // fastapi/concurrency.py:1 `from contextlib import AsyncExitStack as AsyncExitStack` dropped in 0.111.
    assert_eq!(
        find(&report, "object_removed", "fastapi.concurrency.AsyncExitStack")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        1
    );
    // fastapi/types.py:9 NoneType removed; fastapi/middleware/asyncexitstack.py removed.
    assert_eq!(
        find(&report, "object_removed", "fastapi.types.NoneType").unwrap().baseline.as_ref().unwrap().line,
        9
    );
    assert!(find(&report, "module_removed", "fastapi.middleware.asyncexitstack").is_some());
    // solve_dependencies gained required keyword-only `async_exit_stack` (dependencies/utils.py:508 → :524).
    let c = report
        .api_changes
        .iter()
        .find(|c| {
            c.kind.as_str() == "parameter_added_required"
                && c.object == "fastapi.dependencies.utils.solve_dependencies"
                && c.parameter.as_deref() == Some("async_exit_stack")
        })
        .unwrap();
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (508, 524));
}

#[test]
fn fastapi_0_100_to_0_111_false_alarms_stay_silent() {
    let report = analyse_pair("fastapi", "0.100.0", "0.111.0");
    // params.py:71-76 (0.111.0) warns about `example`, not about the `deprecated` parameter (params.py:66).
    assert!(!report
        .api_changes
        .iter()
        .any(|c| c.kind.as_str() == "deprecated" && c.parameter.as_deref() == Some("deprecated")));
    // pdm_build.py is a build hook; pdm-backend installs root modules only when there is no package.
    assert_eq!(report.current.packages, ["fastapi"]);
}

#[test]
fn numpy_1_25_to_1_26() {
    let report = analyse_pair("numpy", "1.25.2", "1.26.4");
    // Root build scripts (versioneer.py, generate_version.py, pavement.py) are not installed modules.
    assert_eq!(report.baseline.packages, ["numpy"]);
    // f2py crackfortran `endifs` lost `block|` (numpy/f2py/crackfortran.py:617 → :616).
    let c = find(&report, "attribute_value_changed", "numpy.f2py.crackfortran.endifs").expect("endifs");
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (617, 616));
    // On 3.12 ArrayLike gained `Buffer |` (numpy/_typing/_array_like.py:86 → :84, under
    // `if sys.version_info >= (3, 12)`), reached as numpy.typing.ArrayLike.
    let c =
        find(&report, "attribute_value_changed", "numpy._typing._array_like.ArrayLike").expect("ArrayLike");
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (86, 84));
    assert_eq!(c.public_path, "numpy.typing.ArrayLike");
}

#[test]
fn numpy_1_25_to_1_26_false_alarms_stay_silent() {
    let report = analyse_pair("numpy", "1.25.2", "1.26.4");
    // numpy/version.py:23 (1.25.2) `del get_versions, vinfo`: `numpy.version.vinfo` never exists.
    assert!(find(&report, "object_removed", "numpy.version.vinfo").is_none());
    // mtrand.pyi:227 `-> bytes` vs :228 `-> builtins.bytes` is the same type.
    assert!(find(&report, "return_annotation_changed", "numpy.random.mtrand.RandomState.bytes").is_none());
}

#[test]
fn orjson_3_8_to_3_10() {
    let report = analyse_pair("orjson", "3.8.14", "3.10.3");
    // pyproject.toml:34 python-source = "pysrc": the package is pysrc/orjson.
    assert_eq!(report.baseline.packages, ["orjson"]);
    assert_eq!(report.verdict, Verdict::Compatible);
    // 3.10.3 pysrc/orjson/__init__.py:9 adds "Fragment" to __all__ (class at __init__.pyi:16); absent in 3.8.14.
    assert!(report.api_changes.iter().any(|c| c.object == "orjson.Fragment"
        && (c.kind.as_str() == "export_added" || c.kind.as_str() == "object_added")));
}

#[test]
fn pdm_backend_2_1_to_2_3() {
    let report = analyse_pair("pdm-backend", "2.1.0", "2.3.0");
    // pyproject.toml [tool.pdm.build] includes = ["src"], package-dir = "src": namespace package `pdm`.
    assert_eq!(report.baseline.packages, ["pdm"]);
    // src/pdm/backend/macosx_platform.py was deleted.
    assert!(find(&report, "module_removed", "pdm.backend.macosx_platform").is_some());
    // utils.get_platform (src/pdm/backend/utils.py:125) removed.
    assert_eq!(
        find(&report, "object_removed", "pdm.backend.utils.get_platform")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        125
    );
    // patch_sys_path moved from hooks/version/__init__.py:22 to utils.py:182 without a re-export.
    assert_eq!(
        find(&report, "object_removed", "pdm.backend.hooks.version.patch_sys_path")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        22
    );
    // @dataclass Config (scm.py:29 / :30) gained required field tag_filter.
    let c = report
        .api_changes
        .iter()
        .find(|c| {
            c.kind.as_str() == "parameter_added_required"
                && c.object == "pdm.backend.hooks.version.scm.Config.__init__"
                && c.parameter.as_deref() == Some("tag_filter")
        })
        .unwrap();
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (29, 30));
    // class VersionInfo(NamedTuple) (scm.py:63) renamed SCMVersion without alias.
    assert_eq!(
        find(&report, "object_removed", "pdm.backend.hooks.version.scm.VersionInfo")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        63
    );
    // EditableBuildHook.editable_version static method (editable.py:22) removed.
    assert!(
        find(&report, "object_removed", "pdm.backend.editable.EditableBuildHook.editable_version").is_some()
    );
}

#[test]
fn pendulum_2_1_to_3_0() {
    let report = analyse_pair("pendulum", "2.1.2", "3.0.0");
    assert_eq!(report.baseline.packages, ["pendulum"]); // build.py is poetry's build script
                                                        // FixedTimezone(Timezone) (pendulum/tz/timezone.py:300) became
                                                        // FixedTimezone(_datetime.tzinfo, PendulumTimezone) (src/pendulum/tz/timezone.py:161).
    let c = find(&report, "base_class_removed", "pendulum.tz.timezone.FixedTimezone")
        .expect("FixedTimezone base");
    assert_eq!(c.parameter.as_deref(), Some("pendulum.tz.timezone.Timezone"));
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (300, 161));
    // pendulum/constants.py:3 `MONDAY = 1` has no counterpart in 3.0.0's src/pendulum/constants.py.
    assert_eq!(
        find(&report, "object_removed", "pendulum.constants.MONDAY").unwrap().baseline.as_ref().unwrap().line,
        3
    );
    // helpers.test (pendulum/helpers.py:179, re-exported as pendulum.test) removed in 3.0.
    let c = find(&report, "object_removed", "pendulum.helpers.test").expect("helpers.test");
    assert_eq!((c.baseline.as_ref().unwrap().line, c.public_path.as_str()), (179, "pendulum.test"));
    // pendulum/tz/zoneinfo/ and pendulum/period.py (class Period at :19) are gone.
    assert!(find(&report, "module_removed", "pendulum.tz.zoneinfo").is_some());
    assert_eq!(
        find(&report, "object_removed", "pendulum.Period").unwrap().baseline.as_ref().unwrap().line,
        19
    );
    // `pendulum.timezone(name, extended=True)` (pendulum/tz/__init__.py:24) → `timezone(name)` (src/pendulum/__init__.py:76).
    assert!(report.api_changes.iter().any(|c| c.kind.as_str() == "parameter_removed"
        && c.object == "pendulum.tz.timezone"
        && c.parameter.as_deref() == Some("extended")));
}

#[test]
fn pendulum_2_1_to_3_0_false_alarms_stay_silent() {
    let report = analyse_pair("pendulum", "2.1.2", "3.0.0");
    // Timezone(zoneinfo.ZoneInfo, …) (src/pendulum/tz/timezone.py:53): stdlib ZoneInfo is a tzinfo and
    // provides dst/utcoffset/tzname/fromutc.
    assert!(find(&report, "base_class_removed", "pendulum.tz.timezone.Timezone").is_none());
    assert!(find(&report, "object_removed", "pendulum.tz.timezone.Timezone.utcoffset").is_none());
    // pendulum/datetime.py:157 `if not _HAS_FOLD:` is False on 3.12 (_compat.py:8 `_HAS_FOLD = PY36`).
    assert!(find(&report, "object_removed", "pendulum.datetime.DateTime.fold").is_none());
}

#[test]
fn poetry_core_1_6_to_1_9() {
    let report = analyse_pair("poetry-core", "1.6.1", "1.9.0");
    // pyproject.toml:15-16 packages = [{ include = "poetry", from = "src" }]
    assert_eq!(report.baseline.packages, ["poetry"]);
    // src/poetry/core/packages/constraints/__init__.py:15 warns DeprecationWarning; removed in 1.9.0.
    let c =
        find(&report, "module_removed", "poetry.core.packages.constraints").expect("packages.constraints");
    let dep = c.deprecated.as_ref().expect("deprecated first");
    assert_eq!((dep.path.as_str(), dep.line), ("src/poetry/core/packages/constraints/__init__.py", 15));
    // src/poetry/core/semver/__init__.py:6 warns DeprecationWarning; removed in 1.9.0.
    assert_eq!(
        find(&report, "module_removed", "poetry.core.semver").unwrap().deprecated.as_ref().unwrap().line,
        6
    );
    // Link.__init__: requires_python positional-or-keyword (link.py:12) → keyword-only after `*` (link.py:20).
    let c = report
        .api_changes
        .iter()
        .find(|c| {
            c.kind.as_str() == "parameter_kind_changed"
                && c.object == "poetry.core.packages.utils.link.Link.__init__"
                && c.parameter.as_deref() == Some("requires_python")
        })
        .expect("requires_python keyword-only");
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (12, 20));
    // BuildIncludeFile.__init__ source_root lost its default None (builder.py:363 → :404).
    assert!(report.api_changes.iter().any(|c| c.kind.as_str() == "parameter_now_required"
        && c.object == "poetry.core.masonry.builders.builder.BuildIncludeFile.__init__"
        && c.parameter.as_deref() == Some("source_root")));
    // PyProjectTOML.is_build_system_defined (pyproject/toml.py:36) and MarkerUnion.append (markers.py:736) removed.
    assert_eq!(
        find(&report, "object_removed", "poetry.core.pyproject.toml.PyProjectTOML.is_build_system_defined")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        36
    );
    assert_eq!(
        find(&report, "object_removed", "poetry.core.version.markers.MarkerUnion.append")
            .unwrap()
            .baseline
            .as_ref()
            .unwrap()
            .line,
        736
    );
    // Dependency.transitive_python_constraint newly warns (dependency.py:227 def, :228 warnings.warn).
    let c = find(
        &report,
        "deprecated",
        "poetry.core.packages.dependency.Dependency.transitive_python_constraint",
    )
    .expect("newly deprecated");
    assert_eq!(c.current.as_ref().unwrap().line, 227);
    // The module poetry.core.masonry.builder warns at import (builder.py:14).
    assert!(find(&report, "deprecated", "poetry.core.masonry.builder").is_some());
}

#[test]
fn typer_0_9_to_0_12() {
    let report = analyse_pair("typer", "0.9.0", "0.12.3");
    // generate_list_convertor(convertor) (typer/main.py:633) → (convertor, default_value) (main.py:635).
    let c = report
        .api_changes
        .iter()
        .find(|c| {
            c.kind.as_str() == "parameter_added_required"
                && c.object == "typer.main.generate_list_convertor"
                && c.parameter.as_deref() == Some("default_value")
        })
        .unwrap();
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (633, 635));
    // typer.Option show_default: bool (params.py:137) → Union[bool, str] (params.py:139).
    assert!(report.api_changes.iter().any(|c| c.kind.as_str() == "parameter_annotation_changed"
        && c.object == "typer.params.Option"
        && c.parameter.as_deref() == Some("show_default")
        && c.public_path == "typer.Option"));
    // get_callback convertors default {} (main.py:656) → None (main.py:664).
    assert!(report.api_changes.iter().any(|c| c.kind.as_str() == "parameter_default_changed"
        && c.object == "typer.main.get_callback"
        && c.parameter.as_deref() == Some("convertors")));
}

#[test]
fn typer_0_9_to_0_12_false_alarms_stay_silent() {
    let report = analyse_pair("typer", "0.9.0", "0.12.3");
    // pdm_build.py is pdm-backend's build hook, not installed.
    assert_eq!(report.current.packages, ["typer"]);
}

#[test]
fn django_4_2_to_5_0_deprecation_evidence() {
    let report = analyse_pair("django", "4.2.11", "5.0.4");
    // CryptPasswordHasher (django/contrib/auth/hashers.py:829) warned RemovedInDjango50Warning at :840.
    let c = find(&report, "object_removed", "django.contrib.auth.hashers.CryptPasswordHasher").unwrap();
    assert_eq!(
        c.deprecated.as_ref().map(|d| (d.path.as_str(), d.line)),
        Some(("django/contrib/auth/hashers.py", 840))
    );
    // timezone.utc was served by __getattr__ (timezone.py:45), warning at :49.
    assert_eq!(
        find(&report, "object_removed", "django.utils.timezone.utc")
            .unwrap()
            .deprecated
            .as_ref()
            .unwrap()
            .line,
        49
    );
    // make_aware's is_dst: the warning naming it at timezone.py:277.
    let c = find_param(&report, "parameter_removed", "django.utils.timezone.make_aware", "is_dst").unwrap();
    assert_eq!(c.deprecated.as_ref().unwrap().line, 277);
    // django/utils/baseconv.py warned when imported (:44).
    assert_eq!(
        find(&report, "module_removed", "django.utils.baseconv").unwrap().deprecated.as_ref().unwrap().line,
        44
    );
    assert!(report.summary.breaking_after_deprecation >= 10);
    // 5.0 newly deprecates ForeignObject.get_joining_columns (related.py:781, warning :782) and
    // DjangoDivFormRenderer (forms/renderers.py:71, warning in __init__ :79).
    let c = find(&report, "deprecated", "django.db.models.fields.related.ForeignObject.get_joining_columns")
        .unwrap();
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (779, 781));
    assert!(find(&report, "deprecated", "django.forms.renderers.DjangoDivFormRenderer").is_some());
    // utils/html.py:126 `if not (args or kwargs): warn` deprecates omitting them, not passing them.
    assert!(!report
        .api_changes
        .iter()
        .any(|c| c.kind.as_str() == "deprecated" && c.object == "django.utils.html.format_html"));
}

#[test]
fn flask_2_3_to_3_0_deprecation_and_types() {
    let report = analyse_pair("flask", "2.3.3", "3.0.3");
    // flask/__init__.py:44 __getattr__ served `escape` with a DeprecationWarning at :71 (2.3.3).
    let c = find(&report, "object_removed", "flask.escape").unwrap();
    assert_eq!(c.deprecated.as_ref().map(|d| (d.path.as_str(), d.line)), Some(("src/flask/__init__.py", 71)));
    assert_eq!(
        find(&report, "object_removed", "flask.Markup").unwrap().deprecated.as_ref().unwrap().line,
        83
    );
    // got_first_request (app.py:576): `.. deprecated:: 2.3` at app.py:580.
    assert_eq!(
        find(&report, "object_removed", "flask.app.Flask.got_first_request")
            .unwrap()
            .deprecated
            .as_ref()
            .unwrap()
            .line,
        580
    );
    assert_eq!(report.summary.breaking_after_deprecation, 7);
    // `t.Callable` ≡ `t.Callable[..., t.Any]`: Flask.ensure_sync (app.py:1543 → :929) is unchanged.
    assert!(!report.api_changes.iter().any(|c| c.object == "flask.app.Flask.ensure_sync"));
    // TypeVars are typing-only: blueprints.py:18 T_after_request.
    assert!(find(&report, "object_removed", "flask.blueprints.T_after_request").unwrap().typing_only);
    // flask 3 is a major release for its breaking changes: satisfied.
    let release = report.release.as_ref().unwrap();
    assert_eq!((release.satisfied, release.baseline.version.as_deref()), (Some(true), Some("2.3.3")));
}

#[test]
fn click_7_1_to_8_1_declared_only_and_typing() {
    let report = analyse_pair("click", "7.1.2", "8.1.7");
    // ParamType.name: `name = None` (src/click/types.py:34) became a bare `name: str` (types.py:45):
    // the class no longer has the attribute.
    let c = find(&report, "object_removed", "click.types.ParamType.name").expect("ParamType.name");
    assert_eq!((c.baseline.as_ref().unwrap().line, c.current.as_ref().unwrap().line), (34, 45));
    assert_eq!(c.public_path, "click.ParamType.name");
    // TypeVars are typing-only: click/core.py:44 `F = t.TypeVar("F", …)`.
    assert!(find(&report, "object_added", "click.core.F").unwrap().typing_only);
}
