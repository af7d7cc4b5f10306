"""What makes two per-document events reports of the same occurrence, and the blocking keys that
keep the search for them linear.

Two events from different documents are the same occurrence when they have
the same ``event_type`` and compatible ``sub_event_type``, happen at the
same place (same resolved name, or within ``RADIUS_KM``), at most one day
apart, and their actors do not contradict each other: the same actor, or
one side unknown or generic ("Unidentified Armed Group (...)"), or the two
sides swapped for symmetric types (an armed clash between A and B is one
between B and A).

Blocking: an event is filed under (type, day, grid cell) and (type, day,
place name); candidates are looked up in the neighbouring days and cells
only, so each event meets a handful of others however big the store is.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

RADIUS_KM = 10.0
MAX_DAYS_APART = 1
# Grid cells of 0.2 degrees: a cell and its 8 neighbours cover every point within 10 km up to ~60 degrees latitude.
CELL_DEGREES = 0.2
# Types whose two sides are interchangeable.
SYMMETRIC_SUB_TYPES = frozenset({"Armed clash"})
# Sub-event types that reports of one occurrence mix up (a clash that ends in a change of control).
COMPATIBLE_SUB_TYPES = frozenset({
    frozenset({"Armed clash", "Government regains territory"}),
    frozenset({"Armed clash", "Non-state actor overtakes territory"}),
    frozenset({"Peaceful protest", "Protest with intervention"}),
    frozenset({"Protest with intervention", "Excessive force against protesters"}),
})
GENERIC_ACTOR_PREFIXES = ("Unidentified",)


@dataclass(frozen=True, slots=True)
class Candidate:
    """The fields of one stored event that deduplication looks at."""

    event_id: int
    doc_id: str
    event_type: str
    sub_event_type: str
    day: int | None  # proleptic ordinal of the event date
    place: str | None
    lat: float | None
    lon: float | None
    actor1: str | None
    actor2: str | None

    @property
    def mergeable(self) -> bool:
        """Only dated, placed events can be matched across documents."""
        return self.day is not None and (self.place is not None or self.lat is not None)


def _name(actor: object) -> str | None:
    if isinstance(actor, Mapping):
        name = actor.get("name")
        return sys.intern(str(name)) if name else None
    return None


def _day(value: object) -> int | None:
    try:
        return date.fromisoformat(str(value)[:10]).toordinal() if value else None
    except ValueError:
        return None


def _coord(loc: Mapping[str, Any], key: str) -> float | None:
    v = loc.get(key)
    return float(v) if isinstance(v, (int, float)) else None


def place_key(loc: Mapping[str, Any]) -> str | None:
    """A resolved place's identity: country and English (else Arabic) name."""
    name = loc.get("name_en") or loc.get("name")
    return f"{loc.get('country') or ''}|{str(name).strip().lower()}" if name else None


def candidate(event_id: int, doc_id: str, rec: Mapping[str, Any]) -> Candidate:
    """The comparable view of one codebook event record.

    Types, places and actor names are interned: a window of many thousand
    candidates (``window.py``) then holds each distinct string once."""
    loc = rec.get("location") or {}
    lat, lon = _coord(loc, "lat"), _coord(loc, "lon")
    if lat is None or lon is None:
        lat = lon = None
    place = place_key(loc) if loc else None
    return Candidate(event_id, doc_id, sys.intern(str(rec.get("event_type") or "")),
                     sys.intern(str(rec.get("sub_event_type") or "")), _day(rec.get("date")),
                     sys.intern(place) if place is not None else None, lat, lon,
                     _name(rec.get("actor1")), _name(rec.get("actor2")))


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEGREES), math.floor(lon / CELL_DEGREES)


def index_keys(c: Candidate) -> Iterator[tuple[object, ...]]:
    """The blocks an event is filed under."""
    if c.lat is not None and c.lon is not None:
        yield (c.event_type, c.day, "cell", *_cell(c.lat, c.lon))
    if c.place is not None:
        yield (c.event_type, c.day, "name", c.place)


def probe_keys(c: Candidate) -> Iterator[tuple[object, ...]]:
    """The blocks to look in for events that may match ``c``: neighbouring days and cells."""
    assert c.day is not None
    for dd in range(-MAX_DAYS_APART, MAX_DAYS_APART + 1):
        day = c.day + dd
        if c.lat is not None and c.lon is not None:
            y, x = _cell(c.lat, c.lon)
            for dy in (-1, 0, 1):
                for dx in (-1, 0, 1):
                    yield (c.event_type, day, "cell", y + dy, x + dx)
        if c.place is not None:
            yield (c.event_type, day, "name", c.place)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def same_place(a: Candidate, b: Candidate) -> bool:
    if a.place is not None and a.place == b.place:
        return True
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    return distance_km(a.lat, a.lon, b.lat, b.lon) <= RADIUS_KM


def sub_types_compatible(a: str, b: str) -> bool:
    return a == b or frozenset({a, b}) in COMPATIBLE_SUB_TYPES


def is_generic(actor: str | None) -> bool:
    """An unknown or unnamed actor, which any named actor may refine."""
    return actor is None or actor.startswith(GENERIC_ACTOR_PREFIXES)


def _agree(x: str | None, y: str | None) -> bool:
    return x == y or is_generic(x) or is_generic(y)


def actors_compatible(a: Candidate, b: Candidate) -> bool:
    """The initiators agree (or one is unknown or generic), or, for symmetric types, each side agrees
    with the other report's opposite side. Targets (``actor2``) are not compared on their own: reports
    of one occurrence name the victims in too many ways (a doctor, civilians, the police who report it)."""
    if _agree(a.actor1, b.actor1):
        return True
    symmetric = a.sub_event_type in SYMMETRIC_SUB_TYPES and b.sub_event_type in SYMMETRIC_SUB_TYPES
    return symmetric and _agree(a.actor1, b.actor2) and _agree(a.actor2, b.actor1)


def same_occurrence(a: Candidate, b: Candidate) -> bool:
    """Whether two events (from different documents) report one occurrence."""
    return (a.doc_id != b.doc_id
            and a.event_type == b.event_type
            and sub_types_compatible(a.sub_event_type, b.sub_event_type)
            and a.day is not None and b.day is not None and abs(a.day - b.day) <= MAX_DAYS_APART
            and same_place(a, b)
            and actors_compatible(a, b))
