"""Every packaged data file: schema, unique ids, foreign keys, aliases that
stay unambiguous after normalisation, and manifest checksums."""

from __future__ import annotations

import hashlib
from collections import defaultdict

import pytest
import yaml

from rasad.lexicon.load import data_path, read_tsv, read_yaml
from rasad.text.normalize import normalize

ACTOR_TYPES = {"State forces", "Rebel group", "Political militia", "Identity militia", "Rioters",
               "Protesters", "Civilians", "External/Other forces"}
TSV = {
    "actors.tsv": ("id", "name", "type", "country", "valid_from", "valid_to"),
    "actor_aliases.tsv": ("actor_id", "alias"),
    "officials.tsv": ("id", "alias", "actor_id"),
    "event_triggers.tsv": ("id", "form", "sub_event_type", "pos", "strength"),
    "event_cues.tsv": ("id", "cue", "kind"),
    "modality.tsv": ("id", "cue", "kind", "scope"),
    "casualty_words.tsv": ("id", "form", "kind"),
    "sources.tsv": ("id", "alias", "name_en", "kind"),
    "countries.tsv": ("id", "iso2", "name_en", "acled_name", "names_ar", "nisba_ar", "lat", "lon", "embed_places"),
    "admin1.tsv": ("id", "country", "geonames_code", "name_en", "names_ar", "lat", "lon"),
    "place_cues.tsv": ("id", "cue", "kind", "precision"),
    "place_stopwords.tsv": ("id", "word"),
    "common_words.tsv": ("id", "word"),
    "force_heads.tsv": ("id", "head", "template", "type"),
    "event_types.tsv": ("id", "sub_event_type", "event_type", "disorder_type", "generic"),
    "interaction_triggers.tsv": ("id", "form", "interaction_type", "pos", "direction", "note"),
}
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE"}


@pytest.mark.parametrize("name", sorted(TSV))
def test_tsv_schema_and_unique_ids(name: str) -> None:
    rows = read_tsv(name, TSV[name])
    assert rows, name
    if "id" in TSV[name]:
        ids = [r["id"] for r in rows]
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
    text = data_path(name).read_text("utf-8")
    assert "\r" not in text, name
    assert all(line == line.rstrip(" ") for line in text.split("\n")), name


def test_actor_types_and_foreign_keys() -> None:
    actors = {r["id"]: r for r in read_tsv("actors.tsv", TSV["actors.tsv"])}
    assert len(actors) >= 200
    assert all(r["type"] in ACTOR_TYPES for r in actors.values())
    for name in ("actor_aliases.tsv", "officials.tsv"):
        for r in read_tsv(name, TSV[name]):
            assert r["actor_id"] in actors, (name, r)


def test_aliases_unambiguous_after_normalisation() -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for name in ("actor_aliases.tsv", "officials.tsv"):
        for r in read_tsv(name, TSV[name]):
            key = normalize(r["alias"])
            assert key, r
            seen[key].add(r["actor_id"])
    clashes = {k: v for k, v in seen.items() if len(v) > 1}
    assert not clashes


def test_triggers_use_codebook_types() -> None:
    types = {r["sub_event_type"] for r in read_tsv("event_types.tsv", TSV["event_types.tsv"])}
    assert len(types) == 25
    rows = read_tsv("event_triggers.tsv", TSV["event_triggers.tsv"])
    assert {r["sub_event_type"] for r in rows} == types
    assert all(r["strength"] in ("strong", "weak") for r in rows)


def test_interaction_triggers_use_plover_types() -> None:
    rows = read_tsv("interaction_triggers.tsv", TSV["interaction_triggers.tsv"])
    assert {r["interaction_type"] for r in rows} == PLOVER | {"NONE"}  # NONE: conflict deals, layer 1
    assert all(r["pos"] in ("verb", "noun", "phrase", "participle") for r in rows)
    assert all(r["direction"] in ("obj", "pair", "subj_obj") for r in rows if r["interaction_type"] != "NONE")
    forms = [normalize(r["form"]) for r in rows]
    assert len(forms) == len(set(forms)), "two rows normalise to the same form"


def test_yaml_files_parse() -> None:
    for name in ("normalize.yaml", "text_rules.yaml", "relative_dates.yaml", "months.yaml", "numbers.yaml"):
        assert read_yaml(name)["version"] >= 1


def test_manifest_checksums() -> None:
    manifest = yaml.safe_load(data_path("MANIFEST.yaml").read_text("utf-8"))["files"]
    for f in sorted(data_path("x").parent.iterdir()):
        if f.name == "MANIFEST.yaml" or f.suffix not in (".tsv", ".yaml", ".json"):
            continue
        assert f.name in manifest, f"{f.name} missing from MANIFEST.yaml (run tools/update_manifest.py)"
        digest = hashlib.sha256(f.read_bytes()).hexdigest()
        assert manifest[f.name]["sha256"] == digest, f"{f.name}: stale checksum (run tools/update_manifest.py)"
