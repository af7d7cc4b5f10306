"""A run killed with SIGKILL, then rerun, leaves the same database as one uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from batch_corpora import count, dump, good_corpus

N_DOCS = 2000


def start(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "rasad", "run", str(corpus), "--db", str(db), "--workers", "2",
                             "--batch-size", "16"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def test_kill_and_resume_gives_the_same_database(tmp_path: Path) -> None:
    corpus = good_corpus(tmp_path / "corpus", N_DOCS)
    # one failure early (committed before the kill, so the rerun must not record it again), one late
    part0 = corpus / "part0.jsonl"
    part0.write_text('{"doc_id": "cut-off", "text": \n' + part0.read_text("utf-8"), "utf-8")
    (corpus / "texts" / "t99999-binary.txt").write_bytes(b"\x00\x01\x02binary")
    killed, whole = tmp_path / "killed.sqlite", tmp_path / "whole.sqlite"

    proc = start(corpus, killed)
    deadline = time.monotonic() + 120
    while count(killed, "documents") < 300 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)  # the runner and its workers, mid-run
    proc.wait(timeout=30)
    stored_when_killed = count(killed, "documents")
    assert proc.returncode == -signal.SIGKILL
    assert 300 <= stored_when_killed < N_DOCS, stored_when_killed
    assert count(killed, "failures") == 1  # the bad line near the start of part0.jsonl (after more.jsonl.gz)

    resumed = start(corpus, killed)
    out, err = resumed.communicate(timeout=300)
    assert resumed.returncode == 1, err  # two documents of the corpus are broken
    assert f"{N_DOCS - stored_when_killed:,} stored, {stored_when_killed:,} already stored" in out.decode()

    uninterrupted = start(corpus, whole)
    uninterrupted.communicate(timeout=300)
    assert uninterrupted.returncode == 1

    expected = dump(whole)
    assert len(expected["documents"]) == N_DOCS and len(expected["failures"]) == 2
    assert expected["events"] and expected["merged_events"] and expected["merged_members"]
    assert dump(killed) == expected
    assert [(src, code) for _, src, _, _, code, _ in expected["failures"]] == [
        (str(part0), "bad_json"), (str(corpus / "texts" / "t99999-binary.txt"), "binary")]
