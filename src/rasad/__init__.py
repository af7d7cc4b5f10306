"""rasad: reads Arabic news and writes down what happened.

Public API: ``extract(text, published=None, doc_id=None)`` returns the
codebook record (a dict) for one article; ``Pipeline`` processes many.
"""

from __future__ import annotations

from datetime import date

from rasad.model import Actor, Document, Event, Interaction, Location, Mention, Problem, Result, Span
from rasad.pipeline import Pipeline, parse_published

__version__ = "0.1.0"
__all__ = [
    "Actor", "Document", "Event", "Interaction", "Location", "Mention", "Pipeline", "Problem",
    "Result", "Span", "__version__", "extract",
]


def extract(text: str, published: str | date | None = None, doc_id: str | None = None) -> dict[str, object]:
    """Events of one Arabic article as the codebook record (section 8)."""
    doc = Document(doc_id or "doc", text, parse_published(published))
    return Pipeline.load().process(doc).to_record()
