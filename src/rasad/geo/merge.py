"""Merging imported places into a gazetteer, one entry per real place.

Two records are the same place when they are of the same kind in the same
country and either share an identifier, or (countries) the ISO code, or
(admin1) the project's admin1 name, or (towns) a normalised Arabic name or
an English name while lying within ``DEDUP_KM`` of each other — or, for a
district polygon, the town lying inside it. The merged entry keeps the first
record's id, coordinates and English name, adds the other's identifiers to
``extra_ids`` and its Arabic spellings to ``names_ar``.

Ranking is by population (``geo/resolve.py``), and most imported villages
have none, so an added town without population gets ``DEFAULT_POPULATION``:
enough to beat a same-named village abroad when the text is about its
country, small next to any real city. It is capped at the population of an
existing town of the same name in the same country, and the existing entry
comes first in the name index, so an embedded town wins such a tie.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

from rasad.geo.gazetteer import Gazetteer, Place
from rasad.geo.shapes import Area, km
from rasad.geo.sources import ImportedPlace, fold_en

DEDUP_KM = 5.0
DEFAULT_POPULATION = 500


@dataclass(frozen=True, slots=True)
class MergeCounts:
    """How the records of one source landed: new entries, or merged into existing ones."""

    added: int
    merged: int


def merge(base: Gazetteer, sources: Sequence[Sequence[ImportedPlace]]) -> tuple[Gazetteer, tuple[MergeCounts, ...]]:
    """``base`` with every source merged in, in order; counts per source.

    Towns that still lack an admin1 name afterwards get the one of the
    imported admin1 polygon they lie in."""
    b = _Builder.start(base)
    counts = tuple(b.add_source(src) for src in sources)
    b.fill_admin1()
    return Gazetteer.from_places(b.places), counts


@dataclass(slots=True)
class _Builder:
    """Working state of one merge (local to ``merge``, never shared)."""

    places: list[Place]
    by_id: dict[str, int]
    by_key: dict[tuple[str, str], list[int]]  # (country, "ar:name" | "en:name") -> positions of towns
    admin1: dict[tuple[str, str], int]  # (country, admin1 name) -> position of the admin1 entry
    areas: list[tuple[str, str, Area]]  # (country, admin1 name, polygon)
    shapes: dict[int, Area]  # polygon of an imported district, by position

    @classmethod
    def start(cls, base: Gazetteer) -> "_Builder":
        b = cls([], {}, {}, {}, [], {})
        for p in base.places.values():
            b._append(p)
        return b

    def add_source(self, src: Sequence[ImportedPlace]) -> MergeCounts:
        added = merged = 0
        for ip in src:
            at = self._match(ip)
            if at is None:
                self._append(self._with_default_population(ip))
                if ip.area is not None and ip.place.kind == "city":
                    self.shapes[len(self.places) - 1] = ip.area
                added += 1
            else:
                self._absorb(at, ip.place)
                merged += 1
            if ip.area is not None and ip.place.kind == "admin1" and ip.place.admin1:
                self.areas.append((ip.place.country, ip.place.admin1, ip.area))
        return MergeCounts(added, merged)

    def fill_admin1(self) -> None:
        for i, p in enumerate(self.places):
            if p.kind == "city" and p.admin1 is None:
                name = next((n for cc, n, a in self.areas if cc == p.country and a.contains(p.lat, p.lon)), None)
                if name:
                    self.places[i] = replace(p, admin1=name)

    def _keys(self, p: Place) -> list[tuple[str, str]]:
        keys = [(p.country, f"ar:{n}") for n in p.names_ar]
        if p.name_en and (en := fold_en(p.name_en)):
            keys.append((p.country, f"en:{en}"))
        return keys

    def _append(self, p: Place) -> None:
        i = len(self.places)
        self.places.append(p)
        self._index(i, p)

    def _index(self, i: int, p: Place) -> None:
        for pid in p.ids:
            self.by_id.setdefault(pid, i)
        if p.kind == "city":
            for k in self._keys(p):
                at = self.by_key.setdefault(k, [])
                if i not in at:
                    at.append(i)
        elif p.kind == "admin1":
            self.admin1.setdefault((p.country, p.admin1 or p.name_en), i)

    def _match(self, ip: ImportedPlace) -> int | None:
        p, area = ip.place, ip.area
        known = next((self.by_id[i] for i in p.ids if i in self.by_id), None)
        if known is not None:
            return known
        if p.kind == "country":
            return self.by_id.get(f"country:{p.country}")
        if p.kind == "admin1":
            return self.admin1.get((p.country, p.admin1 or p.name_en))
        best: tuple[float, int] | None = None
        for k in self._keys(p):
            for i in self.by_key.get(k, ()):
                q = self.places[i]
                d = km(p.lat, p.lon, q.lat, q.lon)
                inside = (area is not None and area.contains(q.lat, q.lon)) or (
                    i in self.shapes and self.shapes[i].contains(p.lat, p.lon))
                if (d <= DEDUP_KM or inside) and (best is None or d < best[0]):
                    best = (d, i)
        return best[1] if best else None

    def _absorb(self, i: int, new: Place) -> None:
        old = self.places[i]
        extra = tuple(x for x in new.ids if x not in old.ids)
        names = tuple(dict.fromkeys(old.names_ar + new.names_ar))
        merged = replace(old, names_ar=names, extra_ids=old.extra_ids + extra,
                         admin1=old.admin1 or new.admin1, population=max(old.population, new.population))
        self.places[i] = merged
        self._index(i, merged)

    def _with_default_population(self, ip: ImportedPlace) -> Place:
        p = ip.place
        if p.kind != "city" or p.population or ip.low:
            return p
        same = [self.places[i].population for k in self._keys(p) if k[1].startswith("ar:")
                for i in self.by_key.get(k, ())]
        return replace(p, population=min([DEFAULT_POPULATION, *same]))
