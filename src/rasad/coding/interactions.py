"""Political interactions (codebook section 3, PLOVER types).

Each unblocked interaction trigger opens a statement in its sentence. Its
initiator (actor1) is the verb's subject — in Arabic news usually the first
actor after the verb, or the actor right before it; a circumstantial
participle (…، مطالبةً X بـ) shares the subject of the statement before it.
Its target (actor2) is the next other actor the trigger governs. Both must be
named political actors (see ``coding.parties``); a statement without a target
is not an interaction.

The lexicon's ``direction`` says where the target stands:
- ``obj``: after the verb, a prepositional complement preferred (رحب بـ، عقوبات على);
- ``subj_obj``: the verb's object, the first other actor after it (اتهمت X Y، استقبل X Y);
- ``pair``: the other of two parties, introduced by مع / بـ / بين or joined to
  the subject by و (بحث X مع Y، X وY اتفقا); an unmarked actor after a pair verb
  is a topic, not a party. On a one-way type (تبادلا الاتهامات) it gives one
  interaction each way.
``NONE`` rows are words that hold a statement word but make no interaction
(رفض التعليق): the statement search stops at them, and since the conflict deals
among them (هدنة، وقف إطلاق النار، تبادل أسرى) are layer-1 Agreement events, a
``NONE`` hit also stops AGREE in its sentence.

Offsets: parties and triggers carry token indices of ``Analysis.view``; every
``Span`` is in ``Document.text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rasad.coding.context import Context
from rasad.coding.modality import blocked
from rasad.coding.parties import COORD_GAP, TARGET_MARKS, Party, nisba_parties, parties_in
from rasad.lexicon.matcher import Hit
from rasad.mentions.dates import DateMention
from rasad.model import Interaction, Span, Trace
from rasad.text.normalize import normalize

SUBJ_REACH = 4  # tokens between a verb and its post-posed subject
NEAR_BEFORE = 2  # tokens between a pre-posed subject and its verb
TARGET_REACH = 16
SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
DEED_TARGETS = frozenset({"ACCUSE", "REJECT", "SUPPORT"})  # "أدانت X العدوان الإسرائيلي" names the doer
VERB_PREFIXES = frozenset({"", "و", "ف", "ل", "س", "وس", "فس", "ول", "فل"})
COMPLEMENTIZER = normalize("أن")  # أن and إن alike once normalised
TA_MARBUTA = "ة"


@dataclass(frozen=True, slots=True)
class Statement:
    """One trigger's reading before in-document merging."""

    interaction_type: str
    trigger: Hit
    sentence: int
    actor1: Party
    actor2: Party
    date: DateMention | None
    sources: tuple[str, ...]
    source_spans: tuple[Span, ...]
    confidence: float


@dataclass(frozen=True, slots=True)
class Scope:
    """What one trigger is read against: its sentence's statement words and
    parties, and the speaker of the sentence before (for a dropped subject)."""

    live: list[Hit]
    masks: list[Hit]  # NONE hits: no statement, and no target beyond them
    parties: list[Party]
    deeds: list[Party]
    speaker: Party | None


def build_interactions(ctx: Context) -> list[Interaction]:
    """Interactions of one document, merged, in order of their evidence."""
    statements: list[Statement] = []
    last: tuple[int, Party] | None = None
    for s, live, masks in _live_triggers(ctx):
        parties = parties_in(ctx, s)
        speaker = last[1] if last and last[0] == s - 1 and ctx.paragraph(s - 1) == ctx.paragraph(s) else None
        scope = Scope(live, masks, parties, nisba_parties(ctx, s, parties), speaker)
        for t in live:
            found, subj = _statements(ctx, t, scope)
            statements += found
            if subj is not None:
                last = (s, subj)
    out = [_interaction(ctx, group) for group in _merge(statements)]
    out.sort(key=lambda i: (i.spans[0].start if i.spans else 0, i.interaction_type))
    return out


def _live_triggers(ctx: Context) -> list[tuple[int, list[Hit], list[Hit]]]:
    """Per sentence: its usable statement words and its NONE hits."""
    by_sent: dict[int, list[Hit]] = {}
    for t in ctx.an.family("interaction"):
        by_sent.setdefault(ctx.an.sent_of(t), []).append(t)
    out = []
    for s, trigs in sorted(by_sent.items()):
        masks = [t for t in trigs if _type(t) == "NONE"]
        live = [t for t in _first_of_overlaps(trigs) if _usable(ctx, t) and not (masks and _type(t) == "AGREE")]
        live = _drop_complements(ctx, live)
        if live:
            out.append((s, live, masks))
    return out


