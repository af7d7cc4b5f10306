"""Exports of the event store: ACLED-style CSV, GeoJSON, JSON Lines and Parquet.

Every format starts from the same rows: the flattened columns of ``events``
(or ``merged_events`` with ``merged=True``) selected by an ``ExportFilter``.
JSON Lines writes the stored codebook record itself. The ACLED CSV uses ACLED's
column names and codes so tools written for ACLED data read it unchanged;
country codes, names and regions come from ``data/countries.tsv``.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from rasad.lexicon.load import read_tsv
from rasad.store.migrations import EVENT_COLUMNS
from rasad.store.sqlite import EventStore, StoreError

NO_STORE = "no event store at {path}"
NO_PYARROW = "Parquet export needs pyarrow: pip install 'rasad[parquet]'"
BAD_FORMAT = "unknown export format {format!r}; use one of {formats}"

# ACLED's export columns, in ACLED's order.
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
# ACLED's actor type codes (inter1/inter2) and time precision codes: part of the format, like the column names.
INTER_CODES = {
    "State forces": 1, "Rebel group": 2, "Political militia": 3, "Identity militia": 4,
    "Rioters": 5, "Protesters": 6, "Civilians": 7, "External/Other forces": 8,
}
TIME_PRECISION = {"day": 1, "week": 2, "month": 3}

_FLAT = tuple(name for name, _ in EVENT_COLUMNS if name != "record")


@dataclass(frozen=True, slots=True)
class ExportFilter:
    """Which events to export; None means no limit. Dates compare with ``event_date`` inclusively."""

    country: str | None = None
    since: date | None = None
    until: date | None = None
    type: str | None = None
    merged: bool = False


@dataclass(frozen=True, slots=True)
class CountryRow:
    iso2: str
    iso3: str
    iso_numeric: int
    name: str
    region: str


@cache
def countries() -> dict[str, CountryRow]:
    """ISO alpha-2 -> the country's codes, name and ACLED region."""
    cols = ("iso2", "iso3", "iso_numeric", "name_en", "acled_region")
    return {r["iso2"]: CountryRow(r["iso2"], r["iso3"], int(r["iso_numeric"]), r["name_en"], r["acled_region"])
            for r in read_tsv("countries.tsv", cols)}


def _query(f: ExportFilter) -> tuple[str, list[Any]]:
    if f.merged:
        sql = ("SELECT m.*, (SELECT MAX(d.processed_at) FROM merged_members mm "
               "JOIN events e ON e.id = mm.event_id JOIN documents d ON d.id = e.document_id "
               "WHERE mm.merged_id = m.id) AS processed_at FROM merged_events m")
    else:
        sql = ("SELECT m.*, d.url AS url, d.processed_at AS processed_at FROM events m "
               "JOIN documents d ON d.id = m.document_id")
    where, args = [], []
    if f.country:
        where.append("m.country = ?")
        args.append(f.country.upper())
    if f.since:
        where.append("m.event_date >= ?")
        args.append(f.since.isoformat())
    if f.until:
        where.append("m.event_date <= ?")
        args.append(f.until.isoformat())
    if f.type:
        where.append("(m.event_type = ? OR m.sub_event_type = ?)")
        args += [f.type, f.type]
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + " ORDER BY m.id", args


def select_rows(store: EventStore, f: ExportFilter) -> Iterator[dict[str, Any]]:
    """Rows (column name -> value) of the events ``f`` selects, in id order."""
    sql, args = _query(f)
    cur = store.conn.execute(sql, args)
    names = [d[0] for d in cur.description]
    for values in cur:
        yield dict(zip(names, values))


def _inter(actor_type: str | None) -> int | None:
    return INTER_CODES.get(actor_type or "")


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction: both codes, smaller first; 10 x inter1 when there is no second actor."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _timestamp(processed_at: str | None) -> int | None:
    return int(datetime.fromisoformat(processed_at).timestamp()) if processed_at else None


