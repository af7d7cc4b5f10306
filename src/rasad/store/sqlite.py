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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from rasad.errors import RasadError
from rasad.model import Document, Problem, Result
from rasad.store import merged, migrations
from rasad.store.rows import (
    DOCUMENT_INSERT,
    EVENT_INSERT,
    INTERACTION_INSERT,
    MENTION_INSERT,
    ResultRows,
    data_version,
    result_rows,
)

STORE_UNREADABLE = "event store {path}: {problem}"
STORE_TOO_NEW = "event store {path} has schema version {found}; this rasad knows up to {latest}"


class StoreError(RasadError):
    """The event store file cannot be opened, read or migrated."""

    code = "bad_store"


def content_hash(text: str) -> str:
    """sha256 (hex) of a document's text: the key a document is stored under."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
            # WAL commits without an fsync each: a crash of the process loses nothing, a power cut at most
            # the last commits (a rerun redoes them), and the file stays consistent either way.
            conn.execute("PRAGMA synchronous=NORMAL")
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
        (ids,) = self.add_rows([(doc, content_hash, result_rows(result))])
        return ids

    def add_rows(self, items: Sequence[tuple[Document, str, ResultRows]]) -> list[list[int]]:
        """``add_result`` for many documents at once, from rows already flattened (``store/rows.py``).

        Ids are given explicitly, from the current largest on, which is what
        SQLite would choose itself; that lets each table take one
        ``executemany`` per call. Returns the event ids of each item (``[]``
        for a document already stored). Does not commit.
        """
        self._begin()
        next_doc, next_event = (self._next_id(t) for t in ("documents", "events"))
        now, version = _now(), data_version()
        docs: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        mentions: list[tuple[Any, ...]] = []
        inters: list[tuple[Any, ...]] = []
        out: list[list[int]] = []
        seen: set[str] = set()
        for doc, digest, rows in items:
            if digest in seen or self.has_document(digest):
                out.append([])
                continue
            seen.add(digest)
            did = next_doc + len(docs)
            docs.append((did, doc.doc_id, digest, doc.published.isoformat() if doc.published else None, doc.url,
                         doc.source, len(doc.text), now, version))
            ids = list(range(next_event + len(events), next_event + len(events) + len(rows.events)))
            events += [(eid, doc.doc_id, did, *row) for eid, row in zip(ids, rows.events)]
            mentions += [(eid, doc.doc_id, did, evidence, spans) for eid, (evidence, spans) in zip(ids, rows.mentions)]
            inters += [(doc.doc_id, did, *row) for row in rows.interactions]
            out.append(ids)
        for sql, values in ((DOCUMENT_INSERT, docs), (EVENT_INSERT, events), (MENTION_INSERT, mentions),
                            (INTERACTION_INSERT, inters)):
            if values:
                self.conn.executemany(sql, values)
        return out

    def _next_id(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}").fetchone()[0])

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
        merged.replace_groups(self.conn, groups)

    def rebuild_merged(self, options: merged.WindowOptions = merged.WindowOptions()) -> merged.MergeStats:
        """Deduplicate every stored event across documents into ``merged_events``, streaming; commits."""
        return merged.rebuild(self.conn, options)

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
