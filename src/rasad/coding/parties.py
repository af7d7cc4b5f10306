"""The sides a political statement can have: named political actors of one
sentence, with what the words around them say about their role.

Officials and offices come from the actor mentions (they already resolve to
their government); a country named as an actor ("ورحبت إيران") is its
government; a bare nisba on a common noun ("العدوان الإسرائيلي") is kept apart
as a weaker, fallback target.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasad.coding.context import Context
from rasad.lexicon.matcher import Hit
from rasad.mentions.actors import make_actor
from rasad.model import Actor, Span
from rasad.text.normalize import normalize

COORD_GAP = 1
NOT_POLITICAL = frozenset({"Civilians", "Protesters", "Rioters"})
COUNTRY_GOVERNMENT = ("Government of {country_name}", "External/Other forces")
# Closed-class words, kept here as roles.py keeps its prepositions: the word
# before a name that makes it the other side, a place, or one of a pair.
TARGET_MARKS = frozenset(normalize(w) for w in ("مع", "على", "إلى", "ضد", "تجاه", "بحق", "من", "لدى"))
LOCATIVE = frozenset(normalize(w) for w in (
    "في", "حول", "بشأن", "داخل", "خارج", "أنحاء", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي",
    "شرقي", "غربي", "وسط", "عبر", "أراضي", "حدود", "ريف", "محيط", "ضواحي"))
BETWEEN = normalize("بين")


@dataclass(frozen=True, slots=True)
class Party:
    """A political actor in a sentence, as a possible side of a statement."""

    actor: Actor
    span: Span
    first: int
    last: int
    prefix: str  # clitic letters before the name in its first token
    marked: bool  # introduced as the other side (مع X، بـX، لـX)
    between: bool  # one of "بين X و Y"
    kind: str  # "actor" (a mention), "country" (a bare country name) or "nisba"

    @property
    def coordinated(self) -> bool:
        return self.prefix.startswith("و")


Raw = tuple[Actor, Span, int, int, str]


def parties_in(ctx: Context, s: int) -> list[Party]:
    """Political actors of sentence ``s``: actor mentions and countries named
    as actors, with appositions (الرئيس الروسي فلاديمير بوتين) joined."""
    raw: list[Raw] = []
    for m in ctx.in_sent("actors", s):
        if _political(m.actor) and not _place_use(ctx, m.first, m.span):
            raw.append((m.actor, m.span, m.first, m.last, "actor"))
    taken = _taken(ctx, s, raw)
    for h in ctx.hits_in("country", s):
        if h.first not in taken and _country_as_actor(ctx, h):
            actor = make_actor(ctx.res, *COUNTRY_GOVERNMENT, h.entry.attr("iso2"), None)
            if actor is not None:
                raw.append((actor, ctx.an.span(h), h.first, h.last, "country"))
    raw.sort(key=lambda r: r[2])
    return _mark(ctx, _join_appositions(raw))


def nisba_parties(ctx: Context, s: int, named: list[Party]) -> list[Party]:
    """Governments a bare nisba names ("الاعتداءات الإسرائيلية"), outside any
    name: the target of a condemnation that names the deed, not the doer."""
    taken = _taken(ctx, s, [(p.actor, p.span, p.first, p.last, p.kind) for p in named])
    taken |= {i for h in ctx.hits_in("country", s) for i in range(h.first, h.last + 1)}
    raw: list[Raw] = []
    for h in ctx.hits_in("nisba", s):
        if h.first in taken or (h.first - 1) in taken:
            continue
        actor = make_actor(ctx.res, *COUNTRY_GOVERNMENT, h.entry.attr("iso2"), None)
        if actor is not None:
            raw.append((actor, ctx.an.span(h), h.first, h.last, "nisba"))
    return _mark(ctx, raw)


def _taken(ctx: Context, s: int, raw: list[Raw]) -> set[int]:
    taken = {i for _, _, a, b, _ in raw for i in range(a, b + 1)}
    taken |= {i for m in ctx.in_sent("actors", s) for i in range(m.first, m.last + 1)}
    taken |= {i for h in ctx.hits_in("source", s) for i in range(h.first, h.last + 1)}
    return taken


def _political(a: Actor) -> bool:
    return a.type not in NOT_POLITICAL and not a.name.startswith("Unidentified")


def prev_word(ctx: Context, first: int) -> str:
    """The normalised word before token ``first`` in its sentence, or ""."""
    if first == 0 or ctx.an.tok_sent[first - 1] != ctx.an.tok_sent[first]:
        return ""
    return ctx.an.view.tokens[first - 1].norm


def _place_use(ctx: Context, first: int, span: Span) -> bool:
    """A capital named as a place (في القاهرة), not as its government."""
    key = normalize(ctx.an.doc.text[span.start : span.end])
    return key in ctx.res.place_metonyms and prev_word(ctx, first) in LOCATIVE


def _country_as_actor(ctx: Context, h: Hit) -> bool:
    """A country name standing as an actor: not a place (في سوريا), not the
    adjective a nisba reading gives (الأزمة السعودية، حكومة سورية)."""
    prefix = ctx.an.prefix(h)
    prev = prev_word(ctx, h.first)
    if prefix.endswith("ال") or prefix.endswith("لل") or prev in LOCATIVE:
        return False
    s = ctx.an.sent_of(h)
    adjective = any(n.jstart == h.jstart and n.jend == h.jend for n in ctx.hits_in("nisba", s))
    if not adjective or prefix or not prev:
        return True
    k = h.first - 1
    if any(x.first <= k <= x.last for x in ctx.hits_in("country", s) + ctx.in_sent("actors", s)):
        return True  # "اتهمت الولايات المتحدة السعودية": the object after the subject
    return not (prev.startswith("ال") or prev.endswith("ه"))  # a noun the adjective agrees with


def _join_appositions(raw: list[Raw]) -> list[Raw]:
    """"الرئيس الروسي فلاديمير بوتين" is one party, not a subject and its object."""
    out: list[Raw] = []
    for actor, span, first, last, kind in raw:
        if out and out[-1][0].name == actor.name and first == out[-1][3] + 1:  # adjacent: an apposition
            a, sp, f, end, k = out[-1]
            out[-1] = (a, Span(sp.start, max(sp.end, span.end)), f, max(last, end), "actor" if "actor" in (k, kind) else k)
            continue
        out.append((actor, span, first, last, kind))
    return out


def _mark(ctx: Context, raw: list[Raw]) -> list[Party]:
    text, toks = ctx.an.doc.text, ctx.an.view.tokens
    out: list[Party] = []
    for actor, span, first, last, kind in raw:
        prefix = normalize(text[toks[first].start : span.start])
        bare = prefix[1:] if prefix[:1] in ("و", "ف") else prefix
        prev = prev_word(ctx, first)
        between = prev == BETWEEN or bool(
            prefix.startswith("و") and out and out[-1].between and first - out[-1].last - 1 <= COORD_GAP)
        marked = bare[:1] in ("ب", "ل") or prev in TARGET_MARKS
        out.append(Party(actor, span, first, last, prefix, marked, between, kind))
    return out
