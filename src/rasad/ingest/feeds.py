"""RSS and Atom feed files into documents, one per entry, through feedparser.

An entry's text is its title followed by its full content (or, failing that,
its summary) as plain text: feeds often carry only a headline and a lead,
and the headline states the event. The entry's own date is its publication
date; the caller's fallback is used for entries without one. feedparser
tolerates broken XML; a file it cannot find a single entry in is a
``bad_feed`` problem, and an entry with no text is a ``no_text`` problem.
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import feedparser  # type: ignore[import-untyped]

from rasad.ingest.problems import problem
from rasad.model import Document, Problem
from rasad.text.clean import clean_text

_DROP = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_BLOCK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|/blockquote|/tr)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment as feeds carry it: tags dropped, blocks become lines."""
    text = _TAG.sub("", _BLOCK.sub("\n", _DROP.sub("", markup)))
    text = _SPACES.sub(" ", html.unescape(text))
    return _BLANK_LINES.sub("\n\n", "\n".join(line.strip() for line in text.split("\n"))).strip()


def _entry_body(entry: Any) -> str:
    for part in entry.get("content") or ():
        if part.get("value"):
            return str(part["value"])
    return str(entry.get("summary") or "")


def _entry_date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def entry_document(entry: Any, where: str, fallback: date | None) -> Document | Problem:
    """One entry as a document (title, then body), or a ``no_text`` problem."""
    doc_id = str(entry.get("id") or entry.get("link") or where)
    title = fragment_text(str(entry.get("title") or ""))
    body = fragment_text(_entry_body(entry))
    text = clean_text(body if not title or body.startswith(title) else f"{title}\n\n{body}".strip())
    if not text.strip():
        return problem("no_text", where, "feed entry has no title or text", doc_id)
    link = entry.get("link")
    return Document(doc_id, text, _entry_date(entry) or fallback, url=str(link) if link else None,
                    meta=(("path", where),))


def iter_feed(raw: bytes, where: str, fallback: date | None) -> Iterator[Document | Problem]:
    """The entries of an RSS/Atom file, in feed order."""
    if not raw.strip():
        yield problem("empty", where)
        return
    parsed = feedparser.parse(raw)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") or not parsed.get("version"):  # a well-formed feed may simply be empty
            yield problem("bad_feed", where, str(parsed.get("bozo_exception") or "no RSS or Atom element"))
        return
    for n, entry in enumerate(entries, start=1):
        yield entry_document(entry, f"{where}#{n}", fallback)
