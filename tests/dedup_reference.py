"""The grouping of ``dedup/merge.py`` as it was before the windowed ``Grouper`` (kept verbatim as the
reference the window is tested against), and generated events that make it work hard."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from rasad.dedup.keys import Candidate, candidate, index_keys, probe_keys, same_occurrence
from rasad.dedup.merge import Group, merged_record

# --- the grouping as it was before the window (kept verbatim as the reference) ---------------------------------

def reference_groups(candidates: Sequence[Candidate]) -> list[list[Candidate]]:
    groups: list[list[Candidate]] = []
    docs: list[set[str]] = []
    blocks: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for c in sorted(candidates, key=lambda x: x.event_id):
        gid = _reference_find(c, groups, docs, blocks) if c.mergeable else None
        if gid is None:
            gid = len(groups)
            groups.append([])
            docs.append(set())
        groups[gid].append(c)
        docs[gid].add(c.doc_id)
        if c.mergeable:
            for key in index_keys(c):
                if gid not in blocks[key]:
                    blocks[key].append(gid)
    return groups


def _reference_find(c: Candidate, groups: list[list[Candidate]], docs: list[set[str]],
                    blocks: Mapping[tuple[object, ...], list[int]]) -> int | None:
    seen = sorted({gid for key in probe_keys(c) for gid in blocks.get(key, ())})
    for gid in seen:
        if c.doc_id not in docs[gid] and all(same_occurrence(c, m) for m in groups[gid]):
            return gid
    return None


# --- generated events: few places, types and actors, so that chains across days are common ----------------------

PLACES = [("SY", "Homs", 34.7268, 36.7234), ("SY", "Talbiseh", 34.8406, 36.7306),  # ~13 km apart
          ("SY", "Al-Rastan", 34.9267, 36.7325), ("SY", "Homs-east", 34.73, 36.80),  # ~7 km from Homs
          ("IQ", "Mosul", 36.34, 43.13), ("IQ", "Mosul", 36.34, 43.13)]
TYPES = [("Battles", "Armed clash"), ("Battles", "Government regains territory"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest")]
ACTORS: list[str | None] = ["Military Forces of Syria", "Hayat Tahrir al-Sham", "Unidentified Armed Group (Syria)",
                            None]


def record(rnd: random.Random, day: int) -> dict[str, Any]:
    kind, sub = rnd.choice(TYPES)
    cc, name, lat, lon = rnd.choice(PLACES)
    a1, a2 = rnd.choice(ACTORS), rnd.choice(ACTORS)
    located = rnd.random() > 0.05
    return {
        "event_type": kind, "sub_event_type": sub,
        "date": None if rnd.random() < 0.03 else f"2024-{1 + day // 28:02d}-{1 + day % 28:02d}",
        "date_precision": "day",
        "actor1": {"name": a1, "type": "State forces", "country": cc} if a1 else None, "assoc_actor1": [],
        "actor2": {"name": a2, "type": "Rebel group", "country": None} if a2 else None, "assoc_actor2": [],
        "location": {"name": name, "name_en": name if rnd.random() > 0.2 else None, "country": cc, "admin1": None,
                     "lat": lat if rnd.random() > 0.1 else None, "lon": lon, "geo_precision": 1} if located else None,
        "fatalities": rnd.choice((None, 2, 5)), "sources": rnd.sample(["SOHR", "SANA", "AFP"], rnd.randint(0, 2)),
        "evidence": f"evidence {rnd.random():.6f}", "spans": [[0, 10]], "confidence": round(rnd.random(), 3),
    }


def generated(n_docs: int, days: int, order: str, seed: int = 3) -> list[tuple[int, str, dict[str, Any]]]:
    """(event_id, doc_id, record) of ``n_docs`` documents (1-4 events each) over ``days`` days. ``order`` says how
    document ids relate to days: one chronological archive, several archives one after the other, or none."""
    rnd = random.Random(seed)
    out: list[tuple[int, str, dict[str, Any]]] = []
    for i in range(n_docs):
        base = {"chronological": i * days // n_docs, "archives": i % days, "shuffled": rnd.randrange(days)}[order]
        for _ in range(rnd.randint(1, 4)):
            day = max(0, base - rnd.choice((0, 0, 1, 2, 6)))
            out.append((len(out) + 1, f"doc{i}", record(rnd, day)))
    return out


def corpus(n_docs: int, days: int, order: str, seed: int = 3) -> list[Candidate]:
    """The candidates of ``generated`` events."""
    return [candidate(*e) for e in generated(n_docs, days, order, seed)]


def reference_merge(events: Sequence[tuple[int, str, Mapping[str, Any]]]) -> list[Group]:
    """``merge_events`` as it was: the reference groups, each merged."""
    records = {event_id: rec for event_id, _, rec in events}
    groups = reference_groups([candidate(event_id, doc_id, rec) for event_id, doc_id, rec in events])
    return [(merged_record([(m.event_id, m.doc_id, records[m.event_id]) for m in g]),
             [(m.event_id, m.doc_id) for m in g]) for g in groups]
