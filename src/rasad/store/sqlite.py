"""The event store: one SQLite file holding documents, events, merges and failures.

Documents are keyed by ``content_hash`` (sha256 of the text), because the same
``doc_id`` may come from several sources. Every event row carries the codebook
fields flattened into columns (for SQL, indexes, Datasette facets) and the full
``Event.to_record()`` JSON in ``record``, which is what exporters read back.
Schema changes go through ``store/migrations.py``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from rasad import __version__
from rasad.errors import RasadError
from rasad.lexicon.load import data_path, read_tsv
from rasad.model import Document, Interaction, Problem, Result
from rasad.store import migrations
from rasad.store.migrations import EVENT_COLUMNS, INTERACTION_COLUMNS

STORE_UNREADABLE = "event store {path}: {problem}"
STORE_TOO_NEW = "event store {path} has schema version {found}; this rasad knows up to {latest}"


class StoreError(RasadError):
    """The event store file cannot be opened, read or migrated."""

    code = "bad_store"


def content_hash(text: str) -> str:
    """sha256 (hex) of a document's text: the key a document is stored under."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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


def _insert_sql(table: str, columns: Iterable[str]) -> str:
    cols = list(columns)
    return f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"


_EVENT_INSERT = _insert_sql("events", ["doc_id", "document_id"] + [c for c, _ in EVENT_COLUMNS])
_INTERACTION_INSERT = _insert_sql("interactions", ["doc_id", "document_id"] + [c for c, _ in INTERACTION_COLUMNS])
_MERGED_INSERT = _insert_sql("merged_events", [c for c, _ in EVENT_COLUMNS] + ["n_documents"])
_DOCUMENT_INSERT = _insert_sql("documents", ["doc_id", "content_hash", "published", "url", "source", "n_chars",
                                             "processed_at", "data_version"])


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class EventStore:
    """An open event store. Writes collect in one transaction until ``commit()``."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> EventStore:
        """Open (creating or migrating to the latest schema) the store at ``path``, in WAL mode."""
        p = Path(path)
        try:
            conn = sqlite3.connect(p, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            found = migrations.current_version(conn)
            if found > migrations.LATEST:
                conn.close()
                raise StoreError(STORE_TOO_NEW.format(path=p, found=found, latest=migrations.LATEST))
            migrations.migrate(conn)
            migrations.repair_search_index(conn)
        except sqlite3.Error as exc:
            raise StoreError(STORE_UNREADABLE.format(path=p, problem=exc)) from exc
        return cls(conn, p)

    def close(self) -> None:
        """Roll back anything uncommitted, checkpoint the WAL and close."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def deferred_search_index(self) -> Iterator[None]:
        """Bulk loading: keep the evidence search index out of each insert and
        rebuild it once at the end (a killed load is repaired on the next open)."""
        self.conn.execute("DROP TRIGGER IF EXISTS events_fts_insert")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # a half-written batch is not kept
            raise
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
            migrations.repair_search_index(self.conn)

    def _begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN")

    def has_document(self, content_hash: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
        return row is not None

    def add_result(self, doc: Document, content_hash: str, result: Result) -> list[int]:
        """Insert a document, its events (one ``mentions`` row each) and interactions; returns the event ids.

        A document already stored under ``content_hash`` is left as it is and
        nothing is inserted (returns ``[]``). Does not commit.
        """
        if self.has_document(content_hash):
            return []
        self._begin()
        published = doc.published.isoformat() if doc.published else None
        cur = self.conn.execute(_DOCUMENT_INSERT, (doc.doc_id, content_hash, published, doc.url, doc.source,
                                                   len(doc.text), _now(), data_version()))
        document_id = cur.lastrowid
        ids: list[int] = []
        for event in result.events:
            row = flatten_event(event.to_record())
            cur = self.conn.execute(_EVENT_INSERT, (doc.doc_id, document_id, *row.values()))
            event_id = int(cur.lastrowid or 0)
            spans = json.dumps([s.as_list() for s in event.spans])
            self.conn.execute("INSERT INTO mentions (event_id, doc_id, document_id, evidence, spans) "
                              "VALUES (?, ?, ?, ?, ?)", (event_id, doc.doc_id, document_id, event.evidence, spans))
            ids.append(event_id)
        for inter in result.interactions:
            self.conn.execute(_INTERACTION_INSERT, (doc.doc_id, document_id, *flatten_interaction(inter).values()))
        return ids

    def add_failure(self, source: str, problem: Problem) -> None:
        """Record why a document (from ``source``: a path, feed or batch name) failed. Does not commit."""
        self._begin()
        self.conn.execute(
            "INSERT INTO failures (source, doc_id, stage, code, message, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
            (source, problem.doc_id, problem.stage, problem.code, problem.message, _now()))

    def commit(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")

    def events(self) -> list[tuple[int, str, dict[str, Any]]]:
        """(event_id, doc_id, record) of every stored per-document event, in id order."""
        rows = self.conn.execute("SELECT id, doc_id, record FROM events ORDER BY id")
        return [(int(i), str(d), json.loads(r)) for i, d, r in rows]

    def replace_merged(self, groups: list[tuple[dict[str, Any], list[tuple[int, str]]]]) -> None:
        """Rewrite ``merged_events``/``merged_members`` from (merged record, [(event_id, doc_id), ...]); commits."""
        self._begin()
        try:
            self.conn.execute("DELETE FROM merged_members")
            self.conn.execute("DELETE FROM merged_events")
            for rec, members in groups:
                cur = self.conn.execute(_MERGED_INSERT, (*flatten_event(rec).values(), len(members)))
                self.conn.executemany("INSERT INTO merged_members (merged_id, event_id, doc_id) VALUES (?, ?, ?)",
                                      [(cur.lastrowid, event_id, doc_id) for event_id, doc_id in members])
            # documents, not doc_ids: the same doc_id may come from two sources
            self.conn.execute("UPDATE merged_events SET n_documents = (SELECT COUNT(DISTINCT e.document_id) "
                              "FROM merged_members mm JOIN events e ON e.id = mm.event_id "
                              "WHERE mm.merged_id = merged_events.id)")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.commit()

    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        tables = ("documents", "events", "interactions", "merged_events", "failures")
        return {t: int(self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}

    def schema_version(self) -> int:
        return migrations.current_version(self.conn)


def store_document(store: EventStore, source: str, doc: Document, result: Result) -> int | None:
    """Store one processed document and its problems as failures; the number of events stored,
    or None when a document with the same text is already in the store. Does not commit."""
    if store.has_document(content_hash(doc.text)):
        return None
    ids = store.add_result(doc, content_hash(doc.text), result)
    for problem in result.problems:
        store.add_failure(source, problem)
    return len(ids)
