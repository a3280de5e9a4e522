//! Reading `setup.py` without running it: the `setup(...)` calls it makes and the literal values
//! of their keyword arguments, directly or through module-level names.
//!
//! A `setup.py` is a program; we never execute it (that would run the user's code). What a
//! literal says (`package_dir={"": "lib"}`, `packages=find_packages("src", exclude=[...])`,
//! `py_modules=["six"]`) is read; anything computed is reported as unreadable by the caller, which
//! then falls back to conventions.

use std::collections::BTreeMap;

use rustpython_parser::ast::{self, Ranged};

/// A parsed `setup.py`: its `setup(...)` calls and its module-level literal assignments.
pub struct SetupPy {
    module: ast::ModModule,
    text: String,
}

/// What a keyword argument of `setup()` holds, when it can be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Str(String),
    List(Vec<String>),
    Dict(Vec<(String, String)>),
    /// `find_packages(...)` / `find_namespace_packages(...)`.
    Find {
        where_: String,
        include: Vec<String>,
        exclude: Vec<String>,
        namespaces: bool,
    },
    /// Anything else: computed at build time.
    Computed,
}

/// One keyword argument of a `setup()` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    pub value: Value,
    /// 1-based line of the keyword.
    pub line: u32,
}

impl SetupPy {
    /// Parses the file; `None` when it is not valid Python.
    pub fn parse(path: &str, text: &str) -> Option<SetupPy> {
        match rustpython_parser::parse(text, rustpython_parser::Mode::Module, path) {
            Ok(ast::Mod::Module(module)) => Some(SetupPy { module, text: text.to_owned() }),
            _ => None,
        }
    }

    /// The `setup(...)` calls, at module level, under `if`, or in a function the module defines.
    pub fn calls(&self) -> Vec<&ast::ExprCall> {
        let mut out = Vec::new();
        find_setup_calls(&self.module.body, &mut out);
        out
    }

    /// Module-level `NAME = <expression>` assignments (the last one wins).
    pub fn names(&self) -> BTreeMap<&str, &ast::Expr> {
        let mut names = BTreeMap::new();
        for statement in &self.module.body {
            if let ast::Stmt::Assign(assign) = statement {
                for target in &assign.targets {
                    if let ast::Expr::Name(name) = target {
                        names.insert(name.id.as_str(), assign.value.as_ref());
                    }
                }
            }
        }
        names
    }

    /// The keyword argument `key` of the first `setup()` call that passes it, read as a literal.
    pub fn argument(&self, key: &str) -> Option<Argument> {
        let names = self.names();
        for call in self.calls() {
            for keyword in &call.keywords {
                if keyword.arg.as_ref().is_some_and(|a| a.as_str() == key) {
                    let line = line_of(&self.text, usize::from(keyword.range().start()));
                    return Some(Argument { value: read(&keyword.value, &names, 0), line });
                }
            }
        }
        None
    }

    /// The dotted names of `Extension("name", ...)` calls anywhere in the file.
    pub fn extension_names(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut visit = |expression: &ast::Expr| {
            if let ast::Expr::Call(call) = expression {
                let callee = match call.func.as_ref() {
                    ast::Expr::Name(name) => name.id.as_str(),
                    ast::Expr::Attribute(attribute) => attribute.attr.as_str(),
                    _ => "",
                };
                if matches!(callee, "Extension" | "Pybind11Extension" | "RustExtension") {
                    let name = call.args.first().and_then(string).or_else(|| {
                        call.keywords
                            .iter()
                            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "name"))
                            .and_then(|k| string(&k.value))
                    });
                    out.extend(name);
                }
            }
        };
        walk_calls(&self.module.body, &mut visit);
        out.sort();
        out.dedup();
        out
    }
}

fn line_of(text: &str, offset: usize) -> u32 {
    text.get(..offset).map_or(1, |before| before.matches('\n').count() as u32 + 1)
}

