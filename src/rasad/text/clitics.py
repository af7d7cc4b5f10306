"""Clitic segmentation: which prefix and suffix letters may wrap a word.

Arabic writes conjunctions (و ف), prepositions (ب ل ك), the future particle
(س) and the article (ال, لل) onto the word, and object pronouns (ه ها هم …)
after it. The lexicon matcher accepts a dictionary form inside a text token
only when what surrounds it segments this way, so ``مسلحين`` matches
``والمسلحين`` and ``ريف`` matches ``بريف`` but not ``تعريف``.
"""

from __future__ import annotations

from functools import cache

from rasad.text.normalize import clitics, normalize

SHORT_WORD = 2  # words this short take only the conjunctions (so ما is not in كما)


@cache
def _sets() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    cl = clitics()
    return frozenset(cl["prefixes_full"]), frozenset(cl["prefixes_short"]), frozenset(cl["suffixes_pronoun"])


def valid_prefix(prefix: str, word_len: int) -> bool:
    """May ``prefix`` stand before a dictionary word of ``word_len`` letters?"""
    full, short, _ = _sets()
    return prefix in (short if word_len <= SHORT_WORD else full)


def valid_suffix(suffix: str) -> bool:
    """Is ``suffix`` empty or an object pronoun?"""
    return suffix in _sets()[2]


def segmentations(token: str) -> list[tuple[str, str, str]]:
    """Every (prefix, stem, suffix) split of a token that the clitic rules allow,
    longest stem first. The token is normalised first."""
    word = normalize(token)
    out: list[tuple[str, str, str]] = []
    for i in range(0, min(len(word), 5)):
        for j in range(len(word), i, -1):
            pre, stem, suf = word[:i], word[i:j], word[j:]
            if len(stem) >= SHORT_WORD and valid_prefix(pre, len(stem)) and valid_suffix(suf):
                out.append((pre, stem, suf))
    out.sort(key=lambda t: -len(t[1]))
    return out


def strip_conjunction(word: str) -> str:
    """A normalised word without a leading و or ف ("وحتى" → "حتى"); short words stay whole."""
    return word[1:] if word[:1] in "وف" and len(word) > 3 else word
