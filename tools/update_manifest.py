#!/usr/bin/env python3
"""Rewrite the sha256 of every file in src/rasad/data/MANIFEST.yaml.

Run after editing a data file (optionally naming the files to refresh); bump that file's version by hand when its
meaning changed. tests/data/test_data_files.py fails while a checksum is stale.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "src" / "rasad" / "data"


def main() -> int:
    only = set(sys.argv[1:])  # optional: refresh just these file names
    path = DATA / "MANIFEST.yaml"
    manifest = yaml.safe_load(path.read_text("utf-8")) if path.exists() else {"files": {}}
    files = manifest.setdefault("files", {})
    for f in sorted(DATA.iterdir()):
        if f.name == "MANIFEST.yaml" or f.suffix not in (".tsv", ".yaml", ".json"):
            continue
        if only and f.name not in only:
            continue
        entry = files.setdefault(f.name, {"version": 1, "source": "rasad project", "licence": "Apache-2.0"})
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        if entry.get("sha256") != digest:
            entry["sha256"] = digest
            entry["reviewed"] = date.today().isoformat()
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=True), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
