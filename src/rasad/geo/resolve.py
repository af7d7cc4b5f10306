"""Toponym recognition and disambiguation against the gazetteer.

A name the gazetteer knows becomes a place when the text supports it: a head
noun or "near" cue before it (مدينة، محيط، ريف …), a preposition, or — for
names that are not also common words — a large place. Candidates are ranked
by the document's country focus, the governorates named around it, the cue
(مدينة wants a town, محافظة a governorate), and population.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rasad.geo.gazetteer import Place
from rasad.geo.shapes import km
from rasad.lexicon.matcher import Hit
from rasad.lexicon.resources import Resources
from rasad.mentions.analysis import Analysis
from rasad.model import Location, Span
from rasad.text.normalize import normalize

BIG_PLACE = 50_000
NEAR_KM = 50  # namesakes this close to an unambiguous town of the document are favoured
NEAR_BONUS = 3.0
SHORT_NAME = 3
ADMIN_HEADS = {"محافظه", "ولايه", "اقليم", "مقاطعه", "محافظتي", "منطقه"}


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A supported place name with its chosen gazetteer entry."""

    hit: Hit
    span: Span
    name: str
    place: Place
    precision: int
    cue_span: Span | None
    cue_kinds: frozenset[str] = frozenset()


def _cues_before(an: Analysis, hit: Hit, cue_hits: dict[int, list[Hit]]) -> list[Hit]:
    """Cue hits chained directly before ``hit`` (e.g. في محيط مدينة)."""
    out: list[Hit] = []
    pos = hit.first - 1
    while pos >= 0 and len(out) < 6 and an.tok_sent[pos] == an.tok_sent[hit.first]:
        cues = cue_hits.get(pos)
        if not cues:
            break
        if pos == hit.first - 1 and "ال" in an.prefix(cues[0]):
            # "المدينة الأثرية" is a noun and its adjective; a head noun that
            # names a place is indefinite ("مدينة تدمر").
            cues = [c for c in cues if c.entry.attr("kind") not in ("head", "settlement", "admin")]
            if not cues:
                break
        out += cues
        pos = min(c.first for c in cues) - 1
    return out


def _big(p: Place) -> bool:
    return p.kind != "city" or p.population >= BIG_PLACE


def _score(p: Place, focus: str | None, admins: set[str], want: str | None,
           near: frozenset[str] | set[str] = frozenset()) -> float:
    s = math.log10(p.population + 10) * 0.5
    if focus and p.country == focus:
        s += 5
    if p.admin1 and p.admin1 in admins:
        s += 3
    if p.admin1 and p.admin1 in near:
        s += 3  # "حي الزهراء بحمص": a governorate or big city named beside it
    if want == p.kind:
        s += 4
    elif p.kind == "city":
        s += 1
    if p.kind == "country":
        s -= 2
    return s


def family_name_tokens(an: Analysis) -> set[int]:
    """First tokens of words right after a given name (محمد عدن، أحمد حلب):
    a family name there, not a place. A clitic prefix breaks the name."""
    out = set()
    for g in an.family("given_name"):
        nxt = g.last + 1
        if nxt < len(an.view.tokens) and an.tok_sent[nxt] == an.tok_sent[g.last]:
            out.add(nxt)
    return out


@dataclass(slots=True)
class _Candidate:
    """A place name the text supports, before the document-wide checks."""

    hit: Hit
    cands: list[Place]
    kinds: set[str]
    chain_first: int  # first token of the cue chain before the name (the name itself if none)
    cue_span: Span | None  # the outermost cue word of that chain
    want: str | None
    near: bool
    best: Place


def _shadowed(an: Analysis) -> dict[int, tuple[int, int]]:
    """Per token, the longest source, actor or official name covering it:
    "حلب اليوم" (an outlet), "جيش الإسلام" (a group)."""
    inside: dict[int, tuple[int, int]] = {}
    for fam in ("source", "actor", "official"):
        for n in an.family(fam):
            for t in range(n.first, n.last + 1):
                a, b = inside.get(t, (t, t))
                if n.last - n.first > b - a:
                    inside[t] = (n.first, n.last)
    return inside


