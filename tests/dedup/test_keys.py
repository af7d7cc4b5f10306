"""When two per-document events are one occurrence (dedup/keys.py), and how reports are merged."""

from __future__ import annotations

from typing import Any

import pytest

from rasad.dedup.keys import Candidate, candidate, distance_km, same_occurrence
from rasad.dedup.merge import merge_events, merged_record

HOMS = {"name": "حمص", "name_en": "Homs", "country": "SY", "admin1": "Homs", "lat": 34.7268, "lon": 36.7234,
        "geo_precision": 1}


def rec(**kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "event_type": "Battles", "sub_event_type": "Armed clash", "date": "2024-05-11", "date_precision": "day",
        "actor1": {"name": "Military Forces of Syria", "type": "State forces", "country": "SY"}, "assoc_actor1": [],
        "actor2": {"name": "Islamic State", "type": "Rebel group", "country": None}, "assoc_actor2": [],
        "location": HOMS, "fatalities": None, "sources": [], "evidence": "…", "spans": [[0, 1]], "confidence": 0.8,
    }
    base.update(kw)
    return base


def at(lat: float, lon: float, name: str = "elsewhere") -> dict[str, Any]:
    return {**HOMS, "name": name, "name_en": name, "lat": lat, "lon": lon}


def cand(doc: str, **kw: Any) -> Candidate:
    return candidate(hash(doc) % 1000, doc, rec(**kw))


UNKNOWN = {"name": "Unidentified Armed Group (Syria)", "type": "Political militia", "country": "SY"}
HTS = {"name": "Hayat Tahrir al-Sham", "type": "Rebel group", "country": "SY"}


@pytest.mark.parametrize(("other", "same"), [
    ({}, True),
    ({"date": "2024-05-12"}, True),                                  # a day apart
    ({"date": "2024-05-13"}, False),                                 # two days apart
    ({"location": at(34.78, 36.78)}, True),                          # another name, ~8 km away
    ({"location": at(34.90, 36.72)}, False),                         # ~19 km away
    ({"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}, False),
    ({"sub_event_type": "Government regains territory"}, True),      # compatible sub-event types
    ({"actor1": UNKNOWN}, True),                                     # generic side
    ({"actor1": None}, True),                                        # unknown side
    ({"actor1": HTS}, False),                                        # another initiator
    ({"actor1": rec()["actor2"], "actor2": rec()["actor1"]}, True),  # sides swapped in a clash
])
def test_same_occurrence_rules(other: dict[str, Any], same: bool) -> None:
    assert same_occurrence(cand("a"), cand("b", **other)) is same


def test_same_occurrence_swapped_sides_only_for_symmetric_types() -> None:
    kw = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
    swapped = {**kw, "actor1": rec()["actor2"], "actor2": rec()["actor1"]}
    assert not same_occurrence(cand("a", **kw), cand("b", **swapped))


def test_same_occurrence_never_within_one_document() -> None:
    assert not same_occurrence(cand("a"), cand("a"))


def test_distance_km_homs_to_hama() -> None:
    assert 40 < distance_km(34.7268, 36.7234, 35.1318, 36.7578) < 46


def test_merged_record_takes_majority_lowest_toll_and_all_sources() -> None:
    members = [
        (1, "a", rec(fatalities=7, sources=["SOHR"], confidence=0.6)),
        (2, "b", rec(fatalities=5, sources=["SANA", "SOHR"], date="2024-05-12", confidence=0.9, evidence="best")),
        (3, "c", rec(fatalities=None, sources=["AFP"], actor1=UNKNOWN, date=None)),
    ]
    m = merged_record(members)
    assert m["fatalities"] == 5
    assert m["sources"] == ["SOHR", "SANA", "AFP"]
    assert m["date"] == "2024-05-12"  # one vote each: the more confident report wins
    assert m["actor1"]["name"] == "Military Forces of Syria"  # two reports against one
    assert m["evidence"] == "best" and m["confidence"] == 0.9
    assert m["documents"] == ["a", "b", "c"] and [x["event_id"] for x in m["mentions"]] == [1, 2, 3]


def test_merge_events_chain_cannot_stretch_past_a_day() -> None:
    events = [(1, "a", rec(date="2024-05-10")), (2, "b", rec(date="2024-05-11")), (3, "c", rec(date="2024-05-12"))]
    groups = merge_events(events)
    assert [[i for i, _ in members] for _, members in groups] == [[1, 2], [3]]


def test_merge_events_keeps_unplaced_and_undated_events_alone() -> None:
    events = [(1, "a", rec(location=None)), (2, "b", rec(location=None)), (3, "c", rec(date=None)),
              (4, "d", rec(date=None))]
    assert len(merge_events(events)) == 4


def test_merge_events_scales_by_blocks() -> None:
    # 3,000 distinct clashes (different days and places) and each reported twice.
    events = []
    for i in range(3000):
        loc = at(30 + (i % 50) * 0.5, 35 + (i // 50) * 0.5, f"town{i}")
        day = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
        events += [(2 * i + 1, f"d{i}", rec(location=loc, date=day)), (2 * i + 2, f"e{i}", rec(location=loc, date=day))]
    groups = merge_events(events)
    assert len(groups) == 3000 and all(len(m) == 2 for _, m in groups)
