"""Numbers (digits in both digit sets, number words, duals) and the death tolls they give.

A number belongs to one casualty word of its sentence (its *owner*):

1. a counted noun right after it ("5 قتلى", "عشرين جريحاً");
2. else the nearest casualty word before it ("مقتل 5", "إصابة 7"), approximators
   not counted ("مقتل ما لا يقل عن 20");
3. else a casualty verb right after its noun ("3 جنود لقوا حتفهم").

Only numbers owned by a killed word are fatalities; a victims/toll word
(ضحايا، حصيلة) counts as killed unless its sentence speaks of wounded, and
"missing" never does. Killed numbers coordinated
by و in one statement ("مقتل 5 جنود و7 مسلحين") are summed over the sides; a
number after بينهم/منهم counts part of a toll already given and is skipped.
Ranges ("بين 5 و7", "5 إلى 7", "5-7") give the lowest number, except after a
rise ("ارتفعت الحصيلة من 5 إلى 7") where the later one is the toll. A killed
word with no number may still count: "لقي حتفه" = 1, "مقتل جندي" = 1. An
explicit "no casualties" phrase gives 0, unless the sentence gives a real toll.
A toll summed over a period ("قتل 500 شخص منذ بداية العام") is no event's toll.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rasad.lexicon.load import read_tsv, read_yaml
from rasad.lexicon.matcher import Hit
from rasad.mentions.analysis import Analysis
from rasad.model import Span
from rasad.text.normalize import normalize
from rasad.text.tokenize import BREAK

NEGATION_REACH = 8  # "لم ترد حتى الآن أي بلاغات بوقوع إصابات": negator and verb this far before
WINDOW = 4  # tokens between a casualty word and the number after it (approximators not counted)
AFTER = 2  # tokens between a number and the counted noun after it
CHAIN = 7  # tokens between two coordinated killed numbers
_DIGITS = re.compile(r"^([وفبل]{0,2})(\d{1,6})$")
_RANGE_GAPS = tuple((normalize(x),) for x in ("إلى", "حتى", "أو"))
_BETWEEN = frozenset(normalize(x) for x in ("بين", "وبين", "ما بين"))


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A count in the text: tokens ``first``..``last``; ``conj`` when joined by و."""

    value: int
    first: int
    last: int
    dual: bool = False
    conj: bool = False


@dataclass(frozen=True, slots=True)
class Toll:
    """A count of killed people, or an explicit zero, for the event of ``sentence``.

    ``span`` covers the words that state it. Mostly they stand in ``sentence``
    and ``first`` is their first token; a toll stated in a follow-up sentence
    with no event word ("… قصفت الطائرات البلدة. وقتل 5 أشخاص.") belongs to the
    sentence before: then ``first`` is that sentence's last token and ``stated``
    the sentence the words stand in (-1 when it is ``sentence``)."""

    value: int
    sentence: int
    span: Span
    first: int
    stated: int = -1


@dataclass(frozen=True, slots=True)
class _Words:
    approx: tuple[tuple[str, ...], ...]
    subset: tuple[tuple[str, ...], ...]
    not_after: tuple[tuple[str, ...], ...]
    not_before: frozenset[str]
    rise: frozenset[str]
    singulars: frozenset[str]
    aggregate: tuple[tuple[str, ...], ...]
    negators: frozenset[str]
    zero_verbs: frozenset[str]
    follows: frozenset[str]  # casualty row ids of nouns written after a count
    counts: dict[str, int]  # casualty row id -> the count the word itself carries


@cache
def _words() -> _Words:
    y = read_yaml("numbers.yaml")

    def phrases(xs: list[str]) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted({tuple(normalize(x).split()) for x in xs}, key=len, reverse=True))

    rows = read_tsv("casualty_words.tsv", ("id", "form", "kind", "follows_number", "count"))
    return _Words(
        phrases(y["approximators"]), phrases(y["subset_markers"]), phrases(y["not_counts_after"]),
        frozenset(normalize(x) for x in y["not_counts_before"]), frozenset(normalize(x) for x in y["rise_words"]),
        frozenset(normalize(x) for x in y["singulars"]), phrases(y["aggregate_markers"]),
        frozenset(normalize(x) for x in y["zero_negators"]), frozenset(normalize(x) for x in y["zero_verbs"]),
        frozenset(r["id"] for r in rows if r["follows_number"] == "1"),
        {r["id"]: int(r["count"]) for r in rows if r["count"]},
    )