def _posted(an: Analysis, h: Hit, cues: list[Hit], posts: list[Hit]) -> bool:
    """"السفير العراقي في طهران"، "مراسل حلب اليوم في القامشلي": where an envoy
    or a reporter is posted, not where anything happened."""
    if not cues or cues[0].entry.attr("kind") != "prep":
        return False
    start = min(c.first for c in cues)
    return any(an.tok_sent[e.last] == an.tok_sent[h.first] and start - 3 <= e.last < start for e in posts)


def find_places(an: Analysis, res: Resources, focus: str | None, named: frozenset[str] = frozenset()) -> list[PlaceMention]:
    """Supported, resolved place mentions of the document, in text order.

    ``named`` holds the countries the document names (by name, nisba or
    actor); a place abroad is believed only in one of them."""
    gaz = res.gazetteer
    cue_hits: dict[int, list[Hit]] = {}
    for c in an.family("place_cue"):
        if c.entry.attr("kind") != "list":  # list heads open lists (_listed); their head-noun twins chain
            cue_hits.setdefault(c.last, []).append(c)
    posts = [c for c in an.family("place_cue") if c.entry.attr("kind") in ("envoy", "media")]
    family = family_name_tokens(an)
    list_heads = {c.last: c for c in an.family("place_cue") if c.entry.attr("kind") == "list"}
    # an indefinite event noun heads a construct ("قصف الرهجان"); a definite one takes adjectives
    trigger_ends = {t.last for t in an.family("trigger")
                    if t.entry.attr("pos") != "verb" and "ال" not in an.prefix(t) and not t.entry.form.startswith("ال")}
    raw = [h for h in an.family("place") if h.entry.id in gaz.by_name]
    admins = {
        gaz.places[i].admin1 or ""
        for h in raw
        for i in gaz.by_name[h.entry.id][:1]
        if gaz.places[i].kind == "admin1" and len(gaz.by_name[h.entry.id]) == 1
    }
    # per sentence, the governorates of the big places named in it
    near_admins: dict[int, set[str]] = {}
    for h in raw:
        for i in gaz.by_name[h.entry.id]:
            p = gaz.places[i]
            if p.admin1 and _big(p) and h.entry.id not in res.place_common:
                near_admins.setdefault(an.tok_sent[h.first], set()).add(p.admin1)
    country_spans = {(c.first, c.last) for c in an.family("country")}
    inside = _shadowed(an)
    found: list[_Candidate] = []
    for h in raw:
        cues = _cues_before(an, h, cue_hits)
        kinds = {c.entry.attr("kind") for c in cues}
        if not cues:
            kinds = _listed(an, h, found[-1] if found else None, list_heads)
            if not kinds and h.first - 1 in trigger_ends and not an.prefix(h):
                kinds = {"construct", "settlement"}  # "مسيرة كفر قدوم"، "مجزرة حولا": the event noun's own place
        heads = {c.entry.form for c in cues}
        precs = [int(c.entry.attr("precision")) for c in cues if c.entry.attr("precision").isdigit()]
        adjacent = {c.entry.attr("kind") for c in cues if c.last == h.first - 1}
        prefix = an.prefix(h)
        key = h.entry.id
        bare = key[2:] if key.startswith("ال") else key
        if key in res.place_cue_words or bare in res.place_cue_words:
            continue  # the head noun itself (مدينة، الحي), not a name
        strong_cue = bool(kinds & {"head", "near", "admin", "direction", "capital"})
        cands = [gaz.places[i] for i in gaz.by_name[key]]
        if key in res.place_metonyms and not (cues or "ب" in prefix):
            continue  # "دمشق تتهم…": a capital standing for its government
        settlement = "settlement" in kinds
        if "media" in kinds:
            continue  # "مراسل حلب اليوم": an outlet's name
        if "facility" in adjacent and not any(_big(p) for p in cands):
            continue  # "حسينية الزهراء"، "مستشفى الشفاء": the building's own name
        if _posted(an, h, cues, posts):
            continue  # an envoy's or a reporter's post
        if "origin" in kinds or ("age" in kinds and any(normalize(c.entry.form) == "من" for c in cues)):
            continue  # "محسوبة على مدينة مصراتة"، "28 عاما من القيروان": where people come from
        if not cues and not prefix and h.first in family:
            continue  # "الشرطي محمد عدن": a family name
        if key in res.given_names and not strong_cue:
            continue  # a personal name is a place only after a head noun
        a, b = inside.get(h.first, (h.first, h.first))
        if a <= h.first and h.last <= b and (b - a) > (h.last - h.first):
            continue
        if (h.first, h.last) in country_spans and not settlement:
            continue  # الجزائر، تونس، الكويت: the country unless "مدينة" says the capital
        if key in res.place_common and "admin" not in kinds:
            continue  # "على أساس"، "جنوب البلاد": a word, not a place
        if focus:
            # A place abroad only in a country the text names; a small one also needs a town head noun.
            # A big one after a head noun needs no naming when the focus country has no such place
            # ("قصفت المدفعية الإسرائيلية معبر رفح").
            home = [p for p in cands if p.country == focus]
            cands = [p for p in cands if p.country == focus or (p.country in named and (_big(p) or settlement))
                     or (not home and strong_cue and _big(p))]
        if not strong_cue:
            # Without a head noun, a small place must lie in the document's country
            # and its name must be neither a common word nor very short.
            cands = [p for p in cands if _big(p) or p.country == focus]
            if key in res.place_common or (len(bare) <= SHORT_NAME and not any(_big(p) for p in cands)):
                continue
        if not cands:
            continue
        big = any(_big(p) for p in cands)
        if not (cues or kinds or "ب" in prefix or big):
            continue
        nheads = {normalize(x) for x in heads}
        want = "admin1" if nheads & ADMIN_HEADS or "ريف" in nheads else ("city" if kinds & {"head", "capital"} else None)
        near_here = near_admins.get(an.tok_sent[h.first], set())
        best = max(cands, key=lambda p: _score(p, focus, admins, want, near_here))
        near = "near" in kinds or "direction" in kinds or (2 in precs)
        chain_first = min((c.first for c in cues), default=h.first)
        found.append(_Candidate(h, cands, kinds, chain_first, an.span(cues[-1]) if cues else None, want, near,
                                best))
    found = [c for c in _contained(an, _drop_references(an, found)) if not _dateline(an, c.hit)]
    _prefer_near(found, focus, admins, near_admins, an)
    out: list[PlaceMention] = []
    for c in found:
        precision = 3 if c.best.kind in ("admin1", "country") else (2 if c.near else 1)
        span = an.span(c.hit)
        out.append(PlaceMention(c.hit, span, an.doc.text[span.start : span.end], c.best, precision, c.cue_span,
                                frozenset(c.kinds)))
    return out


