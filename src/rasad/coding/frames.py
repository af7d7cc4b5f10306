"""Event frames: each trigger opens a frame in its sentence; the frame takes
its type (refined by cues), roles, place, date, toll and sources."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date
from functools import cache

from rasad.coding.context import Context
from rasad.coding.modality import blocked
from rasad.coding.roles import Roles, assign, is_air
from rasad.geo.resolve import PlaceMention
from rasad.lexicon.load import read_tsv
from rasad.lexicon.matcher import Hit
from rasad.mentions.dates import DateMention
from rasad.mentions.numbers import Toll
from rasad.model import Span
from rasad.text.clitics import strip_conjunction
from rasad.text.normalize import normalize
from rasad.text.tokenize import text_rules

CUE_REACH = 6
SPLIT_GAP = 3
HEADLINE_CHARS = 160
LEAD_SENTENCES = 3
RANGE_REACH = 5
RANGE_ENDS = frozenset({"حتي", "الي", "لغايه"})
TERRITORY = {"Government regains territory", "Non-state actor overtakes territory"}
STATE_TYPES = {"State forces", "External/Other forces"}
DISRUPTED = "Disrupted weapons use"
TRANSFER = "Non-violent transfer of territory"
REMOTE = "Explosions/Remote violence"
SHELLING = "Shelling/artillery/missile attack"
AIR = "Air/drone strike"


@cache
def event_type_of() -> dict[str, str]:
    return {r["sub_event_type"]: r["event_type"] for r in read_tsv("event_types.tsv", ("sub_event_type", "event_type"))}


@cache
def generic_types() -> frozenset[str]:
    """Types a vague weak word (هجوم، استهداف، عملية) gives; they yield to a specific word."""
    return frozenset(r["sub_event_type"] for r in read_tsv("event_types.tsv", ("sub_event_type", "generic"))
                     if r["generic"] == "1")


def is_generic(t: Hit) -> bool:
    return t.entry.attr("strength") == "weak" and t.entry.attr("sub_event_type") in generic_types()


@dataclass(frozen=True, slots=True)
class Frame:
    """A candidate event before in-document merging."""

    sub_event_type: str
    trigger: Hit
    sentence: int
    roles: Roles
    place: PlaceMention | None
    place_local: bool
    date: DateMention | None
    toll: Toll | None
    sources: tuple[str, ...]
    source_spans: tuple[Span, ...]
    strong: bool
    trigger_span: Span = Span(0, 0)
    incident: bool = False  # "حادثة الاختطاف": an incident noun names an event told before
    pointer: bool = False  # "تلك المعركة": a demonstrative points back; never an event of its own
    bare: bool = False  # "قصف" with no artillery word: fire of an unnamed kind

    @property
    def event_type(self) -> str:
        return event_type_of()[self.sub_event_type]


def _cue_kinds(ctx: Context, trig: Hit, reach: int) -> set[str]:
    s = ctx.an.sent_of(trig)
    return {
        c.entry.attr("kind")
        for c in ctx.hits_in("cue", s)
        if (reach < 0 or (trig.first - reach <= c.first <= trig.last + reach)) and not blocked(ctx, c)
    }


def refine(ctx: Context, trig: Hit, sub: str) -> str:
    """Sharpen the trigger's type with nearby cues (قصف + طائرات → air strike)."""
    near, sent = _cue_kinds(ctx, trig, CUE_REACH), _cue_kinds(ctx, trig, -1)
    if sub == "Shelling/artillery/missile attack" and "air" in near and "artillery" not in near:
        return "Air/drone strike"
    if sub in ("Remote explosive/landmine/IED", "Attack") and "suicide" in sent:
        return "Suicide bomb"
    if sub == "Attack" and "explosive" in near:
        return "Remote explosive/landmine/IED"
    crowd = {m.actor.type for m in ctx.in_sent("actors", ctx.an.sent_of(trig))}
    killed = any(t.value > 0 for t in ctx.in_sent("tolls", ctx.an.sent_of(trig)))
    if sub == "Attack" and "Protesters" in crowd:
        return "Excessive force against protesters"
    if sub == "Arrests" and "Protesters" in crowd:
        return "Protest with intervention"
    if sub in ("Peaceful protest", "Protest with intervention"):
        if "lethal" in sent or killed:
            return "Excessive force against protesters"
        if "riot" in sent:
            return "Violent demonstration"
        if "dispersal" in sent:
            return "Protest with intervention"
    return sub


