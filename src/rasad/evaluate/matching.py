"""One-to-one event matching by the rules of codebook section 9.

A predicted event matches a gold event of the same ``event_type`` when the
dates are at most one day apart and the places agree: the same normalised
Arabic or English name (within 100 km when both have coordinates), else
coordinates within 25 km; a precision-3 gold place agrees with the same
country and admin1 (or coordinates within 50 km). Pairs are taken greedily,
best first: same sub-event type, then the same day, then the nearest.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

Rec = dict[str, Any]

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEFS = re.compile("[إأآٱ]")
_HEAD_NOUNS = ("مدينة", "بلدة", "قرية", "حي", "ريف", "محافظة", "منطقة", "مخيم")
_EN_ARTICLE = re.compile(r"^(al|el|ar|as|ad|an|at|az|ash|ath) ")
SAME_NAME_KM, NEAR_KM, ADMIN_KM, EARTH_KM = 100.0, 25.0, 50.0, 6371.0


def arabic_key(name: str | None) -> str:
    """Arabic place name without marks, head noun or article, alef/ya/ta unified."""
    s = _MARKS.sub("", name or "").strip()
    s = _ALEFS.sub("ا", s).replace("ى", "ي").replace("ة", "ه")
    for head in _HEAD_NOUNS:
        h = _ALEFS.sub("ا", head).replace("ة", "ه") + " "
        if s.startswith(h):
            s = s[len(h) :]
            break
    if s.startswith("ال") and len(s) > 4:
        s = s[2:]
    return " ".join(s.split())


def english_key(name: str | None) -> str:
    s = (name or "").lower().replace("-", " ")
    s = re.sub(r"[^a-z ]", "", s)
    return _EN_ARTICLE.sub("", s).replace(" ", "")


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _point(loc: Rec) -> tuple[float, float] | None:
    try:
        return float(loc["lat"]), float(loc["lon"])
    except (KeyError, TypeError, ValueError):
        return None


def as_day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def places_agree(gold: Rec | None, pred: Rec | None) -> tuple[bool, float | None]:
    g, p = gold or {}, pred or {}
    gp, pp = _point(g), _point(p)
    dist = distance_km(gp, pp) if gp and pp else None
    if g.get("geo_precision") == 3:
        admin = english_key(g.get("admin1"))
        same = admin != "" and admin == english_key(p.get("admin1")) and \
            (g.get("country") or "").upper() == (p.get("country") or "").upper()
        return same or (dist is not None and dist <= ADMIN_KM), dist
    for field, key in (("name", arabic_key), ("name_en", english_key)):
        if g.get(field) and p.get(field) and key(g[field]) == key(p[field]):
            return dist is None or dist <= SAME_NAME_KM, dist
    return dist is not None and dist <= NEAR_KM, dist


def actor_key(actor: Rec | None) -> str:
    return str((actor or {}).get("name", "")).strip().lower() if actor else ""


def match_events(gold: list[Rec], pred: list[Rec]) -> list[tuple[int, int, float | None]]:
    """Greedy one-to-one pairs ``(gold index, pred index, km)``."""
    scored = []
    for i, g in enumerate(gold):
        gd = as_day(g.get("date"))
        for j, p in enumerate(pred):
            pd = as_day(p.get("date"))
            if g.get("event_type") != p.get("event_type") or not gd or not pd or abs((gd - pd).days) > 1:
                continue
            ok, dist = places_agree(g.get("location"), p.get("location"))
            if ok:
                rank = 4 * (g.get("sub_event_type") == p.get("sub_event_type")) + 2 * (gd == pd) - (dist or 0) / 1000
                scored.append((-rank, i, j, dist))
    scored.sort(key=lambda t: (t[0], t[1], t[2]))
    seen_g: set[int] = set()
    seen_p: set[int] = set()
    pairs = []
    for _, i, j, dist in scored:
        if i in seen_g or j in seen_p:
            continue
        seen_g.add(i)
        seen_p.add(j)
        pairs.append((i, j, dist))
    return pairs


def count_place_matches(gold: list[Rec], pred: list[Rec]) -> int:
    """Gold events with a predicted event at the same place and date (any type), first fit."""
    taken: set[int] = set()
    n = 0
    for g in gold:
        gd = as_day(g.get("date"))
        for j, p in enumerate(pred):
            pd = as_day(p.get("date"))
            if j in taken or not gd or not pd or abs((gd - pd).days) > 1:
                continue
            if places_agree(g.get("location"), p.get("location"))[0]:
                taken.add(j)
                n += 1
                break
    return n


SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})


def count_interaction_matches(gold: list[Rec], pred: list[Rec]) -> int:
    taken: set[int] = set()
    n = 0
    for g in gold:
        gd = as_day(g.get("date"))
        ga = (actor_key(g.get("actor1")), actor_key(g.get("actor2")))
        for j, p in enumerate(pred):
            pd = as_day(p.get("date"))
            if j in taken or g.get("interaction_type") != p.get("interaction_type"):
                continue
            if not gd or not pd or abs((gd - pd).days) > 1:
                continue
            pa = (actor_key(p.get("actor1")), actor_key(p.get("actor2")))
            if ga == pa or (g.get("interaction_type") in SYMMETRIC and ga == pa[::-1]):
                taken.add(j)
                n += 1
                break
    return n