_DATELINE_TAIL = re.compile(r"\s*(?:،\s*[^\s،]+\s*)?(?:[0-9\u0660-\u0669]|[-–—/])")


def _dateline(an: Analysis, h: Hit) -> bool:
    """"بعقوبة، العراق 24 مايو 2018 /"، "الخرطوم – …": the place a report was
    filed from, at the head of a paragraph before its date or a dash, says
    nothing of where the event was."""
    span = an.span(h)
    text = an.doc.text
    line_start = text.rfind("\n", 0, span.start) + 1
    return not text[line_start : span.start].strip() and bool(_DATELINE_TAIL.match(text, span.end))


def _listed(an: Analysis, h: Hit, prev: _Candidate | None, list_heads: dict[int, Hit]) -> set[str]:
    """Cue kinds a name without cues of its own takes from the list it stands
    in: "قرى الشعيطات (أبو حمام – الكشكية – غرانيج)"، "بلدتي الكوم والعليانية".
    The list is opened by a plural head noun at most two words before, or
    continued from the place just before it (after و, a comma or a dash)."""
    s = an.tok_sent[h.first]
    for k in (h.first - 1, h.first - 2):
        head = list_heads.get(k)
        if head is not None and an.tok_sent[k] == s:
            return {"head", "settlement"}
    if prev is None or an.tok_sent[prev.hit.last] != s or h.first - prev.hit.last != 1:
        return set()
    separated = "|" in an.view.joined[prev.hit.jend : h.jstart] or "و" in an.prefix(h)
    return set(prev.kinds) - {"direction"} if separated else set()


