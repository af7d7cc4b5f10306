"""Golden files: whole-article output of our own news-style texts.

Each ``<case>.txt`` starts with a ``# purpose:`` line (not part of the text)
and has a ``<case>.expected.json`` record. ``pytest --update-golden``
rewrites the expected files; review the diff before committing.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from rasad.model import Document
from rasad.pipeline import Pipeline

HERE = Path(__file__).resolve().parent
CASES = sorted(HERE.glob("*.txt"))
PUBLISHED = date(2024, 5, 14)


def _record(pipeline: Pipeline, path: Path) -> dict[str, object]:
    raw = path.read_text("utf-8")
    first, _, text = raw.partition("\n")
    assert first.startswith("# purpose:"), f"{path.name} must start with a purpose line"
    return pipeline.process(Document(path.stem, text, PUBLISHED)).to_record()


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_golden(case: Path, pipeline: Pipeline, request: pytest.FixtureRequest) -> None:
    got = _record(pipeline, case)
    expected_path = case.with_suffix(".expected.json")
    if request.config.getoption("--update-golden"):
        expected_path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", "utf-8")
    expected = json.loads(expected_path.read_text("utf-8"))
    assert got == expected
