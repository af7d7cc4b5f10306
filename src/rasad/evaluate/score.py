"""The figures of codebook section 9, per-type tables and an error list."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rasad.evaluate.matching import (
    Rec,
    actor_key,
    as_day,
    count_interaction_matches,
    count_place_matches,
    match_events,
    places_agree,
)


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if n_gold == 0 else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


@dataclass
class Report:
    """Everything ``rasad evaluate`` shows."""

    figures: dict[str, Any]
    per_type: dict[str, dict[str, float | int]]
    confusion: dict[tuple[str, str], int]
    errors: list[dict[str, Any]] = field(default_factory=list)
    pairs: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


def _why_missed(g: Rec, pred: list[Rec]) -> str:
    """The nearest reason a gold event found no partner."""
    gd = as_day(g.get("date"))
    same_type = [p for p in pred if p.get("event_type") == g.get("event_type")]
    if not pred:
        return "not detected"
    if not same_type:
        return "wrong type"
    for p in same_type:
        pd = as_day(p.get("date"))
        if places_agree(g.get("location"), p.get("location"))[0]:
            if not gd or not pd or abs((gd - pd).days) > 1:
                return "wrong date"
    return "wrong place"


def score(gold_docs: dict[str, Rec], pred_docs: dict[str, Rec]) -> Report:
    t = Counter[str]()
    dists: list[float] = []
    per_type: dict[str, Counter[str]] = {}
    confusion: Counter[tuple[str, str]] = Counter()
    errors: list[dict[str, Any]] = []
    pairs_by_doc: dict[str, list[tuple[int, int]]] = {}
    for doc_id, gdoc in gold_docs.items():
        pdoc = pred_docs.get(doc_id, {})
        gold, pred = gdoc.get("events", []) or [], pdoc.get("events", []) or []
        pairs = match_events(gold, pred)
        pairs_by_doc[doc_id] = [(i, j) for i, j, _ in pairs]
        t["tp"] += len(pairs)
        t["gold"] += len(gold)
        t["pred"] += len(pred)
        t["place_tp"] += count_place_matches(gold, pred)
        if not gold:
            t["nonconflict"] += 1
            t["nonconflict_fp"] += len(pred)
        for g in gold:
            per_type.setdefault(g.get("sub_event_type", "?"), Counter())["gold"] += 1
        for p in pred:
            per_type.setdefault(p.get("sub_event_type", "?"), Counter())["pred"] += 1
        for i, j, dist in pairs:
            g, p = gold[i], pred[j]
            confusion[(g.get("sub_event_type", "?"), p.get("sub_event_type", "?"))] += 1
            same_sub = g.get("sub_event_type") == p.get("sub_event_type")
            t["sub_ok"] += same_sub
            if same_sub:
                per_type[g["sub_event_type"]]["tp"] += 1
            t["date_ok"] += as_day(g.get("date")) == as_day(p.get("date"))
            t["a1_ok"] += actor_key(g.get("actor1")) == actor_key(p.get("actor1"))
            t["a2_ok"] += actor_key(g.get("actor2")) == actor_key(p.get("actor2"))
            if g.get("fatalities") is not None:
                t["fat_n"] += 1
                t["fat_ok"] += g.get("fatalities") == p.get("fatalities")
            if dist is not None:
                dists.append(dist)
        matched_g = {i for i, _, _ in pairs}
        matched_p = {j for _, j, _ in pairs}
        for i, g in enumerate(gold):
            if i not in matched_g:
                errors.append({"doc_id": doc_id, "kind": "missed", "reason": _why_missed(g, pred), "event": g})
        for j, p in enumerate(pred):
            if j not in matched_p:
                reason = "non-conflict document" if not gold else "no gold partner"
                errors.append({"doc_id": doc_id, "kind": "spurious", "reason": reason, "event": p})
        gi, pi = gdoc.get("interactions", []) or [], pdoc.get("interactions", []) or []
        t["itp"] += count_interaction_matches(gi, pi)
        t["igold"] += len(gi)
        t["ipred"] += len(pi)
    return Report(_figures(t, dists, gold_docs, pred_docs), _per_type(per_type), dict(confusion), errors, pairs_by_doc)


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def _figures(t: Counter[str], dists: list[float], gold_docs: dict[str, Rec], pred_docs: dict[str, Rec]) -> dict[str, Any]:
    P, R, F = prf(t["tp"], t["pred"], t["gold"])
    pP, pR, pF = prf(t["place_tp"], t["pred"], t["gold"])
    iP, iR, iF = prf(t["itp"], t["ipred"], t["igold"])
    m = t["tp"]
    return {
        "documents": len(gold_docs),
        "missing_predictions": sorted(set(gold_docs) - set(pred_docs)),
        "gold_events": t["gold"], "pred_events": t["pred"], "matched": m,
        "event_precision": round(P, 3), "event_recall": round(R, 3), "event_f1": round(F, 3),
        "sub_event_accuracy": _ratio(t["sub_ok"], m),
        "date_accuracy": _ratio(t["date_ok"], m),
        "actor1_accuracy": _ratio(t["a1_ok"], m),
        "actor2_accuracy": _ratio(t["a2_ok"], m),
        "fatalities_accuracy": _ratio(t["fat_ok"], t["fat_n"]),
        "median_location_error_km": round(statistics.median(dists), 1) if dists else None,
        "location_f1": round(pF, 3),
        "interaction_precision": round(iP, 3), "interaction_recall": round(iR, 3), "interaction_f1": round(iF, 3),
        "false_events_per_nonconflict_doc": round(t["nonconflict_fp"] / t["nonconflict"], 2) if t["nonconflict"] else None,
    }


def _per_type(per_type: dict[str, Counter[str]]) -> dict[str, dict[str, float | int]]:
    out: dict[str, dict[str, float | int]] = {}
    for sub, c in sorted(per_type.items()):
        p, r, f = prf(c["tp"], c["pred"], c["gold"])
        out[sub] = {"gold": c["gold"], "pred": c["pred"], "tp": c["tp"],
                    "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
    return out
