"""The event store: schema, migrations, inserts, merges, counts and evidence search."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from rasad.model import Document, Problem
from rasad.pipeline import Pipeline
from rasad.store import migrations
from rasad.store.rows import result_rows
from rasad.store.sqlite import EventStore, StoreError, content_hash, data_version, store_document

CORPUS = Path(__file__).with_name("corpus.jsonl")


def corpus() -> list[Document]:
    docs = []
    for line in CORPUS.read_text("utf-8").splitlines():
        d = json.loads(line)
        docs.append(Document(d["doc_id"], d["text"], date.fromisoformat(d["published"]), d["source"], d["url"]))
    return docs


@pytest.fixture()
def filled(tmp_path: Path, pipeline: Pipeline) -> Iterator[EventStore]:
    store = EventStore.open(tmp_path / "events.sqlite")
    for doc in corpus():
        store.add_result(doc, content_hash(doc.text), pipeline.process(doc))
    store.commit()
    yield store
    store.close()


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def test_open_creates_latest_schema_in_wal_mode(tmp_path: Path) -> None:
    with EventStore.open(tmp_path / "new.sqlite") as store:
        assert store.schema_version() == migrations.LATEST
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert {"documents", "events", "mentions", "interactions", "merged_events", "merged_members", "failures",
                "events_fts", "schema_version", "event_evidence"} <= tables(store.conn)
        indexes = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"idx_events_date", "idx_events_type", "idx_events_country", "idx_events_admin1"} <= indexes
        assert store.counts() == {"documents": 0, "events": 0, "interactions": 0, "merged_events": 0, "failures": 0}


def test_open_migrates_an_older_database(tmp_path: Path) -> None:
    """A version-1 store (no FTS, no merged tables) with an event in it gains both, and the old event is searchable."""
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrations.migrate(conn, upto=1) == 1
    conn.execute("INSERT INTO documents (doc_id, content_hash, n_chars, processed_at, data_version) "
                 "VALUES ('old', 'h1', 10, '2024-01-01T00:00:00+00:00', 'v0')")
    conn.execute("INSERT INTO events (doc_id, document_id, event_type, evidence, record) "
                 "VALUES ('old', 1, 'Battles', 'اشتباكات في حلب', '{}')")
    conn.close()
    with EventStore.open(path) as store:
        assert store.schema_version() == migrations.LATEST
        versions = [r[0] for r in store.conn.execute("SELECT version FROM schema_version ORDER BY version")]
        assert versions == list(range(1, migrations.LATEST + 1))
        hits = store.conn.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH 'حلب'").fetchall()
        assert hits == [(1,)]
        assert store.counts()["merged_events"] == 0


def test_open_refuses_a_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    EventStore.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_version VALUES (?, 'later')", (migrations.LATEST + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="schema version"):
        EventStore.open(path)


def test_open_reports_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database, just words " * 100, "utf-8")
    with pytest.raises(StoreError, match="notes.sqlite"):
        EventStore.open(path)


def test_add_result_stores_document_events_mentions_and_interactions(filled: EventStore) -> None:
    docs = corpus()
    assert filled.counts() == {"documents": 6, "events": 5, "interactions": 1, "merged_events": 0, "failures": 0}
    assert all(filled.has_document(content_hash(d.text)) for d in docs)
    assert not filled.has_document(content_hash("نص لم يخزن"))
    # the same doc_id from two sources is two documents
    assert filled.conn.execute("SELECT COUNT(*) FROM documents WHERE doc_id = 't-sy'").fetchone()[0] == 2
    row = filled.conn.execute("SELECT url, published, n_chars, data_version FROM documents WHERE doc_id = 't-iq'").fetchone()
    assert row == ("https://news.example/iq/1", "2024-04-02", len(docs[1].text), data_version())
    mentions = filled.conn.execute("SELECT event_id, doc_id, evidence, spans FROM mentions ORDER BY event_id").fetchall()
    assert [m[0] for m in mentions] == [e[0] for e in filled.events()]
    assert all(json.loads(m[3]) for m in mentions)
    inter = filled.conn.execute("SELECT interaction_type, actor1, actor2, record FROM interactions").fetchone()
    assert inter[:3] == ("CONSULT", "Government of Russia", "Government of Iran")
    assert json.loads(inter[3])["interaction_type"] == "CONSULT"


def test_add_result_returns_new_ids_and_skips_a_known_text(tmp_path: Path, pipeline: Pipeline) -> None:
    doc = corpus()[0]
    result = pipeline.process(doc)
    with EventStore.open(tmp_path / "e.sqlite") as store:
        ids = store.add_result(doc, content_hash(doc.text), result)
        assert ids == [1]
        assert store.add_result(doc, content_hash(doc.text), result) == []
        store.commit()
        assert store.counts()["documents"] == 1


def test_add_rows_writes_a_batch_as_add_result_writes_each(tmp_path: Path, pipeline: Pipeline) -> None:
    """One call for a whole batch gives the rows, ids included, of one call per document; a text that
    comes twice in the batch, or is stored already, is skipped."""
    docs = corpus()
    results = [pipeline.process(d) for d in docs]
    with EventStore.open(tmp_path / "one.sqlite") as one, EventStore.open(tmp_path / "batch.sqlite") as batch:
        one.add_result(docs[0], content_hash(docs[0].text), results[0])
        batch.add_result(docs[0], content_hash(docs[0].text), results[0])
        for doc, result in zip(docs, results):
            one.add_result(doc, content_hash(doc.text), result)
        items = [(d, content_hash(d.text), result_rows(r)) for d, r in zip(docs, results)]
        ids = batch.add_rows(items + items[1:2])
        one.commit()
        batch.commit()
        new = [i for doc_ids in ids for i in doc_ids]
        assert ids[0] == [] and ids[-1] == []
        assert new == list(range(len(results[0].events) + 1, one.counts()["events"] + 1))
        for table in ("documents", "events", "mentions", "interactions"):
            query = f"SELECT * FROM {table} ORDER BY id"
            strip = (lambda r: r[:7] + r[8:]) if table == "documents" else (lambda r: r)  # processed_at
            assert [strip(r) for r in batch.conn.execute(query)] == [strip(r) for r in one.conn.execute(query)]


def test_uncommitted_writes_are_not_kept(tmp_path: Path, pipeline: Pipeline) -> None:
    doc = corpus()[0]
    path = tmp_path / "e.sqlite"
    with EventStore.open(path) as store:
        store.add_result(doc, content_hash(doc.text), pipeline.process(doc))
        store.add_failure("feed", Problem("x", "text", "empty", "document has no text"))
    with EventStore.open(path) as store:
        assert store.counts()["documents"] == 0
        assert store.counts()["failures"] == 0


def test_events_flatten_every_codebook_field(filled: EventStore) -> None:
    stored = filled.events()
    assert [i for i, _, _ in stored] == sorted(i for i, _, _ in stored)
    event_id, doc_id, rec = stored[0]
    assert doc_id == "t-sy" and rec["sub_event_type"] == "Air/drone strike"
    cols = filled.conn.execute("SELECT * FROM events WHERE id = ?", (event_id,))
    row = dict(zip([d[0] for d in cols.description], cols.fetchone()))
    loc = rec["location"]
    assert row["event_date"] == rec["date"] and row["date_precision"] == rec["date_precision"]
    assert (row["event_type"], row["sub_event_type"], row["disorder_type"]) == (
        "Explosions/Remote violence", "Air/drone strike", "Political violence")
    assert (row["actor1"], row["actor1_type"], row["actor1_country"]) == (
        rec["actor1"]["name"], rec["actor1"]["type"], rec["actor1"]["country"])
    assert (row["actor2"], row["actor2_type"]) == (rec["actor2"]["name"], "Civilians")
    assert (row["location_name"], row["location_name_en"], row["country"], row["admin1"]) == (
        loc["name"], loc["name_en"], "SY", "Idlib")
    assert (row["lat"], row["lon"], row["geo_precision"]) == (loc["lat"], loc["lon"], loc["geo_precision"])
    assert row["fatalities"] == 4 and row["sources"] == "; ".join(rec["sources"])
    assert row["evidence"] == rec["evidence"] and row["confidence"] == rec["confidence"]
    assert json.loads(row["record"]) == rec


def test_add_failure_records_the_problem(tmp_path: Path) -> None:
    with EventStore.open(tmp_path / "e.sqlite") as store:
        store.add_failure("feeds/a.jsonl", Problem("d9", "ingest", "bad_input", "line 3: not JSON"))
        store.commit()
        row = store.conn.execute("SELECT source, doc_id, stage, code, message, recorded_at FROM failures").fetchone()
    assert row[:5] == ("feeds/a.jsonl", "d9", "ingest", "bad_input", "line 3: not JSON")
    assert row[5].startswith("20")


def test_store_document_records_problems_and_skips_known_texts(tmp_path: Path, pipeline: Pipeline) -> None:
    empty = Document("blank", "   ", date(2024, 1, 1))
    with EventStore.open(tmp_path / "e.sqlite") as store:
        assert store_document(store, "in.jsonl", empty, pipeline.process(empty)) == 0
        assert store_document(store, "in.jsonl", empty, pipeline.process(empty)) is None
        store.commit()
        assert store.counts()["failures"] == 1
        assert store.counts()["documents"] == 1


def test_replace_merged_rewrites_groups(filled: EventStore) -> None:
    (e1, d1, r1), (e2, d2, _), *_ , (e5, d5, r5) = filled.events()
    filled.replace_merged([(r1, [(e1, d1), (e5, d5)]), (r5, [(e5, d5)])])
    assert filled.counts()["merged_events"] == 2
    rows = filled.conn.execute("SELECT id, n_documents, sub_event_type, record FROM merged_events ORDER BY id").fetchall()
    # two documents share the doc_id t-sy: n_documents counts documents
    assert [(r[1], r[2]) for r in rows] == [(2, "Air/drone strike"), (1, "Air/drone strike")]
    assert json.loads(rows[0][3]) == r1
    filled.replace_merged([(r1, [(e1, d1), (e2, d2)])])
    assert filled.counts()["merged_events"] == 1
    members = filled.conn.execute("SELECT merged_id, event_id, doc_id FROM merged_members ORDER BY event_id").fetchall()
    merged_id = filled.conn.execute("SELECT id FROM merged_events").fetchone()[0]
    assert members == [(merged_id, e1, d1), (merged_id, e2, d2)]
    assert filled.conn.execute("SELECT n_documents FROM merged_events").fetchone()[0] == 2


def test_replace_merged_commits(tmp_path: Path, pipeline: Pipeline) -> None:
    path = tmp_path / "e.sqlite"
    doc = corpus()[0]
    with EventStore.open(path) as store:
        store.add_result(doc, content_hash(doc.text), pipeline.process(doc))
        store.commit()
        ((eid, did, rec),) = store.events()
        store.replace_merged([(rec, [(eid, did)])])
    with EventStore.open(path) as store:
        assert store.counts()["merged_events"] == 1


@pytest.mark.parametrize(("word", "doc_ids"), [
    ("الفاشر", {"t-sd"}),
    ("النعمان", {"t-sy"}),
    ("مأرب", {"t-ye"}),
    ("طوكيو", set()),
])
def test_fts_finds_evidence_words(filled: EventStore, word: str, doc_ids: set[str]) -> None:
    rows = filled.conn.execute(
        "SELECT e.doc_id FROM events_fts JOIN events e ON e.id = events_fts.rowid WHERE events_fts MATCH ?", (word,))
    assert {r[0] for r in rows} == doc_ids


def test_fts_follows_deletes(filled: EventStore) -> None:
    filled.conn.execute("DELETE FROM mentions WHERE doc_id = 't-sd'")
    filled.conn.execute("DELETE FROM events WHERE doc_id = 't-sd'")
    assert filled.conn.execute("SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH 'الفاشر'").fetchone()[0] == 0
    filled.conn.execute("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')")


def test_content_hash_is_sha256_of_utf8() -> None:
    assert content_hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert content_hash("خبر") != content_hash("خبر ")


def _search(store: EventStore, word: str) -> int:
    return int(store.conn.execute("SELECT COUNT(*) FROM events_fts WHERE events_fts MATCH ?", (word,)).fetchone()[0])


def test_bulk_load_defers_the_search_index_and_rebuilds_it(tmp_path: Path, pipeline: Pipeline) -> None:
    docs = corpus()
    with EventStore.open(tmp_path / "e.sqlite") as store:
        with store.deferred_search_index():
            for doc in docs:
                store.add_result(doc, content_hash(doc.text), pipeline.process(doc))
                store.commit()
            assert _search(store, "الفاشر") == 0  # not indexed while loading
        assert _search(store, "الفاشر") >= 1


def test_a_killed_bulk_load_is_repaired_on_open(tmp_path: Path, pipeline: Pipeline) -> None:
    path = tmp_path / "e.sqlite"
    with EventStore.open(path) as store:
        store.conn.execute("DROP TRIGGER events_fts_insert")  # as a killed bulk load leaves it
        for doc in corpus():
            store.add_result(doc, content_hash(doc.text), pipeline.process(doc))
        store.commit()
    with EventStore.open(path) as store:
        assert _search(store, "الفاشر") >= 1
        assert store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'events_fts_insert'").fetchone()
