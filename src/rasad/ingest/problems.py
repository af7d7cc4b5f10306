"""Why an input item could not be read: stable codes and their one-line messages.

Every reader raises ``UnreadableInput`` for an item it cannot turn into a
``Document``; the corpus walk turns it into ``Problem(doc_id, "ingest", code,
message)`` so a batch run records it and goes on. The codes are what the
``failures`` table stores, so they never change meaning.
"""

from __future__ import annotations

from rasad.errors import InputError
from rasad.model import Problem

STAGE = "ingest"

MESSAGES: dict[str, str] = {
    "unreadable": "{where}: cannot read ({detail})",
    "empty": "{where}: file is empty",
    "binary": "{where}: input looks binary, not text",
    "bad_encoding": "{where}: {detail}",
    "bad_json": "{where}: invalid JSON ({detail})",
    "no_text": "{where}: {detail}",
    "bad_date": "{where}: {detail}",
    "bad_html": "{where}: HTML page has no main text",
    "bad_gzip": "{where}: {detail}",
    "truncated": "{where}: file is truncated ({detail})",
    "bad_feed": "{where}: not a readable RSS/Atom feed ({detail})",
    "bad_warc": "{where}: not a readable WARC file ({detail})",
    "reader_error": "{where}: the reader failed ({detail})",
    "unknown_format": "{where}: unknown file type (expected .txt, .html, .json, .jsonl, .jsonl.gz, feed or WARC)",
}


def message(code: str, where: str, detail: str = "") -> str:
    """The one-line message for ``code`` about the item at ``where``."""
    return MESSAGES[code].format(where=where, detail=detail)


def problem(code: str, where: str, detail: str = "", doc_id: str | None = None) -> Problem:
    """The ``Problem`` for an unreadable item (``doc_id`` defaults to where it was found)."""
    return Problem(doc_id or where, STAGE, code, message(code, where, detail))


class UnreadableInput(InputError):
    """One input item (a file, a line, a feed entry, a WARC record) that is not a document."""

    def __init__(self, code: str, where: str, detail: str = "") -> None:
        super().__init__(message(code, where, detail))
        self.code = code
        self.where = where
        self.detail = detail

    def problem(self, doc_id: str | None = None) -> Problem:
        return problem(self.code, self.where, self.detail, doc_id)
