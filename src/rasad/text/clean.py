"""Cleaning raw input into the text offsets refer to."""

from __future__ import annotations

import re

_ARABIC_LETTER = re.compile("[\u0621-\u064A]")


def has_arabic(text: str, minimum: int = 3) -> bool:
    """True when the text holds at least ``minimum`` Arabic letters."""
    n = 0
    for _ in _ARABIC_LETTER.finditer(text):
        n += 1
        if n >= minimum:
            return True
    return False


def clean_text(raw: str) -> str:
    """Unify line endings and drop NULs and BOMs; nothing else, so offsets stay meaningful."""
    return raw.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").lstrip("\ufeff")
