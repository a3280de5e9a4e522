//! Import statements: every one a module runs, nested bodies included, with where it sits
//! (failure handled, under `if TYPE_CHECKING:`, only when a function is called, never), and
//! relative imports made absolute.

use super::*;

/// The absolute module of a `from … import …`, resolving leading dots against `package`.
/// `None` when the dots climb above the top-level package.
pub(super) fn absolute_module(package: &str, import: &ast::StmtImportFrom) -> Option<String> {
    let level = import.level.map_or(0, |level| level.to_u32()) as usize;
    let relative = import.module.as_ref().map(|m| m.as_str()).unwrap_or("");
    if level == 0 {
        return Some(relative.to_owned());
    }
    let mut parts: Vec<&str> = if package.is_empty() { Vec::new() } else { package.split('.').collect() };
    for _ in 1..level {
        parts.pop()?;
    }
    if !relative.is_empty() {
        parts.push(relative);
    }
    if parts.is_empty() {
        None
    } else {
        Some(parts.join("."))
    }
}

/// Where an import statement sits, as [`ImportStatement`] records it.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ImportContext {
    pub(super) guarded: bool,
    pub(super) deferred: bool,
    pub(super) never_runs: bool,
}

/// Finds every import statement in a module, nested bodies included, with whether its failure is
/// handled (inside `try` with a handler catching ImportError, or under `if TYPE_CHECKING:`),
/// whether it runs only when a function is called, and whether it never runs.
pub(super) struct ImportCollector<'m> {
    pub(super) module: &'m ParsedModule,
    pub(super) package: &'m str,
}

impl ImportCollector<'_> {
    pub(super) fn collect(&self, body: &[ast::Stmt], at: ImportContext, out: &mut Vec<ImportStatement>) {
        let deferred = ImportContext { deferred: true, ..at };
        for statement in body {
            let line = self.module.line_of(statement.range().start());
            let push = |out: &mut Vec<ImportStatement>, module: String, names: Vec<String>| {
                out.push(ImportStatement {
                    module,
                    names,
                    line,
                    guarded: at.guarded,
                    deferred: at.deferred,
                    never_runs: at.never_runs,
                })
            };
            match statement {
                ast::Stmt::Import(import) => {
                    for alias in &import.names {
                        push(out, alias.name.to_string(), Vec::new());
                    }
                }
                ast::Stmt::ImportFrom(import) => {
                    if let Some(module) = absolute_module(self.package, import) {
                        let names = import
                            .names
                            .iter()
                            .map(|a| a.name.to_string())
                            .filter(|name| name != "*")
                            .collect();
                        push(out, module, names);
                    }
                }
                ast::Stmt::FunctionDef(def) => self.collect(&def.body, deferred, out),
                ast::Stmt::AsyncFunctionDef(def) => self.collect(&def.body, deferred, out),
                ast::Stmt::ClassDef(def) => self.collect(&def.body, at, out),
                ast::Stmt::If(branch) => {
                    let never = ImportContext { guarded: true, never_runs: true, ..at };
                    match conditions::evaluate(&branch.test) {
                        Some(false) => {
                            self.collect(&branch.body, never, out);
                            self.collect(&branch.orelse, at, out);
                        }
                        Some(true) => {
                            self.collect(&branch.body, at, out);
                            self.collect(&branch.orelse, never, out);
                        }
                        None => {
                            self.collect(&branch.body, at, out);
                            self.collect(&branch.orelse, at, out);
                        }
                    }
                }
                ast::Stmt::Try(block) => {
                    self.collect_try(&block.body, &block.handlers, &block.orelse, &block.finalbody, at, out)
                }
                ast::Stmt::TryStar(block) => {
                    self.collect_try(&block.body, &block.handlers, &block.orelse, &block.finalbody, at, out)
                }
                ast::Stmt::With(block) => self.collect(&block.body, at, out),
                ast::Stmt::AsyncWith(block) => self.collect(&block.body, at, out),
                ast::Stmt::For(block) => {
                    self.collect(&block.body, at, out);
                    self.collect(&block.orelse, at, out);
                }
                ast::Stmt::While(block) => {
                    self.collect(&block.body, at, out);
                    self.collect(&block.orelse, at, out);
                }
                _ => {}
            }
        }
    }

    fn collect_try(
        &self,
        body: &[ast::Stmt],
        handlers: &[ast::ExceptHandler],
        orelse: &[ast::Stmt],
        finalbody: &[ast::Stmt],
        at: ImportContext,
        out: &mut Vec<ImportStatement>,
    ) {
        let handled = handlers.iter().any(|ast::ExceptHandler::ExceptHandler(h)| match &h.type_ {
            None => true,
            Some(kind) => catches_import_error(kind),
        });
        self.collect(body, ImportContext { guarded: at.guarded || handled, ..at }, out);
        for ast::ExceptHandler::ExceptHandler(handler) in handlers {
            self.collect(&handler.body, at, out);
        }
        self.collect(orelse, at, out);
        self.collect(finalbody, at, out);
    }
}

pub(super) fn catches_import_error(kind: &ast::Expr) -> bool {
    match kind {
        ast::Expr::Name(name) => {
            matches!(name.id.as_str(), "ImportError" | "ModuleNotFoundError" | "Exception" | "BaseException")
        }
        ast::Expr::Attribute(attribute) => {
            matches!(attribute.attr.as_str(), "ImportError" | "ModuleNotFoundError")
        }
        ast::Expr::Tuple(tuple) => tuple.elts.iter().any(catches_import_error),
        _ => false,
    }
}
