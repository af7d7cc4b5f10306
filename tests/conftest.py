"""Shared fixtures: the packaged pipeline (built once) and the shared dev set."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from rasad.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEV = SHARED / "eval" / "dev"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden expected files")


def pytest_configure(config: pytest.Config) -> None:
    # Tests see the embedded gazetteer only, never what the developer imported
    # (``rasad gazetteer import``); gazetteer tests point RASAD_HOME at tmp_path.
    home = tempfile.mkdtemp(prefix="rasad-test-home-")
    config.stash[_HOME] = home
    os.environ["RASAD_HOME"] = home


def pytest_unconfigure(config: pytest.Config) -> None:
    if home := config.stash.get(_HOME, None):
        shutil.rmtree(home, ignore_errors=True)


_HOME = pytest.StashKey[str]()


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline.load()


@pytest.fixture(scope="session")
def dev_dir() -> Path:
    if not (DEV / "docs.jsonl").exists():
        pytest.skip("shared dev set not present (../shared/eval/dev)")
    return DEV


# --- tiny gazetteer files (made-up coordinates and areas, real Arabic names) ---------------------------------

# 19 GeoNames columns: id, name, ascii, alternates, lat, lon, class, code, cc, cc2, admin1..4, pop, elev, dem, tz, date
GEONAMES_SY = [
    ["163808", "Tadmur", "Tadmur", "Palmyra,Tadmor,تدمر", "34.5624", "38.28402", "P", "PPLA2", "SY", "", "11",
     "", "", "", "51015", "", "404", "Asia/Damascus", "2012-01-18"],
    ["169575", "Homs Governorate", "Homs Governorate", "Homs,محافظة حمص", "34.6", "38.4", "A", "ADM1", "SY", "",
     "11", "", "", "", "1803000", "", "500", "Asia/Damascus", "2012-01-18"],
    ["990001", "Jabal Abyad", "Jabal Abyad", "جبل أبيض", "34.7", "38.1", "T", "HLL", "SY", "", "11", "", "", "",
     "0", "", "900", "Asia/Damascus", "2012-01-18"],
    ["990002", "Nowhere", "Nowhere", "Nowhere Else", "34.8", "38.0", "P", "PPL", "SY", "", "11", "", "", "",
     "0", "", "400", "Asia/Damascus", "2012-01-18"],
]
CITIES500 = {"170063": {"geonameid": 170063, "name": "Aleppo", "latitude": 36.20124, "longitude": 37.16117,
                        "countrycode": "SY", "population": 1602264, "timezone": "Asia/Damascus", "admin1code": "09",
                        "alternatenames": ["Alep", "Halab", "حلب"]}}


def _box(lon0: float, lat0: float, lon1: float, lat1: float) -> list[list[list[float]]]:
    return [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]]


def _point(pcode: str, en: str, ar: str, lat: float, lon: float, adm_en: str, adm_ar: str, adm_code: str) -> dict:
    props = {"NAME_EN": en, "NAME_ARA": ar, "PCODE": pcode, "ADMIN1_EN": adm_en, "ADMIN1_ARA": adm_ar,
             "ADMIN1_COD": adm_code, "LATITUDE": lat, "LONGITUDE": lon}
    return {"type": "Feature", "properties": props, "geometry": {"type": "MultiPoint", "coordinates": [[lon, lat]]}}


OCHA_POINTS = {"type": "FeatureCollection", "features": [
    _point("C2889", "Tadmor", "تدمر", 34.5573, 38.2773, "Homs", "حمص", "SY04"),
    _point("C2891", "Alianiyeh", "العليانية", 33.9735, 38.1095, "Homs", "حمص", "SY04"),
    _point("C4262", "Nasra", "الناصرة", 35.93, 36.35, "Idleb", "إدلب", "SY07"),
    _point("C3935", "Maaret Elnaasan", "معارة النعسان_معارة الحاسكة", 36.06, 36.85, "Idleb", "إدلب", "SY07"),
]}
OCHA_ADMIN1 = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"NAME_EN": "Homs", "NAME_ARA": "حمص", "PCODE": "SY04"},
     "geometry": {"type": "Polygon", "coordinates": _box(36.9, 33.6, 40.0, 35.3)}},
    {"type": "Feature", "properties": {"NAME_EN": "Idleb", "NAME_ARA": "إدلب", "PCODE": "SY07"},
     "geometry": {"type": "MultiPolygon", "coordinates": [_box(36.1, 35.4, 37.0, 36.3)]}},
]}
OCHA_IRAQ_ADM2 = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"ADM2_EN": "Al-Mosul", "ADM2_AR": "الموصل", "ADM2_PCODE": "IQG15Q05",
                                       "ADM1_EN": "Ninewa", "ADM1_AR": "نينوى", "ADM1_PCODE": "IQG15",
                                       "ADM0_EN": "Iraq", "ADM0_PCODE": "IQ"},
     "geometry": {"type": "Polygon", "coordinates": _box(42.9, 36.1, 43.4, 36.6)}},
]}
# HDX place list with its HXL hashtag row; and a 2015-style list that names no country.
OCHA_CSV = ("admin4Name_en,admin4Name_ar,admin4Pcode,admin1Name_en,admin1Name_ar,admin1Pcode,admin0Pcode,"
            "latitude,longitude\n#loc+name+i_en,#loc+name+i_ar,#loc+code,#adm1+name,#adm1+name,#adm1+code,"
            "#country+code,#geo+lat,#geo+lon\nKum,الكوم,C2894,Homs,حمص,SY04,SY,35.1926,38.8564\n")
OCHA_CSV_NO_COUNTRY = "PCODE,NAME_EN,NAME_ARA,LATITUDE,LONGITUDE\nC2893,Sokhneh,السخنة,34.8872,38.8696\n"


@dataclass(frozen=True)
class GazFiles:
    """Paths of the tiny gazetteer files written by the ``gaz_files`` fixture."""

    geonames: Path
    cities500: Path
    points: Path
    admin1: Path
    iraq_adm2: Path
    csv: Path
    csv_no_country: Path


@pytest.fixture
def gaz_files(tmp_path: Path) -> GazFiles:
    d = tmp_path / "gaz"
    (d / "sy").mkdir(parents=True)
    (d / "iq").mkdir()
    files = GazFiles(d / "sy" / "SY.txt", d / "sy" / "cities500.json", d / "sy" / "points.geojson",
                     d / "sy" / "admin1.geojson", d / "iq" / "adm2.geojson", d / "sy" / "places.csv",
                     tmp_path / "extra" / "old_places.csv")
    files.geonames.write_text("".join("\t".join(r) + "\n" for r in GEONAMES_SY), "utf-8")
    files.cities500.write_text(json.dumps(CITIES500, ensure_ascii=False), "utf-8")
    for path, data in ((files.points, OCHA_POINTS), (files.admin1, OCHA_ADMIN1), (files.iraq_adm2, OCHA_IRAQ_ADM2)):
        path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    files.csv.write_text(OCHA_CSV, "utf-8")
    files.csv_no_country.parent.mkdir()
    files.csv_no_country.write_text(OCHA_CSV_NO_COUNTRY, "utf-8")
    return files
