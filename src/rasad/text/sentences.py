"""Sentence, paragraph and clause segmentation that respects quotes.

Sentences end at ``. ! ? ؟ …`` and at line breaks, never inside «…», (…),
“…” or "…" (a quote left open for more than ``MAX_QUOTE`` characters stops
protecting, since news text often forgets to close one). A full stop after a
one-letter word (``أ.``, ``د.``) is an abbreviation, not an end.
"""

from __future__ import annotations

from dataclasses import dataclass

from rasad.model import Span
from rasad.text.normalize import normalize
from rasad.text.tokenize import BREAK, TextView, text_rules

MAX_QUOTE = 300


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence with the paragraph it belongs to."""

    span: Span
    paragraph: int


def _is_abbreviation(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j].isalpha():
        j -= 1
    return i - j - 1 == 1


def split_sentences(text: str) -> tuple[Segment, ...]:
    """Sentences of ``text`` as spans (leading/trailing blanks trimmed)."""
    rules = text_rules()
    pairs: dict[str, str] = rules["pairs"]  # type: ignore[assignment]
    ends = set(rules["sentence_end"])  # type: ignore[arg-type]
    out: list[Segment] = []
    stack: list[tuple[str, int]] = []
    in_dq = -1
    start, para, n = 0, 0, len(text)

    def close(end: int) -> None:
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Segment(Span(s, e), para))

    for i, ch in enumerate(text):
        if ch == "\n":
            close(i)
            start, stack, in_dq = i + 1, [], -1
            if i + 1 < n and text[i + 1 : i + 3].strip() == "" and out and out[-1].paragraph == para:
                para += 1
            elif out and out[-1].paragraph == para:
                para += 1
            continue
        if ch in pairs:
            stack.append((pairs[ch], i))
        elif stack and ch == stack[-1][0]:
            stack.pop()
        elif ch == '"':
            in_dq = -1 if in_dq >= 0 else i
        if ch not in ends:
            continue
        quoted = (stack and i - stack[-1][1] < MAX_QUOTE) or (in_dq >= 0 and i - in_dq < MAX_QUOTE)
        if quoted or (ch == "." and _is_abbreviation(text, i)):
            continue
        nxt = text[i + 1] if i + 1 < n else " "
        if nxt.isspace() or nxt in "»\"”)":
            close(i + 1)
            start, stack, in_dq = i + 1, [], -1
    close(n)
    return tuple(out)


def clause_ids(view: TextView) -> tuple[int, ...]:
    """Clause number of every token: a new clause starts after clause
    punctuation (a break in ``view.joined``) and at a connective."""
    rules = text_rules()
    conns = {tuple(normalize(c).split()) for c in rules["clause_connectives"]}  # type: ignore[union-attr]
    max_len = max(len(c) for c in conns)
    firsts = {c[0] for c in conns}
    ids: list[int] = []
    cur = 0
    toks = view.tokens
    joined = view.joined
    for i, tok in enumerate(toks):
        if i and joined[tok.jstart - len(BREAK) : tok.jstart] == BREAK:
            cur += 1
        elif i and (tok.norm in firsts or (tok.norm[:1] in "وف" and tok.norm[1:] in firsts)):
            for k in range(1, max_len + 1):
                words = tuple(t.norm for t in toks[i : i + k])
                bare = (words[0][1:],) + words[1:] if words[0][:1] in "وف" else None
                if words in conns or (bare is not None and bare in conns):
                    cur += 1
                    break
        ids.append(cur)
    return tuple(ids)
