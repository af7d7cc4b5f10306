"""Date expressions resolved against the publication date (codebook section 6).

Every candidate is found on tokens of the normalised view, then the
candidates are reconciled in one place:

- relative words (اليوم، أمس، أول من أمس …) and counted offsets ("منذ 3 أيام",
  "قبل يومين") are offsets from publication;
- a weekday is the most recent such day on or before publication (strictly
  before with الماضي); with المقبل/القادم it is coming, so not an event date;
- explicit dates: "23 آذار/مارس 2016", "الثالث والعشرين من مارس", "23-3-2016",
  "2016/3/23", "23 من الشهر الجاري", Hijri "25 رجب 1436" (Umm al-Qura, via
  hijridate); a range "بين 3 و5 مايو" gives its first day; a month alone
  ("في مايو الماضي") has precision ``month``;
- a weekday beside a relative or explicit date names the same day: one
  mention, and the relative/explicit value wins ("أمس الثلاثاء");
- غداة X is the day after X, عشية X the day before;
- a date right after منذ/حتى opens a range and is dropped; so is any date
  after publication. A day and month without a year that would fall within a
  month after publication is read as coming (dropped), otherwise as last year.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from hijridate import Gregorian, Hijri

from rasad.lexicon.load import read_yaml
from rasad.lexicon.matcher import Hit
from rasad.mentions.analysis import Analysis
from rasad.model import Span
from rasad.text.normalize import normalize
from rasad.text.tokenize import BREAK, Token, text_rules

_DIGIT_TOKEN = re.compile(r"^(?:[وفبل]{1,2})?(\d{1,4})(?:م|ه)?$")
_D = r"[0-9\u0660-\u0669\u06F0-\u06F9]"
_NUMERIC = re.compile(rf"(?<!{_D})({_D}{{1,4}})\s?([-/.])\s?({_D}{{1,2}})\s?\2\s?({_D}{{1,4}})(?!{_D})")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_CLITICS = ("و", "ف", "ب", "ل", "وب", "فب", "ول", "فل")
_CLITIC_FIRST = frozenset(c[0] for c in _CLITICS)
HIJRI_YEARS = (1343, 1500)  # what hijridate converts
NEAR_FUTURE = 31  # days: an unyeared date this close after publication is coming
SINCE_REACH = 10  # "منذ بدء العدوان الإسرائيلي يوم الأربعاء": how far a since-phrase reaches
MONTH_DAYS = 28  # a counted offset this long ("قبل شهرين") dates only to the month


@dataclass(frozen=True, slots=True)
class DateMention:
    """A resolved date and the words it came from (tokens ``first``..``last``)."""

    value: date
    precision: str  # "day", "week" or "month"
    span: Span
    first: int
    last: int
    kind: str = "explicit"  # "explicit", "relative", "weekday", "week" or "month"


@dataclass(frozen=True, slots=True)
class _Cand:
    value: date | None  # None: coming, not an event date
    precision: str
    first: int
    last: int
    kind: str
    rank: int  # which of two overlapping candidates wins


@dataclass(frozen=True, slots=True)
class _Words:
    """Word lists from relative_dates.yaml and months.yaml, normalised."""

    since: frozenset[str]
    ago: frozenset[str]
    units: dict[str, int]
    unit_duals: dict[str, int]
    shifts: dict[str, int]
    parts: frozenset[str]
    links: frozenset[str]
    not_today: frozenset[str]
    future: frozenset[str]
    past: frozenset[str]
    rel_months: dict[tuple[str, ...], int]
    needs_day: frozenset[str]
    month_context: frozenset[str]
    year_words: frozenset[str]
    range_links: frozenset[str]
    period_starts: frozenset[str]


@cache
def _words() -> _Words:
    rel, mon = read_yaml("relative_dates.yaml"), read_yaml("months.yaml")

    def s(xs: list[str]) -> frozenset[str]:
        return frozenset(normalize(x) for x in xs)

    def m(d: dict[str, int]) -> dict[str, int]:
        return {normalize(k): int(v) for k, v in d.items()}

    return _Words(
        s(rel["since_words"]), s(rel["ago_words"]), m(rel["counted_units"]), m(rel["unit_duals"]),
        m(rel["shifts"]), s(rel["day_parts"]), s(rel["links"]), s(rel["not_today"]),
        s(rel["future_markers"]), s(rel["past_markers"]),
        {tuple(normalize(k).split()): int(v) for k, v in rel["relative_months"].items()},
        s(mon["needs_day"]), s(mon["month_context"]), s(mon["year_words"]), s(mon["range_links"]),
        s(text_rules()["period_starts"]),  # type: ignore[arg-type]
    )


def _is(word: str, words: frozenset[str] | dict[str, int]) -> bool:
    """``word`` is in ``words``, possibly behind a clitic (و، ف، ب، ل)."""
    return _bare(word, words) is not None


def _bare(word: str, words: frozenset[str] | dict[str, int]) -> str | None:
    if word in words:
        return word
    if word[:1] not in _CLITIC_FIRST:
        return None
    for c in _CLITICS:
        if word.startswith(c) and word[len(c):] in words:
            return word[len(c):]
    return None


def _day_number(word: str) -> int | None:
    m = _DIGIT_TOKEN.match(word)
    return int(m.group(1)) if m and 1 <= int(m.group(1)) <= 31 and not word.endswith(("م", "ه")) else None


def _shift_months(d: date, months: int) -> date:
    k = d.year * 12 + d.month - 1 + months
    return date(k // 12, k % 12 + 1, 1)


def _hijri(y: int, m: int, d: int) -> date | None:
    try:
        return Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _gregorian(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(an: Analysis) -> list[DateMention]:
    """All date expressions that resolve to a day, week or month not after publication."""
    pub, w, toks = an.doc.published, _words(), an.view.tokens
    cands = _month_names(an, pub, w) + _numeric(an) + _month_relative(an, pub, w)
    if pub is not None:
        cands += _relative(an, pub, w) + _weekdays(an, pub, w)
    cands = _merge_pairs(an, _drop_overlaps(_drop_inside_names(an, cands)), w)
    out: list[DateMention] = []
    for c in cands:
        c = _shifted(an, _with_parts(an, c, w), w)
        if c.value is None or (pub is not None and c.value > pub):
            continue
        if c.kind != "ago" and _opens_range(toks, c.first, w):
            continue  # "منذ أبريل"، "منذ بدء العدوان يوم الأربعاء": a range opens there, the event is not dated by it
        kind = "relative" if c.kind == "ago" else c.kind
        out.append(DateMention(c.value, c.precision, an.view.token_span(c.first, c.last), c.first, c.last, kind))
    out.sort(key=lambda d: d.first)
    return out


def _opens_range(toks: list[Token], first: int, w: _Words) -> bool:
    """A date right after a "since" word, or after "since the start of X"."""
    if first > 0 and _is(toks[first - 1].norm, w.since):
        return True
    back = [toks[k].norm for k in range(max(0, first - SINCE_REACH), first)]
    return any(_is(a, w.since) and b in w.period_starts for a, b in zip(back, back[1:]))


# --- explicit dates ---------------------------------------------------------------------------


def _year_after(an: Analysis, last: int, w: _Words, hijri: bool) -> tuple[int, int] | None:
    """A year after a month name ("2016", "2016م", "من عام 2016", "1436 هـ"): (year, last token)."""
    toks = an.view.tokens
    k = last + 1
    while k < len(toks) and k - last <= 3 and toks[k].norm in w.year_words:
        k += 1
    if k >= len(toks):
        return None
    m = _DIGIT_TOKEN.match(toks[k].norm)
    if not m or len(m.group(1)) != 4 or toks[k].norm[0] in "وفبل":
        return None
    y = int(m.group(1))
    lo, hi = HIJRI_YEARS if hijri else (1900, 2100)
    if not lo <= y <= hi:
        return None
    if k + 1 < len(toks) and toks[k + 1].norm in ("م", "ه"):
        k += 1
    return y, k


def _day_before(an: Analysis, first: int, ordinals: dict[int, tuple[int, int]], w: _Words) -> tuple[int, int] | None:
    """The day written before a month name: "23 مارس", "23 من مارس", "الثالث والعشرين من مارس"."""
    toks = an.view.tokens
    k = first - 1
    if k >= 0 and toks[k].norm == "من":
        k -= 1
    if k < 0 or _broken(an, k, first):
        return None
    day = _day_number(toks[k].norm)
    if day is not None:
        return _range_start(an, k, day, w)
    if k in ordinals:
        return ordinals[k]
    return None


def _range_start(an: Analysis, k: int, day: int, w: _Words) -> tuple[int, int]:
    """A range "بين 3 و5 مايو" / "من 3 إلى 5 مايو" / "3-5 مايو" starts on its first day."""
    toks = an.view.tokens
    j = k - 1
    if toks[k].norm.startswith("و"):
        j = k - 1
    elif j >= 0 and toks[j].norm in w.range_links:
        j -= 1
    elif not (j >= 0 and an.doc.text[toks[j].end : toks[k].start].strip() == "-"):
        return day, k
    if j >= 0 and (d0 := _day_number(toks[j].norm)) is not None and d0 <= day and not toks[j].norm.startswith("و"):
        return d0, j
    return day, k


def _broken(an: Analysis, i: int, j: int) -> bool:
    """A clause break stands between tokens ``i`` < ``j``."""
    joined, toks = an.view.joined, an.view.tokens
    return BREAK in joined[toks[i].jstart : toks[j].jstart] and (
        an.doc.text[toks[i].end : toks[j].start].strip() not in ("-", "/"))


def _month_names(an: Analysis, pub: date | None, w: _Words) -> list[_Cand]:
    toks = an.view.tokens
    ordinals = {h.last: (int(h.entry.attr("value")), h.first) for h in an.family("ordinal")}
    hits = sorted(an.family("month") + an.family("hijri_month"), key=lambda h: h.first)
    out: list[_Cand] = []
    taken = -1
    for h in hits:
        if h.first <= taken:
            continue  # the second name of "آذار/مارس"
        hijri, month = h.entry.family == "hijri_month", int(h.entry.attr("value"))
        last = taken = _second_name(an, h, hits)
        day = _day_before(an, h.first, ordinals, w)
        year = _year_after(an, last, w, hijri)
        if year:
            last = year[1]
        marker = toks[last + 1].norm if last + 1 < len(toks) else ""
        ambiguous = normalize(h.entry.form) in w.needs_day
        if day is None and year is None and (hijri or ambiguous and marker not in w.past):
            continue
        if day is None and year is None and marker not in w.past and not (
                h.first > 0 and _is(toks[h.first - 1].norm, w.month_context)):
            continue
        if marker in w.future or marker in w.past:
            last += 1
        first = day[1] if day else h.first
        ok, value = _resolve(pub, hijri, month, day[0] if day else None, year[0] if year else None, marker, w)
        if ok:
            out.append(_Cand(value, "day" if day else "month", first, last, "explicit" if day else "month", 3))
    return out


def _second_name(an: Analysis, h: Hit, hits: list[Hit]) -> int:
    """Last token of a month name and its other-series twin ("آذار/مارس", "آذار (مارس)")."""
    for h2 in hits:
        if h2.first == h.last + 1 and h2.entry.attr("value") == h.entry.attr("value") \
                and not _broken(an, h.last, h2.first):
            return h2.last
    return h.last


def _resolve(pub: date | None, hijri: bool, month: int, day: int | None, year: int | None,
             marker: str, w: _Words) -> tuple[bool, date | None]:
    """Whether a month name with its day and year resolves, and to what (None: coming)."""
    conv = _hijri if hijri else _gregorian
    if marker in w.future:
        return True, None
    if year is not None:
        value = conv(year, month, day or 1)
        return value is not None, value
    if pub is None:
        return False, None
    try:
        y = Gregorian(pub.year, pub.month, pub.day).to_hijri().year if hijri else pub.year
    except (ValueError, OverflowError):
        return False, None
    value = conv(y, month, day or 1)
    if value is None:
        return False, None
    if value <= pub and not (marker in w.past and day is None and value.month == pub.month):
        return True, value
    if day is not None and marker not in w.past and (value - pub).days <= NEAR_FUTURE:
        return True, None
    value = conv(y - 1, month, day or 1)
    return value is not None, value


def _numeric(an: Analysis) -> list[_Cand]:
    """"23-3-2016", "2016/3/23", "25/7/1436" (Hijri by its year)."""
    out: list[_Cand] = []
    starts = [t.start for t in an.view.tokens]
    for m in _NUMERIC.finditer(an.doc.text):
        a, _, b, c = m.groups()
        x, mo, z = int(a.translate(_DIGITS)), int(b.translate(_DIGITS)), int(c.translate(_DIGITS))
        y, d = (x, z) if len(a) == 4 else (z, x)
        if len(a) != 4 and len(c) != 4:
            continue
        value = _hijri(y, mo, d) if HIJRI_YEARS[0] <= y <= HIJRI_YEARS[1] else (
            _gregorian(y, mo, d) if 1900 <= y <= 2100 else None)
        if value is None:
            continue
        first, last = bisect_right(starts, m.start()) - 1, bisect_right(starts, m.end() - 1) - 1
        out.append(_Cand(value, "day", first, last, "explicit", 3))
    return out


def _month_relative(an: Analysis, pub: date | None, w: _Words) -> list[_Cand]:
    """"يوم 23 من الشهر الجاري", "في 5 من الشهر الماضي", "الشهر الماضي" (month precision)."""
    if pub is None:
        return []
    toks, out = an.view.tokens, []
    ordinals = {h.last: (int(h.entry.attr("value")), h.first) for h in an.family("ordinal")}
    heads = frozenset(words[0] for words in w.rel_months)
    for i in range(len(toks)):
        head = _bare(toks[i].norm, heads)
        if head is None:
            continue
        for words, offset in w.rel_months.items():
            n = len(words)
            if i + n > len(toks) or words[0] != head:
                continue
            if tuple(t.norm for t in toks[i + 1 : i + n]) != words[1:]:
                continue
            month = _shift_months(pub, offset)
            day = _day_before(an, i, ordinals, w)
            if day is not None:
                value = _gregorian(month.year, month.month, day[0])
                if value is not None:
                    out.append(_Cand(value, "day", day[1], i + n - 1, "explicit", 3))
            elif offset < 0:
                out.append(_Cand(month, "month", i, i + n - 1, "month", 1))
    return out


# --- relative dates ---------------------------------------------------------------------------


def _relative(an: Analysis, pub: date, w: _Words) -> list[_Cand]:
    toks, out = an.view.tokens, []
    for h in an.family("reldate"):
        if h.last + 1 < len(toks) and toks[h.last + 1].norm in w.not_today and h.entry.form.endswith("اليوم"):
            continue  # "اليوم التالي" is not the publication day
        out.append(_Cand(pub + timedelta(days=int(h.entry.attr("value"))), "day", h.first, h.last, "relative", 2))
    for h in an.family("relweek"):
        out.append(_Cand(pub + timedelta(days=int(h.entry.attr("value"))), "week", h.first, h.last, "week", 1))
    numbers = {h.first: h for h in an.family("number") if h.entry.attr("dual") != "1"}
    for i, tok in enumerate(toks[:-1]):
        if not _is(tok.norm, w.ago):
            continue
        back, precision, last = _counted(an, i + 1, numbers, w)
        if back and not (last + 1 < len(toks) and toks[last + 1].norm == "من"):  # "قبل 3 أيام من الانتخابات"
            out.append(_Cand(pub - timedelta(days=back), precision, i, last, "ago", 2))
    return out


def _counted(an: Analysis, k: int, numbers: dict[int, Hit], w: _Words) -> tuple[int, str, int]:
    """Days back of "3 أيام", "ثلاثة أيام", "يومين", "أسبوعين" starting at token ``k``."""
    toks = an.view.tokens
    word = toks[k].norm
    if word in w.unit_duals:
        days = w.unit_duals[word]
        return days, _unit_precision(days), k
    m = _DIGIT_TOKEN.match(word)
    hit = numbers.get(k)
    if m and word.isdigit():
        n, last = int(m.group(1)), k
    elif hit is not None:
        n, last = int(hit.entry.attr("value")), hit.last
    else:
        return 0, "", k
    if last + 1 < len(toks) and toks[last + 1].norm in w.units:
        unit = w.units[toks[last + 1].norm]
        return n * unit, _unit_precision(unit), last + 1
    return 0, "", k


def _unit_precision(days: int) -> str:
    """Days count to the day, weeks to the week, months and years to the month."""
    return "month" if days >= MONTH_DAYS else ("week" if days % 7 == 0 else "day")


def _weekdays(an: Analysis, pub: date, w: _Words) -> list[_Cand]:
    toks, out = an.view.tokens, []
    for h in an.family("weekday"):
        marker = toks[h.last + 1].norm if h.last + 1 < len(toks) else ""
        back = (pub.weekday() - int(h.entry.attr("value"))) % 7
        if marker in w.future:
            out.append(_Cand(None, "day", h.first, h.last + 1, "weekday", 1))
            continue
        if marker in w.past:
            back = back or 7
        out.append(_Cand(pub - timedelta(days=back), "day", h.first, h.last + (marker in w.past), "weekday", 1))
    return out


# --- reconciling candidates -------------------------------------------------------------------


def _drop_inside_names(an: Analysis, cands: list[_Cand]) -> list[_Cand]:
    """"بغداد اليوم" is an outlet, not a date."""
    names = [(h.first, h.last) for h in an.family("source") if h.last > h.first and h.entry.attr("name_en")]
    return [c for c in cands if not any(a <= c.first and c.last <= b for a, b in names)]


def _drop_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """Of overlapping candidates keep the higher rank, then the longer."""
    order = sorted(cands, key=lambda c: (-c.rank, -(c.last - c.first), c.first))
    kept: list[_Cand] = []
    taken: set[int] = set()  # tokens of kept candidates: linear in long texts
    for c in order:
        toks = range(c.first, c.last + 1)
        if taken.isdisjoint(toks):
            kept.append(c)
            taken.update(toks)
    return sorted(kept, key=lambda c: c.first)


def _merge_pairs(an: Analysis, cands: list[_Cand], w: _Words) -> list[_Cand]:
    """A weekday beside another day expression names the same day: one candidate,
    whose value is the other's ("أمس الثلاثاء", "الخميس 23 مارس")."""
    out: list[_Cand] = []
    toks = an.view.tokens
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and "weekday" in (prev.kind, c.kind) and prev.precision == c.precision == "day":
            gap = [t.norm for t in toks[prev.last + 1 : c.first]]
            joined = toks[c.first].norm.startswith("و")  # "الأحد والاثنين": two days
            if len(gap) <= 1 and all(g in w.links or g in w.parts for g in gap) and not joined:
                best = prev if prev.rank >= c.rank else c
                value = None if None in (prev.value, c.value) else best.value
                out[-1] = _Cand(value, "day", prev.first, c.last, best.kind, best.rank)
                continue
        out.append(c)
    return out


def _with_parts(an: Analysis, c: _Cand, w: _Words) -> _Cand:
    """Take in the part of day written before it ("مساء الأحد", "فجر يوم 23 مارس")."""
    toks = an.view.tokens
    first = c.first
    while first > 0 and c.kind in ("weekday", "explicit") and _is(toks[first - 1].norm, w.parts) \
            and not _broken(an, first - 1, first):
        first -= 1
    return _Cand(c.value, c.precision, first, c.last, c.kind, c.rank) if first != c.first else c


def _shifted(an: Analysis, c: _Cand, w: _Words) -> _Cand:
    """غداة X = the day after X; عشية X = the day before X."""
    toks = an.view.tokens
    if c.first == 0 or c.precision != "day":
        return c
    word = _bare(toks[c.first - 1].norm, w.shifts)
    if word is None:
        return c
    value = c.value + timedelta(days=w.shifts[word]) if c.value else None
    return _Cand(value, c.precision, c.first - 1, c.last, c.kind, c.rank)
