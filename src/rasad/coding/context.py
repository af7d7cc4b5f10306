"""All mentions of one document, indexed by sentence, for the coding rules."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rasad.geo.resolve import PlaceMention
from rasad.lexicon.matcher import Hit
from rasad.lexicon.resources import Resources
from rasad.mentions.actors import ActorMention
from rasad.mentions.analysis import Analysis
from rasad.mentions.dates import DateMention
from rasad.mentions.numbers import Toll
from rasad.mentions.sources import SourceMention


@dataclass(slots=True)
class Context:
    """Mentions of a document grouped by sentence (built once, read by rules)."""

    an: Analysis
    res: Resources
    focus: str | None
    actors: list[ActorMention]
    places: list[PlaceMention]
    dates: list[DateMention]
    tolls: list[Toll]
    sources: list[SourceMention]
    by_sent: dict[str, dict[int, list[object]]] = field(default_factory=dict)
    memo: dict[str, object] = field(default_factory=dict)  # document-wide facts rules compute once

    def __post_init__(self) -> None:
        groups: dict[str, dict[int, list[object]]] = {}
        ts = self.an.tok_sent
        for name, items, key in (
            ("actors", self.actors, lambda m: m.first),
            ("places", self.places, lambda m: m.hit.first),
            ("dates", self.dates, lambda m: m.first),
            ("tolls", self.tolls, lambda m: m.first),
            ("sources", self.sources, lambda m: m.first),
        ):
            g: dict[int, list[object]] = defaultdict(list)
            for it in items:
                g[ts[key(it)]].append(it)  # type: ignore[no-untyped-call]
            groups[name] = g
        hits: dict[str, dict[int, list[object]]] = {}
        for h in self.an.hits:
            hits.setdefault(h.entry.family, defaultdict(list))[ts[h.first]].append(h)
        groups.update(hits)
        self.by_sent = groups

    def in_sent(self, name: str, s: int) -> list:  # type: ignore[type-arg]
        return self.by_sent.get(name, {}).get(s, [])

    def hits_in(self, family: str, s: int) -> list[Hit]:
        return self.in_sent(family, s)

    def paragraph(self, s: int) -> int:
        return self.an.sentences[s].paragraph
