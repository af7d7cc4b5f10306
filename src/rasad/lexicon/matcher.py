"""One Aho-Corasick automaton over every lexicon family, built once.

Entries are normalised with the same function as article text. A hit is kept
only when the letters before it in its token are a valid prefix clitic
sequence (و ف ب ل ك س ال لل …) and the letters after it are empty or, for
entries that allow it, a pronoun suffix. So ``ريف`` matches ``بريف`` but not
``تعريف``, and ``ما`` matches only as a word of its own. Overlapping hits of
one family keep the longest. Scanning is linear in the text length.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from rasad.model import attr_of
from rasad.text.clitics import valid_prefix, valid_suffix
from rasad.text.normalize import normalize
from rasad.text.tokenize import TextView


LAM_PREFIXES = frozenset({"ل", "ول", "فل"})  # before an article whose alef fell: لل = ل + ال


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row as the matcher sees it."""

    family: str
    id: str
    form: str
    attrs: tuple[tuple[str, str], ...] = ()
    suffixes: bool = False

    def attr(self, key: str, default: str = "") -> str:
        return attr_of(self.attrs, key, default)


@dataclass(frozen=True, slots=True)
class Hit:
    """A validated match: the entry and its ``[jstart, jend)`` in ``view.joined``."""

    entry: Entry
    jstart: int
    jend: int
    first: int
    last: int


class Matcher:
    """Compiled automaton; pickles cleanly for worker processes."""

    def __init__(self, automaton: ahocorasick.Automaton) -> None:
        self.automaton = automaton

    @classmethod
    def from_entries(cls, entries: list[Entry]) -> "Matcher":
        table: dict[str, list[tuple[Entry, bool]]] = {}
        for e in entries:
            key = normalize(e.form)
            if not key:
                continue
            table.setdefault(key, []).append((e, False))
            if key.startswith("ال") and len(key) > 3:
                # "للجيش" is ل + الجيش with the alef dropped.
                table.setdefault(key[1:], []).append((e, True))
        auto = ahocorasick.Automaton()
        for key, vals in table.items():
            auto.add_word(key, (len(key), tuple(vals)))
        auto.make_automaton()
        return cls(auto)

    def scan(self, view: TextView) -> list[Hit]:
        """All valid hits in ``view``, longest first within each family."""
        joined, toks = view.joined, view.tokens
        hits: list[Hit] = []
        if not toks:
            return hits
        for end_idx, (klen, vals) in self.automaton.iter(joined):
            jend = end_idx + 1
            jstart = jend - klen
            if joined[jstart] == " " or joined[end_idx] == " ":
                continue
            first = view.token_at(jstart)
            last = view.token_at(end_idx)
            t0, t1 = toks[first], toks[last]
            prefix = joined[t0.jstart : jstart]
            suffix = joined[jend : t1.jstart + len(t1.norm)]
            for entry, lam in vals:
                ok = prefix in LAM_PREFIXES if lam else valid_prefix(prefix, klen)
                if not ok or (suffix and not (entry.suffixes and valid_suffix(suffix))):
                    continue
                hits.append(Hit(entry, jstart, jend, first, last))
        return _longest(hits)


def _longest(hits: list[Hit]) -> list[Hit]:
    """Drop a hit covered by a longer hit of the same family."""
    hits.sort(key=lambda h: (h.entry.family, h.first, -(h.last - h.first), -(h.jend - h.jstart)))
    out: list[Hit] = []
    cover: dict[str, int] = {}
    for h in hits:
        fam = h.entry.family
        if h.first <= cover.get(fam, -1) and h.last <= cover[fam]:
            if out and out[-1].entry.family == fam and (out[-1].first, out[-1].last, out[-1].jstart, out[-1].jend) == (h.first, h.last, h.jstart, h.jend):
                out.append(h)  # same words, another entry: keep both (ambiguity)
            continue
        out.append(h)
        cover[fam] = max(cover.get(fam, -1), h.last)
    out.sort(key=lambda h: (h.jstart, h.entry.family))
    return out