def _phrase_at(an: Analysis, i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the first phrase starting at token ``i`` (its first word may carry و/ف), else 0."""
    toks = an.view.tokens
    head = toks[i].norm
    index = _by_first(phrases)
    cands = index.get(head, ()) or (index.get(head[1:], ()) if head[:1] in "وف" else ())
    for p in cands:
        if i + len(p) <= len(toks) and all(toks[i + k].norm == p[k] for k in range(1, len(p))):
            return len(p)
    return 0


@cache
def _by_first(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases by first word, in their original order (so the first match still wins)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        out.setdefault(p[0], []).append(p)
    return {k: tuple(v) for k, v in out.items()}


def _phrase_before(an: Analysis, i: int, phrases: tuple[tuple[str, ...], ...], reach: int) -> bool:
    """A phrase ends within ``reach`` tokens before token ``i``."""
    return any(0 < (n := _phrase_at(an, k, phrases)) and k + n <= i for k in range(max(0, i - reach), i))


# --- numbers ----------------------------------------------------------------------------------


def find_numbers(an: Analysis) -> list[NumberMention]:
    """Counts in the text: digits, number words (compounds summed), duals, ranges (lowest)."""
    w = _words()
    toks = an.view.tokens
    dates = {h.first for h in an.family("month")} | {h.first for h in an.family("hijri_month")}
    weekdays = {i for h in an.family("weekday") for i in range(h.first, h.last + 1)}
    raw: list[NumberMention] = []
    for i, tok in enumerate(toks):
        m = _DIGITS.match(tok.norm)
        if m and not (len(m.group(2)) == 4 and m.group(2)[:2] in ("19", "20")):
            raw.append(NumberMention(int(m.group(2)), i, i, conj=m.group(1).startswith("و")))
    raw += _number_words(an, weekdays)
    raw.sort(key=lambda n: n.first)
    raw = _scaled(raw)
    raw = [n for n in raw if not _not_a_count(an, n, dates, w)]
    return _ranges(an, raw, w)


def _number_words(an: Analysis, skip: set[int]) -> list[NumberMention]:
    """Number words: "ثلاثة وعشرين" = 23, "ثلاث مئة" = 300; duals stay apart."""
    merged: list[NumberMention] = []
    for h in sorted(an.family("number"), key=lambda h: h.first):
        if h.first in skip:
            continue  # "الاثنين" the weekday
        val, dual, conj = int(h.entry.attr("value")), h.entry.attr("dual") == "1", an.prefix(h).startswith("و")
        if val == 1:
            continue  # "عائلة واحدة" is an adjective; "مقتل شخص واحد" counts by its noun
        prev = merged[-1] if merged else None
        if prev and not dual and not prev.dual and h.first == prev.last + 1:
            if conj and ((prev.value < 10 and val in range(20, 100, 10)) or (prev.value % 100 == 0 and val < 100)):
                merged[-1] = NumberMention(prev.value + val, prev.first, h.last, conj=prev.conj)
                continue
            if not conj and prev.value < 10 and val in (100, 1000):
                merged[-1] = NumberMention(prev.value * val, prev.first, h.last, conj=prev.conj)
                continue
        merged.append(NumberMention(val, h.first, h.last, dual, conj))
    return merged


def _scaled(nums: list[NumberMention]) -> list[NumberMention]:
    """"250 ألف" = 250000: a count followed at once by a hundred or thousand word."""
    out: list[NumberMention] = []
    for n in nums:
        prev = out[-1] if out else None
        if prev and n.first == prev.last + 1 and n.value in (100, 1000) and not n.conj and not n.dual \
                and prev.value < n.value:
            out[-1] = NumberMention(prev.value * n.value, prev.first, n.last, conj=prev.conj)
        else:
            out.append(n)
    return out


def _not_a_count(an: Analysis, n: NumberMention, dates: set[int], w: _Words) -> bool:
    """Day of a date, an age, a distance, an hour: not a count of people."""
    toks = an.view.tokens
    nxt = n.last + 1
    if nxt < len(toks) and toks[nxt].norm == "من":
        nxt += 1
    if nxt in dates or (n.last + 1 < len(toks) and _phrase_at(an, n.last + 1, w.not_after)):
        return True
    if n.first > 0 and toks[n.first - 1].norm in w.not_before:
        return True
    text = an.doc.text
    before = text[toks[n.first - 1].end : toks[n.first].start].strip() if n.first > 0 else ""
    after = text[toks[n.last].end : toks[n.last + 1].start].strip() if n.last + 1 < len(toks) else ""
    return (before in ("/", ".") and n.first > 0 and toks[n.first - 1].norm.isdigit()) or (
        after in ("/", ".") and n.last + 1 < len(toks) and toks[n.last + 1].norm.isdigit())


def _ranges(an: Analysis, nums: list[NumberMention], w: _Words) -> list[NumberMention]:
    """"بين 5 و7", "5 إلى 7", "5-7", "5 أو 6": one number, the lowest (after a rise: the later)."""
    toks, text = an.view.tokens, an.doc.text
    out: list[NumberMention] = []
    for n in nums:
        prev = out[-1] if out else None
        if prev is None or prev.dual or n.dual:
            out.append(n)
            continue
        gap = tuple(t.norm for t in toks[prev.last + 1 : n.first])
        dash = not gap and text[toks[prev.last].end : toks[n.first].start].strip() in ("-", "–")
        between = prev.first > 0 and toks[prev.first - 1].norm in _BETWEEN
        linked = dash or gap in _RANGE_GAPS or (not gap and n.conj and between) or (gap == ("و",) and between)
        if not linked:
            out.append(n)
            continue
        rise = any(toks[k].norm in w.rise for k in range(max(0, prev.first - 5), prev.first))
        value = n.value if rise and gap in _RANGE_GAPS[:2] else min(prev.value, n.value)
        out[-1] = NumberMention(value, prev.first, n.last, conj=prev.conj)
    return out


# --- tolls ------------------------------------------------------------------------------------


def find_tolls(an: Analysis, numbers: list[NumberMention]) -> list[Toll]:
    """Killed counts per statement (sides summed), implicit counts and explicit zeros."""
    w = _words()
    cas = sorted(an.family("casualty"), key=lambda h: h.first)
    hurt = {an.sent_of(h) for h in cas if h.entry.attr("kind") == "wounded"}
    dead = {id(h) for h in cas if h.entry.attr("kind") == "killed" or (
        h.entry.attr("kind") == "victim" and an.sent_of(h) not in hurt)}
    owner: dict[int, Hit] = {}
    starts = [m.first for m in numbers]
    prev: NumberMention | None = None
    for n in numbers:
        if _phrase_before(an, n.first, w.subset, 3):
            continue  # "بينهم 3 أطفال": part of a toll already counted
        h = _owner(an, n, cas, starts, w)
        if h is None and prev is not None and prev.first in owner and _joined(an, prev, n, cas):
            h = owner[prev.first]  # "مقتل 5 جنود من الجيش و7 مسلحين": the same killed word
        if h is not None:
            owner[n.first] = h
        prev = n
    out = [t for t in _statements(an, numbers, owner, dead) if not _aggregate(an, t, w)]
    out += _implicit(an, [h for h in cas if id(h) in dead], {id(h) for h in owner.values()}, w)
    killed_sents = {t.sentence for t in out if t.value > 0}
    zeros = [(h.first, h.last) for h in cas if h.entry.attr("kind") == "none"] + _negated(an, cas, w)
    for first, last in sorted(set(zeros)):
        s = an.tok_sent[first]
        if s not in killed_sents:
            killed_sents.add(s)  # one zero per sentence
            out.append(Toll(0, s, an.view.token_span(first, last), first))
    out.sort(key=lambda t: t.first)
    return _attach(an, out)


def _attach(an: Analysis, tolls: list[Toll]) -> list[Toll]:
    """A toll stated in a sentence with no event word goes to the event of the
    sentence just before (same or previous paragraph) or, failing that, just
    after (same paragraph), unless that sentence states its own toll."""
    events = {an.sent_of(h) for h in an.family("trigger")}
    own = {t.sentence for t in tolls}
    bounds: dict[int, tuple[int, int]] = {}
    for i, k in enumerate(an.tok_sent):
        lo, _ = bounds.get(k, (i, i))
        bounds[k] = (lo, i)
    out: list[Toll] = []
    for t in tolls:
        s, segs = t.sentence, an.sentences
        free = {k for k in (s - 1, s + 1) if k in events and k not in own and 0 <= k < len(segs)}
        target = None
        if s not in events:
            if s - 1 in free and segs[s].paragraph - segs[s - 1].paragraph <= 1:
                target = s - 1
            elif s + 1 in free and segs[s + 1].paragraph == segs[s].paragraph:
                target = s + 1
        if target is None or target not in bounds:
            out.append(t)
            continue
        anchor = bounds[target][1] if target < s else bounds[target][0]
        out.append(Toll(t.value, target, t.span, anchor, s))
    return out


def _negated(an: Analysis, cas: list[Hit], w: _Words) -> list[tuple[int, int]]:
    """"لم تسفر الغارة عن أي إصابات": negator, verb, and a casualty word a few words on."""
    toks, out = an.view.tokens, []
    for h in cas:
        if h.entry.attr("kind") not in ("killed", "wounded", "victim"):
            continue
        for k in range(max(0, h.first - NEGATION_REACH), h.first):
            word = toks[k].norm[1:] if toks[k].norm[:1] in "وف" and toks[k].norm[1:] in w.negators else toks[k].norm
            if word in w.negators and (k + 1 == h.first or toks[k + 1].norm in w.zero_verbs) \
                    and an.tok_sent[k] == an.sent_of(h) and not _broken(an, k, h.first) \
                    and not any(_DIGITS.match(toks[i].norm) for i in range(k, h.first)):
                out.append((k, h.last))
                break
    return out


def _gap(an: Analysis, i: int, j: int, w: _Words) -> int:
    """Tokens strictly between ``i`` and ``j``, approximators not counted."""
    k, n = i + 1, 0
    while k < j:
        step = _phrase_at(an, k, w.approx)
        if step:
            k += step
        else:
            k, n = k + 1, n + 1
    return n


def _broken(an: Analysis, i: int, j: int) -> bool:
    toks = an.view.tokens
    return BREAK in an.view.joined[toks[i].jstart : toks[j].jstart]


def _owner(an: Analysis, n: NumberMention, cas: list[Hit], others: list[int], w: _Words) -> Hit | None:
    """The casualty word a number counts (rules 1-3 of the module docstring);
    ``others`` are the first tokens of the document's other numbers."""
    s = an.tok_sent[n.first]
    same = [h for h in cas if an.tok_sent[h.first] == s]
    inside = next((h for h in same if h.first <= n.first <= h.last), None)
    if inside is not None:
        return inside  # "قتيلين" counts itself
    after = [h for h in same if h.first > n.last]
    before = [h for h in same if h.last < n.first]
    if after and after[0].entry.id in w.follows and after[0].first - n.last - 1 <= AFTER \
            and not _broken(an, n.last, after[0].first) and not an.prefix(after[0]).startswith("و"):
        return after[0]
    if before and _gap(an, before[-1].last, n.first, w) <= WINDOW and not any(
            before[-1].last < m < n.first for m in others):
        return before[-1]  # "قتل 5 أشخاص في 3 قرى": the word already has its number
    if after and after[0].entry.id not in w.follows and after[0].first - n.last - 1 <= AFTER \
            and not _broken(an, n.last, after[0].first):
        return after[0]
    return None


def _statements(an: Analysis, numbers: list[NumberMention], owner: dict[int, Hit], dead: set[int]) -> list[Toll]:
    """Killed numbers, summed over the sides of one statement ("مقتل 5 جنود و7 مسلحين" = 12).
    ``dead`` holds the ids of the casualty hits that count the killed."""
    out: list[Toll] = []
    prev: NumberMention | None = None
    for n in numbers:
        h = owner.get(n.first)
        if h is None or id(h) not in dead:
            prev = None if h is not None else prev
            continue
        start, end = min(n.first, h.first), max(n.last, h.last)
        if out and prev is not None and _coordinated(an, prev, n, owner):
            t = out[-1]
            out[-1] = Toll(t.value + n.value, t.sentence,
                           Span(t.span.start, max(t.span.end, an.view.tokens[end].end)), t.first)
        else:
            out.append(Toll(n.value, an.tok_sent[n.first], an.view.token_span(start, end), n.first))
        prev = n
    return out


def _conj_near(an: Analysis, a: NumberMention, b: NumberMention) -> bool:
    """``b`` is joined to ``a`` by و, close after it in the same sentence."""
    toks = an.view.tokens
    return an.tok_sent[a.first] == an.tok_sent[b.first] and b.first - a.last - 1 <= CHAIN and (
        b.conj or (b.first > 0 and toks[b.first - 1].norm == "و"))


def _joined(an: Analysis, a: NumberMention, b: NumberMention, cas: list[Hit]) -> bool:
    """``b`` continues ``a``'s list with no casualty word between ("مقتل 5 جنود و7 مسلحين")."""
    return _conj_near(an, a, b) and not any(a.last < h.first and h.last < b.first for h in cas)


def _coordinated(an: Analysis, a: NumberMention, b: NumberMention, owner: dict[int, Hit]) -> bool:
    """``b`` is another side of ``a``'s statement: the same killed word, or each its own
    counted noun ("5 قتلى من الجيش و7 قتلى من المسلحين")."""
    ha, hb = owner.get(a.first), owner.get(b.first)
    if not _conj_near(an, a, b) or ha is None or hb is None:
        return False
    return hb is ha or (hb.first > b.last and ha.last < b.first)


def _aggregate(an: Analysis, t: Toll, w: _Words) -> bool:
    """A toll summed over a period ("منذ بداية العام"), written right after or before it."""
    toks = an.view.tokens
    last = next((k for k in range(t.first, len(toks)) if toks[k].end >= t.span.end), t.first)
    lo, hi = max(0, t.first - 5), min(len(toks), last + 7)
    return any(an.tok_sent[k] == t.sentence and _phrase_at(an, k, w.aggregate) for k in range(lo, hi))


def _implicit(an: Analysis, cas: list[Hit], owned: set[int], w: _Words) -> list[Toll]:
    """Killed words that carry their own count ("لقي حتفه" = 1) or name single
    victims ("مقتل جندي" = 1, "مقتل طفل وامرأة" = 2), when no number counts them."""
    out: list[Toll] = []
    toks = an.view.tokens
    for h in cas:
        if id(h) in owned:
            continue
        value, last = w.counts.get(h.entry.id, 0), h.last
        k = h.last + 1
        while not w.counts.get(h.entry.id) and k < len(toks) and not _broken(an, k - 1, k) \
                and _singular(toks[k].norm, k == h.last + 1, w):
            value, last, k = value + 1, k, k + 1
        if value:
            out.append(Toll(value, an.sent_of(h), an.view.token_span(h.first, last), h.first))
    return out


def _singular(word: str, first: bool, w: _Words) -> bool:
    """A singular person noun ("جندي", "الجندي"); after the first, one joined by و ("وامرأة")."""
    if not first:
        if not word.startswith("و") or word[1:] == "احد":  # "واحد" is "one", not "و + أحد"
            return False
        word = word[1:]
    if word in w.singulars:
        return True
    return word.startswith("ال") and word[2:] in w.singulars and word[2:] != "احد"
