"""How the final cross-document dedup grows with the store: time and peak RSS at several event counts.

A store of N events is made from the one the throughput run filled: its
first ``block`` events (the smallest size asked for), then copies of them as
further archives, each shifted in time past the one before, until N events:
what a longer period of the same news looks like. Every store has the same
events per day, so the figures show what depends on the size of the store
and not on how busy a day is. Each dedup runs in its own child process (peak RSS is per
process), once streaming (``EventStore.rebuild_merged``, what ``rasad run``
does) and, optionally, once all in memory as before
(``replace_merged(merge_events(events()))``); both must write the same
merged tables.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from measure import child

# Peak RSS from VmHWM, the high-water mark of this process's own memory: ru_maxrss would carry the parent's
# over the fork and exec that started the child.
_HWM = """
def hwm():
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024
"""

STREAMING = _HWM + """
import json, time
from rasad.store.sqlite import EventStore
with EventStore.open({db!r}) as store:
    base = hwm()
    t = time.perf_counter()
    stats = store.rebuild_merged()
    seconds = time.perf_counter() - t
print(json.dumps({{"seconds": seconds, "events": stats.events, "groups": stats.groups, "reloads": stats.reloads,
                  "base_mb": base, "peak_mb": hwm()}}))
"""

IN_MEMORY = _HWM + """
import json, time
from rasad.dedup.merge import merge_events
from rasad.store.sqlite import EventStore
with EventStore.open({db!r}) as store:
    base = hwm()
    t = time.perf_counter()
    groups = merge_events(store.events())
    store.replace_merged(groups)
    seconds = time.perf_counter() - t
print(json.dumps({{"seconds": seconds, "groups": len(groups), "base_mb": base,
                  "peak_mb": hwm()}}))
"""

_DOC_COLS = "doc_id, content_hash, published, url, source, n_chars, processed_at, data_version"


def scaled_store(base: Path, out: Path, n_events: int, block: int) -> int:
    """Fill the (new) store ``out`` with ``n_events`` events: copies of the first ``block`` events of ``base``.
    Returns the events written."""
    from rasad.store.migrations import EVENT_COLUMNS
    from rasad.store.sqlite import EventStore

    EventStore.open(out).close()  # the schema
    cols = [c for c, _ in EVENT_COLUMNS if c not in ("event_date", "record")]
    conn = sqlite3.connect(out, isolation_level=None)
    try:
        conn.execute("ATTACH DATABASE ? AS base", (str(base),))
        n_docs, n_base, first, last = conn.execute(
            "SELECT (SELECT MAX(id) FROM base.documents), MIN(MAX(id), ?), julianday(MIN(event_date)), "
            "julianday(MAX(event_date)) FROM base.events WHERE id <= ?", (block, block)).fetchone()
        shift = int(last - first) + 3
        conn.execute("BEGIN")
        for k in range((n_events + n_base - 1) // n_base):
            conn.execute(f"INSERT INTO documents (id, {_DOC_COLS}) SELECT id + {k * n_docs}, doc_id || '#{k}', "
                         f"content_hash || '#{k}', published, url, source, n_chars, processed_at, data_version "
                         "FROM base.documents")
            moved = f"date(event_date, '+{k * shift} days')"
            conn.execute(f"INSERT INTO events (id, doc_id, document_id, {', '.join(cols)}, event_date, record) "
                         f"SELECT id + {k * n_base}, doc_id || '#{k}', document_id + {k * n_docs}, {', '.join(cols)}, "
                         f"{moved}, json_set(record, '$.date', {moved}) FROM base.events "
                         f"WHERE id <= {n_base} AND id + {k * n_base} <= {n_events} ORDER BY id")
        conn.execute("COMMIT")
        return int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    finally:
        conn.close()


def merged_digest(db: Path) -> str:
    """A digest of both merged tables, row by row, to tell two dedups apart."""
    h = hashlib.sha256()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for table in ("merged_events", "merged_members"):
            for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid"):
                h.update(repr(row).encode())
    finally:
        conn.close()
    return h.hexdigest()


def figures(base: Path, tmp: Path, sizes: list[int], in_memory: bool) -> list[str]:
    """The report lines of the dedup-scaling section."""
    lines = []
    for n in sizes:
        db = tmp / f"dedup-{n}.sqlite"
        events = scaled_store(base, db, n, min(sizes))
        got, _ = child(STREAMING.format(db=str(db)))
        line = f"dedup at {events:>9,} events  streaming: {_figure(got)}"
        if in_memory:
            digest = merged_digest(db)
            old, _ = child(IN_MEMORY.format(db=str(db)))
            same = "same rows" if merged_digest(db) == digest else "ROWS DIFFER"
            line += f"; all in memory: {_figure(old)} ({same})"
        lines.append(line + f" -> {got['groups']:,} merged")
        for f in tmp.glob(f"{db.name}*"):
            f.unlink()
    return lines


def _figure(r: dict[str, Any]) -> str:
    return f"{r['seconds']:.1f} s, peak RSS {r['peak_mb']:.0f} MB ({r['base_mb']:.0f} MB before)"
