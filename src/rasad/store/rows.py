"""Results in the shape the store writes them: column values, JSON already encoded.

A ``ResultRows`` is what a batch worker sends back to the runner instead of
a ``Result``. Two reasons: pickling the nested frozen dataclasses of a
``Result`` (events, actors, spans, traces) and unpickling them in the runner
cost as much as a fifth of the pipeline's own time, while tuples of strings
and numbers cross a process boundary almost for free; and flattening and
JSON-encoding happen in the workers, in parallel, leaving the runner (the
one process that writes the store) only ``executemany`` calls. Every path
into the store (``rasad extract --db``, ``rasad run`` on one core, on a pool,
on Dask) goes through ``result_rows``, so they all write the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from rasad import __version__
from rasad.lexicon.load import data_path, read_tsv
from rasad.model import Interaction, Problem, Result
from rasad.store.migrations import EVENT_COLUMNS, INTERACTION_COLUMNS

SqlValue = str | int | float | None
Row = tuple[SqlValue, ...]


@cache
def data_version() -> str:
    """Package version plus a digest of the data manifest: which lexicons made a record."""
    digest = hashlib.sha256(data_path("MANIFEST.yaml").read_bytes()).hexdigest()[:12]
    return f"{__version__}+data.{digest}"


@cache
def _disorder_types() -> tuple[dict[str, str], dict[str, str]]:
    """(sub_event_type -> disorder_type, event_type -> disorder_type) from event_types.tsv."""
    rows = read_tsv("event_types.tsv", ("sub_event_type", "event_type", "disorder_type"))
    by_sub = {r["sub_event_type"]: r["disorder_type"] for r in rows}
    by_type: dict[str, str] = {}
    for r in rows:
        by_type.setdefault(r["event_type"], r["disorder_type"])
    return by_sub, by_type


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str | None:
    """ACLED disorder type of a (sub-)event type; None for types the codebook lacks."""
    by_sub, by_type = _disorder_types()
    return by_sub.get(sub_event_type or "") or by_type.get(event_type or "")


def _actor_cols(prefix: str, actor: Mapping[str, Any] | None) -> dict[str, Any]:
    actor = actor or {}
    return {prefix: actor.get("name"), f"{prefix}_type": actor.get("type"), f"{prefix}_country": actor.get("country")}


def _joined(items: Iterable[Any]) -> str | None:
    text = "; ".join(str(i) for i in items if i)
    return text or None


def flatten_event(rec: Mapping[str, Any]) -> dict[str, Any]:
    """Column values of a codebook event record (the ``events``/``merged_events`` shape)."""
    loc = rec.get("location") or {}
    row: dict[str, Any] = {
        "event_date": rec.get("date"),
        "date_precision": rec.get("date_precision"),
        "event_type": rec.get("event_type"),
        "sub_event_type": rec.get("sub_event_type"),
        "disorder_type": disorder_type(rec.get("event_type"), rec.get("sub_event_type")),
        **_actor_cols("actor1", rec.get("actor1")),
        "assoc_actor1": _joined(a.get("name") for a in rec.get("assoc_actor1") or ()),
        **_actor_cols("actor2", rec.get("actor2")),
        "assoc_actor2": _joined(a.get("name") for a in rec.get("assoc_actor2") or ()),
        "location_name": loc.get("name"),
        "location_name_en": loc.get("name_en"),
        "country": loc.get("country"),
        "admin1": loc.get("admin1"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "geo_precision": loc.get("geo_precision"),
        "fatalities": rec.get("fatalities"),
        "sources": _joined(rec.get("sources") or ()),
        "evidence": rec.get("evidence"),
        "confidence": rec.get("confidence"),
        "record": json.dumps(rec, ensure_ascii=False),
    }
    return row


def flatten_interaction(inter: Interaction) -> dict[str, Any]:
    """Column values of one interaction."""
    rec = inter.to_record()
    return {
        "interaction_type": rec["interaction_type"],
        "event_date": rec["date"],
        "date_precision": rec["date_precision"],
        **_actor_cols("actor1", rec["actor1"]),  # type: ignore[arg-type]
        **_actor_cols("actor2", rec["actor2"]),  # type: ignore[arg-type]
        "sources": _joined(rec["sources"]),  # type: ignore[arg-type]
        "evidence": rec["evidence"],
        "confidence": rec["confidence"],
        "record": json.dumps(rec, ensure_ascii=False),
    }


@dataclass(frozen=True, slots=True)
class ResultRows:
    """One document's result as the store writes it.

    ``events`` holds the ``EVENT_COLUMNS`` values of each event, and
    ``mentions`` its (evidence, spans as JSON), in the same order;
    ``interactions`` the ``INTERACTION_COLUMNS`` values."""

    doc_id: str
    events: tuple[Row, ...] = ()
    mentions: tuple[tuple[str, str], ...] = ()
    interactions: tuple[Row, ...] = ()
    problems: tuple[Problem, ...] = ()


def result_rows(result: Result) -> ResultRows:
    """The store's rows for ``result``."""
    events = tuple(tuple(flatten_event(e.to_record()).values()) for e in result.events)
    mentions = tuple((e.evidence, json.dumps([s.as_list() for s in e.spans])) for e in result.events)
    interactions = tuple(tuple(flatten_interaction(i).values()) for i in result.interactions)
    return ResultRows(result.doc_id, events, mentions, interactions, result.problems)


def insert_sql(table: str, columns: Iterable[str]) -> str:
    cols = list(columns)
    return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"


EVENT_NAMES = tuple(c for c, _ in EVENT_COLUMNS)
EVENT_INSERT = insert_sql("events", ("id", "doc_id", "document_id", *EVENT_NAMES))
MENTION_INSERT = insert_sql("mentions", ("event_id", "doc_id", "document_id", "evidence", "spans"))
INTERACTION_INSERT = insert_sql("interactions", ("doc_id", "document_id", *(c for c, _ in INTERACTION_COLUMNS)))
DOCUMENT_INSERT = insert_sql("documents", ("id", "doc_id", "content_hash", "published", "url", "source", "n_chars",
                                           "processed_at", "data_version"))
MERGED_INSERT = insert_sql("merged_events", ("id", *EVENT_NAMES, "n_documents"))
MEMBER_INSERT = insert_sql("merged_members", ("merged_id", "event_id", "doc_id"))
