"""Corpora into documents: files and folders walked in a fixed order, each file read by its format.

Folders are walked recursively in sorted order (hidden entries and files of
other types are passed over), so the same corpus always yields the same
sequence: the batch runner relies on that to resume. A file named on the
command line is read even without a known suffix (its first bytes tell the
format). Every item that cannot be read comes out as a ``Problem``; only a
path that does not exist at all is an ``InputError``, before anything runs.

A single-document file (.txt, .html, .json object) is named by its path
relative to the folder given, without the suffix; a JSONL line by its
``doc_id`` field, else ``path:line``; a feed entry by its id or link; a WARC
record by its URI.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from rasad.errors import InputError
from rasad.ingest.feeds import iter_feed
from rasad.ingest.files import (
    Item,
    iter_json_file,
    iter_jsonl,
    read_bytes,
    text_document,
)
from rasad.ingest.html import html_document
from rasad.ingest.problems import UnreadableInput, problem
from rasad.ingest.warc import iter_warc
from rasad.model import Problem


@dataclass(frozen=True, slots=True)
class Source:
    """One file of a corpus: where it is and the name its single document gets."""

    path: Path
    doc_id: str

    @property
    def where(self) -> str:
        return str(self.path)


Reader = Callable[[Source, "date | None"], Iterator[Item]]


def _read_text(src: Source, fallback: date | None) -> Iterator[Item]:
    yield text_document(read_bytes(src.path), src.where, src.doc_id, fallback)


def _read_html(src: Source, fallback: date | None) -> Iterator[Item]:
    yield html_document(read_bytes(src.path), src.where, src.doc_id, fallback=fallback)


def _read_json(src: Source, fallback: date | None) -> Iterator[Item]:
    for item in iter_json_file(read_bytes(src.path), src.where, fallback):
        if src.where == item.doc_id:  # a single object without doc_id is named like a text file
            item = _renamed(item, src.doc_id)
        yield item


def _renamed(item: Item, doc_id: str) -> Item:
    return replace(item, doc_id=doc_id)


def complete_lines(stream: Iterable[bytes]) -> Iterator[bytes]:
    """Lines of a stream, holding each back until the next read succeeds: a line cut by a
    truncated file is never yielded as if it were whole."""
    pending: bytes | None = None
    for line in stream:
        if pending is not None:
            yield pending
        pending = line
    if pending is not None:
        yield pending


def _read_jsonl(src: Source, fallback: date | None) -> Iterator[Item]:
    try:
        with open(src.path, "rb") as f:
            yield from iter_jsonl(f, src.where, fallback)
    except OSError as exc:
        raise UnreadableInput("unreadable", src.where, exc.strerror or type(exc).__name__) from exc


def _read_jsonl_gz(src: Source, fallback: date | None) -> Iterator[Item]:
    n = 0
    try:
        with gzip.open(src.path, "rb") as f:
            for item in iter_jsonl(complete_lines(f), src.where, fallback):
                n += 1
                yield item
    except EOFError as exc:
        raise UnreadableInput("truncated", src.where, f"compressed data ends early, after {n} line(s)") from exc
    except (gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise UnreadableInput("bad_gzip", src.where, f"not a readable gzip file ({exc})") from exc


def _read_feed(src: Source, fallback: date | None) -> Iterator[Item]:
    yield from iter_feed(read_bytes(src.path), src.where, fallback)


def _read_warc(src: Source, fallback: date | None) -> Iterator[Item]:
    try:
        with open(src.path, "rb") as f:
            compressed = f.read(2) == b"\x1f\x8b"
            f.seek(0)
            damaged = False
            for item in iter_warc(f, src.where, fallback, os.fstat(f.fileno()).st_size):
                damaged = isinstance(item, Problem) and item.code in ("bad_warc", "truncated")
                yield item
        if compressed and not damaged and not gzip_intact(src.path):
            raise UnreadableInput("truncated", src.where, "compressed data ends early")
    except OSError as exc:
        raise UnreadableInput("unreadable", src.where, exc.strerror or type(exc).__name__) from exc


def gzip_intact(path: Path, chunk: int = 1 << 20) -> bool:
    """Whether every gzip member of a file is complete (warcio stops quietly at a cut one)."""
    with open(path, "rb") as f:
        d = zlib.decompressobj(wbits=31)
        while data := f.read(chunk):
            while data:
                try:
                    d.decompress(data)
                except zlib.error:
                    return False
                data = d.unused_data if d.eof else b""
                if d.eof and data:
                    d = zlib.decompressobj(wbits=31)
        return d.eof


# Longest suffix first: ".jsonl.gz" before ".gz" would matter, ".warc.gz" before ".warc".
READERS: tuple[tuple[str, Reader], ...] = (
    (".jsonl.gz", _read_jsonl_gz),
    (".warc.gz", _read_warc),
    (".warc", _read_warc),
    (".jsonl", _read_jsonl),
    (".json", _read_json),
    (".txt", _read_text),
    (".html", _read_html),
    (".htm", _read_html),
    (".rss", _read_feed),
    (".atom", _read_feed),
    (".xml", _read_feed),
)


def reader_for(path: Path) -> Reader | None:
    """The reader for a file's suffix, or None for files a corpus walk passes over."""
    name = path.name.lower()
    return next((reader for suffix, reader in READERS if name.endswith(suffix)), None)


