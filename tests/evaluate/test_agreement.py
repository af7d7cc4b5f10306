"""``rasad evaluate`` agrees with the shared scorer on the dev set, and the
quality gate holds the floors in tests/quality_floor.json."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from rasad.evaluate.run import evaluate, load_jsonl
from rasad.evaluate.report import render_html
from rasad.evaluate.score import score
from rasad.geo.store import import_paths, installed
from rasad.lexicon.resources import Resources
from rasad.pipeline import Pipeline

FLOOR = Path(__file__).resolve().parents[1] / "quality_floor.json"


def shared_scorer(dev_dir: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", dev_dir.parent / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def dev_eval(dev_dir: Path, pipeline: Pipeline):  # type: ignore[no-untyped-def]
    return evaluate(dev_dir / "gold.jsonl", dev_dir / "docs.jsonl", pipeline)


def test_figures_agree_with_shared_scorer(dev_dir: Path, dev_eval) -> None:  # type: ignore[no-untyped-def]
    report, _, gold, pred = dev_eval
    theirs, _ = shared_scorer(dev_dir).score(gold, pred)
    assert report.figures == theirs


def test_agreement_on_perturbed_predictions(dev_dir: Path) -> None:
    """Also on predictions that are wrong in every way the scorer looks at."""
    gold = load_jsonl(dev_dir / "gold.jsonl")
    pred = json.loads(json.dumps(gold))
    for i, rec in enumerate(pred.values()):
        for j, ev in enumerate(rec["events"]):
            if (i + j) % 3 == 0:
                ev["date"] = "2001-01-01"
            elif (i + j) % 3 == 1 and ev.get("location"):
                ev["location"]["lat"] = (ev["location"].get("lat") or 0) + 0.3
                ev["location"]["name"] = "x"
            ev["fatalities"] = None if j % 2 else ev.get("fatalities")
    theirs, _ = shared_scorer(dev_dir).score(gold, pred)
    assert score(gold, pred).figures == theirs


def test_quality_gate(dev_dir: Path, dev_eval) -> None:  # type: ignore[no-untyped-def]
    floors = json.loads(FLOOR.read_text("utf-8"))
    gold_hash = hashlib.sha256((dev_dir / "gold.jsonl").read_bytes()).hexdigest()
    if gold_hash != floors["gold_sha256"]:
        pytest.skip("dev gold changed: re-measure and re-pin tests/quality_floor.json")
    figures = dev_eval[0].figures
    low = {k: (figures[k], v) for k, v in floors["floors"].items() if (figures[k] or 0) < v}
    assert not low, f"below the quality floor (got, floor): {low}"


def test_quality_gate_with_the_shared_gazetteer_imported(dev_dir: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    gaz_dir = dev_dir.parents[1] / "data" / "gazetteer"
    if not gaz_dir.is_dir():
        pytest.skip("shared gazetteer data not present (../shared/data/gazetteer)")
    floors = json.loads(FLOOR.read_text("utf-8"))
    if hashlib.sha256((dev_dir / "gold.jsonl").read_bytes()).hexdigest() != floors["gold_sha256"]:
        pytest.skip("dev gold changed: re-measure and re-pin tests/quality_floor.json")
    monkeypatch.setenv("RASAD_HOME", str(tmp_path / "home"))
    import_paths([gaz_dir])
    report = evaluate(dev_dir / "gold.jsonl", dev_dir / "docs.jsonl", Pipeline(Resources.load(installed())))[0]
    low = {k: (report.figures[k], v) for k, v in floors["imported_floors"].items() if (report.figures[k] or 0) < v}
    assert not low, f"below the imported-gazetteer floor (got, floor): {low}"


def test_report_html_has_tables_and_highlights(dev_eval) -> None:  # type: ignore[no-untyped-def]
    report, texts, gold, pred = dev_eval
    html = render_html(report, texts, gold, pred)
    assert html.startswith("<!doctype html>") and "Per sub-event type" in html
    assert '<mark class="gold">' in html and ('<mark class="pred">' in html or '<mark class="both">' in html)
    assert all(f"id='{d}'" in html for d in texts)


def test_errors_have_reasons(dev_eval) -> None:  # type: ignore[no-untyped-def]
    report = dev_eval[0]
    reasons = {e["reason"] for e in report.errors}
    assert reasons <= {"not detected", "wrong type", "wrong date", "wrong place", "no gold partner", "non-conflict document"}
    missed = sum(1 for e in report.errors if e["kind"] == "missed")
    assert missed == report.figures["gold_events"] - report.figures["matched"]
