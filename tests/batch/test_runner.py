"""The batch runner in-process and with a pool: what is stored, skipped, recorded as failed."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from batch_corpora import article, count, dump, good_corpus, write_jsonl

from rasad.batch.pool import process_with
from rasad.batch.runner import RunOptions, run
from rasad.model import Document
from rasad.pipeline import Pipeline
from rasad.store.rows import result_rows
from rasad.store.sqlite import EventStore


def test_pipeline_pickles_and_gives_the_same_results(pipeline: Pipeline) -> None:
    copy = pickle.loads(pickle.dumps(pipeline))
    doc = Document("p", article(0), date(2024, 5, 12))
    assert copy.process(doc) == pipeline.process(doc)
    assert copy.process(doc).events


def test_run_in_process_stores_everything_and_a_rerun_skips_it(tmp_path: Path) -> None:
    corpus = good_corpus(tmp_path / "c", 60)
    db = tmp_path / "e.sqlite"
    first = run([str(corpus)], RunOptions(db, workers=1, batch_size=7))
    assert (first.stored, first.skipped, first.failed) == (60, 0, 0)
    assert first.total("documents") == 60 and first.total("events") == first.events > 0
    assert 0 < first.total("merged_events") <= first.total("events")
    before = dump(db)
    again = run([str(corpus)], RunOptions(db, workers=1))
    assert (again.stored, again.skipped, again.events, again.failed) == (0, 60, 0, 0)
    assert dump(db) == before


def test_pool_stores_the_same_rows_as_in_process(tmp_path: Path) -> None:
    corpus = good_corpus(tmp_path / "c", 80)
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    run([str(corpus)], RunOptions(one, workers=1, batch_size=64))
    summary = run([str(corpus)], RunOptions(two, workers=2, batch_size=5))
    assert summary.stored == 80
    assert dump(one) == dump(two)


def test_repeated_text_is_stored_once_and_failures_once(tmp_path: Path) -> None:
    a = tmp_path / "a.jsonl"
    write_jsonl(a, [1, 2, 1], ('{"doc_id": "x"', json.dumps({"doc_id": "en", "text": "no Arabic here at all"})))
    db = tmp_path / "e.sqlite"
    s = run([str(a), str(a)], RunOptions(db, workers=1))
    assert (s.stored, s.skipped, s.failed) == (2, 5, 3)  # a text seen again in one run is skipped too
    assert s.total("failures") == 2  # the same two failures, seen twice, recorded once
    with EventStore.open(db) as store:
        reasons = sorted(store.conn.execute("SELECT doc_id, stage, code FROM failures").fetchall())
    assert reasons == sorted([("en", "text", "no_arabic"), (f"{a}:4", "ingest", "bad_json")])
    s = run([str(a)], RunOptions(db, workers=1))
    assert (s.stored, s.failed, s.problems_recorded, s.total("failures")) == (0, 2, 0, 2)


def test_process_with_turns_a_crash_into_a_problem(pipeline: Pipeline) -> None:
    class Flaky:
        def process(self, doc: Document) -> object:
            if doc.doc_id == "bad":
                raise RuntimeError("boom")
            return pipeline.process(doc)

    docs = [Document("ok", article(0), date(2024, 5, 12)), Document("bad", article(1))]
    good, bad = process_with(Flaky(), docs)  # type: ignore[arg-type]
    assert good.events and not good.problems
    assert [(p.stage, p.code) for p in bad.problems] == [("pipeline", "crash")] and "boom" in bad.problems[0].message


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rasad", *args], capture_output=True, text=True, timeout=300,
                          check=False)


def test_cli_run_summary_and_exit_codes(tmp_path: Path) -> None:
    corpus = good_corpus(tmp_path / "c", 30)
    db = tmp_path / "e.sqlite"
    p = cli("run", str(corpus), "--db", str(db), "--workers", "2")
    assert p.returncode == 0, p.stderr
    assert "30 stored" in p.stdout and "0 failed" in p.stdout and "events" in p.stdout and "time" in p.stdout
    (corpus / "texts" / "broken.txt").write_bytes(b"\x00\x01binary")
    p = cli("run", str(corpus), "--db", str(db), "--workers", "1")
    assert p.returncode == 1 and "30 already stored" in p.stdout and "1 failed" in p.stdout
    assert count(db, "failures") == 1 and "Traceback" not in p.stderr


def test_cli_run_missing_input_is_one_line(tmp_path: Path) -> None:
    p = cli("run", str(tmp_path / "nope"), "--db", str(tmp_path / "e.sqlite"))
    assert p.returncode == 1 and p.stderr.strip().splitlines() == [f"rasad: {tmp_path / 'nope'}: no such file or directory"]


@pytest.mark.parametrize("bad", ["0", "x"])
def test_cli_run_bad_workers_is_a_usage_error(tmp_path: Path, bad: str) -> None:
    assert cli("run", str(tmp_path), "--db", str(tmp_path / "e.sqlite"), "--workers", bad).returncode == 2


def test_pool_recovers_when_a_worker_dies(pipeline: Pipeline) -> None:
    import os
    import signal

    from rasad.batch.pool import LocalPool
    from rasad.settings import Settings

    docs = [Document(f"d{i}", article(i), date(2024, 5, 12)) for i in range(40)]
    pool = LocalPool(Settings(), 2)
    try:
        pool.results(pool.submit(docs[:1]), docs[:1])  # workers up
        future = pool.submit(docs)
        os.kill(next(iter(pool.pool._processes)), signal.SIGKILL)  # type: ignore[attr-defined]
        results = pool.results(future, docs)
        assert [r.doc_id for r in results] == [d.doc_id for d in docs]
        assert all(r == result_rows(pipeline.process(d)) for r, d in zip(results, docs))  # each redone in a fresh pool
        assert pool.results(pool.submit(docs[:2]), docs[:2])[0].events
    finally:
        pool.close()
