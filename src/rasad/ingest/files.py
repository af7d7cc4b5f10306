"""Reading documents from a .txt file, a .jsonl file or standard input.

Bad input never raises out of the iterator for a batch: each unreadable
document is yielded as a ``Problem`` so the caller can record it and go on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from rasad.errors import BINARY, DateError, InputError
from rasad.model import Document, Problem
from rasad.pipeline import parse_published
from rasad.text.clean import clean_text

Item = Document | Problem


def _decode(raw: bytes, name: str) -> str:
    if b"\x00" in raw[:4096]:
        raise InputError(f"{name}: {BINARY}")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for enc in ("cp1256", "iso8859_6"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{name}: not valid UTF-8 or a known Arabic encoding")


def read_text_file(path: Path, published: date | None, doc_id: str | None = None) -> Document:
    """One article from a plain-text file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    text = clean_text(_decode(raw, str(path)))
    if not text.strip():
        raise InputError(f"{path}: file is empty")
    return Document(doc_id or path.stem, text, published)


def iter_jsonl(lines: Iterator[str], name: str, default_published: date | None) -> Iterator[Item]:
    """Documents of a JSONL stream; a bad line becomes a Problem."""
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(where, "ingest", "bad_json", f"{where}: invalid JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield Problem(str(obj.get("doc_id", where)) if isinstance(obj, dict) else where, "ingest",
                          "no_text", f"{where}: object has no string field 'text'")
            continue
        doc_id = str(obj.get("doc_id") or where)
        try:
            pub = parse_published(obj.get("published")) or default_published
        except DateError as exc:
            yield Problem(doc_id, "ingest", exc.code, f"{where}: {exc.message}")
            continue
        yield Document(doc_id, clean_text(obj["text"]), pub, obj.get("source"), obj.get("url"))


def iter_path(path: str, published: date | None) -> Iterator[Item]:
    """Documents from ``path`` (``-`` is stdin: JSONL if it looks like it, else one article)."""
    if path == "-":
        data = sys.stdin.buffer.read()
        text = clean_text(_decode(data, "stdin"))
        if text.lstrip().startswith("{"):
            yield from iter_jsonl(iter(text.splitlines()), "stdin", published)
        elif not text.strip():
            raise InputError("stdin: no input")
        else:
            yield Document("stdin", text, published)
        return
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory (use 'rasad run' for corpora)")
    if p.suffix == ".jsonl":
        try:
            raw = p.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from exc
        text = _decode(raw, path)
        if not text.strip():
            raise InputError(f"{path}: file is empty")
        yield from iter_jsonl(iter(text.splitlines()), path, published)
        return
    yield read_text_file(p, published)
