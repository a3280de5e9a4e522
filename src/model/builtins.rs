//! The ancestry of the standard classes code most often derives from (exceptions, warnings,
//! enums, dicts), so that replacing a base with a subclass of it — `Exception` by `ValueError`,
//! `(int, Enum)` by `IntEnum` — is not mistaken for a removed base. Classes outside the tree are
//! otherwise opaque: their hierarchy cannot be read from the code under review.

/// Direct bases of a standard class, by its name.
fn bases(name: &str) -> &'static [&'static str] {
    match name {
        "Exception" | "KeyboardInterrupt" | "SystemExit" | "GeneratorExit" => &["BaseException"],
        "ArithmeticError" | "LookupError" | "ValueError" | "OSError" | "RuntimeError" | "ImportError"
        | "TypeError" | "AttributeError" | "NameError" | "AssertionError" | "EOFError" | "StopIteration"
        | "StopAsyncIteration" | "BufferError" | "MemoryError" | "ReferenceError" | "SystemError"
        | "SyntaxError" | "Warning" => &["Exception"],
        "ZeroDivisionError" | "OverflowError" | "FloatingPointError" => &["ArithmeticError"],
        "IndexError" | "KeyError" => &["LookupError"],
        "UnicodeError" => &["ValueError"],
        "UnicodeDecodeError" | "UnicodeEncodeError" | "UnicodeTranslateError" => &["UnicodeError"],
        "EnvironmentError" | "IOError" | "FileNotFoundError" | "FileExistsError" | "PermissionError"
        | "IsADirectoryError" | "NotADirectoryError" | "TimeoutError" | "InterruptedError"
        | "BlockingIOError" | "ChildProcessError" | "ProcessLookupError" | "ConnectionError" => &["OSError"],
        "BrokenPipeError" | "ConnectionAbortedError" | "ConnectionRefusedError" | "ConnectionResetError" => {
            &["ConnectionError"]
        }
        "NotImplementedError" | "RecursionError" => &["RuntimeError"],
        "ModuleNotFoundError" => &["ImportError"],
        "UnboundLocalError" => &["NameError"],
        "IndentationError" => &["SyntaxError"],
        "TabError" => &["IndentationError"],
        "UserWarning"
        | "DeprecationWarning"
        | "PendingDeprecationWarning"
        | "SyntaxWarning"
        | "RuntimeWarning"
        | "FutureWarning"
        | "ImportWarning"
        | "UnicodeWarning"
        | "BytesWarning"
        | "ResourceWarning"
        | "EncodingWarning" => &["Warning"],
        "ReprEnum" | "Flag" => &["Enum"],
        "IntEnum" => &["int", "ReprEnum"],
        "StrEnum" => &["str", "ReprEnum"],
        "IntFlag" => &["int", "ReprEnum", "Flag"],
        "bool" => &["int"],
        "OrderedDict" | "defaultdict" | "Counter" | "TypedDict" => &["dict"],
        "NamedTuple" => &["tuple"],
        "ZoneInfo" | "timezone" => &["tzinfo"],
        "RawIOBase" | "BufferedIOBase" | "TextIOBase" => &["IOBase"],
        "datetime" => &["date"],
        _ => &[],
    }
}

/// Members of a few standard classes that code derives from and overrides (`tzinfo`'s methods,
/// `datetime`'s): a subclass that stops overriding one still has it, inherited.
pub fn members(name: &str) -> &'static [&'static str] {
    match name {
        "tzinfo" => &["dst", "utcoffset", "tzname", "fromutc"],
        "date" => &[
            "year",
            "month",
            "day",
            "replace",
            "timetuple",
            "toordinal",
            "weekday",
            "isoweekday",
            "isocalendar",
            "isoformat",
            "strftime",
            "ctime",
            "today",
            "fromtimestamp",
            "fromordinal",
            "fromisoformat",
        ],
        "datetime" => &[
            "hour",
            "minute",
            "second",
            "microsecond",
            "tzinfo",
            "fold",
            "timestamp",
            "utctimetuple",
            "date",
            "time",
            "timetz",
            "astimezone",
            "utcoffset",
            "dst",
            "tzname",
            "now",
            "utcnow",
            "combine",
            "strptime",
            "utcfromtimestamp",
        ],
        "BaseException" => &["args", "with_traceback", "add_note"],
        "IOBase" => &[
            "close",
            "closed",
            "fileno",
            "flush",
            "isatty",
            "readable",
            "readline",
            "readlines",
            "seek",
            "seekable",
            "tell",
            "truncate",
            "writable",
            "writelines",
            "__iter__",
            "__next__",
            "__enter__",
            "__exit__",
        ],
        "RawIOBase" => &["read", "readall", "readinto", "write"],
        "BufferedIOBase" => &["read", "read1", "readinto", "readinto1", "write", "detach"],
        _ => &[],
    }
}

/// Whether a standard class (by name), or one of its standard ancestors, has a member.
pub fn provides(class: &str, member: &str) -> bool {
    std::iter::once(class).chain(ancestors(class)).any(|name| members(name).contains(&member))
}

/// The builtin a `typing` alias stands for (`typing.Dict` → `dict`).
pub fn typing_alias(name: &str) -> Option<&'static str> {
    let (module, last) = name.rsplit_once('.').unwrap_or(("", name));
    if !matches!(module, "typing" | "typing_extensions" | "t" | "") {
        return None;
    }
    Some(match last {
        "Dict" => "dict",
        "List" => "list",
        "Set" => "set",
        "FrozenSet" => "frozenset",
        "Tuple" => "tuple",
        "Type" => "type",
        "DefaultDict" => "defaultdict",
        "OrderedDict" => "OrderedDict",
        "Deque" => "deque",
        "Counter" => "Counter",
        _ => return None,
    })
}

/// Whether a name is one of the standard exception or warning classes.
pub fn is_exception(name: &str) -> bool {
    name == "BaseException" || ancestors(name).contains(&"BaseException")
}

/// Every standard ancestor of a standard class (by name), nearest first.
pub fn ancestors(name: &str) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut pending: Vec<&'static str> = bases(name).to_vec();
    while let Some(next) = pending.pop() {
        if !out.contains(&next) {
            out.push(next);
            pending.extend(bases(next));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn knows_common_hierarchies() {
        assert!(super::ancestors("ValueError").contains(&"Exception"));
        assert!(super::ancestors("ConnectionResetError").contains(&"OSError"));
        assert!(super::ancestors("IntEnum").contains(&"int"));
        assert!(super::ancestors("IntEnum").contains(&"Enum"));
        assert!(!super::ancestors("DeprecationWarning").contains(&"PendingDeprecationWarning"));
        assert!(super::ancestors("Unknown").is_empty());
    }
}
