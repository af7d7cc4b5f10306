"""Tokens over the normalised view, and the joined string the matcher scans.

The matcher runs one Aho-Corasick pass over ``TextView.joined``: the
normalised tokens of the whole document separated by a single space, or by
``" | "`` where punctuation that ends a clause or sentence stands between
them. Multi-word lexicon entries therefore match across quotes («داعش») but
never across a comma or a full stop.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from rasad.model import Span
from rasad.text.normalize import normalize_with_map

_WORD = re.compile(r"[0-9A-Za-z\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF]+")
BREAK = " | "


@cache
def text_rules() -> dict[str, object]:
    """The parsed ``text_rules.yaml``."""
    data: dict[str, object] = yaml.safe_load(
        resources.files("rasad").joinpath("data/text_rules.yaml").read_text("utf-8")
    )
    return data


@cache
def _hard_chars() -> frozenset[str]:
    rules = text_rules()
    chars = set(rules["sentence_end"]) | set(rules["clause_punct"])  # type: ignore[arg-type]
    chars.add("\n")
    return frozenset(chars)


@dataclass(frozen=True, slots=True)
class Token:
    """One word: original span, normalised form, and its place in ``joined``."""

    start: int
    end: int
    norm: str
    jstart: int
    vstart: int


@dataclass(frozen=True, slots=True)
class TextView:
    """A document's text with its normalised view, tokens and joined string."""

    text: str
    vmap: tuple[int, ...]
    tokens: tuple[Token, ...]
    joined: str
    jstarts: tuple[int, ...]

    def token_at(self, jpos: int) -> int:
        """Index of the token that holds ``joined`` position ``jpos``."""
        return bisect.bisect_right(self.jstarts, jpos) - 1

    def span(self, jstart: int, jend: int) -> Span:
        """Original-text span of ``joined[jstart:jend]`` (which must start and end in tokens)."""
        t0 = self.tokens[self.token_at(jstart)]
        t1 = self.tokens[self.token_at(jend - 1)]
        start = self.vmap[t0.vstart + (jstart - t0.jstart)]
        last = self.vmap[t1.vstart + (jend - 1 - t1.jstart)]
        return Span(start, last + 1)

    def token_span(self, i: int, j: int) -> Span:
        """Original span from token ``i`` to token ``j`` inclusive."""
        return Span(self.tokens[i].start, self.tokens[j].end)


def build_view(text: str) -> TextView:
    """Normalise, tokenise and join ``text`` in one linear pass."""
    view, vmap = normalize_with_map(text)
    hard = _hard_chars()
    tokens: list[Token] = []
    parts: list[str] = []
    jstarts: list[int] = []
    pos = 0
    prev_vend = 0
    for vstart, vend in _words(text, view, vmap):
        if tokens:
            gap = view[prev_vend:vstart]
            sep = BREAK if any(c in hard for c in gap) else " "
            parts.append(sep)
            pos += len(sep)
        word = view[vstart:vend]
        start = vmap[vstart]
        end = vmap[vend - 1] + 1
        tokens.append(Token(start, end, word, pos, vstart))
        jstarts.append(pos)
        parts.append(word)
        pos += len(word)
        prev_vend = vend
    return TextView(text, tuple(vmap), tuple(tokens), "".join(parts), tuple(jstarts))


def _words(text: str, view: str, vmap: list[int]) -> list[tuple[int, int]]:
    """Word spans of the view. Taa marbuta (ة) only ends a word, so one
    inside a run of letters marks a space the source lost
    ("محافظة القنيطرةجنوب البلاد"): the run is cut after it."""
    out: list[tuple[int, int]] = []
    for m in _WORD.finditer(view):
        a, end = m.start(), m.end()
        i = view.find("ه", a, end - 1)  # ة normalises to ه
        while i != -1:
            if text[vmap[i]] == "ة" and not view[i + 1].isascii():
                out.append((a, i + 1))
                a = i + 1
            i = view.find("ه", i + 1, end - 1)
        out.append((a, end))
    return out
