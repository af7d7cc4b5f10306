"""The merged tables (``merged_events``, ``merged_members``), rebuilt from the stored events in bounded memory.

``rebuild`` runs the deduplication of ``dedup/`` over the whole store
without loading it:

1. the comparable fields of every event (``dedup.keys.Candidate``) are read
   from the flattened columns in id order, in chunks, and fed to a
   ``dedup.window.Grouper`` that keeps a few days of state and spills the
   rest to a temporary table; each event's group number goes to another
   temporary table;
2. the groups are read back in order, a range of group numbers at a time,
   joined with their events' records, merged (``dedup.merge.merged_record``)
   and written with ``executemany``.

Memory therefore depends on the busiest days and on the batch sizes, not on
the number of events. The groups, their order and every row are those of
``dedup.merge.merge_events`` over the same events (``merged_events.id`` is
the group's position, as SQLite numbers a table filled from empty). The
whole rebuild is one transaction: a killed rebuild leaves the previous
merged tables.
"""

from __future__ import annotations

import json
import pickle
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from rasad.dedup.keys import Candidate, candidate
from rasad.dedup.merge import merged_record
from rasad.dedup.window import Grouper, MemberRow
from rasad.store.rows import MEMBER_INSERT, MERGED_INSERT, flatten_event

_CANDIDATE_SQL = ("SELECT id, doc_id, event_type, sub_event_type, event_date, location_name, location_name_en, "
                  "country, lat, lon, actor1, actor2 FROM events WHERE id > ? ORDER BY id LIMIT ?")
_GROUP_SQL = ("SELECT g.gid, e.id, e.doc_id, e.document_id, e.record FROM temp.dedup_groups g "
              "JOIN events e ON e.id = g.event_id WHERE g.gid >= ? AND g.gid < ? ORDER BY g.gid, g.event_id")


@dataclass(frozen=True, slots=True)
class WindowOptions:
    """How much ``rebuild`` holds at once: days of grouping state (pages) and events in them,
    events read per query, and merged groups per write."""

    max_pages: int = 64
    max_members: int = 200_000
    read_chunk: int = 20_000
    write_chunk: int = 2_000


@dataclass(frozen=True, slots=True)
class MergeStats:
    """What a rebuild did: events read, merged events written, day pages read back from the spill."""

    events: int
    groups: int
    reloads: int


class TableSpill:
    """Day pages of a ``Grouper`` kept in a temporary table of the store's connection (a file, not memory)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def save(self, day: int, rows: list[MemberRow]) -> None:
        self.conn.execute("INSERT OR REPLACE INTO temp.dedup_pages (day, rows) VALUES (?, ?)",
                          (day, pickle.dumps(rows, pickle.HIGHEST_PROTOCOL)))

    def load(self, day: int) -> list[MemberRow] | None:
        row = self.conn.execute("SELECT rows FROM temp.dedup_pages WHERE day = ?", (day,)).fetchone()
        return pickle.loads(row[0]) if row else None  # noqa: S301 - our own pickles, in our own temp table


def rebuild(conn: sqlite3.Connection, options: WindowOptions = WindowOptions()) -> MergeStats:
    """Rewrite the merged tables from every stored event; commits (``conn`` in autocommit mode)."""
    _begin(conn)
    try:
        _clear(conn)
        for table in ("dedup_groups", "dedup_pages"):
            conn.execute(f"DROP TABLE IF EXISTS temp.{table}")
        conn.execute("CREATE TEMP TABLE dedup_groups (gid INTEGER NOT NULL, event_id INTEGER NOT NULL, "
                     "PRIMARY KEY (gid, event_id)) WITHOUT ROWID")
        conn.execute("CREATE TEMP TABLE dedup_pages (day INTEGER PRIMARY KEY, rows BLOB NOT NULL)")
        stats = _assign_groups(conn, options)
        _write_groups(conn, stats.groups, options.write_chunk)
        for table in ("dedup_groups", "dedup_pages"):
            conn.execute(f"DROP TABLE temp.{table}")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return stats


def _assign_groups(conn: sqlite3.Connection, options: WindowOptions) -> MergeStats:
    """Step 1: every event's group number into ``temp.dedup_groups``."""
    grouper = Grouper(TableSpill(conn), options.max_pages, options.max_members)
    events = 0
    for chunk in _candidates(conn, options.read_chunk):
        conn.executemany("INSERT INTO temp.dedup_groups (gid, event_id) VALUES (?, ?)",
                         [(grouper.add(c), c.event_id) for c in chunk])
        events += len(chunk)
    return MergeStats(events, grouper.groups, grouper.reloads)


