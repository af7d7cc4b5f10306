"""Bytes into text: UTF-8 first, then the legacy Arabic code pages.

Arabic archives still hold pages in windows-1256 and ISO-8859-6. Both map
almost every byte to some character, so "it decodes" proves nothing:
charset-normalizer, limited to those two code pages, picks the one whose
result reads as Arabic, and rejects bytes that read as neither. Text that is
valid UTF-8 but holds Arabic already garbled by a wrong code page
(``Ø§Ù„`` for ``ال``) is reported too: it would only yield "no Arabic" later.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from rasad.ingest.problems import UnreadableInput
from rasad.text.clean import has_arabic

ARABIC_CODEPAGES = ("cp1256", "iso8859_6")
# Control bytes other than tab, newline, form feed and carriage return.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))
_BINARY_SHARE = 0.01
# UTF-8 Arabic read as windows-1252/latin-1: lead byte Ø/Ù then a continuation character.
_MOJIBAKE = re.compile("[\u00d8\u00d9\u00da\u00db][\u0080-\u00bf\u0152-\u2122]")
_MOJIBAKE_MIN = 3
# charset-normalizer's "mess" ratio: Arabic read in its own code page scores 0; another
# language forced through cp1256 (KOI8-R Russian, say) scores about 0.1 and more.
_MAX_CHAOS = 0.08
# An Arabic letter glued to a Latin-1 accented one: another script's letters read through cp1256
# (KOI8-R Cyrillic lands on both), which no Arabic text written in that code page contains.
_MIXED_WORD = re.compile("[\u0621-\u064a][\u00c0-\u00ff]|[\u00c0-\u00ff][\u0621-\u064a]")


def looks_binary(raw: bytes) -> bool:
    """A NUL, or more than 1% control bytes, in the first 4 KB."""
    sample = raw[:4096]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL))
    return controls > len(sample) * _BINARY_SHARE


def check_text(text: str, where: str) -> str:
    """``text`` unchanged, unless it is Arabic garbled by a wrong code page (then ``bad_encoding``)."""
    if not has_arabic(text) and len(_MOJIBAKE.findall(text, 0, 4096)) >= _MOJIBAKE_MIN:
        raise UnreadableInput("bad_encoding", where, "Arabic decoded with the wrong code page (mojibake)")
    return text


def decode_bytes(raw: bytes, where: str) -> str:
    """The text of ``raw``; raises ``UnreadableInput`` (empty, binary, bad_encoding)."""
    if not raw.strip():
        raise UnreadableInput("empty", where)
    for bom, codec in ((codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                return check_text(raw.decode(codec), where)
            except UnicodeDecodeError as exc:
                raise UnreadableInput("bad_encoding", where, f"broken UTF-16 ({exc.reason})") from exc
    if looks_binary(raw):
        raise UnreadableInput("binary", where)
    try:
        return check_text(raw.decode("utf-8"), where)
    except UnicodeDecodeError:
        return legacy_arabic(raw, where)


def legacy_arabic(raw: bytes, where: str) -> str:
    """Decode bytes that are not UTF-8 as windows-1256 or ISO-8859-6, whichever reads as Arabic."""
    best = charset_normalizer.from_bytes(raw, cp_isolation=list(ARABIC_CODEPAGES)).best()
    text = str(best) if best is not None and best.chaos <= _MAX_CHAOS else ""
    if not has_arabic(text) or _MIXED_WORD.search(text):
        raise UnreadableInput("bad_encoding", where, "not UTF-8, windows-1256 or ISO-8859-6 Arabic text")
    return text


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML or XML head declares (``<meta charset>``, ``encoding=``), normalised; or None."""
    m = _DECLARED.search(raw[:4096])
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.IGNORECASE)


def decode_markup(raw: bytes, where: str) -> str:
    """Text of an HTML/XML file: its declared charset when that gives Arabic, else ``decode_bytes``.

    Old Arabic sites often declare ISO-8859-1 over windows-1256 bytes; the declaration is only
    trusted when the text it gives holds Arabic (or nothing else reads better)."""
    if not raw.strip():
        raise UnreadableInput("empty", where)
    declared = declared_charset(raw)
    if not declared or declared in ("utf-8", "utf-16") or looks_binary(raw):
        return decode_bytes(raw, where)
    try:
        text = raw.decode(declared)
    except UnicodeDecodeError:
        return decode_bytes(raw, where)
    if has_arabic(text):
        return check_text(text, where)
    try:
        return decode_bytes(raw, where)
    except UnreadableInput:
        return text
