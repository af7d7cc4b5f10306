"""Sources tied to their sentence by reporting verbs and phrases (codebook section 7)."""

from __future__ import annotations

from datetime import date

import pytest

from rasad.lexicon.resources import default_resources
from rasad.mentions.analysis import analyse
from rasad.mentions.sources import SourceMention, find_sources
from rasad.model import Document


def _sources(text: str) -> list[SourceMention]:
    return find_sources(analyse(Document("t", text, date(2016, 3, 25)), default_resources()))


def _names(text: str) -> list[str]:
    return list(dict.fromkeys(m.name for m in _sources(text)))


CUES = [
    ("قال المرصد السوري لحقوق الإنسان إن 5 أشخاص قتلوا في القصف.", ["SOHR"]),
    ("أفاد ناشطون بمقتل 3 أشخاص في القصف.", ["activists"]),
    ("ذكرت وكالة سانا أن الجيش سيطر على البلدة.", ["SANA"]),
    ("أكد مصدر عسكري أن الجيش سيطر على البلدة.", ["military source"]),
    ("أوضح الدفاع المدني أن 3 أشخاص قتلوا في القصف.", ["civil defence"]),
    ("وأشارت وزارة الصحة في غزة إلى مقتل 10 فلسطينيين.", ["Gaza Health Ministry"]),
    ("أعلنت وزارة الدفاع الروسية تدمير مقر للمسلحين.", ["Russian Ministry of Defence"]),
    ("نقلت وكالة سانا عن مصدر عسكري أن الجيش تقدم.", ["SANA", "military source"]),
    ("قتل 5 أشخاص بحسب المرصد السوري.", ["SOHR"]),
    ("قتل 5 أشخاص حسب شهود عيان.", ["witnesses"]),
    ("قتل 5 أشخاص وفقاً لمصادر محلية.", ["local sources"]),
    ("قتل 5 أشخاص، نقلاً عن وكالة الأناضول.", ["Anadolu"]),
    ("المرصد السوري قال إن 5 أشخاص قتلوا.", ["SOHR"]),
    ("وكالة رويترز ذكرت أن 5 أشخاص قتلوا.", ["Reuters"]),
    ("المرصد السوري: مقتل 5 في قصف على البلدة", ["SOHR"]),
    ("وقال مدير المرصد السوري رامي عبد الرحمن لفرانس برس إن الطائرات قصفت البلدة.", ["SOHR", "AFP"]),
]


@pytest.mark.parametrize(("text", "expected"), CUES)
def test_find_sources_reporting_cues(text: str, expected: list[str]) -> None:
    assert _names(text) == expected


NOT_SOURCES = [
    "قصفت الطائرات مركزا للدفاع المدني في البلدة.",
    "دعت الأمم المتحدة إلى وقف إطلاق النار.",
    "وصل وفد من الصليب الأحمر إلى المدينة.",
]


@pytest.mark.parametrize("text", NOT_SOURCES)
def test_find_sources_skips_names_without_attribution(text: str) -> None:
    assert _sources(text) == []


CONTINUED = [
    ("قال المرصد السوري إن الطائرات قصفت البلدة. وأضاف أن 5 أشخاص قتلوا.", [(0, "SOHR"), (1, "SOHR")]),
    ("قال المرصد السوري إن الطائرات قصفت البلدة. وأضاف أن 5 قتلوا. وتابع أن القصف استمر.",
     [(0, "SOHR"), (1, "SOHR"), (2, "SOHR")]),
    ("أفادت وكالة سانا بأن الجيش تقدم. وتابعت أن المسلحين فروا.", [(0, "SANA"), (1, "SANA")]),
    # a speaker of its own: no inheritance
    ("قال المرصد السوري إن الطائرات قصفت البلدة. وأضافت وكالة سانا أن 5 قتلوا.", [(0, "SOHR"), (1, "SANA")]),
    # another paragraph: no inheritance
    ("قال المرصد السوري إن الطائرات قصفت البلدة.\n\nوأضاف أن 5 أشخاص قتلوا.", [(0, "SOHR")]),
    # not at the start: no inheritance
    ("قال المرصد السوري إن الطائرات قصفت البلدة. وقتل 5 أشخاص وأضاف الجيش حواجز.", [(0, "SOHR")]),
]


@pytest.mark.parametrize(("text", "expected"), CONTINUED)
def test_find_sources_continued_quote_inherits(text: str, expected: list[tuple[int, str]]) -> None:
    assert [(m.sentence, m.name) for m in _sources(text)] == expected


def test_find_sources_inherited_points_at_the_original_words() -> None:
    text = "قال المرصد السوري إن الطائرات قصفت البلدة. وأضاف أن 5 أشخاص قتلوا."
    an = analyse(Document("t", text, date(2016, 3, 25)), default_resources())
    own, inherited = find_sources(an)
    assert not own.inherited and inherited.inherited
    assert text[inherited.span.start : inherited.span.end] == "المرصد السوري"
    assert an.tok_sent[inherited.first] == inherited.sentence == 1
    assert an.view.tokens[inherited.first].norm == "واضاف"