def _supported(ctx: Context, trig: Hit) -> bool:
    """A weak trigger needs an armed actor, a toll or a weapon cue in its sentence."""
    s = ctx.an.sent_of(trig)
    armed = any(m.actor.type != "Civilians" and not m.actor.name.startswith("Government")
                for m in ctx.in_sent("actors", s))
    weapons = any(c.entry.attr("kind") != "civilian_target" for c in ctx.hits_in("cue", s))
    return armed or bool(ctx.in_sent("tolls", s)) or weapons


def _places_for(ctx: Context, trig: Hit, triggers: list[Hit], unknown_town: bool) -> list[PlaceMention]:
    """Places of the sentence assigned to their nearest trigger before them in
    their clause (else nearest overall); a trigger left without one shares the
    next place of its clause ("اعتقلت … المتظاهرين في مدينة عدن").
    ``unknown_town``: the clause names a town the gazetteer lacks."""
    s = ctx.an.sent_of(trig)
    clause = ctx.an.tok_clause
    mine = []
    for p in ctx.in_sent("places", s):
        before = [t for t in triggers if t.last < p.hit.first and clause[t.last] == clause[p.hit.first]]
        best = max(before, key=lambda t: t.last) if before else \
            min(triggers, key=lambda t: (abs(p.hit.first - t.first), t.first > p.hit.first))
        if best is trig:
            mine.append(p)
    if not mine:
        mine = [p for p in ctx.in_sent("places", s)
                if p.hit.first > trig.last and clause[p.hit.first] == clause[trig.first]][:1]
    if unknown_town:
        # only the trigger's own clause may place it; other towns are a guess
        return _drop_context([p for p in mine if clause[p.hit.first] == clause[trig.last]])
    if not mine and ctx.in_sent("places", s):
        # "وفي حلب، خرج مئات المتظاهرين في وقفة احتجاجية": the sentence's place, before any earlier one
        mine = [min(ctx.in_sent("places", s), key=lambda p: abs(p.hit.first - trig.first))]
    return _drop_context(mine)


def _unknown_town_after(ctx: Context, trig: Hit) -> bool:
    """"سيطرتها على برج الزاهية وقرية عطرة": the trigger's clause names a town
    (a head noun and its name) the gazetteer does not know. Its place is
    unknown; another town of the sentence or the paragraph would be a guess."""
    an = ctx.an
    clause = an.tok_clause[trig.last]
    starts = {p.hit.first for p in ctx.places}
    cues = ctx.hits_in("place_cue", an.sent_of(trig))
    lists = {c.first for c in cues if c.entry.attr("kind") == "list"}  # "قرى الشعيطات (…)": a list follows
    in_town = _rule_words("in_town_heads")
    for c in cues:
        if (c.entry.attr("kind") == "settlement" and c.first > trig.last and c.first not in lists
                and normalize(c.entry.form) not in in_town and an.tok_clause[c.first] == clause
                and "ال" not in an.prefix(c) and c.last + 1 < len(an.view.tokens)
                and an.tok_clause[c.last + 1] == clause and c.last + 1 not in starts):
            return True
    return False


def _drop_context(places: list[PlaceMention]) -> list[PlaceMention]:
    """A governorate or country named beside a town is context, not another place;
    so is a reference point after a direction ("… شمال شرق بغداد")."""
    places = [p for p in places if p.place.kind != "country"]  # a country is no event location
    own = [p for p in places if "direction" not in p.cue_kinds]
    if own and len(own) < len(places):
        places = own
    towns = [p for p in places if p.place.kind == "city"]
    if not towns:
        admins = [p for p in places if p.place.kind == "admin1"]
        return admins[:1] if admins else places[:1]
    return towns


