"""The explorer's Datasette setup: metadata, canned queries, the distance function, and start-up checks."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from rasad.explore import serve as serve_mod
from rasad.explore.geometry import distance_km
from rasad.explore.serve import ServeError, ServeOptions, check_ready, datasette_args, metadata_for
from store_corpus import fill_store

from rasad.pipeline import Pipeline
from rasad.store.sqlite import EventStore

IDLIB = (35.64, 36.67)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Path:
    path = tmp_path_factory.mktemp("serve") / "events.sqlite"
    fill_store(path, pipeline)
    return path


def canned(db: Path, name: str, **params: str) -> list[dict[str, Any]]:
    query = metadata_for(db)["databases"][db.stem]["queries"][name]
    conn = sqlite3.connect(db)
    conn.create_function("distance_km", 4, distance_km, deterministic=True)
    cur = conn.execute(query["sql"], params)
    rows = [dict(zip([c[0] for c in cur.description], r)) for r in cur]
    conn.close()
    return rows


@pytest.mark.parametrize(("a", "b", "km"), [
    ((33.5138, 36.2765), (36.2021, 37.1343), 310),  # Damascus - Aleppo
    ((30.0444, 31.2357), (30.0444, 31.2357), 0),
    ((0.0, 0.0), (0.0, 180.0), 20015),
])
def test_distance_km_haversine(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert distance_km(*a, *b) == pytest.approx(km, abs=5)


def test_distance_km_of_a_missing_point_is_none() -> None:
    assert distance_km(None, 36.0, 35.0, 36.0) is None


def test_metadata_is_renamed_to_the_served_file(tmp_path: Path) -> None:
    meta = metadata_for(tmp_path / "my-events.sqlite")
    assert list(meta["databases"]) == ["my-events"]
    tables = meta["databases"]["my-events"]["tables"]
    assert tables["events"]["facets"] == ["event_type", "actor1", "admin1", "event_date"]
    assert tables["events"]["fts_table"] == "events_fts"
    assert tables["events"]["columns"]["evidence"] and tables["merged_events"]["columns"]["lat"]
    assert {"events_per_week", "top_actors", "events_near"} <= set(meta["databases"]["my-events"]["queries"])
    assert all(":" + p in meta["databases"]["my-events"]["queries"]["events_near"]["sql"] for p in ("lat", "lon", "km"))


def test_datasette_args_serve_immutable_on_loopback(tmp_path: Path) -> None:
    args = datasette_args(ServeOptions(tmp_path / "e.sqlite"), tmp_path / "m.json")
    assert args[:3] == ["serve", "-i", str(tmp_path / "e.sqlite")]
    assert args[args.index("--host") + 1] == "127.0.0.1" and args[args.index("--port") + 1] == "8001"
    assert Path(args[args.index("--plugins-dir") + 1], "rasad_sql.py").is_file()


def test_canned_events_per_week(db: Path) -> None:
    rows = canned(db, "events_per_week")
    assert {"week": "2024-03-04", "event_type": "Explosions/Remote violence", "events": 2} in rows  # Sat 9 + Sun 10
    assert {"week": "2024-05-13", "event_type": "Battles", "events": 1} in rows  # Sunday 19 May
    assert sum(r["events"] for r in rows) == 5


def test_canned_top_actors(db: Path) -> None:
    rows = canned(db, "top_actors")
    russia = next(r for r in rows if r["actor"] == "Military Forces of Russia")
    assert (russia["actor_type"], russia["events"], russia["fatalities"]) == ("External/Other forces", 2, 8)
    assert rows[0]["events"] == 2 and [r["events"] for r in rows] == sorted((r["events"] for r in rows), reverse=True)


@pytest.mark.parametrize(("km", "doc_ids"), [("30", {"t-sy"}), ("1", set()), ("5000", {"t-sy", "t-iq", "t-sd", "t-ye"})])
def test_canned_events_near(db: Path, km: str, doc_ids: set[str]) -> None:
    rows = canned(db, "events_near", lat=str(IDLIB[0]), lon=str(IDLIB[1]), km=km)
    with EventStore.open(db) as store:
        by_id = {i: d for i, d, _ in store.events()}
    assert {by_id[r["id"]] for r in rows} == doc_ids
    assert [r["km_away"] for r in rows] == sorted(r["km_away"] for r in rows)


def test_check_ready_needs_the_serve_extra(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve_mod.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ServeError, match=r"pip install 'rasad\[serve\]'"):
        check_ready(db)


def test_check_ready_needs_the_database(tmp_path: Path) -> None:
    if importlib.util.find_spec("datasette") is None:
        pytest.skip("datasette not installed (pip install 'rasad[serve]')")
    with pytest.raises(ServeError, match="no event store"):
        check_ready(tmp_path / "missing.sqlite")


def test_datasette_serves_the_store_with_metadata(db: Path, tmp_path: Path) -> None:
    """Datasette in-process (no socket): facets, search over evidence, canned queries, the evidence view, the map."""
    pytest.importorskip("datasette", reason="datasette not installed (pip install 'rasad[serve]')")
    pytest.importorskip("datasette_cluster_map", reason="datasette-cluster-map not installed (pip install 'rasad[serve]')")
    from datasette.app import Datasette

    ds = Datasette(immutables=[str(db)], metadata=metadata_for(db), plugins_dir=str(Path(serve_mod.__file__).with_name("plugins")))

    async def get(path: str) -> Any:
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        return response

    async def run() -> None:
        page = await get("/events/events.json?_shape=objects&_extra=facet_results")
        data = page.json()
        assert len(data["rows"]) == 5
        facets = data["facet_results"]
        assert {"event_type", "actor1", "admin1", "event_date"} <= set(facets.get("results", facets))  # 1.0 nests them
        found = (await get("/events/events.json?_search=الفاشر&_shape=array")).json()
        assert [r["doc_id"] for r in found] == ["t-sd"]
        near = (await get(f"/events/events_near.json?lat={IDLIB[0]}&lon={IDLIB[1]}&km=30&_shape=array")).json()
        assert len(near) == 2
        view = (await get("/events/event_evidence.json?_shape=array")).json()
        assert all(r["url"].startswith("https://") and r["evidence"] for r in view)
        html = (await get("/events/events")).text
        assert "datasette-cluster-map.js" in html and 'id="rasad-map"' in html
        assert "Events (one per document)" in html

    asyncio.run(run())
