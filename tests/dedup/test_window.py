"""The windowed grouper gives exactly the groups of the original all-in-memory grouping, whatever it spills."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from dedup_reference import corpus, reference_groups

from rasad.dedup.keys import Candidate, candidate
from rasad.dedup.merge import group_events
from rasad.dedup.window import Grouper, MemberRow


class DictSpill:
    def __init__(self) -> None:
        self.pages: dict[int, list[MemberRow]] = {}
        self.saves = 0

    def save(self, day: int, rows: list[MemberRow]) -> None:
        self.pages[day] = list(rows)
        self.saves += 1

    def load(self, day: int) -> list[MemberRow] | None:
        return self.pages.get(day)


def windowed(candidates: Sequence[Candidate], spill: DictSpill, max_pages: int, max_members: int) -> list[list[int]]:
    grouper = Grouper(spill, max_pages=max_pages, max_members=max_members)
    groups: list[list[int]] = []
    for c in sorted(candidates, key=lambda x: x.event_id):
        gid = grouper.add(c)
        if gid == len(groups):
            groups.append([])
        groups[gid].append(c.event_id)
    return groups


def ids(groups: list[list[Candidate]]) -> list[list[int]]:
    return [[c.event_id for c in g] for g in groups]


@pytest.mark.parametrize("order", ["chronological", "archives", "shuffled"])
@pytest.mark.parametrize(("max_pages", "max_members"), [(5, 10), (8, 200), (64, 200_000)])
def test_window_groups_equal_the_reference(order: str, max_pages: int, max_members: int) -> None:
    events = corpus(1500, 60, order)
    expected = ids(reference_groups(events))
    assert any(len(g) > 2 for g in expected) and len(expected) < len(events)  # the corpus does merge
    spill = DictSpill()
    assert windowed(events, spill, max_pages, max_members) == expected
    if max_pages == 5:
        assert spill.saves > 0  # the small window really did spill and read back


def test_group_events_equals_the_reference_whatever_the_input_order() -> None:
    events = corpus(800, 30, "shuffled", seed=11)
    assert ids(group_events(events[::-1])) == ids(reference_groups(events))


def test_window_chain_decided_by_what_came_first() -> None:
    """Daily reports of one clash pair up in id order, so the window must not read them by date."""
    rec = {"event_type": "Battles", "sub_event_type": "Armed clash", "actor1": {"name": "A"},
           "location": {"name": "Homs", "country": "SY", "lat": 34.7, "lon": 36.7}}
    days = [3, 2, 1, 4]  # ids 1..4
    events = [candidate(i + 1, f"d{i}", {**rec, "date": f"2024-05-{d:02d}"}) for i, d in enumerate(days)]
    expected = [[1, 2], [3], [4]]
    assert ids(reference_groups(events)) == expected
    assert windowed(events, DictSpill(), 5, 1) == expected