def _split(places: list[PlaceMention]) -> list[PlaceMention]:
    """Coordinated towns (A و B) are separate events; otherwise the first town."""
    if not places:
        return []
    out = [places[0]]
    for p in places[1:]:
        if p.hit.first - out[-1].hit.last <= SPLIT_GAP:
            out.append(p)
        else:
            break
    return out


def _fallback_place(ctx: Context, s: int) -> PlaceMention | None:
    para = ctx.paragraph(s)
    for k in range(s - 1, -1, -1):
        if ctx.paragraph(k) != para:
            break
        ps = _drop_context(ctx.in_sent("places", k))
        if ps:
            return ps[-1]
    first = [p for p in ctx.places if p.place.kind == "city"] or [p for p in ctx.places if p.place.kind == "admin1"]
    if first:
        return first[0]
    # Nothing more precise in the whole document: the country, at precision 3.
    return ctx.places[0] if ctx.places else None


def _date_for(ctx: Context, trig: Hit) -> DateMention | None:
    s = ctx.an.sent_of(trig)
    ds = ctx.in_sent("dates", s)
    starts = [d for d in ds if not _range_end(ctx, d)]
    ds = starts or ds  # "من مساء الأحد حتى فجر الاثنين": the event began on Sunday
    if ds:
        return min(ds, key=lambda d: (abs(d.first - trig.first), d.first > trig.first))
    para = ctx.paragraph(s)
    for k in range(s - 1, -1, -1):
        if ctx.paragraph(k) != para:
            break
        days = [d for d in ctx.in_sent("dates", k) if d.precision == "day"]
        if days:
            return days[-1]  # type: ignore[no-any-return]
    return None


def _range_end(ctx: Context, d: DateMention) -> bool:
    """A date introduced by حتى / إلى / لغاية within a few words closes a range."""
    toks = ctx.an.view.tokens
    before = {strip_conjunction(toks[i].norm) for i in range(max(0, d.first - RANGE_REACH), d.first)}
    return bool(before & RANGE_ENDS)


def _toll_for(ctx: Context, trig: Hit) -> Toll | None:
    ts = ctx.in_sent("tolls", ctx.an.sent_of(trig))
    return min(ts, key=lambda t: abs(t.first - trig.first)) if ts else None


def build_frames(ctx: Context) -> list[Frame]:
    """Frames for every unblocked, supported trigger of the document."""
    an = ctx.an
    frames: list[Frame] = []
    by_sent: dict[int, list[Hit]] = {}
    for t in an.family("trigger"):
        s = an.sent_of(t)
        named = [(m.first, m.last) for m in ctx.in_sent("actors", s) if m.source in ("actor", "official")]
        named += [(h.first, h.last) for h in ctx.hits_in("source", s)]
        if any(a <= t.first and t.last <= b and (b - a) > (t.last - t.first) for a, b in named):
            continue  # inside a name: "قوات مكافحة الشغب", "منظمة حظر الأسلحة الكيميائية"
        by_sent.setdefault(s, []).append(t)
    for s, trigs in by_sent.items():
        live = [t for t in trigs if not blocked(ctx, t)]
        live = [t for t in live if t.entry.attr("strength") != "weak" or _supported(ctx, t)]
        specific = {an.tok_clause[t.first] for t in live if not is_generic(t)}
        live = [t for t in live if not (is_generic(t) and an.tok_clause[t.first] in specific)]
        if any(t.entry.attr("sub_event_type") in TERRITORY for t in live):
            # a withdrawal before a takeover is part of the takeover
            live = [t for t in live if t.entry.attr("sub_event_type") != TRANSFER]
        attacks = [t.first for t in live if event_type_of()[t.entry.attr("sub_event_type")] == REMOTE]
        if attacks:
            # "…صواريخ… وأسقطت الدفاعات بعضها": a partial interception of a strike that landed
            live = [t for t in live if not (t.entry.attr("sub_event_type") == DISRUPTED and min(attacks) < t.first)]
        foiled = [t for t in live if t.entry.attr("sub_event_type") == DISRUPTED]
        # "أحبطت هجوماً بسيارة مفخخة": what a disruption governs never went off
        live = [t for t in live if not (event_type_of()[t.entry.attr("sub_event_type")] == REMOTE and any(
            d.first < t.first and an.tok_clause[d.first] == an.tok_clause[t.first] for d in foiled))]
        for t in live:
            frames += _frames_for(ctx, t, live)
    frames = [f for f in frames if not _month_background(f, an.doc.published) and not _aggregate(ctx, f.trigger)]
    return _drop_headline_echoes(ctx, frames)


