"""Run the pipeline over gold documents and score the output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rasad.errors import InputError
from rasad.evaluate.score import Report, score
from rasad.ingest.files import iter_path
from rasad.model import Problem
from rasad.pipeline import Pipeline


def load_jsonl(path: Path) -> dict[str, dict[str, Any]]:
    """Records of a JSONL file by ``doc_id``."""
    out: dict[str, dict[str, Any]] = {}
    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            out[str(rec["doc_id"])] = rec
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{n}: not a record with a doc_id ({exc})") from exc
    return out


def evaluate(gold_path: Path, docs_path: Path, pipeline: Pipeline | None = None) -> tuple[Report, dict[str, str], dict[str, Any], dict[str, Any]]:
    """Score the pipeline on ``docs_path`` against ``gold_path``."""
    gold = load_jsonl(gold_path)
    pipe = pipeline or Pipeline.load()
    pred: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for item in iter_path(str(docs_path), None):
        if isinstance(item, Problem):
            continue
        texts[item.doc_id] = item.text
        pred[item.doc_id] = pipe.process(item).to_record()
    return score(gold, pred), texts, gold, pred
