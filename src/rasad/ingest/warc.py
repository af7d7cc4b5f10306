"""WARC archives (plain or gzipped) into documents, through warcio.

Each HTML (or plain-text) ``response``/``resource`` record with a 2xx status
is one document named by its target URI. Requests, metadata, redirects and
non-text payloads (images, scripts) are not documents and are passed over. A
page's publication date comes from its metadata, else the caller's fallback,
else the day it was crawled (``WARC-Date``), which is at least an upper bound
for relative dates. A damaged archive yields what could be read before the
damage, then one ``bad_warc`` problem.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]

from rasad.ingest.encoding import check_text
from rasad.ingest.files import text_document
from rasad.ingest.html import html_document
from rasad.ingest.problems import UnreadableInput, problem
from rasad.model import Document, Problem

_DOCUMENT_RECORDS = frozenset({"response", "resource", "conversion"})


def _content_type(record: Any) -> tuple[str, str | None]:
    """(media type, charset or None) of a record's payload."""
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    value = (headers.get_header("Content-Type") or "").lower()
    media, _, params = value.partition(";")
    charset = next((p.split("=", 1)[1].strip(" \"'") for p in params.split(";") if "charset=" in p), None)
    return media.strip(), charset


def _crawl_day(record: Any) -> date | None:
    value = record.rec_headers.get_header("WARC-Date") or ""
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _decode_declared(payload: bytes, charset: str | None, where: str) -> bytes | str:
    """The payload as text when the HTTP header names a charset that decodes it, else the bytes."""
    if charset:
        try:
            return check_text(payload.decode(charset), where)
        except (LookupError, UnicodeDecodeError):
            pass
    return payload


def record_item(record: Any, where: str, fallback: date | None) -> Document | Problem | None:
    """The document of one WARC record, a problem, or None for records that are not documents."""
    if record.rec_type not in _DOCUMENT_RECORDS:
        return None
    if record.http_headers is not None and not (record.http_headers.get_statuscode() or "").startswith("2"):
        return None
    media, charset = _content_type(record)
    if "html" not in media and media != "text/plain":
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    doc_id = uri or record.rec_headers.get_header("WARC-Record-ID") or where
    day = fallback or _crawl_day(record)
    try:
        payload = record.content_stream().read()
        if getattr(record.raw_stream, "limit", 0):
            return None  # cut short: iter_warc reports it
        body = _decode_declared(payload, charset, where)
        if media == "text/plain":
            raw = body.encode("utf-8") if isinstance(body, str) else body
            doc = text_document(raw, where, doc_id, day)
            return Document(doc.doc_id, doc.text, doc.published, url=uri, meta=doc.meta)
        return html_document(body, where, doc_id, fallback=day, url=uri)
    except UnreadableInput as exc:
        return exc.problem(doc_id)


def iter_warc(stream: BinaryIO, where: str, fallback: date | None, size: int | None = None) \
        -> Iterator[Document | Problem]:
    """The documents of a WARC stream, in archive order. warcio passes over some damage silently
    (a record cut short, a header cut off at the end); ``size``, the stream's length, lets the end
    be checked too."""
    n = 0
    records = ArchiveIterator(stream)
    try:
        for n, record in enumerate(records, start=1):
            item = record_item(record, f"{where}#{n}", fallback)
            while record.raw_stream.read(1 << 16):  # the rest of a record that is not a document
                pass
            if getattr(record.raw_stream, "limit", 0):
                yield problem("truncated", f"{where}#{n}", "the archive ends inside this record")
                return
            if item is not None:
                yield item
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError, zlib.error) as exc:
        # AttributeError: warcio trips over a record header cut short
        yield problem("bad_warc", where, f"after {n} record(s): {exc or type(exc).__name__}")
        return
    if size is not None and records.offset < size:
        yield problem("truncated", where, f"unreadable data after record {n}")
