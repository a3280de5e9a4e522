#!/usr/bin/env python3
"""Runs `griffe check PACKAGE -a OLD -b NEW -s .` in a git repository and prints how long it took,
as JSON. griffe stops with AliasResolutionError on Django 4.2 -> 5.0; with --patch-alias-errors
it skips such members (the patch of tests/real_world/griffe_compare.py) and completes.

Usage: PYTHON_WITH_GRIFFE bench/griffe_check.py REPO PACKAGE OLD_REF NEW_REF [--patch-alias-errors]
"""
import contextlib
import io
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "real_world"))
import griffe  # noqa: E402
from griffe_compare import patch_alias_errors  # noqa: E402


def main():
    args = [a for a in sys.argv[1:] if a != "--patch-alias-errors"]
    repo, package, old, new = args
    if "--patch-alias-errors" in sys.argv:
        patch_alias_errors()
    os.chdir(repo)
    started = time.time()
    output = io.StringIO()
    error = None
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            code = griffe.main(["check", package, "-a", old, "-b", new, "-s", "."])
    except Exception as exc:  # the crash is part of what is measured
        code, error = None, f"{type(exc).__name__}: {exc}"
    reports = sum(1 for line in output.getvalue().splitlines() if line.strip() and not line.startswith(" "))
    print(json.dumps({"seconds": round(time.time() - started, 2), "exit_code": code, "error": error, "output_lines": reports}))


if __name__ == "__main__":
    main()
