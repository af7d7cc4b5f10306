"""Parsing GeoNames and OCHA files into places; malformed files fail with one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rasad.errors import GazetteerError
from rasad.geo.importers import detect_format, gazetteer_files, parse_file
from rasad.geo.sources import ImportOptions, arabic_names
from rasad.text.normalize import normalize

from conftest import GazFiles


def by_id(path: Path, fmt: str, options: ImportOptions = ImportOptions()) -> dict[str, object]:
    return {ip.place.id: ip for ip in parse_file(path, fmt, options).places}


def test_geonames_dump_keeps_places_and_admin1(gaz_files: GazFiles) -> None:
    parsed = parse_file(gaz_files.geonames, "geonames")
    assert parsed.read == 4 and parsed.skipped == 2  # the hill (no --spots) and the place without Arabic
    places = {ip.place.id: ip.place for ip in parsed.places}
    tadmur = places["geonames:163808"]
    assert (tadmur.kind, tadmur.country, tadmur.admin1, tadmur.population) == ("city", "SY", "Homs", 51015)
    assert tadmur.names_ar == (normalize("تدمر"),)
    homs = places["geonames:169575"]
    assert (homs.kind, homs.name_en, homs.admin1) == ("admin1", "Homs", "Homs")  # admin1.tsv's name, not GeoNames'


def test_geonames_spots_only_on_request_and_ranked_low(gaz_files: GazFiles) -> None:
    hill = by_id(gaz_files.geonames, "geonames", ImportOptions(spots=True))["geonames:990001"]
    assert hill.low and hill.place.population == 0


def test_geonames_cities500_json(gaz_files: GazFiles) -> None:
    (ip,) = parse_file(gaz_files.cities500, "geonames").places
    assert (ip.place.id, ip.place.name_en, ip.place.admin1, ip.place.names_ar) == (
        "geonames:170063", "Aleppo", "Aleppo", ("حلب",))


def test_ocha_points_layout_and_admin1_mapping(gaz_files: GazFiles) -> None:
    places = {ip.place.id: ip.place for ip in parse_file(gaz_files.points, "ocha").places}
    assert places["ocha:C2891"].kind == "city"
    assert (places["ocha:C2891"].lat, places["ocha:C2891"].lon) == (33.9735, 38.1095)
    assert places["ocha:C2891"].country == "SY"  # from the admin1 p-code SY04
    assert places["ocha:C4262"].admin1 == "Idlib"  # OCHA's "Idleb", by its Arabic name
    assert places["ocha:C3935"].names_ar == (normalize("معارة النعسان"), normalize("معارة الحاسكة"))


def test_ocha_admin1_polygons_get_centroid_and_area(gaz_files: GazFiles) -> None:
    parsed = {ip.place.id: ip for ip in parse_file(gaz_files.admin1, "ocha").places}
    homs, idlib = parsed["ocha:SY04"], parsed["ocha:SY07"]
    assert (homs.place.kind, homs.place.admin1) == ("admin1", "Homs")
    assert homs.place.lat == pytest.approx(34.45) and homs.place.lon == pytest.approx(38.45)
    assert homs.area is not None and homs.area.contains(34.56, 38.28)
    assert (idlib.place.name_en, idlib.place.admin1) == ("Idlib", "Idlib")


def test_ocha_cod_ab_district_polygon(gaz_files: GazFiles) -> None:
    (ip,) = parse_file(gaz_files.iraq_adm2, "ocha").places
    p = ip.place
    assert (p.id, p.kind, p.country, p.admin1, p.names_ar) == ("ocha:IQG15Q05", "city", "IQ", "Nineveh", ("الموصل",))


def test_ocha_csv_place_lists(gaz_files: GazFiles) -> None:
    (kum,) = parse_file(gaz_files.csv, "ocha").places  # the HXL hashtag row is not a place
    assert (kum.place.id, kum.place.admin1, kum.place.country) == ("ocha:C2894", "Homs", "SY")
    (sokhneh,) = parse_file(gaz_files.csv_no_country, "ocha", ImportOptions(country="SY")).places
    assert (sokhneh.place.country, sokhneh.place.admin1, sokhneh.place.lat) == ("SY", None, 34.8872)


def test_ocha_lenient_decoding_drops_cut_names(tmp_path: Path) -> None:
    data = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"NAME_EN": "Cut", "NAME_ARA": "@@", "PCODE": "C1", "ADMIN1_COD": "SY07"},
         "geometry": {"type": "Point", "coordinates": [36.8, 36.0]}}]}, ensure_ascii=False).encode("utf-8")
    cut = "معارة النعسان_معارة الحاسكة".encode("utf-8")[:-1]  # ends in the middle of a character
    path = tmp_path / "cut.geojson"
    path.write_bytes(data.replace(b"@@", cut))
    (ip,) = parse_file(path, "ocha").places
    assert ip.place.names_ar == (normalize("معارة النعسان"),)


@pytest.mark.parametrize(("raw", "expected"), [
    ("القويقة / الحفة", ("القويقه",)),  # a name qualified by its area: only the name
    ("الحجلية - جرابلس", ("الحجليه",)),
    ("عرى القبلي_عدوان", ("عري القبلي", "عدوان")),  # two villages in one community: both
    ("Tadmor", ()),
])
def test_arabic_names_splitting(raw: str, expected: tuple[str, ...]) -> None:
    assert arabic_names([raw]) == expected


def test_detect_format_and_directory_scan(gaz_files: GazFiles) -> None:
    assert detect_format(gaz_files.points) == "ocha"
    assert detect_format(gaz_files.cities500) == "geonames"
    (gaz_files.geonames.parent / "readme.txt").write_text("GeoNames dump of Syria\n", "utf-8")
    (gaz_files.geonames.parent / "admin1CodesASCII.txt").write_text("SY.11\tHoms\tHoms\t169575\n", "utf-8")
    found = dict(gazetteer_files([gaz_files.geonames.parent.parent], None))
    assert found[gaz_files.geonames] == "geonames" and found[gaz_files.csv] == "ocha"
    assert set(found) == {gaz_files.geonames, gaz_files.cities500, gaz_files.points, gaz_files.admin1,
                          gaz_files.csv, gaz_files.iraq_adm2}  # no readme, no admin code table
    only = gazetteer_files([gaz_files.geonames.parent.parent], "geonames")
    assert {f for f, _ in only} == {gaz_files.geonames, gaz_files.cities500}


MALFORMED = [
    ("SY.txt", "geonames", "163808\tTadmur\tTadmur\n", "line 1 has 3 tab-separated columns"),
    ("cities500.json", "geonames", '{"1": {"name": "x"}}', "record 1 lacks geonameid"),
    ("bad.geojson", "ocha", '{"type": "FeatureCollection", "features": [', "invalid JSON"),
    ("list.geojson", "ocha", '[1, 2]', "not a GeoJSON FeatureCollection"),
    ("odd.geojson", "ocha", '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                            '{"foo": 1}, "geometry": null}]}', "no known OCHA name fields"),
    ("nocoords.csv", "ocha", "PCODE,NAME_EN,NAME_ARA\nSY07,Idleb,إدلب\n", "no latitude/longitude columns"),
    ("nocountry.csv", "ocha", "PCODE,NAME_ARA,LATITUDE,LONGITUDE\nC1,تدمر,34.5,38.2\n", "cannot tell its country"),
    ("badcoord.csv", "ocha", "PCODE,NAME_ARA,LATITUDE,LONGITUDE\nSY1,تدمر,north,38.2\n", "are not numbers"),
    ("binary.txt", "geonames", "\x00\x01\x02", "binary content"),
]


@pytest.mark.parametrize(("name", "fmt", "content", "problem"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_file_raises_one_line(tmp_path: Path, name: str, fmt: str, content: str, problem: str) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    with pytest.raises(GazetteerError) as err:
        parse_file(path, fmt)
    assert str(path) in err.value.message and problem in err.value.message
    assert "\n" not in err.value.message
