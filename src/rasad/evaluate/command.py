"""``rasad evaluate --gold GOLD --docs DOCS [--report FILE] [--json]``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from rasad.evaluate.report import render_html
from rasad.evaluate.run import evaluate


def evaluate_cmd(
    gold: Annotated[Path, typer.Option(help="gold annotations (JSONL)")],
    docs: Annotated[Path, typer.Option(help="documents (JSONL with doc_id, published, text)")],
    report: Annotated[Path | None, typer.Option(help="write a single-file HTML error report")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the figures as JSON")] = False,
) -> None:
    """Run the pipeline on DOCS and score it against GOLD (codebook section 9)."""
    rep, texts, g, p = evaluate(gold, docs)
    if report:
        report.write_text(render_html(rep, texts, g, p), "utf-8")
    if as_json:
        print(json.dumps({"figures": rep.figures, "per_type": rep.per_type}, ensure_ascii=False))
        return
    for k, v in rep.figures.items():
        print(f"{k:34} {v}")
    print()
    print(f"{'sub_event_type':36} gold pred   tp  prec   rec    f1")
    for sub, c in rep.per_type.items():
        print(f"{sub:36} {c['gold']:4} {c['pred']:4} {c['tp']:4} {c['precision']:5} {c['recall']:5} {c['f1']:5}")
