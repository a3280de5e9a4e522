//! Signatures as text: parameters from the AST, and the `def …(…)` line shown as evidence.
//!
//! Annotations and defaults are kept as the source wrote them, with whitespace normalised so that
//! re-wrapping a long signature over several lines is not a change. (Unparsing the expressions
//! would pull rustpython's literal-formatting crates into the wasm bundle for no gain in fidelity.)

use rustpython_parser::ast::{self, Ranged};

use super::{Parameter, ParameterKind};
use crate::parse::ParsedModule;

/// The parameters of a function, in signature order, including `self`/`cls` if written.
pub fn parameters(module: &ParsedModule, arguments: &ast::Arguments) -> Vec<Parameter> {
    let with_default = |arg: &ast::ArgWithDefault, kind| Parameter {
        name: arg.def.arg.to_string(),
        kind,
        default: arg.default.as_ref().map(|expr| source_text(module, expr.range())),
        annotation: arg.def.annotation.as_ref().map(|expr| source_text(module, expr.range())),
    };
    let variadic = |arg: &ast::Arg, kind| Parameter {
        name: arg.arg.to_string(),
        kind,
        default: None,
        annotation: arg.annotation.as_ref().map(|expr| source_text(module, expr.range())),
    };
    let mut parameters = Vec::new();
    parameters.extend(arguments.posonlyargs.iter().map(|a| with_default(a, ParameterKind::PositionalOnly)));
    parameters.extend(arguments.args.iter().map(|a| with_default(a, ParameterKind::PositionalOrKeyword)));
    parameters.extend(arguments.vararg.iter().map(|a| variadic(a, ParameterKind::VarPositional)));
    parameters.extend(arguments.kwonlyargs.iter().map(|a| with_default(a, ParameterKind::KeywordOnly)));
    parameters.extend(arguments.kwarg.iter().map(|a| variadic(a, ParameterKind::VarKeyword)));
    parameters
}

/// Renders `def name(params) -> returns`, with the `/` and `*` markers Python needs.
pub fn render(name: &str, is_async: bool, parameters: &[Parameter], returns: Option<&str>) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(parameters.len() + 2);
    let mut previous: Option<ParameterKind> = None;
    for parameter in parameters {
        if previous == Some(ParameterKind::PositionalOnly) && parameter.kind != ParameterKind::PositionalOnly
        {
            parts.push("/".to_owned());
        }
        let after_var_positional = parameters.iter().any(|p| p.kind == ParameterKind::VarPositional);
        if parameter.kind == ParameterKind::KeywordOnly
            && previous.is_none_or(|kind| kind < ParameterKind::VarPositional)
            && !after_var_positional
        {
            parts.push("*".to_owned());
        }
        parts.push(render_parameter(parameter));
        previous = Some(parameter.kind);
    }
    if previous == Some(ParameterKind::PositionalOnly) {
        parts.push("/".to_owned());
    }
    let prefix = if is_async { "async def" } else { "def" };
    let returns = returns.map(|r| format!(" -> {r}")).unwrap_or_default();
    format!("{prefix} {name}({}){returns}", parts.join(", "))
}

fn render_parameter(parameter: &Parameter) -> String {
    let stars = match parameter.kind {
        ParameterKind::VarPositional => "*",
        ParameterKind::VarKeyword => "**",
        _ => "",
    };
    let mut text = format!("{stars}{}", parameter.name);
    if let Some(annotation) = &parameter.annotation {
        text.push_str(": ");
        text.push_str(annotation);
    }
    if let Some(default) = &parameter.default {
        text.push_str(if parameter.annotation.is_some() { " = " } else { "=" });
        text.push_str(default);
    }
    text
}

/// The source text of a range with every whitespace run (newlines included) collapsed to one
/// space and no space just inside brackets.
pub fn source_text(module: &ParsedModule, range: rustpython_parser::text_size::TextRange) -> String {
    normalise_whitespace(module.slice(range))
}

pub fn normalise_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut pending_newline = false;
    let mut chars = text.chars().peekable();
    // The open string literal: its quote character and whether it is triple-quoted.
    let mut quote: Option<(char, bool)> = None;
    while let Some(c) = chars.next() {
        if let Some((q, triple)) = quote {
            // Inside a string literal everything is kept as written.
            out.push(c);
            if c == '\\' {
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                }
            } else if c == q && (!triple || out.ends_with(&q.to_string().repeat(3))) {
                quote = None;
            }
            continue;
        }
        if c == '#' {
            // A comment inside a wrapped expression: drop it up to the end of its line.
            for skipped in chars.by_ref() {
                if skipped == '\n' {
                    pending_space = !out.is_empty();
                    pending_newline = true;
                    break;
                }
            }
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            pending_newline |= c == '\n';
            continue;
        }
        let closing = matches!(c, ')' | ']' | '}');
        // The trailing comma of a literal wrapped over lines ("[\n a,\n]") says nothing; a
        // comma right before the bracket (`(1,)`) makes a tuple and stays.
        if closing && pending_newline && out.ends_with(',') {
            out.pop();
        }
        if pending_space && !out.ends_with(['(', '[', '{']) && !closing {
            out.push(' ');
        }
        pending_space = false;
        pending_newline = false;
        out.push(c);
        if c == '"' || c == '\'' {
            let triple = chars.peek() == Some(&c) && chars.clone().nth(1) == Some(c);
            if triple {
                out.push(c);
                out.push(c);
                chars.next();
                chars.next();
            }
            // An empty string `""` closes at once: the second quote is handled as text above.
            quote = Some((c, triple));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parameter(name: &str, kind: ParameterKind, default: Option<&str>) -> Parameter {
        Parameter { name: name.into(), kind, default: default.map(Into::into), annotation: None }
    }

    #[test]
    fn renders_markers() {
        use ParameterKind::*;
        let params = [
            parameter("a", PositionalOnly, None),
            parameter("b", PositionalOrKeyword, Some("1")),
            parameter("c", KeywordOnly, None),
            parameter("kw", VarKeyword, None),
        ];
        assert_eq!(render("f", false, &params, Some("int")), "def f(a, /, b=1, *, c, **kw) -> int");
        let params = [parameter("args", VarPositional, None), parameter("c", KeywordOnly, None)];
        assert_eq!(render("g", true, &params, None), "async def g(*args, c)");
    }

    #[test]
    fn normalises_wrapped_text() {
        assert_eq!(normalise_whitespace("Dict[\n    str,\n    int,\n]"), "Dict[str, int]");
        assert_eq!(normalise_whitespace("( 1,  2 )"), "(1, 2)");
        assert_eq!(normalise_whitespace("(1,)"), "(1,)");
        assert_eq!(normalise_whitespace("f(a,  # type: ignore\n  b)"), "f(a, b)");
        assert_eq!(normalise_whitespace("'a  # b'"), "'a  # b'");
        assert_eq!(normalise_whitespace("r\"\"\"a \"b\"\n  c\"\"\" + x"), "r\"\"\"a \"b\"\n  c\"\"\" + x");
        assert_eq!(normalise_whitespace("\"\" , 1"), "\"\" , 1");
    }
}
