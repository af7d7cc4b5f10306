"""Readers for the packaged TSV/YAML data files, with schema checks.

A malformed file raises ``DataFileError`` naming the file and line, so a bad
edit to ``data/`` fails loudly at load time instead of silently matching less.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rasad.errors import DataFileError


def data_path(name: str) -> Path:
    """Path of a packaged data file."""
    return Path(str(resources.files("rasad").joinpath("data", name)))


def read_tsv(name: str, required: tuple[str, ...], path: Path | None = None) -> tuple[dict[str, str], ...]:
    """Rows of a tab-separated file with a header; every ``required`` column must exist."""
    p = path or data_path(name)
    try:
        lines = p.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read data file {p}: {exc}") from exc
    if not lines:
        raise DataFileError(f"data file {p} is empty")
    header = lines[0].split("\t")
    missing = [c for c in required if c not in header]
    if missing:
        raise DataFileError(f"data file {p} lacks columns: {', '.join(missing)}")
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) > len(header):
            raise DataFileError(f"data file {p} line {n}: {len(cells)} cells, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        rows.append({k: v.strip() for k, v in zip(header, cells)})
    return tuple(rows)


@cache
def read_yaml(name: str) -> Any:
    """A packaged YAML file, parsed."""
    p = data_path(name)
    try:
        return yaml.safe_load(p.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(f"cannot read data file {p}: {exc}") from exc
