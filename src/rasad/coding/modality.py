"""Modality: no events from negated, planned, conditional, threatened,
called-for or denied statements (codebook section 1)."""

from __future__ import annotations

from functools import cache

from rasad.coding.context import Context
from rasad.lexicon.matcher import Hit
from rasad.text.clitics import strip_conjunction
from rasad.text.normalize import normalize
from rasad.text.tokenize import text_rules

TERRITORY = frozenset({"Government regains territory", "Non-state actor overtakes territory"})
CLAUSE_REACH = 8
AFTER_REACH = 2
NEXT_WORD_REACH = 4


@cache
def _purpose_rules() -> tuple[frozenset[str], frozenset[str]]:
    rules = text_rules()
    return (frozenset(rules["purpose_prefixes"]),  # type: ignore[arg-type]
            frozenset(normalize(w) for w in rules["purpose_exceptions"]))  # type: ignore[union-attr]


def _purpose(ctx: Context, trig: Hit) -> bool:
    """"لطرد داعش": an aim, unless undergone ("تعرضت لقصف")."""
    prefixes, exceptions = _purpose_rules()
    if ctx.an.prefix(trig) not in prefixes:
        return False
    an = ctx.an
    clause = an.tok_clause[trig.first]
    before = range(max(0, trig.first - CLAUSE_REACH), trig.first)
    return not any(an.tok_clause[i] == clause and strip_conjunction(an.view.tokens[i].norm) in exceptions for i in before)



def blocked(ctx: Context, trig: Hit) -> bool:
    """True when a modality cue scopes over ``trig``."""
    an = ctx.an
    s = an.sent_of(trig)
    if trig.entry.attr("pos") == "verb" and an.prefix(trig).endswith("س"):
        return True
    if _purpose(ctx, trig):
        return True
    for cue in ctx.hits_in("modality", s):
        kind, scope = cue.entry.attr("kind"), cue.entry.attr("scope")
        if kind == "state" and trig.entry.attr("sub_event_type") not in TERRITORY:
            continue  # "مناطق سيطرة" describes who holds ground; it says nothing of a strike
        if scope in ("after", "after_clause"):
            # a post-modifier ("هجوم قريب"، "المعركة المرتقبة") or a negated
            # predicate after the noun ("العملية … لم تبدأ بعد")
            reach = AFTER_REACH if scope == "after" else CLAUSE_REACH
            if scope == "after" and cue.last + 1 < len(an.view.tokens) and an.view.tokens[cue.last + 1].norm == "من":
                continue  # "هجوم قريب من الحدود": near, not soon
            if 0 < cue.first - trig.last <= reach and an.tok_clause[cue.first] == an.tok_clause[trig.last]:
                return True
            continue
        if cue.last >= trig.first:
            continue
        gap = trig.first - cue.last
        same_clause = an.tok_clause[cue.last] == an.tok_clause[trig.first]
        if kind == "denial" or scope == "sentence":
            return True
        if scope == "next_word":
            if gap <= NEXT_WORD_REACH and same_clause:
                return True
            continue
        if same_clause or gap <= CLAUSE_REACH // 2:
            if gap <= CLAUSE_REACH or kind in ("conditional", "plan", "future", "threat", "call"):
                return True
    return False
