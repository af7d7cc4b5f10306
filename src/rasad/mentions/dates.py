"""Date expressions resolved against the publication date (codebook section 6).

Relative words (اليوم، أمس، أول من أمس …), weekdays (the most recent such day
on or before publication, unless marked as coming), week expressions, and
explicit dates ("23 آذار 2016", "23-3-2016"). A date after publication is
dropped unless the text marks it as coming, in which case it is not an event
date at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from rasad.lexicon.matcher import Hit
from rasad.mentions.analysis import Analysis
from rasad.model import Span

_NUMERIC = re.compile(r"\b(\d{1,4})\s?[-/.]\s?(\d{1,2})\s?[-/.]\s?(\d{1,4})\b")
_GHADAT = "غداه"
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)م?$")
_SINCE = {"منذ", "حتي"}  # "since April" opens a range; it does not date the event


@dataclass(frozen=True, slots=True)
class DateMention:
    """A resolved date and the words it came from."""

    value: date
    precision: str  # "day", "week" or "month"
    span: Span
    first: int
    last: int


def _year_near(an: Analysis, last: int) -> int | None:
    """A four-digit year right after a month name ("2016", "2016م")."""
    toks = an.view.tokens
    if last + 1 < len(toks):
        m = _YEAR.match(toks[last + 1].norm)
        if m:
            return int(m.group(1))
    return None


def _day_before(an: Analysis, first: int, ordinals: dict[int, Hit]) -> tuple[int, int] | None:
    toks = an.view.tokens
    if first > 0 and toks[first - 1].norm.isdigit() and 1 <= int(toks[first - 1].norm) <= 31:
        return int(toks[first - 1].norm), first - 1
    # "الثالث والعشرين من مارس"
    k = first - 1
    if k >= 0 and toks[k].norm == "من":
        k -= 1
    hit = ordinals.get(k)
    if hit is not None:
        return int(hit.entry.attr("value")), hit.first
    return None


def _explicit(an: Analysis, pub: date | None) -> list[DateMention]:
    out: list[DateMention] = []
    ordinals = {h.last: h for h in an.family("ordinal")}
    months = {h.first: h for h in an.family("month")}
    for h in an.family("month"):
        month = int(h.entry.attr("value"))
        last = h.last
        # "آذار/مارس": skip a second month name of the same value
        nxt = [m for k in (last + 1, last + 2) if (m := months.get(k)) and m.entry.attr("value") == str(month)]
        if nxt:
            last = nxt[0].last
        year = _year_near(an, last)
        if year:
            last += 1
        elif pub:
            year = pub.year if month <= pub.month else pub.year - 1
        if not year:
            continue
        day = _day_before(an, h.first, ordinals)
        first = day[1] if day else h.first
        try:
            value = date(year, month, day[0]) if day else date(year, month, 1)
        except ValueError:
            continue
        out.append(DateMention(value, "day" if day else "month", an.view.token_span(first, last), first, last))
    for m in _NUMERIC.finditer(an.view.joined):
        a, b, c = (int(x) for x in m.groups())
        y, mo, d = (a, b, c) if a > 31 else (c, b, a)
        if y < 1900 or y > 2100:
            continue
        try:
            value = date(y, mo, d)
        except ValueError:
            continue
        first, last = an.view.token_at(m.start()), an.view.token_at(m.end() - 1)
        out.append(DateMention(value, "day", an.view.token_span(first, last), first, last))
    return out


def find_dates(an: Analysis) -> list[DateMention]:
    """All date expressions that resolve to a day, week or month not after publication."""
    pub = an.doc.published
    out: list[DateMention] = _explicit(an, pub)
    if pub is not None:
        out += _relative(an, pub)
    toks = an.view.tokens
    out = [d for d in out if (pub is None or d.value <= pub) and not (d.first > 0 and toks[d.first - 1].norm in _SINCE)]
    out.sort(key=lambda d: d.first)
    return out


def _relative(an: Analysis, pub: date) -> list[DateMention]:
    out: list[DateMention] = []
    toks = an.view.tokens
    markers = {h.first: h.entry.attr("value") for h in an.family("date_marker")}
    rel_tokens: set[int] = set()
    for h in an.family("reldate"):
        value = pub + timedelta(days=int(h.entry.attr("value")))
        first = h.first
        if first > 0 and toks[first - 1].norm == _GHADAT:
            value += timedelta(days=1)
            first -= 1
        out.append(DateMention(value, "day", an.view.token_span(first, h.last), first, h.last))
        rel_tokens.update(range(h.first, h.last + 2))
    for h in an.family("relweek"):
        value = pub + timedelta(days=int(h.entry.attr("value")))
        out.append(DateMention(value, "week", an.span(h), h.first, h.last))
    for h in an.family("weekday"):
        if h.first in rel_tokens and any(d.last == h.first - 1 for d in out):
            continue  # "أمس الثلاثاء": the relative word already dates it
        if markers.get(h.last + 1) == "future":
            continue
        wd = int(h.entry.attr("value"))
        back = (pub.weekday() - wd) % 7
        value = pub - timedelta(days=back)
        ghada = h.first > 0 and toks[h.first - 1].norm == _GHADAT
        first = h.first - 1 if ghada else h.first
        if ghada:
            value += timedelta(days=1)
        out.append(DateMention(value, "day", an.view.token_span(first, h.last), first, h.last))
    return out
