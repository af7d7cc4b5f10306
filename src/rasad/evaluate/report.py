"""A single-file HTML error report: figures, per-type table, confusion, and
each document's text with gold (green) and predicted (orange) evidence."""

from __future__ import annotations

import html
from typing import Any

from rasad.evaluate.score import Report

_STYLE = """
body{font-family:sans-serif;margin:2em;max-width:70em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left}
.doc{direction:rtl;white-space:pre-wrap;border:1px solid #ddd;padding:1em;line-height:1.8}
mark.gold{background:#b7e4b0}mark.pred{background:#ffd59a}mark.both{background:#9fd3f5}
.legend mark{padding:0 .5em}
"""


def _marks(text: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> str:
    cls = ["" for _ in text]
    for evs, name in ((gold, "gold"), (pred, "pred")):
        for e in evs:
            for s, t in e.get("spans") or []:
                for k in range(max(0, s), min(len(text), t)):
                    cls[k] = "both" if cls[k] and cls[k] != name else name
    out, k = [], 0
    while k < len(text):
        j = k
        while j < len(text) and cls[j] == cls[k]:
            j += 1
        chunk = html.escape(text[k:j])
        out.append(f'<mark class="{cls[k]}">{chunk}</mark>' if cls[k] else chunk)
        k = j
    return "".join(out)


def _table(rows: list[list[object]], head: list[str]) -> str:
    h = "".join(f"<th>{html.escape(x)}</th>" for x in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><tr>{h}</tr>{body}</table>"


def render_html(report: Report, texts: dict[str, str], gold: dict[str, Any], pred: dict[str, Any]) -> str:
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>rasad evaluation</title><style>{_STYLE}</style></head><body>",
             "<h1>rasad evaluation</h1>"]
    parts.append(_table([[k, v] for k, v in report.figures.items()], ["figure", "value"]))
    parts.append("<h2>Per sub-event type</h2>")
    parts.append(_table([[k, *v.values()] for k, v in report.per_type.items()],
                        ["sub_event_type", "gold", "pred", "tp", "precision", "recall", "f1"]))
    parts.append("<h2>Confusion (gold → predicted, matched events)</h2>")
    parts.append(_table([[g, p, n] for (g, p), n in sorted(report.confusion.items())], ["gold", "predicted", "n"]))
    parts.append("<h2>Errors</h2>")
    rows = [[e["doc_id"], e["kind"], e["reason"], e["event"].get("sub_event_type"),
             (e["event"].get("location") or {}).get("name"), e["event"].get("date"), e["event"].get("evidence", "")[:160]]
            for e in report.errors]
    parts.append(_table(rows, ["doc", "kind", "reason", "type", "place", "date", "evidence"]))
    parts.append("<h2>Documents</h2><p class='legend'><mark class='gold'>gold</mark> <mark class='pred'>predicted</mark> <mark class='both'>both</mark></p>")
    for doc_id, text in texts.items():
        g = (gold.get(doc_id) or {}).get("events", [])
        p = (pred.get(doc_id) or {}).get("events", [])
        parts.append(f"<h3 id='{html.escape(doc_id)}'>{html.escape(doc_id)} — gold {len(g)}, predicted {len(p)}</h3>")
        parts.append(f"<div class='doc'>{_marks(text, g, p)}</div>")
    parts.append("</body></html>")
    return "".join(parts)