def _first_of_overlaps(trigs: list[Hit]) -> list[Hit]:
    """Of statement words sharing a token, the one that starts first reads the
    phrase: "رفع العقوبات على" is easing, not imposing."""
    out: list[Hit] = []
    for t in sorted((t for t in trigs if _type(t) != "NONE"), key=lambda t: (t.first, -t.last)):
        if out and t.first <= out[-1].last:
            continue
        out.append(t)
    return out


def _drop_complements(ctx: Context, live: list[Hit]) -> list[Hit]:
    """A statement noun after a statement verb of its clause is what the verb
    is about ("اتهمت X Y بعرقلة المفاوضات"، "رحبت بالاتفاقية"), not a new one."""
    clause = ctx.an.tok_clause
    verbs = [t for t in live if t.entry.attr("pos") != "noun"]
    return [t for t in live if t.entry.attr("pos") != "noun"
            or not any(v.last < t.first and clause[v.first] == clause[t.first] for v in verbs)]


def _type(t: Hit) -> str:
    return t.entry.attr("interaction_type")


def _usable(ctx: Context, t: Hit) -> bool:
    """A real, asserted statement word: not a noun reading of a verb form
    (بحذر، البحث، وزارة = و+زار+ة), not inside a name (مجلس التعاون), not
    negated or planned."""
    an = ctx.an
    if t.entry.attr("pos") == "verb" and an.prefix(t) not in VERB_PREFIXES:
        return False
    tok = an.view.tokens[t.last]
    if an.doc.text[tok.start : tok.end].endswith(TA_MARBUTA) and not normalize(t.entry.form).endswith("ه"):
        return False  # the pronoun suffix ه was a ta marbuta
    s = an.sent_of(t)
    names = [(m.first, m.last) for m in ctx.in_sent("actors", s)]
    names += [(h.first, h.last) for h in ctx.hits_in("source", s)]
    if any(a <= t.first and t.last <= b and (b - a) > (t.last - t.first) for a, b in names):
        return False
    return not blocked(ctx, t)


# ---------------------------------------------------------------- roles


def _statements(ctx: Context, t: Hit, sc: Scope) -> tuple[list[Statement], Party | None]:
    """The statements one trigger makes, and the subject it found."""
    subj, direct = _subject(ctx, t, sc)
    if subj is None:
        return [], None
    co_subj = _coordinated(subj, sc.parties)
    target = _target(ctx, t, sc, subj, co_subj)
    if target is None and _two_way(t) and co_subj:
        target, co_subj = co_subj[0], co_subj[1:]
    date_m = _date_for(ctx, t)
    if target is None or _background(date_m, ctx.an.doc.published):
        return [], subj
    s = ctx.an.sent_of(t)
    srcs = [m for m in ctx.in_sent("sources", s) if m.name]  # a bare cue (قال) names nobody
    names, spans = tuple(dict.fromkeys(m.name for m in srcs)), tuple(m.span for m in srcs)
    conf = _confidence(t, direct, target, date_m)
    mutual = t.entry.attr("direction") == "pair" and _type(t) not in SYMMETRIC
    out = []
    for a1 in [subj] + co_subj:
        for a2 in [target] + _coordinated(target, sc.parties):
            if a1.actor.name == a2.actor.name or (_type(t) == "CONSULT" and a1.kind == a2.kind == "country"):
                continue  # two bare country names "meet" in sport, not in diplomacy
            for x, y in ((a1, a2), (a2, a1)) if mutual else ((a1, a2),):
                out.append(Statement(_type(t), t, s, x, y, date_m, names, spans, conf))
    return out, subj


def _background(d: DateMention | None, published: date | None) -> bool:
    """Dated only to an earlier month ("في أبريل الماضي"): background, not coded."""
    return bool(d and d.precision == "month" and published
                and (d.value.year, d.value.month) < (published.year, published.month))


