#!/usr/bin/env python3
"""Checks that a refactor kept the JSON contract: runs two builds of the CLI on every corpus pair
(PAIRS and EXTRA_PAIRS of scripts/fetch-corpus.py) and compares their reports line by line.

  bench/json_diff.py OLD_BINARY NEW_BINARY [--allow-inserted KEY ...] [--only NAME,NAME]

Each pair prints "identical", "identical but for inserted KEY lines" (a field the contract
gained, e.g. --allow-inserted module) or DIFFERENT with the first differences. Exit code 1 when
any pair differs otherwise.
"""
import difflib
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus_counts import pairs  # noqa: E402  (the corpus pairs, read from scripts/fetch-corpus.py)


def main():
    args = sys.argv[1:]
    allowed, only = [], None
    while "--allow-inserted" in args:
        index = args.index("--allow-inserted")
        allowed.append(args[index + 1])
        del args[index : index + 2]
    if "--only" in args:
        index = args.index("--only")
        only = set(args[index + 1].split(","))
        del args[index : index + 2]
    before, after = args[0], args[1]
    corpus = os.environ.get("STABILITY_LENS_CORPUS", "/tmp/corpus")
    inserted = re.compile(r'^\s*"(%s)": .*,?$' % "|".join(map(re.escape, allowed))) if allowed else None
    failed = 0
    for name, old, new in pairs():
        if only and name not in only:
            continue
        outputs = []
        for binary in (before, after):
            run = subprocess.run(
                [binary, "diff", os.path.join(corpus, name, old), os.path.join(corpus, name, new),
                 "--format", "json", "--fail-on", "never"],
                capture_output=True, text=True,
            )
            outputs.append(run.stdout.splitlines())
        differences, allowed_lines = [], 0
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, *outputs, autojunk=False).get_opcodes():
            if tag == "equal":
                continue
            lines = outputs[1][j1:j2]
            if tag == "insert" and inserted and all(inserted.match(line) for line in lines):
                allowed_lines += len(lines)
                continue
            differences.append((tag, outputs[0][i1:i2][:3], lines[:3]))
        if differences:
            failed += 1
            print(f"{name} {old} -> {new}: DIFFERENT")
            for difference in differences[:3]:
                print("   ", *difference)
        elif allowed_lines:
            print(f"{name} {old} -> {new}: identical but for {allowed_lines} inserted {'/'.join(allowed)} lines")
        else:
            print(f"{name} {old} -> {new}: identical")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
