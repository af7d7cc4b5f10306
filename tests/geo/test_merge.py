"""Merging imports: one entry per real place, both identifiers kept, villages ranked low."""

from __future__ import annotations

import pickle

from rasad.geo.gazetteer import Gazetteer, Place
from rasad.geo.importers import parse_file
from rasad.geo.merge import DEFAULT_POPULATION, merge
from rasad.geo.shapes import Area
from rasad.geo.sources import ImportedPlace, ImportOptions
from rasad.text.normalize import normalize

from conftest import GazFiles

EMPTY = Gazetteer.from_places([])


def village(pid: str, ar: str, lat: float, lon: float, cc: str = "SY", pop: int = 0, en: str = "") -> ImportedPlace:
    return ImportedPlace(Place(pid, en or pid, (normalize(ar),), lat, lon, cc, None, pop, "city"))


def test_same_place_from_two_sources_becomes_one_entry(gaz_files: GazFiles) -> None:
    geonames = parse_file(gaz_files.geonames, "geonames").places
    ocha = parse_file(gaz_files.points, "ocha").places
    gaz, (c1, c2) = merge(EMPTY, [geonames, ocha])
    (tadmur_id,) = gaz.by_name[normalize("تدمر")]
    tadmur = gaz.places[tadmur_id]
    assert tadmur.ids == ("geonames:163808", "ocha:C2889")  # the first source's id leads
    assert (tadmur.lat, tadmur.population) == (34.5624, 51015)
    assert (c1.added, c1.merged) == (2, 0)
    assert (c2.added, c2.merged) == (3, 1)


def test_same_name_far_apart_or_abroad_stays_apart() -> None:
    a = village("ocha:C1", "الطيبة", 35.0, 38.9)
    b = village("ocha:C2", "الطيبة", 35.2, 38.9)  # 22 km north
    c = village("geonames:1", "الطيبة", 35.0, 38.9, cc="JO")
    d = village("ocha:C3", "الطيبه", 35.01, 38.91)  # 1.4 km: the same village spelt with ه
    gaz, (counts,) = merge(EMPTY, [[a, b, c, d]])
    assert (counts.added, counts.merged) == (3, 1)
    assert gaz.places["ocha:C1"].extra_ids == ("ocha:C3",)


def test_english_name_alone_is_enough_nearby() -> None:
    a = village("geonames:7", "القريتين", 34.2296, 37.2407, en="Al Qaryatayn")
    b = ImportedPlace(Place("ocha:C2663", "Al Qaryatayn", (normalize("قريتين"),), 34.2303, 37.2372, "SY", "Homs", 0,
                            "city"))
    gaz, _ = merge(EMPTY, [[a], [b]])
    (only,) = gaz.places.values()
    assert only.ids == ("geonames:7", "ocha:C2663") and only.admin1 == "Homs"
    assert set(only.names_ar) == {normalize("القريتين"), normalize("قريتين")}


def test_admin1_merges_with_the_project_entry(gaz_files: GazFiles) -> None:
    base = Gazetteer.from_places([Place("admin1:SY:Idlib", "Idlib", (normalize("إدلب"),), 35.79, 36.68, "SY",
                                        "Idlib", 1_000_000, "admin1")])
    gaz, (counts,) = merge(base, [parse_file(gaz_files.admin1, "ocha").places])
    assert gaz.places["admin1:SY:Idlib"].extra_ids == ("ocha:SY07",)
    assert (counts.added, counts.merged) == (1, 1)


def test_district_polygon_merges_with_the_town_inside(gaz_files: GazFiles) -> None:
    mosul = village("geonames:99072", "الموصل", 36.335, 43.11889, cc="IQ", pop=1683000, en="Mosul")
    gaz, _ = merge(EMPTY, [[mosul], parse_file(gaz_files.iraq_adm2, "ocha").places])
    assert gaz.places["geonames:99072"].extra_ids == ("ocha:IQG15Q05",)
    assert gaz.places["geonames:99072"].admin1 == "Nineveh"


def test_villages_get_a_small_default_population_capped_by_namesakes() -> None:
    town = village("geonames:5", "الناصرة", 35.0, 36.0, pop=0)
    new = village("ocha:C4262", "الناصرة", 35.5, 36.5)
    lone = village("ocha:C2891", "العليانية", 33.97, 38.11)
    hill = ImportedPlace(village("geonames:9", "جبل", 33.0, 38.0).place, None, low=True)
    gaz, _ = merge(Gazetteer.from_places([town.place]), [[new, lone, hill]])  # an embedded town: population 0
    assert gaz.places["ocha:C2891"].population == DEFAULT_POPULATION
    assert gaz.places["ocha:C4262"].population == 0  # never above the same-named town of the same country
    assert gaz.by_name[normalize("الناصرة")] == ("geonames:5", "ocha:C4262")  # and the town comes first
    assert gaz.places["geonames:9"].population == 0


def test_admin1_filled_from_imported_polygons(gaz_files: GazFiles) -> None:
    sokhneh = parse_file(gaz_files.csv_no_country, "ocha", ImportOptions(country="SY")).places
    assert sokhneh[0].place.admin1 is None
    gaz, _ = merge(EMPTY, [sokhneh, parse_file(gaz_files.admin1, "ocha").places])
    assert gaz.places["ocha:C2893"].admin1 == "Homs"


def test_lookup_ranks_focus_country_then_population() -> None:
    big = village("geonames:294098", "الناصرة", 32.7, 35.3, cc="IL", pop=77445, en="Nazareth")
    small = village("ocha:C4262", "الناصرة", 35.9, 36.3, en="Nasra")
    gaz, _ = merge(EMPTY, [[big], [small]])
    assert [p.id for p in gaz.lookup("الناصرة")] == ["geonames:294098", "ocha:C4262"]
    assert [p.id for p in gaz.lookup("الناصرة", "SY")] == ["ocha:C4262", "geonames:294098"]
    assert [p.id for p in gaz.lookup("nazareth")] == ["geonames:294098"]


def test_merged_gazetteer_pickles() -> None:
    area = Area.from_rings((((36.0, 35.0), (37.0, 35.0), (37.0, 36.0)),))
    gaz, _ = merge(EMPTY, [[village("ocha:C1", "قرية", 35.2, 36.8), ImportedPlace(
        Place("ocha:SY07", "Idlib", ("ادلب",), 35.5, 36.6, "SY", "Idlib", 0, "admin1"), area)]])
    assert pickle.loads(pickle.dumps(gaz)) == gaz