def _subject(ctx: Context, t: Hit, sc: Scope) -> tuple[Party | None, bool]:
    """The initiator and whether a direct pattern found it (not a fallback)."""
    clause, parties = ctx.an.tok_clause, sc.parties
    if t.entry.attr("pos") == "participle":
        return _main_subject(ctx, t, sc)
    before = [p for p in parties if p.last < t.first]
    near = next((p for p in reversed(before) if t.first - p.last - 1 <= NEAR_BEFORE
                 and clause[p.last] == clause[t.first] and not p.marked), None)
    after = [p for p in parties if p.first > t.last and not p.marked and not p.between]
    close = next((p for p in after if p.first - t.last - 1 <= SUBJ_REACH), None)
    if t.entry.attr("pos") == "verb":
        if close is not None and not (near is not None and t.first - near.last == 1):
            return _elided(ctx, t, sc, close) or close, True
        if near is not None:
            return near, True
    else:
        pair = [p for p in parties if p.first > t.last and p.between]
        if _two_way(t) and len(pair) >= 2 and pair[0].first - t.last - 1 <= SUBJ_REACH:
            return pair[0], True
        governs = ctx.an.view.tokens[t.last].norm not in TARGET_MARKS  # "عقوبات على X": X is the target
        if close is not None and close.first == t.last + 1 and governs:
            return close, True  # the genitive: "إدانة مصر"، "زيارة الرئيس التركي"
        if _definite(ctx, t):
            return None, False  # "الاتهامات" refers back to a statement; only its genitive says whose
        if near is not None:
            return near, True  # the object of a light verb: "أجرى X اتصالا"، "أعربت X عن تضامنها"
    unmarked = [p for p in before if not p.marked and not p.between]
    if unmarked:
        return unmarked[-1], False
    if after:
        return after[0], False  # "خلال لقائه مع X، أكد Y …": named after the opening phrase
    return sc.speaker, False  # "وعبّرت عن تضامنها مع …": the previous sentence's speaker


def _main_subject(ctx: Context, t: Hit, sc: Scope) -> tuple[Party | None, bool]:
    """"أدانت تركيا الهجوم، مطالبةً روسيا بالضغط …": a circumstantial participle
    shares the subject of the statement before it, or of the sentence."""
    prev = [x for x in sc.live if x.last < t.first and x.entry.attr("pos") in ("verb", "phrase")]
    if prev:
        subj, _ = _subject(ctx, prev[-1], sc)
        if subj is not None and subj.last < t.first:
            return subj, True
    first = [p for p in sc.parties if p.last < t.first and not p.marked and not p.between]
    return (first[0], False) if first else (sc.speaker, False)


def _definite(ctx: Context, t: Hit) -> bool:
    """The statement word carries the article (الاتهامات، بالاتصال): a known one."""
    prefix = ctx.an.prefix(t)
    return prefix.endswith("ال") or prefix.endswith("لل") or t.entry.form.startswith("ال")


def _elided(ctx: Context, t: Hit, sc: Scope, close: Party) -> Party | None:
    """"أدانت مصر الهجوم واتهمت إسرائيل …": a verb joined by و to an earlier
    statement of its clause keeps that subject when only one actor follows it."""
    clause, live = ctx.an.tok_clause, sc.live
    prev = [x for x in live if x.last < t.first and clause[x.first] == clause[t.first] and x.entry.attr("pos") != "noun"]
    if not prev or ctx.an.prefix(t)[:1] not in ("و", "ف"):
        return None
    stop = min([x.first for x in live if x.first > t.last], default=t.last + TARGET_REACH)
    if any(close.last < p.first <= min(stop, t.last + TARGET_REACH) for p in sc.parties):
        return None  # "… واتهمت إيران السعودية": a subject and an object follow
    subj, _ = _subject(ctx, prev[-1], sc)
    return subj if subj is not None and subj.last < t.first else None


def _coordinated(base: Party, parties: list[Party]) -> list[Party]:
    """Actors joined to ``base`` by و right after it (السعودية والإمارات)."""
    out: list[Party] = []
    end = base.last
    for p in parties:
        if p.first > end and p.first - end - 1 <= COORD_GAP and p.coordinated:
            if p.actor.name != base.actor.name:
                out.append(p)
            end = p.last
        elif p.first > end:
            break
    return out


def _target(ctx: Context, t: Hit, sc: Scope, subj: Party, co_subj: list[Party]) -> Party | None:
    """The next other actor this trigger governs: after it, before the next
    statement word or reported content, at most one clause on, and not the
    subject of a later statement ("…، والخارجية الإيرانية تحذر")."""
    clause = ctx.an.tok_clause
    stop = min([x.first for x in sc.live + sc.masks if x.first > t.last], default=t.last + TARGET_REACH)
    stop = min(stop, t.last + TARGET_REACH, _complement_start(ctx, t))
    skip = {subj.actor.name} | {p.actor.name for p in co_subj}

    def fits(p: Party) -> bool:
        later_subject = any(0 <= x.first - p.last - 1 <= 1 and clause[x.first] == clause[p.last]
                            and x.entry.attr("pos") == "verb" and ctx.an.prefix(x)[:1] not in ("و", "ف")
                            for x in sc.live if x.first > t.last)
        return (p.first > t.first and t.last < p.last and p.first <= stop and p.actor.name not in skip
                and clause[p.first] - clause[t.last] <= 1 and not later_subject
                and (_two_way(t) or not p.between))

    pool = [p for p in sc.parties if fits(p)]
    if t.entry.attr("direction") == "obj":
        pool = [p for p in pool if p.marked] or pool
    elif t.entry.attr("direction") == "pair":
        pool = [p for p in pool if p.marked or p.between]  # "بحث X الوضع": the object is a topic
    deeds = [p for p in sc.deeds if fits(p)] if _type(t) in DEED_TARGETS else []
    if deeds and (not pool or deeds[0].first < pool[0].first):
        return deeds[0]  # the doer of the condemned deed, not the place it struck ("… على لبنان")
    if pool:
        return pool[0]
    if _two_way(t):
        # "بوتين وأردوغان بحثا …", "… التقاه الرئيس": the other party before
        others = [p for p in sc.parties if p.last < t.first and p.actor.name not in skip and p is not subj]
        return others[-1] if others else None
    return None