def sniff(path: Path) -> Reader:
    """The reader for a file named on the command line without a known suffix, from its first bytes."""
    try:
        with open(path, "rb") as f:
            head = f.read(2048)
    except OSError:
        return _read_text  # reading again reports why
    low = head.lower().lstrip()
    if head.startswith(b"\x1f\x8b"):
        return _read_warc if _gunzip_head(head).startswith(b"WARC/") else _read_jsonl_gz
    if low.startswith(b"warc/"):
        return _read_warc
    if b"<rss" in low or b"<feed" in low or b"<rdf:rdf" in low:
        return _read_feed
    if low.startswith((b"<!doctype html", b"<html")):
        return _read_html
    if low.startswith(b"{"):
        return _read_jsonl
    return _read_text


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(head)
    except zlib.error:
        return b""


def iter_sources(inputs: Sequence[str]) -> Iterator[tuple[Source, Reader]]:
    """Every file to read, in a fixed order: the inputs as given, each folder walked sorted."""
    for given in inputs:
        root = Path(given)
        if root.is_dir():
            yield from _walk(root)
        else:
            yield Source(root, _without_suffix(root.name)), reader_for(root) or sniff(root)


def _without_suffix(name: str) -> str:
    """``a/b.jsonl.gz`` -> ``a/b``; a name with no known suffix stays as it is."""
    low = name.lower()
    suffix = next((suffix for suffix, _ in READERS if low.endswith(suffix)), "")
    return name[: len(name) - len(suffix)]


def _walk(root: Path) -> Iterator[tuple[Source, Reader]]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            reader = reader_for(path)
            if reader is None or name.startswith("."):
                continue
            yield Source(path, _without_suffix(path.relative_to(root).as_posix())), reader


def check_inputs(inputs: Sequence[str]) -> None:
    """Fail before any work when an input path does not exist."""
    for given in inputs:
        if not os.path.exists(given):
            raise InputError(f"{given}: no such file or directory")


def iter_file(src: Source, reader: Reader, fallback: date | None) -> Iterator[Item]:
    """The items of one file; whatever stops the file being read becomes its last item."""
    try:
        yield from reader(src, fallback)
    except UnreadableInput as exc:
        yield exc.problem()
    except Exception as exc:  # noqa: BLE001 - a parser library's bug must not end a run over a corpus
        yield problem("reader_error", src.where, f"{type(exc).__name__}: {exc}")


def iter_corpus(inputs: Sequence[str], published: date | None = None) -> Iterator[Item]:
    """Documents (and problems) of every file under ``inputs``, in a fixed order."""
    check_inputs(inputs)
    for src, reader in iter_sources(inputs):
        yield from iter_file(src, reader, published)

