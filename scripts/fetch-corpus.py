#!/usr/bin/env python3
"""Fetch the real-code corpus: PyPI source distributions of old/new releases of real packages.

Usage: scripts/fetch-corpus.py [OUT_DIR] [NAME=V1,V2,...]
       (OUT_DIR defaults to $STABILITY_LENS_CORPUS or /tmp/corpus; with NAME=versions, fetches
       just those releases instead of the standard pairs)

Layout (the same as ../shared/corpus/fetch.sh, so either can fill it):
  OUT/dl/NAME/VERSION/<sdist>    the downloaded archive, verified against PyPI's sha256
  OUT/NAME/VERSION/              the unpacked tree, its single top-level directory stripped

Uses PyPI's simple index (PEP 691 JSON) and the standard library only: no build backends run,
so it takes seconds, not minutes. Idempotent: what is already present is kept.
"""

import hashlib
import json
import os
import shutil
import sys
import tarfile
import urllib.request
import zipfile

INDEX = os.environ.get("STABILITY_LENS_INDEX", "https://pypi.org/simple")
PAIRS = [
    ("requests", "2.28.2", "2.32.3"),
    ("click", "7.1.2", "8.1.7"),
    ("flask", "2.3.3", "3.0.3"),
    ("attrs", "22.2.0", "23.2.0"),
    ("django", "4.2.11", "5.0.4"),
]
# Release pairs spanning the build backends and source layouts (lib/, src/, python/, pysrc/),
# several of them switching backend between the two releases; fetched by default too.
EXTRA_PAIRS = [
    ("sqlalchemy", "1.4.52", "2.0.30"),  # setuptools setup.cfg, package_dir =lib, find:; Cython
    ("pyyaml", "5.4.1", "6.0.1"),  # setuptools setup.py, package_dir lib3/lib
    ("urllib3", "1.26.18", "2.2.1"),  # setup.py package_dir src -> hatchling
    ("httpx", "0.24.1", "0.27.0"),  # hatchling, flat layout
    ("pydantic", "2.5.3", "2.7.1"),  # hatchling; lazy __getattr__, getattr_migration
    ("pydantic-core", "2.14.6", "2.18.2"),  # maturin, python-source python, .pyi stub
    ("rich", "12.6.0", "13.7.1"),  # poetry-core
    ("packaging", "21.3", "23.2"),  # setup.py -> flit_core, flat -> src
    ("werkzeug", "2.2.3", "3.0.1"),  # setup.cfg (where = src) -> flit_core
    ("typer", "0.9.0", "0.12.3"),  # flit_core -> pdm-backend
    ("pytest", "7.4.4", "8.2.0"),  # setup.cfg -> pyproject setuptools; src/ with py.py module
    ("black", "23.12.1", "24.4.2"),  # hatchling sources = ["src"], several top-level packages
    ("numpy", "1.25.2", "1.26.4"),  # numpy.distutils setup.py -> meson-python; extension modules
    ("pendulum", "2.1.2", "3.0.0"),  # poetry-core (C ext) -> maturin (src/ + rust/)
    ("poetry-core", "1.6.1", "1.9.0"),  # poetry-core, include "poetry" from "src"
    ("orjson", "3.8.14", "3.10.3"),  # maturin, python-source pysrc, __init__.pyi
    ("fastapi", "0.100.0", "0.111.0"),  # hatchling -> pdm-backend
    ("pdm-backend", "2.1.0", "2.3.0"),  # pdm-backend, package-dir src, namespace pdm/
    ("pip", "23.3.2", "24.1"),  # setup.py find_packages(where="src") -> pyproject packages.find
]


def sdist_entry(name, version):
    request = urllib.request.Request(
        f"{INDEX}/{name}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        files = json.load(response)["files"]
    normalised = name.lower().replace("-", "_")
    for suffix in (".tar.gz", ".zip"):
        for entry in files:
            filename = entry["filename"]
            stem = filename[: -len(suffix)] if filename.endswith(suffix) else None
            if stem and stem.lower().replace("-", "_") == f"{normalised}_{version}":
                return entry
    raise SystemExit(f"corpus: no sdist of {name}=={version} on {INDEX}")


def fetch(out, name, version):
    folder = os.path.join(out, "dl", name, version)
    os.makedirs(folder, exist_ok=True)
    present = [f for f in os.listdir(folder) if not f.endswith(".part")]
    if present:
        return os.path.join(folder, present[0])
    entry = sdist_entry(name, version)
    target = os.path.join(folder, entry["filename"])
    with urllib.request.urlopen(entry["url"], timeout=300) as response:
        data = response.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != entry["hashes"]["sha256"]:
        raise SystemExit(f"corpus: sha256 mismatch for {entry['filename']}")
    with open(target + ".part", "wb") as handle:
        handle.write(data)
    os.replace(target + ".part", target)
    return target


def unpack(out, name, version, archive):
    destination = os.path.join(out, name, version)
    if os.path.exists(os.path.join(destination, ".unpacked")):
        return destination
    staging = destination + ".tmp"
    shutil.rmtree(destination, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    if archive.endswith(".zip"):
        with zipfile.ZipFile(archive) as handle:
            handle.extractall(staging)
    else:
        with tarfile.open(archive) as handle:
            handle.extractall(staging, filter="data")
    entries = os.listdir(staging)
    if len(entries) == 1 and os.path.isdir(os.path.join(staging, entries[0])):
        os.rename(os.path.join(staging, entries[0]), destination)
        os.rmdir(staging)
    else:
        os.rename(staging, destination)
    open(os.path.join(destination, ".unpacked"), "w").close()
    return destination


def main():
    args = [a for a in sys.argv[1:] if "=" not in a]
    wanted = [a.split("=", 1) for a in sys.argv[1:] if "=" in a]
    out = args[0] if args else os.environ.get("STABILITY_LENS_CORPUS", "/tmp/corpus")
    os.makedirs(out, exist_ok=True)
    pairs = [(name, *versions.split(",")) for name, versions in wanted]
    if not pairs:
        pairs = PAIRS + EXTRA_PAIRS
    for name, *versions in pairs:
        for version in versions:
            archive = fetch(out, name, version)
            print(f"corpus: {name} {version} -> {unpack(out, name, version, archive)}")


if __name__ == "__main__":
    main()