def _two_way(t: Hit) -> bool:
    """Symmetric types and mutual wording (تبادلا الاتهامات) take "بين X و Y"."""
    return _type(t) in SYMMETRIC or t.entry.attr("direction") == "pair"


def _complement_start(ctx: Context, t: Hit) -> int:
    """The first bare أن/إن after the trigger: what follows is reported content
    ("نفى الكرملين أن يكون بوتين التقى …"), not the statement's target."""
    toks, sent = ctx.an.view.tokens, ctx.an.tok_sent
    k = t.last + 1
    while k < len(toks) and sent[k] == sent[t.first]:
        if toks[k].norm == COMPLEMENTIZER:
            return k
        k += 1
    return k


def _date_for(ctx: Context, t: Hit) -> DateMention | None:
    ds: list[DateMention] = ctx.in_sent("dates", ctx.an.sent_of(t))
    if not ds:
        return None
    return min(ds, key=lambda d: (abs(d.first - t.first), d.first > t.first))


def _confidence(t: Hit, direct: bool, target: Party, d: DateMention | None) -> float:
    c = 0.35
    c += 0.05 if t.entry.attr("pos") == "noun" else 0.15
    c += 0.2 if direct else 0.0
    c += 0.15 if target.marked or target.between else 0.05
    c += 0.1 if d is not None else 0.0
    return min(1.0, c)


# ---------------------------------------------------------------- merging


def _pair_key(st: Statement) -> tuple[str, str, str]:
    a, b = st.actor1.actor.name, st.actor2.actor.name
    if st.interaction_type in SYMMETRIC and b < a:
        a, b = b, a
    return st.interaction_type, a, b


def _merge(statements: list[Statement]) -> list[list[Statement]]:
    """One group per (type, actor pair, day); an undated re-mention (a
    headline, a later quote) joins the dated report of the same pair."""
    groups: list[list[Statement]] = []
    for st in sorted(statements, key=lambda x: x.trigger.first):
        home = next((g for g in groups if _pair_key(g[0]) == _pair_key(st) and _same_day(g, st)), None)
        if home is None:
            groups.append([st])
        else:
            home.append(st)
    return groups


def _same_day(group: list[Statement], st: Statement) -> bool:
    days = {g.date.value for g in group if g.date is not None}
    return st.date is None or not days or st.date.value in days


def _interaction(ctx: Context, group: list[Statement]) -> Interaction:
    lead = next((g for g in group if g.date is not None), group[0])
    d, prec = _resolve_date(lead.date, ctx.an.doc.published)
    sent = ctx.an.sentences[lead.sentence].span
    trace: list[tuple[str, Span]] = [("trigger", ctx.an.span(lead.trigger)), ("actor1", lead.actor1.span),
                                     ("actor2", lead.actor2.span)]
    if lead.date is not None:
        trace.append(("date", lead.date.span))
    trace += [(f"sources[{i}]", sp) for i, sp in enumerate(lead.source_spans)]
    return Interaction(
        interaction_type=lead.interaction_type,
        date=d,
        date_precision=prec,
        actor1=lead.actor1.actor,
        actor2=lead.actor2.actor,
        sources=tuple(dict.fromkeys(s for g in group for s in g.sources)),
        evidence=ctx.an.doc.text[sent.start : sent.end],
        spans=(sent,),
        trace=Trace(tuple(trace)),
        confidence=max(g.confidence for g in group),
    )


def _resolve_date(d: DateMention | None, published: date | None) -> tuple[date | None, str | None]:
    if d is not None:
        return d.value, d.precision
    return (published, "day") if published else (None, None)
