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


MAX_TEXT_CHARS = 2_000_000
EMPTY_TEXT = "document has no text"
NO_ARABIC = "document has no Arabic text"
BINARY = "input looks binary, not text"
TOO_LARGE = f"document is larger than {MAX_TEXT_CHARS:,} characters; it was cut to that size"