def _write_groups(conn: sqlite3.Connection, n_groups: int, chunk: int) -> None:
    """Step 2: each group's members read back with their records, merged and written, ``chunk`` groups at a time."""
    writer = _Writer(conn, chunk)
    for start in range(0, n_groups, chunk):
        rows = conn.execute(_GROUP_SQL, (start, start + chunk)).fetchall()
        for _, members in groupby(rows, key=lambda r: r[0]):
            group = [(event_id, doc_id, document_id, rec) for _, event_id, doc_id, document_id, rec in members]
            writer.add(merged_record([(event_id, doc_id, json.loads(rec)) for event_id, doc_id, _, rec in group]),
                       [(event_id, doc_id) for event_id, doc_id, _, _ in group],
                       len({document_id for _, _, document_id, _ in group}))
    writer.flush()


def _candidates(conn: sqlite3.Connection, chunk: int) -> Iterator[list[Candidate]]:
    """Every stored event's comparable fields, in id order, ``chunk`` at a time.

    Read from the flattened columns, which hold the record's own values
    (``store.rows.flatten_event``), so ``dedup.keys.candidate`` sees what it
    would see in the record, without parsing any JSON."""
    last = 0
    while True:
        rows = conn.execute(_CANDIDATE_SQL, (last, chunk)).fetchall()
        if not rows:
            return
        yield [candidate(event_id, doc_id, {
            "event_type": event_type, "sub_event_type": sub, "date": day,
            "location": {"name": name, "name_en": name_en, "country": country, "lat": lat, "lon": lon},
            "actor1": {"name": actor1}, "actor2": {"name": actor2},
        }) for event_id, doc_id, event_type, sub, day, name, name_en, country, lat, lon, actor1, actor2 in rows]
        last = rows[-1][0]


def _begin(conn: sqlite3.Connection) -> None:
    if not conn.in_transaction:
        conn.execute("BEGIN")


def _clear(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM merged_members")
    conn.execute("DELETE FROM merged_events")


class _Writer:
    """Merged events and their members, numbered 1, 2, ... in the order given, written ``chunk`` groups at a time."""

    def __init__(self, conn: sqlite3.Connection, chunk: int) -> None:
        self.conn = conn
        self.chunk = chunk
        self.next_id = 1
        self.merged: list[tuple[Any, ...]] = []
        self.members: list[tuple[int, int, str]] = []

    def add(self, rec: dict[str, Any], members: Sequence[tuple[int, str]], n_documents: int) -> None:
        """One merged record, its members (event_id, doc_id) and how many documents they span."""
        self.merged.append((self.next_id, *flatten_event(rec).values(), n_documents))
        self.members += [(self.next_id, event_id, doc_id) for event_id, doc_id in members]
        self.next_id += 1
        if len(self.merged) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        if self.merged:
            self.conn.executemany(MERGED_INSERT, self.merged)
            self.conn.executemany(MEMBER_INSERT, self.members)
        self.merged, self.members = [], []


def replace_groups(conn: sqlite3.Connection, groups: Sequence[tuple[dict[str, Any], list[tuple[int, str]]]]) -> None:
    """Rewrite the merged tables from groups made elsewhere: (merged record, [(event_id, doc_id), ...]); commits.

    ``n_documents`` counts the distinct stored documents of the members (the
    same ``doc_id`` may come from two sources)."""
    _begin(conn)
    try:
        _clear(conn)
        writer = _Writer(conn, WindowOptions().write_chunk)
        for rec, members in groups:
            ids = [event_id for event_id, _ in members]
            marks = ", ".join("?" * len(ids))
            n = conn.execute(f"SELECT COUNT(DISTINCT document_id) FROM events WHERE id IN ({marks})", ids).fetchone()[0]
            writer.add(rec, members, int(n))
        writer.flush()
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