fn string(expression: &ast::Expr) -> Option<String> {
    match expression {
        ast::Expr::Constant(ast::ExprConstant { value: ast::Constant::Str(text), .. }) => Some(text.clone()),
        _ => None,
    }
}

/// Reads an expression as a literal, following module-level names a few steps.
fn read(expression: &ast::Expr, names: &BTreeMap<&str, &ast::Expr>, depth: usize) -> Value {
    if depth > 4 {
        return Value::Computed;
    }
    let strings = |items: &[ast::Expr]| -> Option<Vec<String>> { items.iter().map(string).collect() };
    match expression {
        ast::Expr::Name(name) => match names.get(name.id.as_str()) {
            Some(value) => read(value, names, depth + 1),
            None => Value::Computed,
        },
        ast::Expr::Constant(_) => string(expression).map_or(Value::Computed, Value::Str),
        ast::Expr::List(list) => strings(&list.elts).map_or(Value::Computed, Value::List),
        ast::Expr::Tuple(tuple) => strings(&tuple.elts).map_or(Value::Computed, Value::List),
        ast::Expr::BinOp(operation) if matches!(operation.op, ast::Operator::Add) => {
            match (read(&operation.left, names, depth + 1), read(&operation.right, names, depth + 1)) {
                (Value::List(mut left), Value::List(right)) => {
                    left.extend(right);
                    Value::List(left)
                }
                _ => Value::Computed,
            }
        }
        ast::Expr::Dict(dict) => {
            let mut pairs = Vec::new();
            for (key, value) in dict.keys.iter().zip(&dict.values) {
                let key = key.as_ref().and_then(string);
                let value = match read(value, names, depth + 1) {
                    Value::Str(text) => Some(text),
                    _ => None,
                };
                match (key, value) {
                    (Some(key), Some(value)) => pairs.push((key, value)),
                    _ => return Value::Computed,
                }
            }
            Value::Dict(pairs)
        }
        ast::Expr::Call(call) => {
            let callee = match call.func.as_ref() {
                ast::Expr::Name(name) => name.id.as_str(),
                ast::Expr::Attribute(attribute) => attribute.attr.as_str(),
                _ => "",
            };
            let namespaces = match callee {
                "find_packages" => false,
                "find_namespace_packages" | "PEP420PackageFinder.find" => true,
                _ => return Value::Computed,
            };
            let mut where_ = ".".to_owned();
            let (mut include, mut exclude) = (vec!["*".to_owned()], Vec::new());
            let list = |value: &ast::Expr| match read(value, names, depth + 1) {
                Value::List(items) => Some(items),
                Value::Str(item) => Some(vec![item]),
                _ => None,
            };
            for (index, argument) in call.args.iter().enumerate() {
                match (index, read(argument, names, depth + 1)) {
                    (0, Value::Str(text)) => where_ = text,
                    (1, Value::List(items)) => exclude = items,
                    (2, Value::List(items)) => include = items,
                    _ => return Value::Computed,
                }
            }
            for keyword in &call.keywords {
                match keyword.arg.as_ref().map(|a| a.as_str()) {
                    Some("where") => match read(&keyword.value, names, depth + 1) {
                        Value::Str(text) => where_ = text,
                        _ => return Value::Computed,
                    },
                    Some("exclude") => match list(&keyword.value) {
                        Some(items) => exclude = items,
                        None => return Value::Computed,
                    },
                    Some("include") => match list(&keyword.value) {
                        Some(items) => include = items,
                        None => return Value::Computed,
                    },
                    _ => return Value::Computed,
                }
            }
            Value::Find { where_, include, exclude, namespaces }
        }
        _ => Value::Computed,
    }
}

