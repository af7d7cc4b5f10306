"""Sources: who the text says reported an event, in English (codebook 7)."""

from __future__ import annotations

from dataclasses import dataclass

from rasad.mentions.analysis import Analysis
from rasad.model import Span


@dataclass(frozen=True, slots=True)
class SourceMention:
    name: str
    span: Span
    sentence: int
    first: int


def find_sources(an: Analysis) -> list[SourceMention]:
    """Every source alias in the text, with its sentence."""
    return [
        SourceMention(h.entry.attr("name_en"), an.span(h), an.sent_of(h), h.first)
        for h in sorted(an.family("source"), key=lambda h: h.first)
    ]