@cache
def _period_words() -> tuple[frozenset[str], frozenset[str]]:
    rules = text_rules()
    return (frozenset(normalize(w) for w in rules["since_words"]),  # type: ignore[union-attr]
            frozenset(normalize(w) for w in rules["period_starts"]))  # type: ignore[union-attr]


def _aggregate(ctx: Context, trig: Hit) -> bool:
    """"قتل 250 منذ بدء الهجوم في أبريل": a count since a starting point, in
    the trigger's own clause (a "since" in a side clause describes, not counts)."""
    since, starts = _period_words()
    an = ctx.an
    s = an.sent_of(trig)
    clause = an.tok_clause[trig.first]
    toks = an.view.tokens
    months = {h.first for fam in ("month", "hijri_month") for h in ctx.hits_in(fam, s)}
    pub = an.doc.published
    old_dates = {d.first for d in ctx.in_sent("dates", s) if pub and (pub - d.value).days >= 2}
    lo, hi = bisect.bisect_left(an.tok_sent, s), bisect.bisect_right(an.tok_sent, s)
    spans, units = _rule_words("span_words"), _rule_words("period_units")
    for i in range(lo, hi):
        if an.tok_clause[i] != clause:
            continue
        word = strip_conjunction(toks[i].norm)
        if word in since and any(toks[k].norm in starts or k in months or k in old_dates
                                 for k in range(i + 1, min(hi, i + 4))):
            return True
        if word in spans and any(toks[k].norm in units for k in range(i + 1, min(hi, i + 3))):
            return True  # "خلال الشهرين الماضيين": a count over months
    return False


def _month_background(f: Frame, published: date | None) -> bool:
    """Background dated only to an earlier month ("في مايو الماضي") is not coded."""
    d = f.date
    return bool(d and d.precision == "month" and published and (d.value.year, d.value.month) < (published.year, published.month))


def _is_headline(ctx: Context, s: int) -> bool:
    """A title line: in the first paragraphs, short, without a full stop."""
    seg = ctx.an.sentences[s]
    text = ctx.an.doc.text[seg.span.start : seg.span.end]
    body_follows = any(x.paragraph > seg.paragraph for x in ctx.an.sentences[s + 1 : s + 2])
    return seg.paragraph <= 2 and len(text) <= HEADLINE_CHARS and text[-1] not in ".!?؟" and body_follows


def _drop_headline_echoes(ctx: Context, frames: list[Frame]) -> list[Frame]:
    """A headline restates the body: its frames go when the body has one of the same type."""
    head = {f.sentence for f in frames if _is_headline(ctx, f.sentence)}
    if not head:
        return frames
    body_types = {f.event_type for f in frames if f.sentence not in head}
    return [f for f in frames if f.sentence not in head or f.event_type not in body_types]


