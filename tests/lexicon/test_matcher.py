from __future__ import annotations

import pickle

import pytest

from rasad.lexicon.matcher import Entry, Matcher
from rasad.text.tokenize import build_view

ENTRIES = [
    Entry("place_cue", "c1", "ريف"),
    Entry("actor", "a1", "مسلحين"),
    Entry("actor", "a2", "قوات النظام"),
    Entry("actor", "a3", "الجيش"),
    Entry("trigger", "t1", "استعادة"),
    Entry("trigger", "t2", "قصف", suffixes=True),
    Entry("actor", "is", "داعش"),
    Entry("actor", "isl", "تنظيم داعش"),
    Entry("modality", "m1", "ما"),
]


def _hits(text: str) -> list[tuple[str, str]]:
    view = build_view(text)
    m = Matcher.from_entries(ENTRIES)
    return [(h.entry.id, text[view.span(h.jstart, h.jend).start : view.span(h.jstart, h.jend).end]) for h in m.scan(view)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("والمسلحين", [("a1", "مسلحين")]),
        ("بريف حمص", [("c1", "ريف")]),
        ("لاستعادة المدينة", [("t1", "استعادة")]),
        ("تعريف", []),
        ("للجيش", [("a3", "لجيش")]),
        ("وقصفها الطيران", [("t2", "قصف")]),
        ("ومسلحينهم", []),
        ("كما قال", []),
        ("تنظيم «داعش»", [("isl", "تنظيم «داعش")]),
        ("لقوات النظام، الجيش", [("a2", "قوات النظام"), ("a3", "الجيش")]),
    ],
)
def test_clitics_and_boundaries(text: str, expected: list[tuple[str, str]]) -> None:
    assert _hits(text) == expected


def test_no_match_across_comma() -> None:
    assert _hits("قوات، النظام") == []


def test_matcher_pickles() -> None:
    m = Matcher.from_entries(ENTRIES)
    m2 = pickle.loads(pickle.dumps(m))
    view = build_view("والمسلحين")
    assert [h.entry.id for h in m2.scan(view)] == ["a1"]
