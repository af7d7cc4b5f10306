"""The event store's schema, as an ordered list of migrations.

Each migration is a function of a connection that moves the schema one
version forward; ``schema_version`` records which have run. Opening a database
at an older version applies the missing ones in order, inside one transaction
each. Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

# Flattened codebook event fields shared by ``events`` and ``merged_events``
# (column, SQL type). ``record`` keeps the full JSON next to them.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_date", "TEXT"),
    ("date_precision", "TEXT"),
    ("event_type", "TEXT"),
    ("sub_event_type", "TEXT"),
    ("disorder_type", "TEXT"),
    ("actor1", "TEXT"),
    ("actor1_type", "TEXT"),
    ("actor1_country", "TEXT"),
    ("assoc_actor1", "TEXT"),
    ("actor2", "TEXT"),
    ("actor2_type", "TEXT"),
    ("actor2_country", "TEXT"),
    ("assoc_actor2", "TEXT"),
    ("location_name", "TEXT"),
    ("location_name_en", "TEXT"),
    ("country", "TEXT"),
    ("admin1", "TEXT"),
    ("lat", "REAL"),
    ("lon", "REAL"),
    ("geo_precision", "INTEGER"),
    ("fatalities", "INTEGER"),
    ("sources", "TEXT"),
    ("evidence", "TEXT"),
    ("confidence", "REAL"),
    ("record", "TEXT NOT NULL"),
)

INTERACTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("interaction_type", "TEXT"),
    ("event_date", "TEXT"),
    ("date_precision", "TEXT"),
    ("actor1", "TEXT"),
    ("actor1_type", "TEXT"),
    ("actor1_country", "TEXT"),
    ("actor2", "TEXT"),
    ("actor2_type", "TEXT"),
    ("actor2_country", "TEXT"),
    ("sources", "TEXT"),
    ("evidence", "TEXT"),
    ("confidence", "REAL"),
    ("record", "TEXT NOT NULL"),
)


def _columns_sql(columns: tuple[tuple[str, str], ...]) -> str:
    return ",\n  ".join(f"{name} {kind}" for name, kind in columns)


def _index_events(conn: sqlite3.Connection, table: str) -> None:
    for name, cols in (("date", "event_date"), ("type", "event_type, sub_event_type"),
                       ("country", "country"), ("admin1", "admin1")):
        conn.execute(f"CREATE INDEX idx_{table}_{name} ON {table} ({cols})")


def m001_core(conn: sqlite3.Connection) -> None:
    """Documents, per-document events with their mentions, interactions, failures."""
    conn.execute("""CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL,
  content_hash TEXT NOT NULL UNIQUE,
  published TEXT,
  url TEXT,
  source TEXT,
  n_chars INTEGER NOT NULL,
  processed_at TEXT NOT NULL,
  data_version TEXT NOT NULL
)""")
    conn.execute("CREATE INDEX idx_documents_doc_id ON documents (doc_id)")
    conn.execute(f"""CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  {_columns_sql(EVENT_COLUMNS)}
)""")
    _index_events(conn, "events")
    conn.execute("CREATE INDEX idx_events_document ON events (document_id)")
    conn.execute("""CREATE TABLE mentions (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES events(id),
  doc_id TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  evidence TEXT,
  spans TEXT NOT NULL
)""")
    conn.execute("CREATE INDEX idx_mentions_event ON mentions (event_id)")
    conn.execute(f"""CREATE TABLE interactions (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  {_columns_sql(INTERACTION_COLUMNS)}
)""")
    conn.execute("CREATE INDEX idx_interactions_date ON interactions (event_date)")
    conn.execute("CREATE INDEX idx_interactions_type ON interactions (interaction_type)")
    conn.execute("""CREATE TABLE failures (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  doc_id TEXT,
  stage TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  recorded_at TEXT NOT NULL
)""")


FTS_INSERT_TRIGGER = """CREATE TRIGGER IF NOT EXISTS events_fts_insert AFTER INSERT ON events BEGIN
  INSERT INTO events_fts (rowid, evidence) VALUES (new.id, new.evidence);
END"""


def repair_search_index(conn: sqlite3.Connection) -> None:
    """A bulk load that was killed left the insert trigger dropped: put it back and rebuild."""
    has_fts = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'events_fts'").fetchone()
    has_trigger = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'events_fts_insert'"
                               ).fetchone()
    if has_fts and not has_trigger:
        conn.execute(FTS_INSERT_TRIGGER)
        conn.execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")


def m002_evidence_search(conn: sqlite3.Connection) -> None:
    """FTS5 over event evidence, kept in sync by triggers and filled from existing rows."""
    conn.execute('CREATE VIRTUAL TABLE events_fts USING fts5(evidence, content="events", content_rowid="id")')
    conn.execute(FTS_INSERT_TRIGGER)
    conn.execute("""CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
  INSERT INTO events_fts (events_fts, rowid, evidence) VALUES ('delete', old.id, old.evidence);
END""")
    conn.execute("""CREATE TRIGGER events_fts_update AFTER UPDATE OF evidence ON events BEGIN
  INSERT INTO events_fts (events_fts, rowid, evidence) VALUES ('delete', old.id, old.evidence);
  INSERT INTO events_fts (rowid, evidence) VALUES (new.id, new.evidence);
END""")
    conn.execute("INSERT INTO events_fts (events_fts) VALUES ('rebuild')")


def m003_merged_events(conn: sqlite3.Connection) -> None:
    """Events merged across documents, their members, and the evidence-with-link view."""
    conn.execute(f"""CREATE TABLE merged_events (
  id INTEGER PRIMARY KEY,
  {_columns_sql(EVENT_COLUMNS)},
  n_documents INTEGER NOT NULL
)""")
    _index_events(conn, "merged_events")
    conn.execute("""CREATE TABLE merged_members (
  merged_id INTEGER NOT NULL REFERENCES merged_events(id),
  event_id INTEGER NOT NULL REFERENCES events(id),
  doc_id TEXT NOT NULL,
  PRIMARY KEY (merged_id, event_id)
)""")
    conn.execute("CREATE INDEX idx_merged_members_event ON merged_members (event_id)")
    conn.execute("""CREATE VIEW event_evidence AS
SELECT e.id AS event_id, e.event_date, e.event_type, e.sub_event_type, e.location_name_en,
       e.evidence, d.url, d.doc_id, d.source, d.published
FROM events e JOIN documents d ON d.id = e.document_id""")


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    m001_core,
    m002_evidence_search,
    m003_merged_events,
)
LATEST = len(MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    """Schema version of an open database (0 for an empty one)."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, upto: int = LATEST) -> int:
    """Apply every migration after the current version up to ``upto``; returns the new version.

    ``conn`` must be in autocommit mode (``isolation_level=None``): each
    migration runs in its own explicit transaction with its version row.
    """
    version = current_version(conn)
    for number in range(version + 1, upto + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number - 1](conn)
            conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                         (number, datetime.now(UTC).isoformat(timespec="seconds")))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        version = number
    return version
