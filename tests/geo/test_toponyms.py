"""Toponyms in our own sentences: every cue and construction of issue #4, the
false friends, and the place an event is linked to. The embedded gazetteer
only (conftest points RASAD_HOME at an empty folder), so no shared data is
needed."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from rasad.geo.gazetteer import Gazetteer, Place, embedded
from rasad.lexicon.resources import Resources
from rasad.model import Document
from rasad.pipeline import Pipeline

PUB = date(2024, 5, 14)
CASES = list(csv.DictReader((Path(__file__).parent / "toponym_cases.tsv").open(encoding="utf-8"), delimiter="\t"))


def locations(pipeline: Pipeline, text: str) -> list[str]:
    res = pipeline.process(Document("t", text, PUB))
    return [f"{e.location.name}|{e.location.admin1}|{e.location.geo_precision}" for e in res.events if e.location]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_toponym_case(pipeline: Pipeline, case: dict[str, str]) -> None:
    got = locations(pipeline, case["sentence"])
    if case["expected"] == "none":
        assert got == [], case["note"]
    else:
        assert got and set(got) == {case["expected"]}, case["note"]


def test_corpus_covers_every_cue_and_false_friend() -> None:
    ids = {c["id"] for c in CASES}
    kinds = {i.split("_")[0] for i in ids}
    assert {"cue", "near", "dir", "prep", "bare", "ff"} <= kinds
    assert sum(i.startswith("ff_") for i in ids) >= 8


def _village(pid: str, name: str, admin1: str, lat: float, lon: float, population: int) -> Place:
    return Place(f"test:{pid}", pid, (name,), lat, lon, "SY", admin1, population, "city")


@pytest.fixture(scope="module")
def villages() -> Pipeline:
    """The embedded gazetteer plus villages an import could bring: two places
    called الزهراء (the bigger one in Idlib) and a village called الرحمن."""
    base = embedded()
    extra = [
        _village("zahraa-idlib", "الزهراء", "Idlib", 35.98, 36.38, 3000),
        _village("zahraa-homs", "الزهراء", "Homs", 34.74, 36.69, 800),
        _village("rahman", "الرحمن", "Hama", 35.10, 36.70, 900),
        _village("rahjan", "الرهجان", "Hama", 35.36, 37.27, 700),
        _village("hilal", "الشيخ هلال", "Hama", 35.38, 37.20, 600),
        _village("wardan", "قصر ابن وردان", "Hama", 35.41, 37.09, 600),
        _village("mushrifa", "المشرفة", "Homs", 34.80, 36.72, 900),
    ]
    gaz = Gazetteer.from_places([*base.places.values(), *extra])
    return Pipeline(Resources.load(gaz))


def test_container_picks_the_namesake_inside_it(villages: Pipeline) -> None:
    got = locations(villages, "انفجرت سيارة مفخخة في حي الزهراء بحمص اليوم، ما أدى إلى مقتل ثمانية أشخاص.")
    assert got == ["الزهراء|Homs|1"]


def test_without_a_container_the_bigger_namesake_wins(villages: Pipeline) -> None:
    got = locations(villages, "انفجرت سيارة مفخخة في بلدة الزهراء في سوريا اليوم، ما أدى إلى مقتل ثمانية أشخاص.")
    assert got == ["الزهراء|Idlib|1"]


def test_facility_name_is_not_a_place(villages: Pipeline) -> None:
    text = "انفجرت سيارة مفخخة قرب مسجد الرحمن في حمص اليوم، ما أدى إلى مقتل ثمانية أشخاص."
    assert locations(villages, text) == ["حمص|Homs|1"]
    # the same village after a town head noun is a place
    assert locations(villages, "قصفت طائرات حربية قرية الرحمن اليوم.") == ["الرحمن|Hama|1"]


def test_place_with_a_personal_name_needs_a_head_noun(villages: Pipeline) -> None:
    gaz = Gazetteer.from_places([*embedded().places.values(), _village("samer", "سامر", "Hama", 35.2, 36.7, 700)])
    pipe = Pipeline(Resources.load(gaz))
    assert locations(pipe, "اعتقلت قوات الأمن سامر أمس في حملة دهم.") == []
    assert locations(pipe, "قصفت طائرات حربية قرية سامر اليوم.") == ["سامر|Hama|1"]


@pytest.mark.parametrize("text", [
    "سيطرت قوات النظام أمس على قرى البادية (الرهجان – الشيخ هلال – قصر ابن وردان) بعد اشتباكات عنيفة.",
    "سيطرت قوات النظام أمس على قرى الرهجان والشيخ هلال وقصر ابن وردان بعد اشتباكات عنيفة.",
])
def test_villages_in_a_list_share_its_head_noun(villages: Pipeline, text: str) -> None:
    got = sorted(locations(villages, text))
    assert got == ["الرهجان|Hama|1", "الشيخ هلال|Hama|1", "قصر ابن وردان|Hama|1"]


def test_a_small_village_alone_needs_a_cue(villages: Pipeline) -> None:
    assert locations(villages, "قال الرهجان إن الاشتباكات مستمرة منذ أمس.") == []


def test_event_noun_takes_the_village_after_it(villages: Pipeline) -> None:
    # "مجزرة الرهجان": the massacre of the village, a construct without a cue word
    text = "قتل مسلحون مجهولون عشرة مدنيين أمس في مجزرة الرهجان."
    assert locations(villages, text) == ["الرهجان|Hama|1"]
    # a definite event noun takes an adjective, not a village
    assert locations(villages, "قتل عشرة مدنيين أمس في المجزرة الرهجان.") == []


def test_namesake_near_the_documents_other_towns_wins(villages: Pipeline) -> None:
    # the bigger الزهراء is in Idlib; المشرفة (unambiguous) lies next to the one in Homs
    text = "قصفت طائرات حربية قرية المشرفة أمس، ثم قصفت قرية الزهراء اليوم."
    assert sorted(locations(villages, text)) == ["الزهراء|Homs|1", "المشرفة|Homs|1"]
