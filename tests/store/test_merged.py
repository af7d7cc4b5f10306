"""Rebuilding the merged tables from the store in a bounded window writes what the all-in-memory merge wrote."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from dedup_reference import generated, reference_merge

from rasad.model import Document
from rasad.store import merged
from rasad.store.merged import WindowOptions
from rasad.store.rows import ResultRows, flatten_event
from rasad.store.sqlite import EventStore, content_hash

TINY = WindowOptions(max_pages=5, max_members=40, read_chunk=97, write_chunk=13)


def fill(store: EventStore, events: list[tuple[int, str, dict[str, Any]]]) -> None:
    """Store the generated events, document by document, so that their ids are the generated ones."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for _, doc_id, rec in events:
        by_doc.setdefault(doc_id, []).append(rec)
    items = []
    for doc_id, recs in by_doc.items():
        doc = Document(doc_id, f"نص {doc_id}", date(2024, 1, 1))
        rows = ResultRows(doc_id, tuple(tuple(flatten_event(r).values()) for r in recs),
                          tuple((r["evidence"], "[[0, 10]]") for r in recs))
        items.append((doc, content_hash(doc.text), rows))
    store.add_rows(items)
    store.commit()
    assert [(i, d) for i, d, _ in store.events()] == [(i, d) for i, d, _ in events]


def merged_tables(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    tables = ("merged_events", "merged_members")
    return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}


@pytest.mark.parametrize("order", ["chronological", "archives", "shuffled"])
def test_rebuild_writes_the_rows_of_the_in_memory_merge(tmp_path: Path, order: str) -> None:
    events = generated(600, 40, order)
    with EventStore.open(tmp_path / "e.sqlite") as store:
        fill(store, events)
        store.replace_merged(reference_merge(store.events()))
        expected = merged_tables(store.conn)
        stats = merged.rebuild(store.conn, TINY)
        assert merged_tables(store.conn) == expected
        assert (stats.events, stats.groups) == (len(events), len(expected["merged_events"]))
        assert stats.reloads > 0  # pages went to the temporary table and came back
        assert len(expected["merged_events"]) < len(events)
        assert not store.conn.in_transaction
        assert not store.conn.execute("SELECT name FROM sqlite_temp_master WHERE type = 'table'").fetchall()


def test_rebuild_that_fails_keeps_the_previous_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with EventStore.open(tmp_path / "e.sqlite") as store:
        fill(store, generated(200, 10, "archives"))
        store.rebuild_merged(TINY)
        before = merged_tables(store.conn)

        def broken(members: object) -> dict[str, Any]:
            raise RuntimeError("disk full")

        monkeypatch.setattr(merged, "merged_record", broken)
        with pytest.raises(RuntimeError):
            store.rebuild_merged(TINY)
        assert merged_tables(store.conn) == before and not store.conn.in_transaction


def test_rebuild_of_an_empty_store(tmp_path: Path) -> None:
    with EventStore.open(tmp_path / "e.sqlite") as store:
        assert store.rebuild_merged() == merged.MergeStats(0, 0, 0)
        assert store.counts()["merged_events"] == 0
