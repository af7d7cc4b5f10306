"""Shared fixtures: the packaged pipeline (built once) and the shared dev set."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasad.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden expected files")


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.load()


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "docs.jsonl").exists():
        pytest.skip("shared dev set not present (../shared/eval/dev)")
    return DEV
