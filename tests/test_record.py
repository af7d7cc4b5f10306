"""The record: JSON Schema validity and exact evidence offsets."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

import rasad
from rasad.model import Document
from rasad.pipeline import Pipeline

FRAGMENTS = [
    "اندلعت اشتباكات عنيفة، أمس، بين قوات النظام وعناصر تنظيم «داعش» في محيط مدينة تدمر.",
    "وشنت طائرات حربية روسية غارات جوية على بلدة كفرنبل بريف إدلب الجنوبي، ما أسفر عن مقتل 5 مدنيين.",
    "ونفى الجيش أن يكون قد قصف المدينة.",
    "خرج مئات المتظاهرين في مدينة البصرة اليوم، وفرقتهم قوات الأمن بالغاز المسيل للدموع.",
    "وقال المرصد السوري لحقوق الإنسان إن مسلحين مجهولين اختطفوا طبيباً في درعا.",
    "\n\n",
    " (أ.ف.ب) ",
    "ﻻ",
    "َُِّ",
    "ـــ",
]


def schema() -> dict[str, object]:
    return json.loads(resources.files("rasad").joinpath("data/record.schema.json").read_text("utf-8"))


def test_example_record_validates(pipeline: Pipeline) -> None:
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "examples" / "article.txt").read_text("utf-8")
    rec = pipeline.process(Document("article", text, date(2024, 5, 12))).to_record()
    jsonschema.validate(rec, schema())
    assert len(rec["events"]) >= 3  # type: ignore[arg-type]


def test_api_extract_returns_codebook_record() -> None:
    rec = rasad.extract("شنت طائرات إسرائيلية غارة جوية على مدينة خان يونس أمس، ما أدى إلى مقتل ثلاثة أشخاص.",
                        published="2024-05-12", doc_id="t1")
    jsonschema.validate(rec, schema())
    ev = rec["events"][0]  # type: ignore[index]
    assert ev["sub_event_type"] == "Air/drone strike"
    assert ev["date"] == "2024-05-11"
    assert ev["fatalities"] == 3
    assert ev["actor1"]["name"] == "Military Forces of Israel"


def test_dev_set_records_validate(pipeline: Pipeline, dev_dir) -> None:  # type: ignore[no-untyped-def]
    s = schema()
    for line in (dev_dir / "docs.jsonl").read_text("utf-8").splitlines():
        d = json.loads(line)
        doc = Document(d["doc_id"], d["text"], date.fromisoformat(d["published"]))
        rec = pipeline.process(doc).to_record()
        jsonschema.validate(rec, s)
        for ev in rec["events"]:  # type: ignore[union-attr]
            for a, b in ev["spans"]:
                assert doc.text[a:b] == ev["evidence"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8))
def test_evidence_and_trace_point_into_text(parts: list[str]) -> None:
    text = "".join(parts)
    rec = Pipeline.load().process(Document("p", text, date(2024, 5, 12))).to_record()
    for ev in rec["events"]:  # type: ignore[union-attr]
        (a, b), = ev["spans"]
        assert text[a:b] == ev["evidence"]
        for field, (s, e) in ev["trace"].items():
            assert 0 <= s < e <= len(text), field
        ts, te = ev["trace"]["trigger"]
        assert a <= ts and te <= b  # the lead trigger stands in the evidence sentence