def _frames_for(ctx: Context, trig: Hit, live: list[Hit]) -> list[Frame]:
    base = refine(ctx, trig, trig.entry.attr("sub_event_type"))
    s = ctx.an.sent_of(trig)
    unknown_town = _unknown_town_after(ctx, trig)
    places = _split(_places_for(ctx, trig, live, unknown_town))
    local = bool(places)
    if not places and not unknown_town and base not in TERRITORY:
        # a change of control is always told with its place: no borrowed one
        fb = _fallback_place(ctx, s)
        places = [fb] if fb else []
    srcs = ctx.in_sent("sources", s)
    names = tuple(dict.fromkeys(m.name for m in srcs))
    spans = tuple(m.span for m in srcs)
    date_m, toll = _date_for(ctx, trig), _toll_for(ctx, trig)
    strong = trig.entry.attr("strength") != "weak"
    incident = _incident(ctx, trig)
    pointer = _after_word(ctx, trig, "demonstratives")
    bare = base == SHELLING and "artillery" not in _cue_kinds(ctx, trig, -1)
    out: list[Frame] = []
    for p in places or [None]:  # type: ignore[list-item]
        roles = assign(ctx, trig, base, p.place.country if p else ctx.focus)
        sub = base
        if sub in TERRITORY and roles.a1 is not None:
            sub = "Government regains territory" if roles.a1.type in STATE_TYPES else "Non-state actor overtakes territory"
        out.append(Frame(sub, trig, s, roles, p, local, date_m, toll if len(places) <= 1 else None, names, spans,
                         strong, ctx.an.span(trig), incident, pointer,
                         bare and (p is None or normalize(p.name) not in _artillery_places(ctx))))
    out += _air_support(ctx, trig, base, out)
    return out


@cache
def _rule_words(name: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in text_rules()[name])  # type: ignore[union-attr]


def _after_word(ctx: Context, trig: Hit, rule: str) -> bool:
    """A definite event noun right after a word of the ``rule`` list."""
    an = ctx.an
    definite = trig.entry.form.startswith("ال") or "ال" in an.prefix(trig)
    return (definite and trig.entry.attr("pos") != "verb" and trig.first > 0
            and strip_conjunction(an.view.tokens[trig.first - 1].norm) in _rule_words(rule))


def _incident(ctx: Context, trig: Hit) -> bool:
    """"حادثة الاختطاف": a definite event noun after an incident noun."""
    return _after_word(ctx, trig, "incident_nouns")


def _artillery_places(ctx: Context) -> frozenset[str]:
    """Places named in sentences that speak of artillery or rockets: a bare
    "قصف" there may be that fire, told again."""
    cached = ctx.memo.get("artillery_places")
    if cached is None:
        sents = {ctx.an.sent_of(c) for c in ctx.an.family("cue") if c.entry.attr("kind") == "artillery"}
        cached = frozenset(normalize(p.name) for s in sents for p in ctx.in_sent("places", s))
        ctx.memo["artillery_places"] = cached
    return cached  # type: ignore[no-any-return]


def _air_support(ctx: Context, trig: Hit, sub: str, ground: list[Frame]) -> list[Frame]:
    """Ground fighting 'with support of Russian jets' also gives an air strike."""
    if event_type_of()[sub] != "Battles" or not ground:
        return []
    roles = ground[0].roles
    air = [m for m in ctx.in_sent("actors", ctx.an.sent_of(trig)) if is_air(m)]
    if not air:
        return []
    lead = air[0]
    rest = tuple(m for m in air[1:] if m.actor.name != lead.actor.name)
    r = Roles(lead, roles.actor2, rest, roles.assoc2, None, roles.default2)
    return [
        Frame("Air/drone strike", f.trigger, f.sentence, r, f.place, f.place_local, f.date, None,
              f.sources, f.source_spans, True, f.trigger_span)  # named aircraft: never a vague mention
        for f in ground
    ]


def lead_date(ctx: Context) -> DateMention | None:
    """The day the lead gives: later undated paragraphs usually elaborate on
    the lead's event ("أمس" in the lead, no date below)."""
    for k in range(min(len(ctx.an.sentences), LEAD_SENTENCES)):
        days = [d for d in ctx.in_sent("dates", k) if d.precision == "day"]
        if days:
            return days[0]  # type: ignore[no-any-return]
    return None


def frame_date(f: Frame, published: date | None) -> tuple[date | None, str | None]:
    if f.date is not None:
        return f.date.value, f.date.precision
    return (published, "day") if published else (None, None)
