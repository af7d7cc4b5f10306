"""Everything the pipeline looks words up in, compiled once per process.

``Resources.load()`` reads every packaged data file, normalises it with the
text layer's own function, and builds one ``Matcher`` over all lexicon
families. The object is immutable and pickles, so worker processes and Dask
get a copy instead of rebuilding it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rasad.geo.gazetteer import Gazetteer
from rasad.geo.store import installed
from rasad.lexicon.load import read_tsv, read_yaml
from rasad.lexicon.matcher import Entry, Matcher
from rasad.text.normalize import normalize


# Families whose entries are names, not words: a capital that also names a
# government (صنعاء، دمشق) is still a place.
NAME_FAMILIES = frozenset({"actor", "official", "country", "nisba", "place_cue", "force_head", "given_name"})


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One row of ``actors.tsv``; generic rows carry ``{country}`` placeholders."""

    id: str
    name: str
    type: str
    country: str
    valid_from: str
    valid_to: str

    @property
    def generic(self) -> bool:
        return "{country" in self.name or self.country == "{country}"


@dataclass(frozen=True, slots=True)
class CountryRow:
    iso2: str
    name_en: str
    acled_name: str


@dataclass(frozen=True, slots=True)
class Resources:
    """Compiled lexicons, actor and country tables, and the gazetteer."""

    matcher: Matcher
    actors: dict[str, ActorRow]
    countries: dict[str, CountryRow]
    gazetteer: Gazetteer
    place_common: frozenset[str]
    place_cue_words: frozenset[str]
    place_metonyms: frozenset[str]
    given_names: frozenset[str] = frozenset()

    @classmethod
    def load(cls, gazetteer: Gazetteer | None = None) -> "Resources":
        gaz = gazetteer if gazetteer is not None else installed()
        entries = _lexicon_entries()
        taken = {normalize(e.form) for e in entries if e.family not in NAME_FAMILIES}
        stop = {normalize(r["word"]) for r in read_tsv("place_stopwords.tsv", ("word",))}
        stop |= {normalize(r["word"]) for r in read_tsv("common_words.tsv", ("word",))}
        common = frozenset((taken | stop) & set(gaz.by_name))
        cue_words = {normalize(r["cue"]) for r in read_tsv("place_cues.tsv", ("cue",))}
        cue_words |= {normalize(r["head"]) for r in read_tsv("force_heads.tsv", ("head",))}
        cue_words = {w[2:] if w.startswith("ال") else w for w in cue_words}
        entries += [Entry("place", name, name) for name in gaz.by_name]
        actors = {
            r["id"]: ActorRow(r["id"], r["name"], r["type"], r["country"], r["valid_from"], r["valid_to"])
            for r in read_tsv("actors.tsv", ("id", "name", "type", "country", "valid_from", "valid_to"))
        }
        countries = {
            r["iso2"]: CountryRow(r["iso2"], r["name_en"], r["acled_name"] or r["name_en"])
            for r in read_tsv("countries.tsv", ("iso2", "name_en", "acled_name"))
        }
        metonyms = {normalize(e.form) for e in entries if e.family in ("actor", "official")} & set(gaz.by_name)
        given = frozenset(normalize(r["name"]) for r in read_tsv("given_names.tsv", ("name",)))
        return cls(Matcher.from_entries(entries), actors, countries, gaz, common, frozenset(cue_words),
                   frozenset(metonyms), given)


@cache
def default_resources() -> Resources:
    """The packaged resources, built once per process."""
    return Resources.load()


def _rows(name: str, family: str, form: str, keys: tuple[str, ...], suffixes: bool = False) -> list[Entry]:
    rows = read_tsv(name, ("id", form) + keys)
    return [Entry(family, r["id"], r[form], tuple((k, r[k]) for k in keys), suffixes) for r in rows]


def _yaml_map(name: str, section: str, family: str) -> list[Entry]:
    data = read_yaml(name)[section]
    return [Entry(family, f"{section}:{k}", k, (("value", str(v)),)) for k, v in data.items()]


def _lexicon_entries() -> list[Entry]:
    e: list[Entry] = []
    e += _rows("event_triggers.tsv", "trigger", "form", ("sub_event_type", "pos", "strength"), True)
    e += _rows("interaction_triggers.tsv", "interaction", "form", ("interaction_type", "pos", "direction"), True)
    e += _rows("event_cues.tsv", "cue", "cue", ("kind",))
    e += _rows("modality.tsv", "modality", "cue", ("kind", "scope"))
    e += _rows("casualty_words.tsv", "casualty", "form", ("kind",), True)
    e += _rows("sources.tsv", "source", "alias", ("name_en", "kind"))
    e += [Entry("actor", r["actor_id"], r["alias"], (("actor_id", r["actor_id"]),))
          for r in read_tsv("actor_aliases.tsv", ("actor_id", "alias"))]
    e += [Entry("official", r["id"], r["alias"], (("actor_id", r["actor_id"]),))
          for r in read_tsv("officials.tsv", ("id", "alias", "actor_id"))]
    e += _rows("force_heads.tsv", "force_head", "head", ("template", "type"))
    e += _rows("anaphora.tsv", "anaphor", "form", ("types",))
    e += _rows("place_cues.tsv", "place_cue", "cue", ("kind", "precision"))
    e += _rows("given_names.tsv", "given_name", "name", ())
    for r in read_tsv("countries.tsv", ("id", "iso2", "names_ar", "nisba_ar")):
        e += [Entry("country", r["iso2"], n, (("iso2", r["iso2"]),)) for n in r["names_ar"].split("|") if n]
        e += [Entry("nisba", r["iso2"], n, (("iso2", r["iso2"]),)) for n in r["nisba_ar"].split("|") if n]
    e += _yaml_map("relative_dates.yaml", "days", "reldate")
    e += _yaml_map("relative_dates.yaml", "weeks", "relweek")
    e += _yaml_map("relative_dates.yaml", "weekdays", "weekday")
    for k in read_yaml("relative_dates.yaml")["future_markers"]:
        e.append(Entry("date_marker", f"future:{k}", k, (("value", "future"),)))
    for k in read_yaml("relative_dates.yaml")["past_markers"]:
        e.append(Entry("date_marker", f"past:{k}", k, (("value", "past"),)))
    e += _yaml_map("months.yaml", "gregorian", "month")
    e += _yaml_map("months.yaml", "hijri", "hijri_month")
    e += _yaml_map("numbers.yaml", "words", "number")
    e += _yaml_map("numbers.yaml", "ordinals", "ordinal")
    e += [Entry("number", f"dual:{k}", k, (("value", "2"), ("dual", "1"))) for k in read_yaml("numbers.yaml")["duals"]]
    return e
