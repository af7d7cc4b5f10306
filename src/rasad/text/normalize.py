"""Arabic normalisation that keeps a map back to the original offsets.

Matching runs on a normalised *view* of the text (no diacritics or tatweel,
one alef, ya for alef maqsura, ha for ta marbuta, ASCII digits). Because
dropping characters changes lengths, ``normalize_with_map`` also returns, for
every view position, the original position it came from.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def _table() -> dict[int, str | None]:
    raw = yaml.safe_load(resources.files("rasad").joinpath("data/normalize.yaml").read_text("utf-8"))
    table: dict[int, str | None] = {}
    for lo, hi in raw["remove_ranges"]:
        for cp in range(ord(lo), ord(hi) + 1):
            table[cp] = None
    for src, dst in raw["map"].items():
        table[ord(src)] = dst
    return table


@cache
def clitics() -> dict[str, tuple[str, ...]]:
    """Prefix and suffix clitic sets from ``normalize.yaml``."""
    raw = yaml.safe_load(resources.files("rasad").joinpath("data/normalize.yaml").read_text("utf-8"))
    return {k: tuple(raw[k]) for k in ("prefixes_full", "prefixes_short", "suffixes_pronoun")}


def normalize(text: str) -> str:
    """Normalised form of ``text`` (for lexicon entries and lookups)."""
    return " ".join(text.translate(_table()).split())


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalised view of ``text`` and, per view character, its original index.

    The map has one extra final element, ``len(text)``, so that an exclusive
    end offset maps too.
    """
    table = _table()
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        rep = table.get(ord(ch), ch)
        if rep is None:
            continue
        out.append(rep)
        where.append(i)
    where.append(len(text))
    return "".join(out), where
