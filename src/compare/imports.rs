//! `import_unresolved`: imports in the current tree that no longer resolve inside it.
//!
//! An import of an internal module (one under the tree's own top-level packages) that resolved in
//! the baseline tree but not in the current one raises ImportError when the importing module
//! loads. Imports inside `try: … except ImportError` (or broader) and under `if TYPE_CHECKING:`
//! are handled or never run, and are not reported; names a `__getattr__` shim serves resolve.

use super::Findings;
use crate::catalogue::ChangeKind;
use crate::model::resolve::Resolver;
use crate::model::ApiSurface;
use crate::report::Evidence;

pub(crate) fn compare(old: &Resolver, new: &Resolver, current: &ApiSurface, findings: &mut Findings) {
    for module in current.modules.values() {
        for import in
            module.imports.iter().filter(|import| !import.guarded && new.is_internal(&import.module))
        {
            let statement = if import.names.is_empty() {
                format!("import {}", import.module)
            } else {
                format!("from {} import {}", import.module, import.names.join(", "))
            };
            let evidence =
                || Evidence { path: module.path.clone(), line: import.line, signature: statement.clone() };
            let mut missing: Vec<String> = Vec::new();
            if import.names.is_empty() {
                if !new.module_exists(&import.module) && old.module_exists(&import.module) {
                    missing.push(format!("module `{}`", import.module));
                }
            } else {
                for name in &import.names {
                    if new.resolve(&import.module, name).is_none()
                        && old.resolve(&import.module, name).is_some()
                    {
                        missing.push(format!("`{name}` from `{}`", import.module));
                    }
                }
            }
            for target in missing {
                let message = format!(
                    "`{}` imports {target}, which no longer exists: loading `{}` raises ImportError",
                    module.name, module.name
                );
                findings.add(
                    ChangeKind::ImportUnresolved,
                    &module.name,
                    None,
                    (None, Some(evidence())),
                    message,
                );
            }
        }
    }
}
