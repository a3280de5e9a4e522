#!/usr/bin/env python3
"""Counts of findings by severity for every real-code corpus pair, from a stability-lens binary.

Usage: bench/corpus_counts.py BINARY [CORPUS] [--json OUT] [--only NAME,NAME]

Runs `BINARY diff OLD NEW --format json --fail-on never` on each pair of scripts/fetch-corpus.py
(PAIRS + EXTRA_PAIRS), prints a Markdown table (breaking / warning / additive / problems, the
verdict and, when the report has one, the release verdict), and with --json writes every
report's findings as (severity, kind, object, parameter) so two binaries' outputs can be diffed.
"""
import importlib.util
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pairs():
    spec = importlib.util.spec_from_file_location("fetch_corpus", os.path.join(ROOT, "scripts", "fetch-corpus.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.PAIRS + getattr(module, "EXTRA_PAIRS", [])


def main():
    args = [a for a in sys.argv[1:]]
    out = None
    only = None
    if "--json" in args:
        index = args.index("--json")
        out = args[index + 1]
        del args[index : index + 2]
    if "--only" in args:
        index = args.index("--only")
        only = set(args[index + 1].split(","))
        del args[index : index + 2]
    binary = args[0]
    corpus = args[1] if len(args) > 1 else os.environ.get("STABILITY_LENS_CORPUS", "/tmp/corpus")
    results = {}
    print("| pair | breaking | warning | additive | problems | seconds |")
    print("|---|---|---|---|---|---|")
    for name, old, new in pairs():
        if only and name not in only:
            continue
        started = time.time()
        run = subprocess.run(
            [binary, "diff", os.path.join(corpus, name, old), os.path.join(corpus, name, new), "--format", "json", "--fail-on", "never"],
            capture_output=True,
            text=True,
        )
        elapsed = time.time() - started
        if run.returncode != 0:
            print(f"| {name} {old} → {new} | failed: {run.stderr.strip()[:120]} | | | | |")
            continue
        report = json.loads(run.stdout)
        summary = report["summary"]
        print(
            f"| {name} {old} → {new} | {summary['breaking']} | {summary['warning']} | {summary['additive']} | {summary['problems']} | {elapsed:.2f} |"
        )
        results[f"{name} {old} {new}"] = {
            "summary": summary,
            "api_changes": [
                [c["severity"], c["kind"], c["object"], c.get("parameter")] for c in report["api_changes"]
            ],
            "problems": [[p["side"], p["path"], p["message"][:100]] for p in report["problems"]],
        }
    if out:
        with open(out, "w") as handle:
            json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
