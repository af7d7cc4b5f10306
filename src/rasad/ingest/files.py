"""Reading documents from a .txt file, JSON/JSONL documents or standard input.

Bad input never raises out of an iterator for a batch: each unreadable
document is yielded as a ``Problem`` so the caller can record it and go on.
``iter_path`` (for ``rasad extract``) still raises ``InputError`` when a whole
file given on the command line cannot be used, so that command fails with one
line; ``rasad run`` walks corpora with ``ingest/corpus.py`` instead.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from rasad.errors import DateError, InputError
from rasad.ingest.encoding import check_text, decode_bytes
from rasad.ingest.problems import UnreadableInput
from rasad.model import Document, Problem
from rasad.pipeline import parse_published
from rasad.text.clean import clean_text

Item = Document | Problem


def read_bytes(path: Path) -> bytes:
    """The bytes of ``path``; ``unreadable`` when the file system says no."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableInput("unreadable", str(path), exc.strerror or type(exc).__name__) from exc


def text_document(raw: bytes, where: str, doc_id: str, published: date | None) -> Document:
    """One article from the bytes of a plain-text file."""
    text = clean_text(decode_bytes(raw, where))
    if not text.strip():
        raise UnreadableInput("empty", where)
    return Document(doc_id, text, published, meta=(("path", where),))


def read_text_file(path: Path, published: date | None, doc_id: str | None = None) -> Document:
    """One article from a plain-text file."""
    return text_document(read_bytes(path), str(path), doc_id or path.stem, published)


def json_document(obj: object, where: str, default_published: date | None) -> Document:
    """A document from a decoded JSON object with ``text`` (and optional ``doc_id``, ``published``, ``url``, ``source``)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise UnreadableInput("no_text", where, "object has no string field 'text'")
    doc_id = str(obj.get("doc_id") or where)
    try:
        pub = parse_published(obj.get("published")) or default_published
    except DateError as exc:
        raise UnreadableInput("bad_date", where, exc.message) from exc
    text = clean_text(check_text(obj["text"], where))
    source, url = obj.get("source"), obj.get("url")
    return Document(doc_id, text, pub, source if isinstance(source, str) else None,
                    url if isinstance(url, str) else None, (("path", where),))


def _doc_id_of(obj: object, where: str) -> str:
    return str(obj.get("doc_id") or where) if isinstance(obj, dict) else where


def json_item(line: str | bytes, where: str, default_published: date | None) -> Item:
    """The document of one JSON text (a JSONL line or a .json file), or why there is none."""
    try:
        text = decode_bytes(line, where) if isinstance(line, bytes) else line
        obj = json.loads(text)
    except UnreadableInput as exc:
        return exc.problem()
    except json.JSONDecodeError as exc:
        return UnreadableInput("bad_json", where, exc.msg).problem()
    return object_item(obj, where, default_published)


def object_item(obj: object, where: str, default_published: date | None) -> Item:
    """The document of a decoded JSON value, or a Problem named after its ``doc_id``."""
    try:
        return json_document(obj, where, default_published)
    except UnreadableInput as exc:
        return exc.problem(_doc_id_of(obj, where))


def iter_jsonl(lines: Iterable[str | bytes], name: str, default_published: date | None) -> Iterator[Item]:
    """Documents of a JSONL stream; a bad line becomes a Problem, a blank one is skipped."""
    for n, line in enumerate(lines, start=1):
        if line.strip():
            yield json_item(line, f"{name}:{n}", default_published)


def iter_json_file(raw: bytes, where: str, default_published: date | None) -> Iterator[Item]:
    """A .json file: one document object, or a list of them."""
    try:
        obj = json.loads(decode_bytes(raw, where))
    except UnreadableInput as exc:
        yield exc.problem()
        return
    except json.JSONDecodeError as exc:
        yield UnreadableInput("bad_json", where, exc.msg).problem()
        return
    if not isinstance(obj, list):
        yield object_item(obj, where, default_published)
        return
    for n, item in enumerate(obj, start=1):
        yield object_item(item, f"{where}#{n}", default_published)


def iter_path(path: str, published: date | None) -> Iterator[Item]:
    """Documents from ``path`` (``-`` is stdin: JSONL if it looks like it, else one article)."""
    if path == "-":
        data = sys.stdin.buffer.read()
        if not data.strip():
            raise InputError("stdin: no input")
        text = clean_text(_whole(data, "stdin"))
        if text.lstrip().startswith("{"):
            yield from iter_jsonl(iter(text.splitlines()), "stdin", published)
        else:
            yield Document("stdin", text, published)
        return
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such file")
    if p.is_dir():
        raise InputError(f"{path}: is a directory (use 'rasad run' for corpora)")
    text = _whole(read_bytes(p), path)
    if p.suffix == ".jsonl":
        yield from iter_jsonl(iter(text.splitlines()), path, published)
        return
    yield Document(p.stem, clean_text(text), published)


def _whole(raw: bytes, where: str) -> str:
    """A whole file given on the command line: any reason it cannot be read is an ``InputError``."""
    try:
        return decode_bytes(raw, where)
    except UnreadableInput as exc:
        raise InputError(exc.message) from exc
