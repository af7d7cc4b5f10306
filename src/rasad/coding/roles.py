"""Who did what to whom: actor1, actor2 and associated actors of a frame.

Arabic news is mostly VSO: for a verb trigger the subject is the first actor
after it, else the nearest before it. The target is the next other actor
(after مع، ضد، على، بين … و). Sub-event families then apply ACLED's
conventions: protesters initiate protests, civilians are never the attacker,
the arresting force is actor1.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasad.coding.context import Context
from rasad.lexicon.matcher import Hit
from rasad.mentions.actors import ActorMention, localize, make_actor
from rasad.model import Actor

AFTER_REACH = 6
AIR_HEADS = {"طائرات", "الطائرات", "طائرة", "الطائرة", "طيران", "الطيران", "مقاتلات", "المقاتلات",
             "مروحيات", "المروحيات", "سلاح الجو", "القوات الجوية", "مسيرة", "مسيرات", "غارة", "غارات"}
PROTEST = {"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}
RIOT = {"Violent demonstration", "Mob violence"}
AGAINST_CIVILIANS = {"Attack", "Abduction/forced disappearance", "Sexual violence"}
PASSIVE_TYPES = {"Civilians", "Protesters", "Rioters"}
BOMBINGS = {"Remote explosive/landmine/IED", "Suicide bomb"}
STATE_TYPES = {"State forces", "External/Other forces"}
TARGET_PREPS = {"مع", "ضد", "علي", "بحق", "تجاه", "باتجاه", "استهدف", "استهدفت"}


@dataclass(frozen=True, slots=True)
class Roles:
    actor1: ActorMention | None
    actor2: ActorMention | None
    assoc1: tuple[ActorMention, ...]
    assoc2: tuple[ActorMention, ...]
    default1: Actor | None = None
    default2: Actor | None = None

    @property
    def a1(self) -> Actor | None:
        return self.actor1.actor if self.actor1 else self.default1

    @property
    def a2(self) -> Actor | None:
        return self.actor2.actor if self.actor2 else self.default2


def _armed(ctx: Context, m: ActorMention, country: str | None) -> ActorMention:
    """In a violent event a government acts through its forces: "قوات الرئيس"،
    "السلطات" → Military Forces of X (the government stays for interactions)."""
    if not m.actor.name.startswith("Government of ") or not m.actor.country:
        return m
    forces = make_actor(ctx.res, "Military Forces of {country_name}", "State forces", m.actor.country, country)
    if forces is None:
        return m
    return ActorMention(forces, m.span, m.first, m.last, m.source, m.head, "", "", m.actor.country)


def is_air(m: ActorMention) -> bool:
    return m.head in AIR_HEADS or any(w in m.actor.name for w in ("Air Force",))


def _generic(ctx: Context, template: str, type_: str, country: str | None) -> Actor | None:
    return make_actor(ctx.res, template, type_, None, country or ctx.focus)


def _coordinated(ctx: Context, base: ActorMention, pool: list[ActorMention]) -> list[ActorMention]:
    """Actors joined to ``base`` by و right after it (قوات النظام والمسلحين الموالين لها)."""
    out: list[ActorMention] = []
    end = base.last
    for m in pool:
        if m.first in (end + 1, end + 2) and ctx.an.view.tokens[m.first].norm.startswith("و"):
            if m.actor.name != base.actor.name:
                out.append(m)
            end = m.last
    return out


def _support(ctx: Context, pool: list[ActorMention]) -> list[ActorMention]:
    """Actors introduced by بدعم من / مدعومة ب / بمساندة."""
    toks = ctx.an.view.tokens
    out = []
    for m in pool:
        before = " ".join(t.norm for t in toks[max(0, m.first - 3) : m.first])
        if any(k in before for k in ("بدعم", "مدعوم", "بمسانده", "باسناد", "بغطاء")):
            out.append(m)
    return out


def assign(ctx: Context, trig: Hit, sub: str, country: str | None) -> Roles:
    """Roles for a trigger of sub-event type ``sub`` in its sentence, with
    generic actors filled for ``country`` (where the event happened)."""
    s = ctx.an.sent_of(trig)
    pool: list[ActorMention] = [_armed(ctx, localize(ctx.res, m, country), country)
                                for m in ctx.in_sent("actors", s)]
    support = _support(ctx, pool)
    main = [m for m in pool if m not in support]
    marked = [m for m in main if _marked(ctx, m)]
    subj = _subject(trig, [m for m in main if m not in marked] or main)
    if sub in PROTEST or sub in RIOT:
        return _crowd_roles(ctx, sub, main, country)
    if subj is not None and subj.actor.type in PASSIVE_TYPES:
        victims = subj
        subj = next((m for m in main if m.actor.type not in PASSIVE_TYPES), None)
        obj = victims
    else:
        obj = _object(trig, marked + [m for m in main if m not in marked], subj)
    if sub == "Air/drone strike":
        air = [m for m in pool if is_air(m)]
        if air and (subj is None or not is_air(subj)):
            subj = air[0]
            if obj is not None and obj.actor.name == subj.actor.name:
                obj = None
    assoc1 = tuple(_coordinated(ctx, subj, pool)) if subj else ()
    assoc2 = tuple(_coordinated(ctx, obj, pool)) if obj else ()
    if subj is not None:
        assoc1 += tuple(m for m in support if m.actor.name != subj.actor.name and not is_air(m))
    default2 = None
    if obj is None and sub in AGAINST_CIVILIANS:
        default2 = _generic(ctx, "Civilians ({country_name})", "Civilians", country)
    default1 = None
    if sub in BOMBINGS and subj is not None and subj.actor.type in STATE_TYPES:
        # "عبوة ناسفة استهدفت دورية للجيش": the state force is the target
        subj, obj = None, subj
    if subj is None and sub in AGAINST_CIVILIANS | BOMBINGS:
        default1 = _generic(ctx, "Unidentified Armed Group ({country_name})", "Political militia", country)
    return Roles(subj, obj, assoc1, assoc2, default1, default2)


def _marked(ctx: Context, m: ActorMention) -> bool:
    """An actor introduced as the other side: "مع X"، "ضد X"، "على X"."""
    toks = ctx.an.view.tokens
    prev = toks[m.first - 1].norm if m.first > 0 else ""
    return prev in TARGET_PREPS


def _subject(trig: Hit, pool: list[ActorMention]) -> ActorMention | None:
    after = [m for m in pool if trig.last < m.first <= trig.last + AFTER_REACH]
    before = [m for m in pool if m.last < trig.first]
    if trig.entry.attr("pos") != "verb":
        near_after = [m for m in after if m.first <= trig.last + 3]
        if near_after:
            return near_after[0]
        if before:
            return before[-1]
        return after[0] if after else None
    if after:
        return after[0]
    return before[-1] if before else None


def _object(trig: Hit, pool: list[ActorMention], subj: ActorMention | None) -> ActorMention | None:
    """The other side: after the trigger if possible; an opponent (state vs
    non-state) before an ally (a second state force is usually a partner)."""
    name = subj.actor.name if subj else None
    others = [m for m in pool if m.actor.name != name and m is not subj]
    if subj is not None:
        others = [m for m in others if not (m.first > subj.last and m.first <= subj.last + 2)] or others
        side = subj.actor.type in STATE_TYPES
        opponents = [m for m in others if (m.actor.type in STATE_TYPES) != side or m.actor.type in PASSIVE_TYPES]
        others = opponents or others
    after = [m for m in others if m.first > trig.last]
    if after:
        return after[0]
    return others[-1] if others else None


def _crowd_roles(ctx: Context, sub: str, pool: list[ActorMention], country: str | None) -> Roles:
    want = "Protesters" if sub in PROTEST else "Rioters"
    crowd = next((m for m in pool if m.actor.type in ("Protesters", "Rioters")), None)
    force = next((m for m in pool if m.actor.type in ("State forces", "External/Other forces")), None)
    default1 = None if crowd and crowd.actor.type == want else _generic(ctx, want + " ({country_name})", want, country)
    if crowd and crowd.actor.type != want:
        crowd = None
    if sub == "Peaceful protest":
        force = None
    return Roles(crowd, force, (), (), default1, None)
