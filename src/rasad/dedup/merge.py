"""Cross-document deduplication: per-document events grouped into merged events.

Events are taken in id order (so the result is the same on every run); each
joins the first earlier group, among those its blocking keys find, whose
every member it matches (``keys.same_occurrence``) and that has nothing from
its document yet; otherwise it starts a group. Requiring a match with every
member, not just one, keeps chains from drifting: three reports a day apart
each cannot stretch one event over three days. ``window.py`` does this
grouping holding only the few days around each event, which is how
``store/merged.py`` deduplicates a whole store in bounded memory.

The merged record has the codebook event fields, each the value most reports
give (ties to the more confident reports); the sources of all reports; the
lowest reported death toll (codebook section 7); the evidence of the most
confident report; and, in ``mentions``, every report's document, event id,
evidence and spans.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from rasad.dedup.keys import SYMMETRIC_SUB_TYPES, Candidate, candidate, is_generic, place_key
from rasad.dedup.window import Grouper

Record = dict[str, Any]
Group = tuple[Record, list[tuple[int, str]]]


def group_events(candidates: Sequence[Candidate]) -> list[list[Candidate]]:
    """Groups of candidates that report one occurrence, in order of their first member.

    All in memory; ``store/merged.py`` feeds the same ``Grouper`` from the
    store with a bounded window instead."""
    grouper = Grouper()
    groups: list[list[Candidate]] = []
    for c in sorted(candidates, key=lambda x: x.event_id):
        gid = grouper.add(c)
        if gid == len(groups):
            groups.append([])
        groups[gid].append(c)
    return groups


def merge_events(events: Sequence[tuple[int, str, Mapping[str, Any]]]) -> list[Group]:
    """(merged record, [(event_id, doc_id), ...]) for every occurrence among the stored events."""
    records = {event_id: rec for event_id, _, rec in events}
    groups = group_events([candidate(event_id, doc_id, rec) for event_id, doc_id, rec in events])
    return [(merged_record([(m.event_id, m.doc_id, records[m.event_id]) for m in g]),
             [(m.event_id, m.doc_id) for m in g]) for g in groups]


def _vote(values: Sequence[tuple[Hashable, float]]) -> Hashable:
    """The most frequent value; ties go to the larger summed confidence, then to the first seen."""
    count: Counter[Hashable] = Counter()
    weight: dict[Hashable, float] = defaultdict(float)
    for v, conf in values:
        count[v] += 1
        weight[v] += conf
    order = {v: i for i, (v, _) in reversed(list(enumerate(values)))}
    return max(count, key=lambda v: (count[v], weight[v], -order[v]))


def _pick(members: Sequence[Record], key: Callable[[Record], Hashable], skip_none: bool = True) -> Record | None:
    """The member record whose ``key`` value wins the vote (members whose value is None vote only if all are)."""
    pairs = [(key(m), m) for m in members]
    voting = [(k, m) for k, m in pairs if k is not None] if skip_none else pairs
    voting = voting or pairs
    if not voting:
        return None
    winner = _vote([(k, _conf(m)) for k, m in voting])
    return max((m for k, m in voting if k == winner), key=_conf)


def _conf(rec: Mapping[str, Any]) -> float:
    c = rec.get("confidence")
    return float(c) if isinstance(c, (int, float)) else 0.0


def _actor_key(actor: Any) -> str | None:
    return actor.get("name") if isinstance(actor, Mapping) else None


def _oriented(members: Sequence[Record]) -> list[Record]:
    """Symmetric events (armed clashes) turned so that the same side is actor1 in every report."""
    first = next((m for m in members if _actor_key(m.get("actor1")) and not is_generic(_actor_key(m.get("actor1")))),
                 None)
    if first is None:
        return list(members)
    lead = _actor_key(first.get("actor1"))
    out = []
    for m in members:
        if m.get("sub_event_type") in SYMMETRIC_SUB_TYPES and _actor_key(m.get("actor2")) == lead:
            m = {**m, "actor1": m.get("actor2"), "actor2": m.get("actor1"),
                 "assoc_actor1": m.get("assoc_actor2") or [], "assoc_actor2": m.get("assoc_actor1") or []}
        out.append(m)
    return out


def _actor(members: Sequence[Record], side: str) -> Any:
    """The actor most reports give for ``side`` (reports that name none do not vote)."""
    best = _pick(members, lambda m: _actor_key(m.get(side)))
    return best.get(side) if best else None


def _assoc(members: Sequence[Record], side: str, exclude: set[str | None]) -> list[Any]:
    out: dict[str, Any] = {}
    for m in members:
        for a in m.get(side) or ():
            name = _actor_key(a)
            if name and name not in exclude:
                out.setdefault(name, a)
    return list(out.values())


def _sources(members: Sequence[Record]) -> list[str]:
    return list(dict.fromkeys(s for m in members for s in (m.get("sources") or ())))


def merged_record(members: Sequence[tuple[int, str, Mapping[str, Any]]]) -> Record:
    """One record for the reports of one occurrence (members in event-id order)."""
    recs = _oriented([dict(rec) for _, _, rec in members])
    kind = _pick(recs, lambda m: m.get("event_type")) or recs[0]
    sub = _pick([m for m in recs if m.get("event_type") == kind.get("event_type")],
                lambda m: m.get("sub_event_type")) or kind
    dated = _pick(recs, lambda m: m.get("date")) or recs[0]
    placed = _pick(recs, lambda m: place_key(m.get("location") or {}) if m.get("location") else None) or recs[0]
    actor1, actor2 = _actor(recs, "actor1"), _actor(recs, "actor2")
    named = {_actor_key(actor1), _actor_key(actor2)}
    tolls = [m["fatalities"] for m in recs if isinstance(m.get("fatalities"), int)]
    lead = max(recs, key=_conf)
    return {
        "event_type": kind.get("event_type"),
        "sub_event_type": sub.get("sub_event_type"),
        "date": dated.get("date"),
        "date_precision": dated.get("date_precision"),
        "actor1": actor1,
        "assoc_actor1": _assoc(recs, "assoc_actor1", named),
        "actor2": actor2,
        "assoc_actor2": _assoc(recs, "assoc_actor2", named),
        "location": placed.get("location"),
        "fatalities": min(tolls) if tolls else None,
        "sources": _sources(recs),
        "evidence": lead.get("evidence"),
        "confidence": round(max(_conf(m) for m in recs), 3),
        "documents": list(dict.fromkeys(doc_id for _, doc_id, _ in members)),
        "mentions": [{"event_id": event_id, "doc_id": doc_id, "evidence": rec.get("evidence"),
                      "spans": rec.get("spans") or []} for event_id, doc_id, rec in members],
    }
