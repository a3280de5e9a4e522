//! Static evaluation of the conditions that decide which definitions exist at run time:
//! `TYPE_CHECKING` (false at run time), `sys.version_info` comparisons, and the widespread
//! version flags named `PY2`, `PY3`, `PY38`, `PY310`, … (six, Django, many others define them as
//! `sys.version_info >= (3, 10)`), all evaluated for [`TARGET_PYTHON`]. Anything else is unknown.

use rustpython_parser::ast;

/// The Python version conditional code is evaluated for.
pub const TARGET_PYTHON: (u32, u32) = (3, 12);

/// Whether a condition is `TYPE_CHECKING` (or `typing.TYPE_CHECKING`): true only for type
/// checkers.
pub fn is_type_checking(test: &ast::Expr) -> bool {
    match test {
        ast::Expr::Name(name) => name.id.as_str() == "TYPE_CHECKING",
        ast::Expr::Attribute(attribute) => attribute.attr.as_str() == "TYPE_CHECKING",
        _ => false,
    }
}

/// The value of a condition when it can be known statically.
pub fn evaluate(test: &ast::Expr) -> Option<bool> {
    match test {
        ast::Expr::Name(name) if name.id.as_str() == "TYPE_CHECKING" => Some(false),
        ast::Expr::Name(name) => version_flag(name.id.as_str()),
        ast::Expr::Attribute(attribute) if attribute.attr.as_str() == "TYPE_CHECKING" => Some(false),
        ast::Expr::UnaryOp(operation) if matches!(operation.op, ast::UnaryOp::Not) => {
            evaluate(&operation.operand).map(|value| !value)
        }
        ast::Expr::BoolOp(operation) => {
            let values: Vec<Option<bool>> = operation.values.iter().map(evaluate).collect();
            match operation.op {
                ast::BoolOp::And if values.contains(&Some(false)) => Some(false),
                ast::BoolOp::And if values.iter().all(|v| *v == Some(true)) => Some(true),
                ast::BoolOp::Or if values.contains(&Some(true)) => Some(true),
                ast::BoolOp::Or if values.iter().all(|v| *v == Some(false)) => Some(false),
                _ => None,
            }
        }
        ast::Expr::Compare(compare) => version_comparison(compare).or_else(|| main_check(compare)),
        _ => None,
    }
}

/// `__name__ == "__main__"`: false when the module is imported, which is how callers meet it.
fn main_check(compare: &ast::ExprCompare) -> Option<bool> {
    let ([op], [right]) = (compare.ops.as_slice(), compare.comparators.as_slice()) else { return None };
    let is_name = matches!(compare.left.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "__name__");
    let is_main = matches!(right, ast::Expr::Constant(c) if matches!(&c.value, ast::Constant::Str(s) if s == "__main__"));
    match op {
        ast::CmpOp::Eq if is_name && is_main => Some(false),
        ast::CmpOp::NotEq if is_name && is_main => Some(true),
        _ => None,
    }
}

/// `sys.version_info >= (3, 8)`, `sys.version_info[:2] < (3, 10)`, `sys.version_info[0] == 3`.
fn version_comparison(compare: &ast::ExprCompare) -> Option<bool> {
    let ([op], [right]) = (compare.ops.as_slice(), compare.comparators.as_slice()) else { return None };
    let left: Vec<u32> = match compare.left.as_ref() {
        expr if is_version_info(expr) => vec![TARGET_PYTHON.0, TARGET_PYTHON.1],
        ast::Expr::Subscript(subscript) if is_version_info(&subscript.value) => {
            match subscript.slice.as_ref() {
                ast::Expr::Constant(constant) => match &constant.value {
                    ast::Constant::Int(index) if index.to_string() == "0" => vec![TARGET_PYTHON.0],
                    ast::Constant::Int(index) if index.to_string() == "1" => vec![TARGET_PYTHON.1],
                    _ => return None,
                },
                ast::Expr::Slice(_) => vec![TARGET_PYTHON.0, TARGET_PYTHON.1],
                _ => return None,
            }
        }
        _ => return None,
    };
    let right: Vec<u32> = match right {
        ast::Expr::Tuple(tuple) => tuple.elts.iter().map(integer).collect::<Option<_>>()?,
        other => vec![integer(other)?],
    };
    // Compare only as many components as both sides give: (3, 12) >= (3, 8, 1) looks at (3, 8).
    let n = left.len().min(right.len());
    let ordering = left.get(..n)?.cmp(right.get(..n)?);
    use std::cmp::Ordering::*;
    Some(match op {
        ast::CmpOp::Gt => ordering == Greater,
        ast::CmpOp::GtE => ordering != Less,
        ast::CmpOp::Lt => ordering == Less,
        ast::CmpOp::LtE => ordering != Greater,
        ast::CmpOp::Eq => ordering == Equal,
        ast::CmpOp::NotEq => ordering != Equal,
        _ => return None,
    })
}

/// `PY2` → false, `PY3` → true, `PY38` → 3.8 ≤ target, `PY310` → 3.10 ≤ target.
fn version_flag(name: &str) -> Option<bool> {
    let digits = name.strip_prefix("PY")?;
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let major: u32 = digits.get(..1)?.parse().ok()?;
    let minor: u32 = match digits.get(1..) {
        Some("") | None => return Some(major == TARGET_PYTHON.0),
        Some(minor) => minor.parse().ok()?,
    };
    Some((major, minor) <= TARGET_PYTHON)
}

fn is_version_info(expression: &ast::Expr) -> bool {
    matches!(expression, ast::Expr::Attribute(a) if a.attr.as_str() == "version_info"
        && matches!(a.value.as_ref(), ast::Expr::Name(n) if n.id.as_str() == "sys"))
}

fn integer(expression: &ast::Expr) -> Option<u32> {
    match expression {
        ast::Expr::Constant(constant) => match &constant.value {
            ast::Constant::Int(value) => value.to_string().parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(source: &str) -> Option<bool> {
        let expression =
            rustpython_parser::parse(source, rustpython_parser::Mode::Expression, "<test>").unwrap();
        match expression {
            ast::Mod::Expression(e) => evaluate(&e.body),
            _ => unreachable!(),
        }
    }

    #[test]
    fn evaluates_type_checking_and_versions() {
        assert_eq!(eval("TYPE_CHECKING"), Some(false));
        assert_eq!(eval("typing.TYPE_CHECKING"), Some(false));
        assert_eq!(eval("not TYPE_CHECKING"), Some(true));
        assert_eq!(eval("sys.version_info >= (3, 8)"), Some(true));
        assert_eq!(eval("sys.version_info < (3, 10)"), Some(false));
        assert_eq!(eval("sys.version_info[:2] >= (3, 13)"), Some(false));
        assert_eq!(eval("sys.version_info[0] == 2"), Some(false));
        assert_eq!(eval("sys.version_info >= (3, 12, 1)"), Some(true));
        assert_eq!(eval("PY2"), Some(false));
        assert_eq!(eval("PY3"), Some(true));
        assert_eq!(eval("not PY310"), Some(false));
        assert_eq!(eval("PY313"), Some(false));
        assert_eq!(eval("PYTHON"), None);
        assert_eq!(eval("sys.platform == 'win32'"), None);
    }
}
