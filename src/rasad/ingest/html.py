"""HTML pages into documents: the main text through trafilatura.

Menus, footers, related links and reader comments are left out, so offsets
count characters of the article text only. The publication date is taken from
the input when it gives one (a JSONL field, a feed entry), else from the page
itself (trafilatura's metadata, which asks htmldate for the original
publication date in meta tags, JSON-LD and the URL, not in the running text),
else from the fallback the caller passes (``--published``).
"""

from __future__ import annotations

import re
from datetime import date

import trafilatura

from rasad.ingest.encoding import decode_markup
from rasad.ingest.problems import UnreadableInput
from rasad.model import Document
from rasad.text.clean import clean_text

_LETTER = re.compile(r"[^\W_]")
# Only the page's own metadata: a date in the article body is an event date, not the publication date.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def page_text(html: str, url: str | None, want_date: bool) -> tuple[str, date | None, str | None]:
    """(main text, publication date or None, title or None) of an HTML page; the text may be empty."""
    page = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=want_date,
                                       date_extraction_params=_DATE_PARAMS if want_date else None)
    if page is None or isinstance(page, dict):
        return "", None, None
    return page.text or "", _iso_day(page.date) if want_date else None, page.title


def _iso_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def html_document(raw: bytes | str, where: str, doc_id: str, published: date | None = None,
                  fallback: date | None = None, url: str | None = None) -> Document:
    """One article from an HTML page; ``bad_html`` when no main text can be found."""
    html = decode_markup(raw, where) if isinstance(raw, bytes) else raw
    try:
        text, found, title = page_text(html, url, want_date=published is None)
    except (ValueError, TypeError, AttributeError, LookupError) as exc:  # lxml/trafilatura on hostile markup
        raise UnreadableInput("bad_html", where) from exc
    text = clean_text(text)
    if not _LETTER.search(text):  # nothing, or only the debris of broken markup ("<<<")
        raise UnreadableInput("bad_html", where)
    meta = (("path", where),) + ((("title", title),) if title else ())
    return Document(doc_id, text, published or found or fallback, url=url, meta=meta)
