"""Corpora the batch tests write for themselves, and a way to compare two event stores row by row."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

TOWNS = ["حلب", "إدلب", "الموصل", "كركوك", "مأرب", "تعز", "درنة", "سرت", "الفاشر", "جنين", "الرقة", "البصرة"]
ACTORS = ["قوات النظام", "هيئة تحرير الشام", "الحوثيون", "قوات الدعم السريع", "الجيش العراقي"]
TEMPLATES = [
    "اندلعت اشتباكات عنيفة {when} بين {a} و{b} في مدينة {p}، ما أسفر عن مقتل {n} عناصر.",
    "خرج مئات المتظاهرين في {p} {when} للمطالبة بتحسين الخدمات، في الاحتجاج رقم {n}.",
    "اعتقلت {a} {n} أشخاص خلال حملة دهم في {p} {when}.",
    "قال مسؤول محلي إن الأوضاع في {p} تزداد سوءاً مع انقطاع الكهرباء لليوم {n}.",
]
WHEN = ["أمس", "اليوم", "مساء أمس"]

# Timestamps differ between any two runs; FTS5 shadow tables keep segments per commit.
VOLATILE_COLUMNS = {"processed_at", "recorded_at", "applied_at"}


def article(i: int) -> str:
    """A short, unique, news-style text (about 150 characters)."""
    t = TEMPLATES[i % len(TEMPLATES)]
    a, b = ACTORS[i % len(ACTORS)], ACTORS[(i + 2) % len(ACTORS)]
    return t.format(a=a, b=b, p=TOWNS[(i // 3) % len(TOWNS)], n=2 + i % 7, when=WHEN[i % 3]) + f" (تقرير {i})"


def record(i: int) -> dict[str, str]:
    return {"doc_id": f"doc-{i}", "published": f"2024-{1 + i % 12:02d}-{1 + i % 27:02d}", "text": article(i)}


def write_jsonl(path: Path, ids: range | list[int], extra_lines: tuple[str, ...] = ()) -> None:
    lines = [json.dumps(record(i), ensure_ascii=False) for i in ids] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", "utf-8")


def write_jsonl_gz(path: Path, ids: range | list[int], cut: bool = False) -> None:
    data = gzip.compress("".join(json.dumps(record(i), ensure_ascii=False) + "\n" for i in ids).encode(), mtime=0)
    path.write_bytes(data[: len(data) // 2] if cut else data)


def write_html(path: Path, i: int) -> None:
    path.write_text(f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>خبر {i}</title></head><body>"
                    "<nav><a href='/'>الرئيسية</a></nav><article><h1>تقرير</h1>"
                    f"<p>{article(i)}</p></article></body></html>", "utf-8")


def good_corpus(root: Path, n: int) -> Path:
    """``n`` documents over three JSONL files, a JSONL.gz and a folder of text files."""
    (root / "texts").mkdir(parents=True)
    k = n // 10
    for part, ids in enumerate([range(3 * k), range(3 * k, 6 * k), range(6 * k, 8 * k)]):
        write_jsonl(root / f"part{part}.jsonl", ids)
    write_jsonl_gz(root / "more.jsonl.gz", range(8 * k, 9 * k))
    for i in range(9 * k, n):
        (root / "texts" / f"t{i:05d}.txt").write_text(article(i), "utf-8")
    return root


def dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (ids included), without timestamps and FTS internals."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name")]
        out = {}
        for t in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})") if r[1] not in VOLATILE_COLUMNS]
            out[t] = conn.execute(f"SELECT {', '.join(cols)} FROM {t} ORDER BY rowid").fetchall()
        out["events_fts (search)"] = conn.execute(
            "SELECT rowid FROM events_fts WHERE events_fts MATCH 'اشتباكات' ORDER BY rowid").fetchall()
        return out
    finally:
        conn.close()


def count(db: Path, table: str) -> int:
    """Rows of ``table`` in a store another process may be writing (0 while it cannot be read)."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
