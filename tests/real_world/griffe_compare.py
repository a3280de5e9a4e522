#!/usr/bin/env python3
"""Compare Stability Lens with griffe's breaking-change check on a corpus pair.

Usage (griffe installed in a venv; the corpus from scripts/fetch-corpus.py):
    python3 -m venv /tmp/griffe-venv && /tmp/griffe-venv/bin/pip install griffe
    /tmp/griffe-venv/bin/python tests/real_world/griffe_compare.py NAME OLD NEW [CORPUS] > out.json
    (add --patch-alias-errors for django: unpatched griffe stops with AliasResolutionError)

Prints JSON: griffe's findings and ours, both as (kind, object, parameter), the ones that match,
and the ones only one tool reports, with both tools' run times. The verdicts on the
disagreements are recorded by hand in tests/real_world/<name>.md.
"""
import json
import os
import subprocess
import sys
import time

import griffe

# griffe's breakage kinds -> our change kinds.
KINDS = {
    "Positional parameter was moved": "parameter_moved",
    "Parameter was removed": "parameter_removed",
    "Parameter kind was changed": "parameter_kind_changed",
    "Parameter default was changed": "parameter_default_changed",
    "Parameter is now required": "parameter_now_required",
    "Parameter was added as required": "parameter_added_required",
    "Return types are incompatible": "return_annotation_changed",
    "Public object was removed": "object_removed",
    "Public object points to a different kind of object": "object_kind_changed",
    "Attribute types are incompatible": "attribute_annotation_changed",
    "Attribute value was changed": "attribute_value_changed",
    "Base class was removed": "base_class_removed",
}

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def search_path(tree, package):
    return os.path.join(tree, "src") if os.path.isdir(os.path.join(tree, "src", package)) else tree


def patch_alias_errors():
    """griffe stops at the first alias it cannot resolve (Django: an alias into psycopg, which is
    not in the tree). Skip such members instead, so the rest of the comparison can run."""
    from griffe._internal import diff

    original = diff._type_based_yield

    def tolerant(old_member, new_member, *, seen_paths):
        try:
            yield from original(old_member, new_member, seen_paths=seen_paths)
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return

    diff._type_based_yield = tolerant


def run_griffe(package, old_tree, new_tree):
    started = time.time()
    try:
        old = griffe.load(package, search_paths=[search_path(old_tree, package)], try_relative_path=False)
        new = griffe.load(package, search_paths=[search_path(new_tree, package)], try_relative_path=False)
        found = []
        for breakage in griffe.find_breaking_changes(old, new):
            kind = KINDS.get(breakage.kind.value, breakage.kind.value)
            parameter = getattr(breakage.old_value, "name", None) if kind.startswith("parameter_") else None
            if kind == "parameter_added_required":
                parameter = getattr(breakage.new_value, "name", None)
            found.append({"kind": kind, "object": breakage.obj.path, "parameter": parameter})
        error = None
    except Exception as exc:  # griffe crashes on some pairs; record it
        found, error = [], f"{type(exc).__name__}: {exc}"
    return found, error, time.time() - started


def run_ours(old_tree, new_tree):
    binary = os.environ.get("STABILITY_LENS_BIN", os.path.join(ROOT, "target/release/stability-lens"))
    started = time.time()
    result = subprocess.run([binary, "diff", old_tree, new_tree, "--format", "json"], capture_output=True, text=True)
    elapsed = time.time() - started
    report = json.loads(result.stdout)
    return report["api_changes"], elapsed


def key(change):
    # griffe reports a removed module as a removed object.
    kind = "object_removed" if change["kind"] == "module_removed" else change["kind"]
    # griffe names no base in its key; ours carries it as the parameter.
    parameter = None if kind == "base_class_removed" else change.get("parameter")
    return (kind, change["object"], parameter)


def main():
    if "--patch-alias-errors" in sys.argv:
        sys.argv.remove("--patch-alias-errors")
        patch_alias_errors()
    name, old_version, new_version = sys.argv[1:4]
    corpus = sys.argv[4] if len(sys.argv) > 4 else os.environ.get("STABILITY_LENS_CORPUS", "/tmp/corpus")
    package = {"attrs": "attr"}.get(name, name)
    old_tree, new_tree = (os.path.join(corpus, name, v) for v in (old_version, new_version))
    griffe_found, griffe_error, griffe_seconds = run_griffe(package, old_tree, new_tree)
    ours, our_seconds = run_ours(old_tree, new_tree)
    ours_breaking = [c for c in ours if c["severity"] != "additive"]
    ours_keys = {key(c) for c in ours_breaking}
    griffe_keys = {key(c) for c in griffe_found}
    print(json.dumps({
        "pair": f"{name} {old_version} -> {new_version}",
        "griffe": {"seconds": round(griffe_seconds, 2), "error": griffe_error, "count": len(griffe_found)},
        "ours": {"seconds": round(our_seconds, 2), "count": len(ours_breaking)},
        "agree": sorted(map(list, griffe_keys & ours_keys)),
        "only_griffe": sorted(map(list, griffe_keys - ours_keys), key=str),
        "only_ours": [
            {"kind": c["kind"], "object": c["object"], "parameter": c["parameter"], "message": c["message"]}
            for c in ours_breaking if key(c) not in griffe_keys
        ],
    }, indent=1))


if __name__ == "__main__":
    main()