def _prefer_near(found: list[_Candidate], focus: str | None, admins: set[str],
                 near_admins: dict[int, set[str]], an: Analysis) -> None:
    """Of a name's namesakes, prefer one near the document's other places:
    the towns whose name is unambiguous anchor the others."""
    anchors = [c.best for c in found if len(c.cands) == 1 and c.best.kind == "city"]
    if not anchors:
        return
    for c in found:
        if len(c.cands) < 2 or c.best.kind != "city":
            continue
        near_here = near_admins.get(an.tok_sent[c.hit.first], set())

        def score(p: Place) -> float:
            close = min(km(p.lat, p.lon, a.lat, a.lon) for a in anchors if a is not p)
            bonus = NEAR_BONUS if close <= NEAR_KM else (NEAR_BONUS / 2 if close <= 2 * NEAR_KM else 0.0)
            return _score(p, focus, admins, c.want, near_here) + bonus

        towns = [p for p in c.cands if p.kind == "city"]
        if len(towns) > 1 and len(anchors) > (1 if c.best in anchors else 0):
            c.best = max(towns, key=score)


def _follows(an: Analysis, first: _Candidate, second: _Candidate) -> bool:
    """``second``'s cue chain (or the name itself) starts right after ``first``."""
    return (an.tok_sent[first.hit.last] == an.tok_sent[second.hit.first]
            and second.chain_first == first.hit.last + 1)


def _drop_references(an: Analysis, found: list[_Candidate]) -> list[_Candidate]:
    """"بلدروز جنوب شرق بعقوبة"، "جلولاء (70 كم) شمال شرق بعقوبة": the town
    after the direction only locates the one before it; the event is there,
    not at the reference."""
    numbers = {t for h in an.family("number") for t in range(h.first, h.last + 1)}
    out: list[_Candidate] = []
    for c in found:
        if out and "direction" in c.kinds and c.chain_first < c.hit.first:
            prev = out[-1]
            gap = range(prev.hit.last + 1, c.chain_first)
            if (an.tok_sent[prev.hit.last] == an.tok_sent[c.hit.first] and len(gap) <= 2
                    and all(t in numbers or an.view.tokens[t].norm.isdigit() for t in gap)):
                continue
        out.append(c)
    return out


def _contained(an: Analysis, found: list[_Candidate]) -> list[_Candidate]:
    """"حي الزهراء بحمص"، "قرية X في محافظة Y": a name followed by its container
    lies in the container's governorate, and the container is only its
    address. A name with no candidate there is a place the gazetteer does not
    know; the container stands for it."""
    drop: set[int] = set()
    for i in range(len(found) - 1):
        inner, outer = found[i], found[i + 1]
        if not _follows(an, inner, outer) or "direction" in outer.kinds or outer.best.admin1 is None:
            continue
        between = {k for k in outer.kinds if k != "prep"}
        via_prep = outer.chain_first < outer.hit.first or "ب" in an.prefix(outer.hit)
        if not via_prep or between - {"head", "admin", "settlement"}:
            continue
        if outer.best.kind == "city" and outer.best.population <= inner.best.population:
            continue  # two towns side by side, not a town and its container
        inside = [p for p in inner.cands if p.admin1 == outer.best.admin1 and p.country == outer.best.country]
        if inner.best.admin1 == outer.best.admin1 or inside:
            if inside and inner.best.admin1 != outer.best.admin1:
                inner.best = max(inside, key=lambda p: p.population)
            drop.add(i + 1)
        else:
            drop.add(i)
    return [c for i, c in enumerate(found) if i not in drop]


def to_location(pm: PlaceMention) -> Location:
    p = pm.place
    return Location(pm.name, p.name_en, p.country, p.admin1, p.lat, p.lon, pm.precision, p.id)
