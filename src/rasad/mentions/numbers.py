"""Numbers (digits, number words, duals) and the death tolls they give.

Only killed counts are fatalities; a number is attached to the killed or
wounded word nearest to it, so "مقتل 3 وإصابة 7" gives 3. Number words joined
by و are summed ("ثلاثة وعشرين" = 23); "العشرات" = 10 per ACLED.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasad.lexicon.matcher import Hit
from rasad.mentions.analysis import Analysis
from rasad.model import Span

WINDOW = 4
KILLED_DUALS = ("قتيل", "شهيد")


@dataclass(frozen=True, slots=True)
class NumberMention:
    value: int
    first: int
    last: int
    dual: bool = False


@dataclass(frozen=True, slots=True)
class Toll:
    """A count of killed people stated in one sentence, or an explicit zero."""

    value: int
    sentence: int
    span: Span
    first: int


def find_numbers(an: Analysis) -> list[NumberMention]:
    out: list[NumberMention] = []
    words = sorted(an.family("number"), key=lambda h: h.first)
    for i, tok in enumerate(an.view.tokens):
        if tok.norm.isdigit() and len(tok.norm) <= 5:
            out.append(NumberMention(int(tok.norm), i, i))
    merged: list[NumberMention] = []
    for h in words:
        val = int(h.entry.attr("value"))
        dual = h.entry.attr("dual") == "1"
        prev = merged[-1] if merged else None
        if prev and not dual and not prev.dual and h.first == prev.last + 1 and an.prefix(h) == "و":
            merged[-1] = NumberMention(prev.value + val, prev.first, h.last)
        else:
            merged.append(NumberMention(val, h.first, h.last, dual))
    out += merged
    out.sort(key=lambda n: n.first)
    return out


def find_tolls(an: Analysis, numbers: list[NumberMention]) -> list[Toll]:
    """Killed counts: each killed word takes the nearest number not closer to a wounded word."""
    cas = sorted(an.family("casualty"), key=lambda h: h.first)
    killed: dict[int, list[Hit]] = {}
    wounded: dict[int, list[Hit]] = {}
    for h in cas:
        kind = h.entry.attr("kind")
        if kind in ("killed", "wounded"):
            (killed if kind == "killed" else wounded).setdefault(an.sent_of(h), []).append(h)
    killed_at = {h.first for hs in killed.values() for h in hs}
    out: list[Toll] = []
    for h in cas:
        if h.entry.attr("kind") == "none":
            out.append(Toll(0, an.sent_of(h), an.span(h), h.first))
    for n in numbers:
        s = an.tok_sent[n.first]
        if n.dual:
            word = an.view.tokens[n.first].norm
            if n.first in killed_at or word.startswith(KILLED_DUALS) or _nearest(an, n, killed.get(s, []), WINDOW):
                out.append(Toll(2, an.tok_sent[n.first], an.view.token_span(n.first, n.last), n.first))
            continue
        k = _nearest(an, n, killed.get(s, []), WINDOW)
        w = _nearest(an, n, wounded.get(s, []), WINDOW)
        if k is None or (w is not None and _dist(w, n) < _dist(k, n)):
            continue
        out.append(Toll(n.value, an.tok_sent[n.first], an.view.token_span(min(n.first, k.first), max(n.last, k.last)), n.first))
    return out


def _dist(h: Hit, n: NumberMention) -> int:
    return min(abs(h.first - n.last), abs(n.first - h.last))


def _nearest(an: Analysis, n: NumberMention, hits: list[Hit], window: int) -> Hit | None:
    best: Hit | None = None
    for h in hits:
        if an.tok_sent[h.first] != an.tok_sent[n.first]:
            continue
        d = _dist(h, n)
        if d <= window and (best is None or d < _dist(best, n)):
            best = h
    return best
