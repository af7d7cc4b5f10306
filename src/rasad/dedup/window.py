"""Grouping events into occurrences while holding only the days the current event can touch.

The grouping rule is ``merge.py``'s: events are taken in id order, and each
joins the first earlier group (by the id of its first member) that its
blocking keys find, whose every member it matches and that has nothing from
its document yet; otherwise it starts a group. ``Grouper`` gives exactly
that result without keeping every event in memory.

Why a window of days is enough: members of one group are pairwise at most
``MAX_DAYS_APART`` (one) day apart, so a group spans at most two consecutive
days. An event of day ``d`` probes blocks of days ``d-1 .. d+1`` only, and
every group it can find there has all its members within ``d-2 .. d+2``.
The state is therefore kept in one *page* per day (the members filed on
that day, and the blocks of that day), and deciding an event needs the five
pages around its day.

Why not simply read the events in date order: the rule runs in id order,
and which group an event joins depends on what earlier-id events did on the
neighbouring days, and so on along chains of days (three daily reports of a
clash pair up as [1, 2], [3] or as [1], [2, 3] depending on which came
first). Reading by date would change merges for corpora whose order is not
chronological. So the events still come in id order, and pages not needed
lately are spilled (``PageSpill``) once the window holds more than
``max_pages`` days or ``max_members`` events, and read back when an event
touches their day again. A chronological corpus reads each page back
rarely; a corpus of several archives one after the other reads it back once
per archive. Memory is bounded by the busiest few days, whatever the size
of the store.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from rasad.dedup.keys import MAX_DAYS_APART, Candidate, index_keys, probe_keys, same_occurrence

# A group spans at most MAX_DAYS_APART + 1 days, and an event probes MAX_DAYS_APART days either side.
REACH = 2 * MAX_DAYS_APART
# A member as a page keeps it when spilled: (gid, Candidate fields in declaration order).
MemberRow = tuple[int, int, str, str, str, int | None, str | None, float | None, float | None, str | None, str | None]
Key = tuple[object, ...]


class PageSpill(Protocol):
    """Where pages go when the window is full: rows by day, written again whenever a page changes."""

    def save(self, day: int, rows: list[MemberRow]) -> None: ...

    def load(self, day: int) -> list[MemberRow] | None: ...


@dataclass(slots=True)
class Page:
    """One day of grouping state: the members filed on that day (by group) and that day's blocks."""

    members: dict[int, list[Candidate]] = field(default_factory=dict)
    blocks: dict[Key, list[int]] = field(default_factory=dict)
    size: int = 0
    dirty: bool = False

    def add(self, gid: int, c: Candidate) -> None:
        self.members.setdefault(gid, []).append(c)
        for key in index_keys(c):
            gids = self.blocks.setdefault(key, [])
            if gid not in gids:
                gids.append(gid)
        self.size += 1
        self.dirty = True

    def rows(self) -> list[MemberRow]:
        return [(gid, c.event_id, c.doc_id, c.event_type, c.sub_event_type, c.day, c.place, c.lat, c.lon,
                 c.actor1, c.actor2) for gid, ms in self.members.items() for c in ms]

    @classmethod
    def from_rows(cls, rows: list[MemberRow]) -> Page:
        page = cls()
        for row in rows:
            page.add(row[0], Candidate(*row[1:]))
        page.dirty = False
        return page


class Grouper:
    """Assigns group numbers (0, 1, ... in order of each group's first member) to events fed in id order.

    ``add`` must see the events in increasing ``event_id`` order. Without a
    ``spill``, nothing is ever evicted (the in-memory case of ``merge.py``).
    """

    def __init__(self, spill: PageSpill | None = None, max_pages: int = 64, max_members: int = 200_000) -> None:
        self.spill = spill
        self.max_pages = max(max_pages, 2 * REACH + 1)
        self.max_members = max_members
        self.pages: OrderedDict[int, Page] = OrderedDict()
        self.held = 0  # members in the pages held in memory
        self.groups = 0
        self.spilled_days: set[int] = set()
        self.reloads = 0

    def add(self, c: Candidate) -> int:
        """The group ``c`` belongs to (a new number when it starts one)."""
        gid = self._find(c) if c.mergeable else None
        if gid is None:
            gid = self.groups
            self.groups += 1
        if c.mergeable:
            assert c.day is not None
            self._page(c.day).add(gid, c)
            self.held += 1
            self._evict(c.day)
        return gid

    def _find(self, c: Candidate) -> int | None:
        assert c.day is not None
        near = [self._page(c.day + dd) for dd in range(-REACH, REACH + 1)]
        pages = near[REACH - MAX_DAYS_APART:REACH + MAX_DAYS_APART + 1]
        seen: set[int] = set()
        offset = MAX_DAYS_APART - c.day
        for key in probe_keys(c):
            gids = pages[_day_of(key) + offset].blocks.get(key)
            if gids:
                seen.update(gids)
        for gid in sorted(seen):
            members = list(_members(near, gid))
            if all(m.doc_id != c.doc_id for m in members) and all(same_occurrence(c, m) for m in members):
                return gid
        return None

    def _page(self, day: int) -> Page:
        page = self.pages.get(day)
        if page is None:
            rows = self.spill.load(day) if self.spill is not None and day in self.spilled_days else None
            page = Page.from_rows(rows) if rows else Page()
            if rows:
                self.reloads += 1
                self.held += page.size
            self.pages[day] = page
        else:
            self.pages.move_to_end(day)
        return page

    def _evict(self, day: int) -> None:
        """Spill the least recently used pages outside ``day``'s window while over either bound."""
        if self.spill is None:
            return
        while len(self.pages) > self.max_pages or (self.held > self.max_members and len(self.pages) > 2 * REACH + 1):
            old, page = next(iter(self.pages.items()))
            if abs(old - day) <= REACH:
                break
            del self.pages[old]
            self.held -= page.size
            if page.dirty:
                self.spill.save(old, page.rows())
                self.spilled_days.add(old)


def _day_of(key: Key) -> int:
    day = key[1]
    assert isinstance(day, int)
    return day


def _members(pages: list[Page], gid: int) -> Iterator[Candidate]:
    for page in pages:
        yield from page.members.get(gid, ())
