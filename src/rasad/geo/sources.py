"""What a gazetteer parser produces, and the reading helpers the parsers share.

Parsers are strict about structure and lenient about content: a file that
is not what it claims raises ``GazetteerError`` naming the file (``malformed``),
while a record without an Arabic name is only counted as skipped, because
nothing in an Arabic text could ever match it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Iterable

from rasad.errors import GAZ_MALFORMED, GAZ_UNREADABLE, GazetteerError
from rasad.geo.gazetteer import Place
from rasad.geo.shapes import Area
from rasad.lexicon.load import read_tsv
from rasad.text.normalize import normalize

ARABIC = re.compile("[\u0600-\u06FF]")
_JOINS = re.compile(r"\s*[_|]\s*")  # "A_B": one record for two villages, both names are its names
_QUALIFIED = re.compile(r"\s*[-/]\s*")  # "A / B", "A-B": mostly A in area B, so only A names it
_EN_FOLD = re.compile(r"[^a-z]")
_EN_ARTICLE = re.compile(r"^(al|el|ar|as|ad|an|at|az|ash|ath)[\s-]+")


@dataclass(frozen=True, slots=True)
class ImportOptions:
    """What the user can say about files beyond their content."""

    country: str | None = None  # ISO2 for files whose records do not say it
    spots: bool = False  # also keep GeoNames S/T/H features (spots, hills, water), ranked low


@dataclass(frozen=True, slots=True)
class ImportedPlace:
    """A parsed record: the place, its polygon if it had one, and its rank.

    ``low`` marks records that should never outrank a populated place (spots,
    hills): they get no default population when merged."""

    place: Place
    area: Area | None = None
    low: bool = False


@dataclass(frozen=True, slots=True)
class ParsedFile:
    """Everything read from one file; ``read`` counts records, kept or not."""

    path: Path
    format: str
    places: tuple[ImportedPlace, ...]
    read: int
    skipped: int


def malformed(path: Path, problem: str) -> GazetteerError:
    """The error for a file that is not what its format says (one line)."""
    return GazetteerError(GAZ_MALFORMED.format(path=path, problem=problem))


# --- admin1 names ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Admin1Names:
    """The project's admin1 English names (``data/admin1.tsv``), reachable by
    GeoNames code, normalised Arabic name or folded English name, so that an
    import says "Idlib" where OCHA says "Idleb"."""

    by_code: dict[tuple[str, str], str]
    by_ar: dict[tuple[str, str], str]
    by_en: dict[tuple[str, str], str]

    def canonical(self, country: str, name_en: str | None, name_ar: str | None) -> str | None:
        """The project's name for this admin1, else ``name_en`` as given."""
        if name_ar and (hit := self.by_ar.get((country, normalize(name_ar)))):
            return hit
        if name_en and (hit := self.by_en.get((country, fold_en(name_en)))):
            return hit
        return name_en.strip() if name_en and name_en.strip() else None


def fold_en(name: str) -> str:
    """English name key: lower case, no article, letters only."""
    return _EN_FOLD.sub("", _EN_ARTICLE.sub("", name.strip().lower()))


@cache
def admin1_names() -> Admin1Names:
    rows = read_tsv("admin1.tsv", ("country", "geonames_code", "name_en", "names_ar"))
    by_code = {(r["country"], r["geonames_code"]): r["name_en"] for r in rows if r["geonames_code"]}
    by_ar = {(r["country"], normalize(n)): r["name_en"] for r in rows for n in r["names_ar"].split("|") if n}
    by_en = {(r["country"], fold_en(r["name_en"])): r["name_en"] for r in rows}
    return Admin1Names(by_code, by_ar, by_en)


def arabic_names(raw: Iterable[str | None]) -> tuple[str, ...]:
    """Normalised Arabic names from raw strings.

    OCHA joins the names of a two-village community with ``_`` (both are
    kept) and qualifies a name by its area with ``/`` or ``-`` (only the
    first part is kept: "القويقة / الحفة" must not become a name of al-Haffeh's
    neighbour). Pieces cut off in the middle of a character (U+FFFD after
    lenient decoding) are dropped, since a truncated name would match the
    wrong place or nothing."""
    out: dict[str, None] = {}
    for s in raw:
        if not s or not ARABIC.search(s):
            continue
        for joined in _JOINS.split(s):
            piece = _QUALIFIED.split(joined.strip())[0]
            if "\ufffd" in piece or not ARABIC.search(piece):
                continue
            n = normalize(piece)
            if len(n) >= 2:
                out[n] = None
    return tuple(out)


# --- reading files ----------------------------------------------------------------------------------------------


def read_text(path: Path, lenient: bool = False) -> str:
    """UTF-8 text of a file (BOM dropped); ``lenient`` replaces broken bytes
    instead of failing, for shapefile exports that cut names mid-character."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GazetteerError(GAZ_UNREADABLE.format(path=path, problem=exc.strerror or exc)) from exc
    if b"\x00" in raw[:4096]:
        raise malformed(path, "binary content, not text")
    try:
        return raw.decode("utf-8-sig", errors="replace" if lenient else "strict")
    except UnicodeDecodeError as exc:
        raise malformed(path, f"not UTF-8 (byte {exc.start})") from exc


def load_json(path: Path, lenient: bool = False) -> Any:
    try:
        return json.loads(read_text(path, lenient))
    except json.JSONDecodeError as exc:
        raise malformed(path, f"invalid JSON at line {exc.lineno} column {exc.colno}") from exc
