"""Actor mentions: dictionary aliases, officials, and force nouns with a
nationality adjective (طائرات حربية روسية → Military Forces of Russia).

Generic rows (قوات الأمن، مسلحون مجهولون، مدنيين) take the document's focus
country. A force of a country other than the focus is typed
External/Other forces, as ACLED types foreign militaries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rasad.lexicon.matcher import Hit
from rasad.lexicon.resources import ActorRow, Resources
from rasad.mentions.analysis import Analysis
from rasad.model import Actor, Span

NISBA_GAP = 2


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor in the text, with the token range it covers."""

    actor: Actor
    span: Span
    first: int
    last: int
    source: str  # "alias", "official", "nisba"
    head: str = ""
    template: str = ""  # for generic rows: the name template, re-filled per event country
    template_type: str = ""
    country: str | None = None  # the nationality a nisba gave, if any


def _valid(row: ActorRow, published: date | None) -> bool:
    if published is None:
        return True
    y = published.isoformat()[: len(row.valid_from)] if row.valid_from else ""
    if row.valid_from and y < row.valid_from:
        return False
    z = published.isoformat()[: len(row.valid_to)] if row.valid_to else ""
    return not (row.valid_to and z >= row.valid_to)


def make_actor(res: Resources, template: str, type_: str, country: str | None, focus: str | None) -> Actor | None:
    """Fill a ``{country_name}`` template; foreign forces become External/Other."""
    cc = country or focus
    if "{country" in template:
        if not cc or cc not in res.countries:
            return None
        cname = res.countries[cc].acled_name
        if "({country_name})" in template and cname.startswith("the "):
            cname = cname[4:]  # "Military Forces of the United States" but "Civilians (United States)"
        name = template.replace("{country_name}", cname)
    else:
        name = template
    if type_ == "State forces" and focus and cc and cc != focus and name.startswith(("Military", "Police")):
        type_ = "External/Other forces"
    return Actor(name, type_, cc if cc else None)


def resolve_row(res: Resources, row: ActorRow, focus: str | None) -> Actor | None:
    country = None if row.country in ("", "{country}") else row.country
    if row.generic:
        return make_actor(res, row.name, row.type, None, focus)
    return Actor(row.name, row.type, country)


def find_actors(an: Analysis, res: Resources, focus: str | None) -> list[ActorMention]:
    """All actor mentions, longest first where they overlap, in text order."""
    out: list[ActorMention] = []
    pub = an.doc.published
    for h in an.hits:
        fam = h.entry.family
        if fam not in ("actor", "official"):
            continue
        row = res.actors.get(h.entry.attr("actor_id"))
        if row is None or not _valid(row, pub):
            continue
        actor = resolve_row(res, row, focus)
        if actor:
            tpl = (row.name, row.type) if row.generic else ("", "")
            out.append(ActorMention(actor, an.span(h), h.first, h.last, fam, "", tpl[0], tpl[1]))
    out += _nisba_actors(an, res, focus)
    out = _prefer_longest(out)
    return _prefer_longest(out + _anaphora(an, out))


def _anaphora(an: Analysis, named: list[ActorMention]) -> list[ActorMention]:
    """التنظيم، القوات …: the last named actor of a fitting type before it."""
    out: list[ActorMention] = []
    taken = {i for m in named for i in range(m.first, m.last + 1)}
    for h in an.family("anaphor"):
        if h.first in taken:
            continue
        types = set(h.entry.attr("types").split("|"))
        prev = [m for m in named if m.last < h.first and m.actor.type in types]
        if prev:
            m = prev[-1]
            out.append(ActorMention(m.actor, an.span(h), h.first, h.last, "anaphor", m.head,
                                    m.template, m.template_type, m.country))
    return out


def _nisba_actors(an: Analysis, res: Resources, focus: str | None) -> list[ActorMention]:
    nisba_at: dict[int, Hit] = {h.first: h for h in an.family("nisba")}
    out: list[ActorMention] = []
    for head in an.family("force_head"):
        for k in range(head.last + 1, head.last + 2 + NISBA_GAP):
            n = nisba_at.get(k)
            if n is None or an.tok_sent[k] != an.tok_sent[head.first]:
                continue
            actor = make_actor(res, head.entry.attr("template"), head.entry.attr("type"), n.entry.attr("iso2"), focus)
            if actor:
                span = Span(an.span(head).start, an.span(n).end)
                out.append(ActorMention(actor, span, head.first, n.last, "nisba", head.entry.form,
                                        head.entry.attr("template"), head.entry.attr("type"), n.entry.attr("iso2")))
            break
    return out


def localize(res: Resources, m: ActorMention, country: str | None) -> ActorMention:
    """Re-fill a generic actor for the country where the event happened
    (قوات الأمن in a paragraph about Yemen are Yemen's, whatever the article's focus)."""
    if not m.template or not country:
        return m
    actor = make_actor(res, m.template, m.template_type, m.country, country)
    if actor is None or actor == m.actor:
        return m
    return ActorMention(actor, m.span, m.first, m.last, m.source, m.head, m.template, m.template_type, m.country)


def _prefer_longest(ms: list[ActorMention]) -> list[ActorMention]:
    ms.sort(key=lambda m: (m.first, -(m.last - m.first)))
    out: list[ActorMention] = []
    end = -1
    for m in ms:
        if m.first <= end:
            continue
        out.append(m)
        end = m.last
    return out