def acled_row(row: dict[str, Any], merged: bool = False) -> dict[str, Any]:
    """One ACLED CSV row from a flattened event row."""
    c = countries().get(row["country"] or "")
    inter1, inter2 = _inter(row["actor1_type"]), _inter(row["actor2_type"]) if row["actor2"] else None
    event_date = row["event_date"] or ""
    return {
        "event_id_cnty": f"{c.iso3 if c else 'XXX'}{'M' if merged else ''}{row['id']}",
        "event_date": event_date,
        "year": event_date[:4],
        "time_precision": TIME_PRECISION.get(row["date_precision"] or "", ""),
        "disorder_type": row["disorder_type"],
        "event_type": row["event_type"],
        "sub_event_type": row["sub_event_type"],
        "actor1": row["actor1"],
        "assoc_actor_1": row["assoc_actor1"],
        "inter1": inter1,
        "actor2": row["actor2"],
        "assoc_actor_2": row["assoc_actor2"],
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if row["actor2_type"] == "Civilians" else "",
        "iso": c.iso_numeric if c else None,
        "region": c.region if c else None,
        "country": c.name if c else row["country"],
        "admin1": row["admin1"],
        "admin2": "",
        "admin3": "",
        "location": row["location_name_en"] or row["location_name"],
        "latitude": row["lat"],
        "longitude": row["lon"],
        "geo_precision": row["geo_precision"],
        "source": row["sources"],
        "source_scale": "",
        "notes": row["evidence"],
        "fatalities": row["fatalities"] or 0,
        "tags": "",
        "timestamp": _timestamp(row["processed_at"]),
    }


def _properties(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "doc_id", "url", *_FLAT, "n_documents")
    return {k: row[k] for k in keys if k in row}


def write_acled_csv(rows: Iterator[dict[str, Any]], out: Path, merged: bool) -> int:
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(acled_row(row, merged))
            n += 1
    return n


def write_geojson(rows: Iterator[dict[str, Any]], out: Path, merged: bool) -> int:
    """A FeatureCollection of Point features; events without coordinates are left out."""
    features = [{"type": "Feature", "id": row["id"],
                 "geometry": {"type": "Point", "coordinates": [row["lon"], row["lat"]]},
                 "properties": _properties(row)}
                for row in rows if row["lat"] is not None and row["lon"] is not None]
    with out.open("w", encoding="utf-8") as fh:
        json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False)
    return len(features)


def write_jsonl(rows: Iterator[dict[str, Any]], out: Path, merged: bool) -> int:
    """One codebook event record per line, exactly as stored."""
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(row["record"] + "\n")
            n += 1
    return n


def write_parquet(rows: Iterator[dict[str, Any]], out: Path, merged: bool) -> int:
    """The flattened columns plus ``record`` (JSON text), typed as in the store."""
    try:
        import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]
        import pyarrow.parquet as pq  # type: ignore[import-untyped,unused-ignore]
    except ImportError as exc:
        raise StoreError(NO_PYARROW) from exc
    kinds = {"TEXT": pa.string(), "REAL": pa.float64(), "INTEGER": pa.int64()}
    fields = [pa.field("id", pa.int64())]
    fields += [pa.field("n_documents", pa.int64())] if merged else [pa.field("doc_id", pa.string()),
                                                                      pa.field("url", pa.string())]
    fields += [pa.field(name, kinds[kind.split()[0]]) for name, kind in EVENT_COLUMNS]
    schema = pa.schema(fields)
    data = [{f.name: row[f.name] for f in fields} for row in rows]
    pq.write_table(pa.Table.from_pylist(data, schema=schema), out)
    return len(data)


WRITERS: dict[str, Callable[[Iterator[dict[str, Any]], Path, bool], int]] = {
    "acled-csv": write_acled_csv,
    "geojson": write_geojson,
    "jsonl": write_jsonl,
    "parquet": write_parquet,
}


def export(db: str | Path, fmt: str, out: str | Path, f: ExportFilter = ExportFilter()) -> int:
    """Write the events ``f`` selects from the store at ``db`` to ``out``; returns how many were written.

    The file appears only when complete (written beside it, then renamed).
    """
    if fmt not in WRITERS:
        raise StoreError(BAD_FORMAT.format(format=fmt, formats=", ".join(WRITERS)))
    if not Path(db).is_file():
        raise StoreError(NO_STORE.format(path=db))
    target = Path(out)
    partial = target.with_name(target.name + ".partial")
    with EventStore.open(db) as store:
        try:
            n = WRITERS[fmt](select_rows(store, f), partial, f.merged)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    os.replace(partial, target)
    return n
