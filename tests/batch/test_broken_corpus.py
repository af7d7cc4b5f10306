"""1,000 documents of which 20 are broken: 980 stored, 20 failures with their reasons, exit code 1."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

from batch_corpora import article, write_html, write_jsonl, write_jsonl_gz

from rasad.store.sqlite import EventStore

BROKEN = {"binary": 4, "empty": 3, "bad_html": 3, "bad_json": 4, "bad_encoding": 3, "truncated": 3}


def broken_corpus(root: Path) -> Path:
    texts, pages = root / "texts", root / "pages"
    texts.mkdir(parents=True)
    pages.mkdir()
    bad_lines = ['{"doc_id": "half", "text": "اشتباكات', "{not json}", "[1, 2", '{"doc_id": "q" "text": ""}']
    write_jsonl(root / "part0.jsonl", range(300), tuple(bad_lines))             # 300 + 4 invalid JSON
    write_jsonl(root / "part1.jsonl", range(300, 600))                              # 300
    write_jsonl(root / "part2.jsonl", range(600, 850))                              # 250
    write_jsonl_gz(root / "more.jsonl.gz", range(850, 900))                          # 50
    for k in range(3):
        write_jsonl_gz(root / f"cut{k}.jsonl.gz", [5000 + k], cut=True)              # 3 truncated gzip
    for i in range(900, 950):
        (texts / f"t{i}.txt").write_text(article(i), "utf-8")                       # 50
    for i in range(950, 980):
        write_html(pages / f"p{i}.html", i)                                          # 30
    for k in range(4):
        (texts / f"bin{k}.txt").write_bytes(bytes([0, 159, 146, 150, k]) * 50)       # 4 binary
    (texts / "empty0.txt").write_bytes(b"")                                          # 3 empty
    (texts / "empty1.txt").write_bytes(b"   \n\n")
    (texts / "empty2.txt").write_bytes(b"\n")
    (pages / "broken0.html").write_text("<html><body><script>var a = 1;</script></body></html>", "utf-8")
    (pages / "broken1.html").write_text("<html><head><title></title></head><body><<<</body", "utf-8")
    (pages / "broken2.html").write_text("<div><p></p><p>   </p></div>", "utf-8")  # 3 malformed HTML
    (texts / "enc0.txt").write_bytes("Это русский текст о событиях в городе.".encode("koi8_r"))
    (texts / "enc1.txt").write_bytes(article(7).encode("utf-8").decode("cp1252", errors="replace").encode("utf-8"))
    (texts / "enc2.txt").write_bytes("Ceci est un texte français, pas arabe.".encode("cp1252"))  # 3 wrong encoding
    return root


def test_broken_corpus_stores_980_and_records_20_failures(tmp_path: Path) -> None:
    corpus = broken_corpus(tmp_path / "corpus")
    db = tmp_path / "events.sqlite"
    p = subprocess.run([sys.executable, "-m", "rasad", "run", str(corpus), "--db", str(db), "--workers", "2"],
                       capture_output=True, text=True, timeout=300, check=False)
    assert p.returncode == 1, p.stderr
    assert "980 stored" in p.stdout and "20 failed" in p.stdout and "Traceback" not in p.stderr
    with EventStore.open(db) as store:
        counts = store.counts()
        rows = store.conn.execute("SELECT source, doc_id, stage, code, message FROM failures").fetchall()
    assert counts["documents"] == 980 and counts["failures"] == 20
    assert Counter(code for _, _, _, code, _ in rows) == Counter(BROKEN)
    assert all(stage == "ingest" and message.startswith(source) for source, _, stage, _, message in rows)
