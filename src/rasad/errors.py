"""Every user-facing error: a stable code and one clear line of text."""

from __future__ import annotations


class RasadError(Exception):
    """Base of all errors rasad reports to a user (never shown as a traceback)."""

    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(RasadError):
    """The input cannot be read as a document (empty, binary, bad JSON …)."""

    code = "bad_input"


class DateError(RasadError):
    """A ``published`` value that is not an ISO date."""

    code = "bad_date"


class DataFileError(RasadError):
    """A packaged or user-supplied data file is malformed."""

    code = "bad_data_file"


class GazetteerError(RasadError):
    """A gazetteer file given to ``rasad gazetteer import`` cannot be used,
    or the installed gazetteer store cannot be read or written."""

    code = "bad_gazetteer"


MAX_TEXT_CHARS = 2_000_000
EMPTY_TEXT = "document has no text"
NO_ARABIC = "document has no Arabic text"
BINARY = "input looks binary, not text"
TOO_LARGE = f"document is larger than {MAX_TEXT_CHARS:,} characters; it was cut to that size"

# Gazetteer import and store (formatted with the file and the problem).
GAZ_UNREADABLE = "cannot read gazetteer file {path}: {problem}"
GAZ_MALFORMED = "gazetteer file {path}: {problem}"
GAZ_UNKNOWN_FORMAT = "gazetteer file {path}: cannot tell its format; pass --format geonames or --format ocha"
GAZ_BAD_FORMAT = "unknown gazetteer format {format!r}; use one of {formats}"
GAZ_NO_FILES = "no gazetteer files found under {path}"
GAZ_STORE = "gazetteer store {path}: {problem}"
