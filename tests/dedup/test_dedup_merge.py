"""Cross-document deduplication on real pipeline output: one kidnapping told ten ways is one event."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rasad.dedup.merge import merge_events
from rasad.model import Document
from rasad.pipeline import Pipeline

# Ten reports of one abduction of a doctor in Tuz Khurmatu (our own news-style texts): different
# wording and outlets, published the day of the abduction or the day after.
KIDNAPPING = [
    ("2024-03-10", "أقدم مسلحون مجهولون، أمس، على اختطاف طبيب في مدينة طوزخورماتو، بحسب مصادر أمنية."),
    ("2024-03-10", "خطف مسلحون مجهولون طبيباً من أمام عيادته في قضاء طوزخورماتو مساء أمس، وفق ما أفادت الشرطة المحلية."),
    ("2024-03-09", "اختطف مسلحون يستقلون سيارة رباعية الدفع طبيباً في طوزخورماتو اليوم، واقتادوه إلى جهة مجهولة."),
    ("2024-03-10", "قال مصدر في شرطة صلاح الدين إن مجهولين اختطفوا طبيباً في مدينة طوزخورماتو أمس."),
    ("2024-03-10", "أفادت مصادر محلية باختطاف طبيب على يد مسلحين مجهولين في طوزخورماتو، أمس السبت."),
    ("2024-03-09", "أعلنت الشرطة العراقية اليوم اختطاف طبيب معروف في طوزخورماتو على يد مجموعة مسلحة."),
    ("2024-03-10", "اختطاف طبيب في طوزخورماتو: قالت عائلة الطبيب إن مسلحين خطفوه أمس من عيادته وسط المدينة."),
    ("2024-03-10", "ذكرت وكالة الأنباء العراقية أن مسلحين مجهولين خطفوا طبيباً في طوزخورماتو أمس."),
    ("2024-03-09", "خطف مسلحون مجهولون اليوم السبت طبيباً في مدينة طوزخورماتو شرقي محافظة صلاح الدين."),
    ("2024-03-10", "ناشدت نقابة الأطباء السلطات إطلاق سراح طبيب. وكان مسلحون مجهولون قد اختطفوا الطبيب أمس في طوزخورماتو."),
]
# Two clashes between the same sides, a day apart, in two towns of Idlib ~30 km apart; and a second
# report of the first one (sides named the other way round, a toll and a source).
CLASHES = [
    ("2024-05-12", "اندلعت اشتباكات عنيفة، أمس، بين قوات النظام وهيئة تحرير الشام في بلدة كفرنبل بريف إدلب الجنوبي."),
    ("2024-05-13", "اندلعت اشتباكات عنيفة، أمس، بين قوات النظام وهيئة تحرير الشام في مدينة سراقب شرقي إدلب."),
    ("2024-05-12", ("دارت معارك عنيفة أمس بين هيئة تحرير الشام وقوات النظام في محيط كفرنبل، وفق المرصد السوري "
                    "لحقوق الإنسان، ما أسفر عن مقتل خمسة عناصر.")),
]


def stored_events(pipeline: Pipeline, reports: list[tuple[str, str]], prefix: str) -> list[tuple[int, str, dict[str, Any]]]:
    """(event_id, doc_id, record) as the store gives them back, ids in document order."""
    out: list[tuple[int, str, dict[str, Any]]] = []
    for i, (pub, text) in enumerate(reports):
        result = pipeline.process(Document(f"{prefix}{i}", text, date.fromisoformat(pub)))
        out += [(len(out) + 1, result.doc_id, e.to_record()) for e in result.events]
    return out


def test_merge_ten_kidnapping_reports_give_one_event(pipeline: Pipeline) -> None:
    events = stored_events(pipeline, KIDNAPPING, "kidnap-")
    assert len(events) == 10 and len({d for _, d, _ in events}) == 10
    groups = merge_events(events)
    assert len(groups) == 1
    rec, members = groups[0]
    assert sorted(members) == sorted((i, d) for i, d, _ in events)
    assert rec["sub_event_type"] == "Abduction/forced disappearance"
    assert rec["date"] == "2024-03-09"
    assert rec["location"]["name_en"] == "Ţūz Khūrmātū"
    assert rec["actor1"]["name"] == "Unidentified Armed Group (Iraq)"
    assert len(rec["documents"]) == 10 and len(rec["mentions"]) == 10
    assert all(m["evidence"] for m in rec["mentions"])
    assert isinstance(rec["evidence"], str) and rec["evidence"]


def test_merge_clashes_a_day_apart_in_two_towns_stay_two(pipeline: Pipeline) -> None:
    events = stored_events(pipeline, CLASHES, "clash-")
    groups = merge_events(events)
    assert len(groups) == 2
    by_town = {rec["location"]["name_en"]: (rec, members) for rec, members in groups}
    kafranbel, members = by_town["Kafranbel"]
    assert {d for _, d in members} == {"clash-0", "clash-2"}
    assert kafranbel["fatalities"] == 5 and kafranbel["sources"] == ["SOHR"]
    assert {kafranbel["actor1"]["name"], kafranbel["actor2"]["name"]} == {"Military Forces of Syria",
                                                                            "Hayat Tahrir al-Sham"}
    assert [d for _, d in by_town["Saraqib"][1]] == ["clash-1"]


@pytest.mark.parametrize("order", [1, -1])
def test_merge_is_the_same_whatever_the_order_of_the_input_list(pipeline: Pipeline, order: int) -> None:
    events = stored_events(pipeline, KIDNAPPING + CLASHES, "mix-")
    assert merge_events(events[::order]) == merge_events(events)
