"""The installed gazetteer: imports, re-imports, failed imports, and what extraction sees."""

from __future__ import annotations

from pathlib import Path

import pytest

import rasad
from rasad.errors import GazetteerError
from rasad.geo.gazetteer import embedded
from rasad.geo.store import import_paths, installed, read_manifest, store_dir
from rasad.lexicon.resources import Resources
from rasad.pipeline import Pipeline
from rasad.text.normalize import normalize

from conftest import SHARED, GazFiles

GAZ = SHARED / "data" / "gazetteer"


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(f.relative_to(root)): f.read_bytes() for f in sorted(root.rglob("*")) if f.is_file()}


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RASAD_HOME", str(tmp_path / "home"))
    return store_dir()


def test_import_installs_and_installed_sees_it(home: Path, gaz_files: GazFiles) -> None:
    assert installed() is embedded()  # nothing imported yet
    report = import_paths([gaz_files.points, gaz_files.admin1])
    assert [(f.read, f.added + f.merged) for f in report.files] == [(4, 4), (2, 2)]
    gaz = installed()
    assert gaz is installed()  # cached per process while the manifest is unchanged
    (alianiyeh,) = [gaz.places[i] for i in gaz.by_name[normalize("العليانية")]]
    assert (alianiyeh.id, alianiyeh.admin1) == ("ocha:C2891", "Homs")
    assert "ocha:C2889" in gaz.places["geonames:163808"].extra_ids  # Tadmor merged into embedded Tadmur
    assert "ocha:SY07" in gaz.places["admin1:SY:Idlib"].extra_ids
    import_paths([gaz_files.csv])
    assert normalize("الكوم") in installed().by_name  # a new manifest: rebuilt


def test_reimport_replaces_its_source(home: Path, gaz_files: GazFiles) -> None:
    import_paths([gaz_files.points])
    first = snapshot(home)
    report = import_paths([gaz_files.points])
    assert len(read_manifest(home)) == 1
    assert report.files[0].added == 3  # counted against the store without its own old copy
    assert len(list((home / "sources").iterdir())) == 1
    assert {k for k in first if k.startswith("sources/")} == {k for k in snapshot(home) if k.startswith("sources/")}


def test_failed_import_leaves_store_unchanged(home: Path, gaz_files: GazFiles, tmp_path: Path) -> None:
    import_paths([gaz_files.points])
    before = snapshot(home)
    bad = tmp_path / "broken.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [', "utf-8")
    with pytest.raises(GazetteerError, match="broken.geojson"):
        import_paths([gaz_files.admin1, bad])
    assert snapshot(home) == before


def test_extract_resolves_an_imported_village(home: Path, gaz_files: GazFiles) -> None:
    import_paths([gaz_files.points, gaz_files.admin1])
    pipe = Pipeline(Resources.load(installed()))
    text = "قصفت طائرات حربية تابعة للنظام السوري قرية العليانية في ريف حمص الشرقي، ما أدى إلى مقتل ثلاثة مدنيين."
    rec = pipe.process(rasad.Document("d", text, None)).to_record()
    locs = [e["location"] for e in rec["events"]]
    assert locs and locs[0]["name_en"] == "Alianiyeh" and locs[0]["admin1"] == "Homs"


def test_embedded_gazetteer_alone_geocodes() -> None:
    # conftest points RASAD_HOME at an empty folder: the packaged gazetteer only
    rec = rasad.extract("اندلعت اشتباكات عنيفة، أمس، بين قوات النظام وعناصر تنظيم داعش في محيط مدينة تدمر.",
                        published="2024-05-12")
    loc = rec["events"][0]["location"]
    assert (loc["name_en"], loc["country"], loc["admin1"]) == ("Tadmur", "SY", "Homs")


def test_import_all_shared_gazetteer_files(home: Path) -> None:
    if not GAZ.is_dir():
        pytest.skip("shared gazetteer data not present (../shared/data/gazetteer)")
    report = import_paths([GAZ])
    files = {f.path.name: f for f in report.files}
    assert len(report.files) >= 30
    assert sum(f.read for f in report.files) > 15_000
    points = files["syr_admin4_point.geojson"]
    assert points.read == 5251 and points.added > 4500 and points.skipped < 10
    assert files["sy/cities500.json".split("/")[1]].merged > 0  # GeoNames duplicates of the embedded index
    assert len(embedded().places) + 4500 < report.installed < len(embedded().places) + 8000
    gaz = installed()
    kum = [gaz.places[i] for i in gaz.by_name[normalize("الكوم")] if gaz.places[i].country == "SY"]
    assert any(p.admin1 == "Homs" and "ocha:C2894" in p.ids for p in kum)
    pipe = Pipeline(Resources.load(gaz))
    text = "قصفت طائرات حربية تابعة للنظام السوري قرية العليانية في ريف حمص الشرقي، ما أدى إلى مقتل ثلاثة مدنيين."
    loc = pipe.process(rasad.Document("d", text, None)).to_record()["events"][0]["location"]
    assert (loc["name_en"], loc["admin1"], loc["country"]) == ("Alianiyeh", "Homs", "SY")
    assert abs(loc["lat"] - 33.9735) < 0.01 and abs(loc["lon"] - 38.1095) < 0.01
