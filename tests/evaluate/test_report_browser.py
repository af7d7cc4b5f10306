"""The HTML evaluation report opened in headless Chromium: tables render and
gold and predicted evidence are highlighted in the article text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from browser_harness import browse

from rasad.evaluate.report import render_html
from rasad.evaluate.score import score

TEXT = "اندلعت اشتباكات عنيفة أمس بين قوات النظام وتنظيم داعش في محيط مدينة تدمر. وقالت مصادر محلية إن الطيران قصف البلدة."
GOLD_EVENT = {"event_type": "Battles", "sub_event_type": "Armed clash", "date": "2024-05-13",
              "location": {"name": "تدمر", "lat": 34.56, "lon": 38.28, "geo_precision": 2}, "spans": [[0, 73]]}
PRED_EVENT = dict(GOLD_EVENT, spans=[[0, 73]])
SPURIOUS = {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike", "date": "2024-05-13",
            "location": {"name": "تدمر", "lat": 34.56, "lon": 38.28, "geo_precision": 1}, "spans": [[74, 113]]}


def test_report_renders_in_a_browser(tmp_path: Path) -> None:
    gold = {"d1": {"doc_id": "d1", "events": [GOLD_EVENT]}}
    pred = {"d1": {"doc_id": "d1", "events": [PRED_EVENT, SPURIOUS]}}
    page = tmp_path / "report.html"
    page.write_text(render_html(score(gold, pred), {"d1": TEXT}, gold, pred), "utf-8")
    dom = browse(tmp_path, page.as_uri(), "--dump-dom").stdout
    assert "rasad evaluation" in dom and "Per sub-event type" in dom
    assert '<mark class="both">' in dom  # the matched sentence, in both colours' overlap
    assert '<mark class="pred">' in dom  # the spurious strike, predicted only
    assert "no gold partner" in dom
    shot = tmp_path / "report.png"
    browse(tmp_path, page.as_uri(), f"--screenshot={shot}")
    assert shot.is_file() and shot.read_bytes()[:4] == b"\x89PNG"
    Path("/tmp/rasad-screens").mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, "/tmp/rasad-screens/report.png")
    assert json.loads(json.dumps(score(gold, pred).figures))["event_precision"] == 0.5
