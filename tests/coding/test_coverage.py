"""Coverage suite: for every sub-event type, varied sentences of our own that
must yield an event of that type, and counter-examples that must yield none."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from rasad.model import Document
from rasad.pipeline import Pipeline
from rasad.settings import Settings

CASES = Path(__file__).with_name("coverage_cases.tsv")
# Floors: raise them as coverage improves; never lower them to pass.
FLOOR_POSITIVE = 0.88
FLOOR_NEGATIVE = 0.88


def _cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


DETECTOR = Pipeline.load(Settings(keep_unplaced=True))  # detection, whether or not a place is named


def _types(pipeline: Pipeline, sentence: str) -> list[str]:
    doc = Document("case", sentence, date(2024, 5, 12))
    return [e.sub_event_type for e in DETECTOR.process(doc).events]


def test_every_type_has_eight_sentences() -> None:
    counts = Counter(c["expected"] for c in _cases())
    assert len([t for t in counts if t != "NONE"]) == 25
    assert all(n >= 8 for t, n in counts.items())
    assert counts["NONE"] >= 50


@pytest.fixture(scope="module")
def outcomes(pipeline: Pipeline) -> list[tuple[dict[str, str], list[str]]]:
    return [(c, _types(pipeline, c["sentence"])) for c in _cases()]


def test_positive_sentences_give_their_type(outcomes: list[tuple[dict[str, str], list[str]]]) -> None:
    pos = [(c, got) for c, got in outcomes if c["expected"] != "NONE"]
    missed = [(c["id"], c["expected"], got) for c, got in pos if c["expected"] not in got]
    rate = 1 - len(missed) / len(pos)
    assert rate >= FLOOR_POSITIVE, f"coverage {rate:.2f}; missed: {missed[:20]}"


def test_counter_examples_give_no_event(outcomes: list[tuple[dict[str, str], list[str]]]) -> None:
    neg = [(c, got) for c, got in outcomes if c["expected"] == "NONE"]
    wrong = [(c["id"], got) for c, got in neg if got]
    rate = 1 - len(wrong) / len(neg)
    assert rate >= FLOOR_NEGATIVE, f"clean rate {rate:.2f}; with events: {wrong[:20]}"

