"""Sources: who the text says reported an event, in English (codebook 7).

A source name counts for its sentence only when the sentence attributes
something to it (a bare mention, "قصفت الطائرات مركز الدفاع المدني", is not a
source):

- after a reporting cue (قال، أفاد، ذكر، أكد، أعلن، نقل، بحسب، وفقاً لـ،
  نقلاً عن …, rows of kind ``cue`` in sources.tsv), within the speaker phrase
  that runs until إن/أن, so "قال مدير المرصد السوري رامي عبد الرحمن لفرانس
  برس إن" gives both SOHR and AFP;
- right before a cue ("المرصد السوري قال", "وكالة سانا ذكرت");
- before a colon at the start of a sentence (a title "المرصد: …").

A sentence that opens with a continuation verb (وأضاف، وتابع …, kind
``continue``) and names no speaker of its own goes on quoting the previous
sentence of its paragraph: it inherits that sentence's sources.

``find_sources`` returns, per sentence, the sources in effect there:
``sentence`` is the sentence they apply to and ``first`` a token of it;
``span`` points at the words they came from, which for an inherited source lie
in an earlier sentence (``inherited`` is then true).
"""

from __future__ import annotations

from dataclasses import dataclass

from rasad.lexicon.matcher import Hit
from rasad.mentions.analysis import Analysis
from rasad.model import Span
from rasad.text.normalize import normalize

SPEAKER_REACH = 10  # tokens from a cue to the end of its speaker phrase
BEFORE_CUE = 3  # tokens from a name to the cue after it
CUE_KINDS = ("cue", "continue")
_THAT = frozenset(normalize(x) for x in ("إن", "أن", "بأن", "إنه", "أنه", "بأنه", "إنها", "أنها", "بأنها",
                                         "إنهم", "أنهم", "بأنهم"))


@dataclass(frozen=True, slots=True)
class SourceMention:
    """A source in effect for ``sentence``; ``span`` is where its name was written."""

    name: str
    span: Span
    sentence: int
    first: int
    inherited: bool = False


def find_sources(an: Analysis) -> list[SourceMention]:
    """The effective sources of every sentence, in text order."""
    hits = sorted(an.family("source"), key=lambda h: h.first)
    names = [h for h in hits if h.entry.attr("kind") not in CUE_KINDS and h.entry.attr("name_en")]
    cues: dict[int, list[Hit]] = {}
    for h in hits:
        if h.entry.attr("kind") in CUE_KINDS:
            cues.setdefault(an.sent_of(h), []).append(h)
    by_sent: dict[int, list[SourceMention]] = {}
    for h in names:
        if _attributed(an, h, cues.get(an.sent_of(h), [])):
            s = an.sent_of(h)
            by_sent.setdefault(s, []).append(SourceMention(h.entry.attr("name_en"), an.span(h), s, h.first))
    out: list[SourceMention] = []
    prev: list[SourceMention] = []  # the effective sources of the sentence before
    for s, seg in enumerate(an.sentences):
        own = by_sent.get(s, [])
        opener = _continuation(an, s, cues.get(s, []))
        if opener is not None and s > 0 and an.sentences[s - 1].paragraph == seg.paragraph \
                and not any(m.first <= _phrase_end(an, opener) for m in own):
            own = [SourceMention(m.name, m.span, s, opener.first, True) for m in prev] + own
        out += own
        prev = own
    return out


def _attributed(an: Analysis, h: Hit, cues: list[Hit]) -> bool:
    """The sentence attributes something to the name ``h`` (``cues``: those of its sentence)."""
    for c in cues:
        if c.last < h.first and h.first <= _phrase_end(an, c):
            return True
        if h.last < c.first and c.first - h.last - 1 <= BEFORE_CUE and not _crosses_that(an, h.last, c.first):
            return True
    return _titled(an, h)


def _phrase_end(an: Analysis, cue: Hit) -> int:
    """Last token of the speaker phrase after ``cue``: until إن/أن, the sentence end, or the reach."""
    toks, s = an.view.tokens, an.sent_of(cue)
    k = cue.last
    while k + 1 < len(toks) and an.tok_sent[k + 1] == s and k + 1 - cue.last <= SPEAKER_REACH:
        if toks[k + 1].norm in _THAT:
            break
        k += 1
    return k


def _crosses_that(an: Analysis, i: int, j: int) -> bool:
    return any(an.view.tokens[k].norm in _THAT for k in range(i + 1, j))


def _titled(an: Analysis, h: Hit) -> bool:
    """"المرصد: مقتل 5 …": a name that opens its sentence and a colon follows."""
    seg = an.sentences[an.sent_of(h)]
    span = an.span(h)
    head = an.doc.text[seg.span.start : span.start].strip()
    return len(head.split()) <= 1 and an.doc.text[span.end : span.end + 2].strip().startswith(":")


def _continuation(an: Analysis, s: int, cues: list[Hit]) -> Hit | None:
    """The continuation verb ("وأضاف"، "وتابع") that opens sentence ``s``, if any."""
    seg = an.sentences[s]
    for c in cues:
        if c.entry.attr("kind") == "continue":
            before = an.doc.text[seg.span.start : an.view.tokens[c.first].start]
            if not any(ch.isalpha() for ch in before):
                return c
    return None
