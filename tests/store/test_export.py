"""Exports round-trip: ACLED CSV, GeoJSON, JSON Lines and Parquet against the rows in the store."""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from rasad.lexicon.load import data_path
from store_corpus import fill_store

from rasad.pipeline import Pipeline
from rasad.store.export import ACLED_COLUMNS, INTER_CODES, ExportFilter, countries, export
from rasad.store.sqlite import EventStore, StoreError


FEATURE_COLLECTION = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {
            "type": "object",
            "required": ["type", "geometry", "properties"],
            "properties": {
                "type": {"const": "Feature"},
                "geometry": {"type": "object", "required": ["type", "coordinates"], "properties": {
                    "type": {"const": "Point"},
                    "coordinates": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "number"}},
                }},
                "properties": {"type": "object"},
            },
        }},
    },
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    """A store from the corpus, with the two reports of the Idlib strike merged."""
    path = tmp_path_factory.mktemp("export") / "events.sqlite"
    fill_store(path, pipeline)
    with EventStore.open(path) as store:
        stored = store.events()
        sy = [(i, d) for i, d, _ in stored if d == "t-sy"]
        store.replace_merged([(stored[0][2], sy)] + [(r, [(i, d)]) for i, d, r in stored if d != "t-sy"])
    return path


def db_rows(db: Path, table: str = "events") -> list[dict[str, Any]]:
    with EventStore.open(db) as store:
        cur = store.conn.execute(f"SELECT * FROM {table} ORDER BY id")
        return [dict(zip([c[0] for c in cur.description], r)) for r in cur]


def test_acled_csv_round_trips(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export(db, "acled-csv", out) == 5
    with out.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames or ()) == ACLED_COLUMNS
        rows = list(reader)
    stored = db_rows(db)
    assert len(rows) == len(stored)
    for got, row in zip(rows, stored):
        c = countries()[row["country"]]
        inter1, inter2 = INTER_CODES[row["actor1_type"]], INTER_CODES.get(row["actor2_type"] or "")
        assert got["event_id_cnty"] == f"{c.iso3}{row['id']}"
        assert (got["event_date"], got["year"], got["time_precision"]) == (row["event_date"], row["event_date"][:4], "1")
        for ours, acled in (("disorder_type", "disorder_type"), ("event_type", "event_type"),
                            ("sub_event_type", "sub_event_type"), ("actor1", "actor1"), ("admin1", "admin1"),
                            ("evidence", "notes"), ("sources", "source")):
            assert got[acled] == (row[ours] or ""), acled
        assert got["actor2"] == (row["actor2"] or "")
        assert got["inter1"] == str(inter1) and got["inter2"] == ("" if inter2 is None else str(inter2))
        expected = inter1 * 10 if inter2 is None else int("".join(sorted(f"{inter1}{inter2}")))
        assert got["interaction"] == str(expected)
        assert got["civilian_targeting"] == ("Civilian targeting" if row["actor2_type"] == "Civilians" else "")
        assert (got["iso"], got["region"], got["country"]) == (str(c.iso_numeric), c.region, c.name)
        assert got["location"] == row["location_name_en"]
        assert (float(got["latitude"]), float(got["longitude"])) == (row["lat"], row["lon"])
        assert int(got["geo_precision"]) == row["geo_precision"]
        assert int(got["fatalities"]) == (row["fatalities"] or 0)
        assert int(got["timestamp"]) > 1_600_000_000