/// `setup(...)` / `setuptools.setup(...)` calls as statements in a body, looking into `if` blocks
/// and function definitions (`def main(): setup(...)`).
pub fn find_setup_calls<'a>(body: &'a [ast::Stmt], out: &mut Vec<&'a ast::ExprCall>) {
    for statement in body {
        match statement {
            ast::Stmt::Expr(expression) => {
                if let ast::Expr::Call(call) = expression.value.as_ref() {
                    let is_setup = match call.func.as_ref() {
                        ast::Expr::Name(name) => name.id.as_str() == "setup",
                        ast::Expr::Attribute(attribute) => attribute.attr.as_str() == "setup",
                        _ => false,
                    };
                    if is_setup {
                        out.push(call);
                    }
                }
            }
            ast::Stmt::If(branch) => {
                find_setup_calls(&branch.body, out);
                find_setup_calls(&branch.orelse, out);
            }
            ast::Stmt::FunctionDef(def) => find_setup_calls(&def.body, out),
            ast::Stmt::Try(block) => {
                find_setup_calls(&block.body, out);
                for ast::ExceptHandler::ExceptHandler(handler) in &block.handlers {
                    find_setup_calls(&handler.body, out);
                }
                find_setup_calls(&block.orelse, out);
            }
            _ => {}
        }
    }
}

/// Calls `visit` on every call expression in the statements (assignments, expressions, blocks).
fn walk_calls(body: &[ast::Stmt], visit: &mut dyn FnMut(&ast::Expr)) {
    fn expression(value: &ast::Expr, visit: &mut dyn FnMut(&ast::Expr)) {
        visit(value);
        match value {
            ast::Expr::Call(call) => {
                call.args.iter().for_each(|a| expression(a, visit));
                call.keywords.iter().for_each(|k| expression(&k.value, visit));
            }
            ast::Expr::List(list) => list.elts.iter().for_each(|e| expression(e, visit)),
            ast::Expr::Tuple(tuple) => tuple.elts.iter().for_each(|e| expression(e, visit)),
            ast::Expr::BinOp(operation) => {
                expression(&operation.left, visit);
                expression(&operation.right, visit);
            }
            ast::Expr::ListComp(comprehension) => expression(&comprehension.elt, visit),
            _ => {}
        }
    }
    for statement in body {
        match statement {
            ast::Stmt::Expr(value) => expression(&value.value, visit),
            ast::Stmt::Assign(assign) => expression(&assign.value, visit),
            ast::Stmt::If(branch) => {
                walk_calls(&branch.body, visit);
                walk_calls(&branch.orelse, visit);
            }
            ast::Stmt::FunctionDef(def) => walk_calls(&def.body, visit),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_names_and_find_packages() {
        let text = "from setuptools import setup, find_packages, Extension\nPKGS = find_packages('src', exclude=['tests*'])\nsetup(\n    name='x',\n    package_dir={'': 'src'},\n    packages=PKGS,\n    py_modules=['six'] + ['seven'],\n    ext_modules=[Extension('x._speedups', ['x/_speedups.c'])],\n    version=get_version(),\n)\n";
        let setup = SetupPy::parse("setup.py", text).unwrap();
        assert_eq!(
            setup.argument("package_dir").unwrap().value,
            Value::Dict(vec![("".into(), "src".into())])
        );
        assert_eq!(setup.argument("package_dir").unwrap().line, 5);
        assert_eq!(
            setup.argument("packages").unwrap().value,
            Value::Find {
                where_: "src".into(),
                include: vec!["*".into()],
                exclude: vec!["tests*".into()],
                namespaces: false
            }
        );
        assert_eq!(
            setup.argument("py_modules").unwrap().value,
            Value::List(vec!["six".into(), "seven".into()])
        );
        assert_eq!(setup.argument("version").unwrap().value, Value::Computed);
        assert_eq!(setup.extension_names(), ["x._speedups"]);
        assert!(setup.argument("scripts").is_none());
    }

    #[test]
    fn setup_inside_main_and_if() {
        let text = "def main():\n    if True:\n        setup(packages=['a', 'a.b'])\nmain()\n";
        let setup = SetupPy::parse("setup.py", text).unwrap();
        assert_eq!(setup.argument("packages").unwrap().value, Value::List(vec!["a".into(), "a.b".into()]));
    }
}
