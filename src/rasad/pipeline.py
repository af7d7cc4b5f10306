"""The pipeline: the only module that knows the order of the stages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rasad.coding.assemble import assemble
from rasad.coding.context import Context
from rasad.coding.frames import build_frames, lead_date
from rasad.coding.interactions import build_interactions
from rasad.errors import MAX_TEXT_CHARS, NO_ARABIC, EMPTY_TEXT, TOO_LARGE
from rasad.geo.resolve import family_name_tokens, find_places
from rasad.lexicon.resources import Resources, default_resources
from rasad.mentions.actors import find_actors
from rasad.mentions.analysis import Analysis, analyse, focus_country
from rasad.mentions.dates import find_dates
from rasad.mentions.numbers import find_numbers, find_tolls
from rasad.mentions.sources import find_sources
from rasad.model import Document, Problem, Result
from rasad.settings import Settings
from rasad.text.clean import has_arabic


@dataclass(frozen=True, slots=True)
class Pipeline:
    """Resources loaded once; ``process`` runs every stage on one document."""

    resources: Resources
    settings: Settings = Settings()

    @classmethod
    def load(cls, settings: Settings | None = None) -> "Pipeline":
        return cls(default_resources(), settings or Settings())

    def process(self, doc: Document) -> Result:
        problems: list[Problem] = []
        if not doc.text.strip():
            return Result(doc.doc_id, doc.published, problems=(Problem(doc.doc_id, "text", "empty", EMPTY_TEXT),))
        if not has_arabic(doc.text):
            return Result(doc.doc_id, doc.published, problems=(Problem(doc.doc_id, "text", "no_arabic", NO_ARABIC),))
        if len(doc.text) > MAX_TEXT_CHARS:
            problems.append(Problem(doc.doc_id, "text", "too_large", TOO_LARGE))
            doc = Document(doc.doc_id, doc.text[:MAX_TEXT_CHARS], doc.published, doc.source, doc.url, doc.meta)
        res = self.resources
        an = analyse(doc, res)
        focus, named = _focus(an, res)
        ctx = Context(
            an=an,
            res=res,
            focus=focus,
            actors=find_actors(an, res, focus),
            places=find_places(an, res, focus, named),
            dates=find_dates(an),
            tolls=find_tolls(an, find_numbers(an)),
            sources=find_sources(an),
        )
        lead = lead_date(ctx)  # an undated event is the lead's "أمس", else the day of publication
        recent = lead and doc.published and 0 <= (doc.published - lead.value).days <= 1
        default_day = lead.value if lead and recent else doc.published
        events = assemble(build_frames(ctx), doc.text, [s.span for s in an.sentences], default_day,
                          self.settings.keep_unplaced)
        interactions = build_interactions(ctx)
        return Result(doc.doc_id, doc.published, tuple(events), tuple(interactions), tuple(problems))


def _focus(an: Analysis, res: Resources) -> tuple[str | None, frozenset[str]]:
    """Country focus from country names, unambiguous big places and named
    actors; and the set of countries the text names at all."""
    votes: list[tuple[str, float]] = []
    gaz = res.gazetteer
    family = family_name_tokens(an)
    for h in an.family("country"):
        votes.append((h.entry.attr("iso2"), 1.0))
    for h in an.family("place"):
        ids = gaz.by_name.get(h.entry.id, ())
        ccs = {gaz.places[i].country for i in ids}
        key = h.entry.id
        bare = key[2:] if key.startswith("ال") else key
        if key in res.place_cue_words or bare in res.place_cue_words:
            continue
        if key in res.place_common or not ids or (h.first in family and not an.prefix(h)):
            continue
        # an ambiguous name (رفح: Egypt or Palestine) splits its vote
        for cc in ccs:
            p = max((gaz.places[i] for i in ids if gaz.places[i].country == cc), key=lambda x: x.population)
            votes.append((cc, (1.5 if p.kind != "city" or p.population > 20000 else 0.5) / len(ccs)))
    for h in an.family("actor"):
        row = res.actors.get(h.entry.attr("actor_id"))
        if row and row.country and len(row.country) == 2:
            votes.append((row.country, 1.0))
    named = {h.entry.attr("iso2") for h in an.family("country")} | {h.entry.attr("iso2") for h in an.family("nisba")}
    named |= {row.country for h in an.family("actor") if (row := res.actors.get(h.entry.attr("actor_id")))
              and len(row.country) == 2}
    for h in an.family("nisba"):
        votes.append((h.entry.attr("iso2"), 0.3))
    return focus_country(an, res, votes), frozenset(named)


def extract_document(doc: Document, pipeline: Pipeline | None = None) -> Result:
    return (pipeline or Pipeline.load()).process(doc)


def parse_published(value: str | date | None) -> date | None:
    """An ISO date (``YYYY-MM-DD``, time part ignored) or None."""
    from rasad.errors import DateError

    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError as exc:
        raise DateError(f"bad published date {value!r}: expected YYYY-MM-DD") from exc
