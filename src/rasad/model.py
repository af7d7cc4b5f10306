"""The one data model that flows through every stage of rasad.

Every record is a frozen dataclass; collections are tuples. Offsets in every
``Span`` count characters of ``Document.text`` (the cleaned text), never of a
normalised view, so evidence can always be cut back out of the article.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` in ``Document.text``."""

    start: int
    end: int

    def as_list(self) -> list[int]:
        return [self.start, self.end]

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Document:
    """One article: the text offsets refer to, and what is known about it."""

    doc_id: str
    text: str
    published: date | None = None
    source: str | None = None
    url: str | None = None
    meta: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A lexicon or gazetteer hit: what kind, where, and which entry.

    ``canonical`` is the id of the lexicon row (or gazetteer entry) it matched;
    ``attrs`` carries the row's fields the later stages need.
    """

    kind: str
    span: Span
    surface: str
    canonical: str
    attrs: tuple[tuple[str, str], ...] = ()

    def attr(self, key: str, default: str = "") -> str:
        return attr_of(self.attrs, key, default)


def attr_of(attrs: tuple[tuple[str, str], ...], key: str, default: str = "") -> str:
    """Value of ``key`` in a tuple of pairs (records keep attrs as tuples to stay hashable)."""
    for k, v in attrs:
        if k == key:
            return v
    return default


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as the codebook writes it (section 4)."""

    name: str
    type: str
    country: str | None = None

    def to_record(self) -> dict[str, str | None]:
        return {"name": self.name, "type": self.type, "country": self.country}

    @classmethod
    def from_record(cls, rec: Mapping[str, str | None] | None) -> "Actor | None":
        if not rec:
            return None
        return cls(str(rec.get("name") or ""), str(rec.get("type") or ""), rec.get("country"))


@dataclass(frozen=True, slots=True)
class Location:
    """A resolved place (codebook section 5). ``gazetteer_id`` is internal."""

    name: str
    name_en: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int
    gazetteer_id: str | None = None

    def to_record(self) -> dict[str, object]:
        return {
            "name": self.name,
            "name_en": self.name_en,
            "country": self.country,
            "admin1": self.admin1,
            "lat": None if self.lat is None else round(self.lat, 5),
            "lon": None if self.lon is None else round(self.lon, 5),
            "geo_precision": self.geo_precision,
        }

    @classmethod
    def from_record(cls, rec: Mapping[str, object] | None) -> "Location | None":
        if not rec:
            return None
        lat, lon = rec.get("lat"), rec.get("lon")
        return cls(
            name=str(rec.get("name") or ""),
            name_en=_opt_str(rec.get("name_en")),
            country=_opt_str(rec.get("country")),
            admin1=_opt_str(rec.get("admin1")),
            lat=float(lat) if isinstance(lat, (int, float)) else None,
            lon=float(lon) if isinstance(lon, (int, float)) else None,
            geo_precision=int(rec.get("geo_precision") or 1),  # type: ignore[call-overload]
        )


def _opt_str(v: object) -> str | None:
    return None if v is None else str(v)


@dataclass(frozen=True, slots=True)
class Trace:
    """Where each filled field came from: field name -> span of its words."""

    fields: tuple[tuple[str, Span], ...] = ()

    def to_record(self) -> dict[str, list[int]]:
        return {name: span.as_list() for name, span in self.fields}


def _attribution(sources: tuple[str, ...], evidence: str, spans: tuple[Span, ...], trace: Trace,
                 confidence: float) -> dict[str, object]:
    """The fields every record shares: who said it, where in the text, how sure."""
    return {
        "sources": list(sources),
        "evidence": evidence,
        "spans": [s.as_list() for s in spans],
        "trace": trace.to_record(),
        "confidence": round(confidence, 3),
    }


@dataclass(frozen=True, slots=True)
class Event:
    """One event (codebook section 1): one type, place, day and actor pair."""

    event_type: str
    sub_event_type: str
    date: date | None
    date_precision: str | None
    actor1: Actor | None
    actor2: Actor | None
    location: Location | None
    fatalities: int | None
    sources: tuple[str, ...]
    evidence: str
    spans: tuple[Span, ...]
    assoc_actor1: tuple[Actor, ...] = ()
    assoc_actor2: tuple[Actor, ...] = ()
    trace: Trace = field(default_factory=Trace)
    confidence: float = 0.5

    def to_record(self) -> dict[str, object]:
        return {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "actor1": self.actor1.to_record() if self.actor1 else None,
            "assoc_actor1": [a.to_record() for a in self.assoc_actor1],
            "actor2": self.actor2.to_record() if self.actor2 else None,
            "assoc_actor2": [a.to_record() for a in self.assoc_actor2],
            "location": self.location.to_record() if self.location else None,
            "fatalities": self.fatalities,
            **_attribution(self.sources, self.evidence, self.spans, self.trace, self.confidence),
        }


@dataclass(frozen=True, slots=True)
class Interaction:
    """A political interaction (codebook section 3, PLOVER types)."""

    interaction_type: str
    date: date | None
    date_precision: str | None
    actor1: Actor
    actor2: Actor
    sources: tuple[str, ...]
    evidence: str
    spans: tuple[Span, ...]
    trace: Trace = field(default_factory=Trace)
    confidence: float = 0.5

    def to_record(self) -> dict[str, object]:
        return {
            "interaction_type": self.interaction_type,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "actor1": self.actor1.to_record(),
            "actor2": self.actor2.to_record(),
            **_attribution(self.sources, self.evidence, self.spans, self.trace, self.confidence),
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a document could not be (fully) processed; recorded, never raised."""

    doc_id: str
    stage: str
    code: str
    message: str

    def to_record(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "stage": self.stage, "code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class Result:
    """Everything rasad says about one document: the codebook record plus problems."""

    doc_id: str
    published: date | None
    events: tuple[Event, ...] = ()
    interactions: tuple[Interaction, ...] = ()
    problems: tuple[Problem, ...] = ()

    def to_record(self) -> dict[str, object]:
        rec: dict[str, object] = {
            "doc_id": self.doc_id,
            "published": self.published.isoformat() if self.published else None,
            "events": [e.to_record() for e in self.events],
            "interactions": [i.to_record() for i in self.interactions],
        }
        if self.problems:
            rec["problems"] = [p.to_record() for p in self.problems]
        return rec