def test_acled_csv_codes_of_a_strike_on_civilians(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sy.csv"
    export(db, "acled-csv", out, ExportFilter(country="SY"))
    row = next(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert (row["iso"], row["region"], row["country"], row["admin1"]) == ("760", "Middle East", "Syria", "Idlib")
    assert (row["inter1"], row["inter2"], row["interaction"]) == ("8", "7", "78")
    assert row["civilian_targeting"] == "Civilian targeting"
    assert "معرة النعمان" in row["notes"] and row["fatalities"] == "4"


def test_acled_csv_protest_without_second_actor(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "iq.csv"
    export(db, "acled-csv", out, ExportFilter(country="IQ"))
    row = next(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert (row["inter1"], row["inter2"], row["interaction"], row["fatalities"]) == ("6", "", "60", "0")
    assert (row["iso"], row["country"], row["location"]) == ("368", "Iraq", "Mosul")


def test_geojson_is_a_feature_collection_of_the_rows(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    assert export(db, "geojson", out) == 5
    fc = json.loads(out.read_text("utf-8"))
    jsonschema.validate(fc, FEATURE_COLLECTION)
    for feature, row in zip(fc["features"], db_rows(db)):
        assert feature["geometry"]["coordinates"] == [row["lon"], row["lat"]]
        props = feature["properties"]
        assert props["id"] == row["id"] and props["evidence"] == row["evidence"]
        assert props["url"].startswith("https://") and "record" not in props


def test_jsonl_lines_are_codebook_event_records(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export(db, "jsonl", out) == 5
    full = json.loads(data_path("record.schema.json").read_text("utf-8"))
    schema = {"$ref": "#/$defs/event", "$defs": full["$defs"]}
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    for rec in records:
        jsonschema.validate(rec, schema)
    with EventStore.open(db) as store:
        assert records == [r for _, _, r in store.events()]


def test_parquet_reads_back_with_pyarrow(db: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="pyarrow not installed (pip install 'rasad[parquet]')")
    out = tmp_path / "events.parquet"
    assert export(db, "parquet", out) == 5
    table = pq.read_table(out)
    rows = table.to_pylist()
    stored = db_rows(db)
    assert [r["id"] for r in rows] == [r["id"] for r in stored]
    for got, row in zip(rows, stored):
        for col in ("doc_id", "event_date", "sub_event_type", "actor1", "lat", "lon", "fatalities", "evidence", "record"):
            assert got[col] == row[col], col
    assert str(table.schema.field("lat").type) == "double" and str(table.schema.field("fatalities").type) == "int64"


def test_parquet_without_pyarrow_is_one_clear_error(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    out = tmp_path / "events.parquet"
    with pytest.raises(StoreError, match=r"pip install 'rasad\[parquet\]'"):
        export(db, "parquet", out)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("f", "doc_ids"), [
    (ExportFilter(), ["t-sy", "t-iq", "t-sd", "t-ye", "t-sy"]),
    (ExportFilter(country="SY"), ["t-sy", "t-sy"]),
    (ExportFilter(country="iq"), ["t-iq"]),
    (ExportFilter(since=date(2024, 5, 1)), ["t-sd", "t-ye"]),
    (ExportFilter(until=date(2024, 3, 9)), ["t-sy"]),
    (ExportFilter(since=date(2024, 3, 10), until=date(2024, 5, 19)), ["t-iq", "t-sd", "t-sy"]),
    (ExportFilter(type="Battles"), ["t-sd"]),
    (ExportFilter(type="Peaceful protest"), ["t-iq"]),
    (ExportFilter(type="Explosions/Remote violence", country="YE"), ["t-ye"]),
    (ExportFilter(country="EG"), []),
])
def test_filters_select_events(db: Path, tmp_path: Path, f: ExportFilter, doc_ids: list[str]) -> None:
    out = tmp_path / "f.geojson"
    assert export(db, "geojson", out, f) == len(doc_ids)
    got = [feat["properties"]["doc_id"] for feat in json.loads(out.read_text("utf-8"))["features"]]
    assert sorted(got) == sorted(doc_ids)


def test_merged_export_reads_merged_events(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "merged.csv"
    assert export(db, "acled-csv", out, ExportFilter(merged=True)) == 4
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    merged = db_rows(db, "merged_events")
    assert [r["event_id_cnty"] for r in rows] == [f"{countries()[m['country']].iso3}M{m['id']}" for m in merged]
    assert [m["n_documents"] for m in merged] == [2, 1, 1, 1]
    geo = tmp_path / "merged.geojson"
    assert export(db, "geojson", geo, ExportFilter(country="SY", merged=True)) == 1
    props = json.loads(geo.read_text("utf-8"))["features"][0]["properties"]
    assert props["n_documents"] == 2 and "doc_id" not in props


def test_bad_format_and_missing_store_are_errors(db: Path, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown export format"):
        export(db, "xlsx", tmp_path / "x.xlsx")
    with pytest.raises(StoreError, match="no event store"):
        export(tmp_path / "missing.sqlite", "jsonl", tmp_path / "x.jsonl")
    assert not (tmp_path / "missing.sqlite").exists()
