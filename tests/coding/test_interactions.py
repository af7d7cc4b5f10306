"""Political interactions (layer 2): sentences of our own in news style, each
with the interactions (type, actor1, actor2) it must yield — no more, no fewer."""

from __future__ import annotations

from datetime import date

import pytest

from rasad.coding.context import Context
from rasad.coding.interactions import SYMMETRIC, build_interactions
from rasad.geo.resolve import find_places
from rasad.mentions.actors import find_actors
from rasad.mentions.analysis import analyse
from rasad.mentions.dates import find_dates
from rasad.mentions.numbers import find_numbers, find_tolls
from rasad.mentions.sources import find_sources
from rasad.model import Document, Interaction
from rasad.pipeline import Pipeline, _focus

PUBLISHED = date(2024, 5, 12)
RU, IR, TR, EG, SA, US = ("Government of Russia", "Government of Iran", "Government of Turkey",
                          "Government of Egypt", "Government of Saudi Arabia", "Government of the United States")


def _context(pipeline: Pipeline, text: str) -> Context:
    """The Context exactly as ``Pipeline.process`` builds it."""
    res = pipeline.resources
    an = analyse(Document("case", text, PUBLISHED), res)
    focus, named = _focus(an, res)
    return Context(an=an, res=res, focus=focus, actors=find_actors(an, res, focus),
                   places=find_places(an, res, focus, named), dates=find_dates(an),
                   tolls=find_tolls(an, find_numbers(an)), sources=find_sources(an))


def _interactions(pipeline: Pipeline, text: str) -> list[Interaction]:
    return build_interactions(_context(pipeline, text))


def _triples(items: list[Interaction]) -> set[tuple[str, str, str]]:
    out = set()
    for i in items:
        a, b = i.actor1.name, i.actor2.name
        if i.interaction_type in SYMMETRIC:
            a, b = sorted((a, b))
        out.add((i.interaction_type, a, b))
    return out


def _pair(t: str, a: str, b: str) -> tuple[str, str, str]:
    return (t, *sorted((a, b))) if t in SYMMETRIC else (t, a, b)  # type: ignore[return-value]


CASES = [
    # CONSULT
    ("أجرى الرئيس الروسي اتصالا هاتفيا مع نظيره الإيراني أمس بحثا خلاله التطورات الإقليمية.", [("CONSULT", RU, IR)]),
    ("واستقبل أمير قطر في الدوحة رئيس الوزراء الباكستاني.", [("CONSULT", "Government of Qatar", "Government of Pakistan")]),
    ("والتقى وزير الخارجية التركي نظيره المصري على هامش اجتماعات الجامعة العربية.", [("CONSULT", TR, EG)]),
    ("وبحث وزير الخارجية السعودي ونظيره الإيراني في اتصال هاتفي العلاقات الثنائية.", [("CONSULT", SA, IR)]),
    ("وزار الرئيس الصيني الرياض في زيارة رسمية تستمر يومين.", [("CONSULT", "Government of China", SA)]),
    ("واستقبل الرئيس التونسي رئيس الحكومة الليبية وبحث معه سبل دعم الاستقرار.", [("CONSULT", "Government of Tunisia", "Government of Libya")]),
    # SUPPORT
    ("ورحبت قطر بقرار الحكومة اللبنانية تشكيل لجنة تحقيق مستقلة.", [("SUPPORT", "Government of Qatar", "Government of Lebanon")]),
    ("وأشاد الرئيس الفرنسي بالدور الذي تقوم به مصر في الوساطة.", [("SUPPORT", "Government of France", EG)]),
    ("وهنأت تركيا الرئيس الجزائري بمناسبة ذكرى الاستقلال.", [("SUPPORT", TR, "Government of Algeria")]),
    ("وأعرب الاتحاد الأفريقي عن تضامنه مع الصومال.", [("SUPPORT", "African Union", "Government of Somalia")]),
    # ACCUSE
    ("واتهمت الخارجية الروسية الولايات المتحدة بتأجيج الصراع.", [("ACCUSE", RU, US)]),
    ("واستنكر الأمين العام للأمم المتحدة الهجوم الذي شنته حركة الشباب.", [("ACCUSE", "United Nations", "Al Shabaab")]),
    ("وتتهم الحكومة السودانية قوات الدعم السريع بارتكاب انتهاكات واسعة.", [("ACCUSE", "Government of Sudan", "Rapid Support Forces")]),
    ("وأدانت السعودية والإمارات الهجوم الذي شنه الحوثيون على السفن.",
     [("ACCUSE", SA, "Houthis"), ("ACCUSE", "Government of the United Arab Emirates", "Houthis")]),
    # REQUEST
    ("وطالبت الحكومة العراقية تركيا بسحب قواتها من شمال البلاد.", [("REQUEST", "Government of Iraq", TR)]),
    ("ودعا الاتحاد الأوروبي إسرائيل إلى السماح بدخول الوقود.", [("REQUEST", "European Union", "Government of Israel")]),
    ("وحثت الأمم المتحدة الحكومة الليبية على إجراء الانتخابات في موعدها.", [("REQUEST", "United Nations", "Government of Libya")]),
    ("وأدانت الخارجية التركية الهجوم على نقطة المراقبة، مطالبة روسيا بالضغط على دمشق.",
     [("REQUEST", TR, RU)]),
    # THREATEN
    ("وهددت الولايات المتحدة إيران بعواقب وخيمة.", [("THREATEN", US, IR)]),
    ("وتوعدت جماعة الحوثي الولايات المتحدة برد قاس.", [("THREATEN", "Houthis", US)]),
    ("وحذرت روسيا الولايات المتحدة من مغبة التصعيد في البحر الأسود.", [("THREATEN", RU, US)]),
    # REJECT
    ("ورفضت الحكومة السورية المقترح الذي قدمته تركيا.", [("REJECT", "Government of Syria", TR)]),
    ("ورفض رئيس الوزراء العراقي طلبا تقدمت به الولايات المتحدة.", [("REJECT", "Government of Iraq", US)]),
    ("ونفت موسكو الاتهامات التي وجهتها لها أوكرانيا.", [("REJECT", RU, "Government of Ukraine")]),
    # AGREE
    ("واتفقت مصر والسودان على إنشاء لجنة مشتركة لإدارة المياه.", [("AGREE", EG, "Government of Sudan")]),
    ("ووقعت الإمارات والهند اتفاقية للتجارة الحرة.", [("AGREE", "Government of the United Arab Emirates", "Government of India")]),
    ("وتوصلت الحكومة الصومالية وكينيا إلى اتفاق بشأن الحدود البحرية.", [("AGREE", "Government of Somalia", "Government of Kenya")]),
    # AID
    ("وقدمت الكويت مساعدات إنسانية إلى السودان.", [("AID", "Government of Kuwait", "Government of Sudan")]),
    ("وتعهدت ألمانيا بتقديم مساعدات عسكرية لأوكرانيا.", [("AID", "Government of Germany", "Government of Ukraine")]),
    ("وأرسلت قطر شحنة مساعدات طبية إلى لبنان.", [("AID", "Government of Qatar", "Government of Lebanon")]),
    ("وزودت الولايات المتحدة أوكرانيا بأنظمة دفاع جوي.", [("AID", US, "Government of Ukraine")]),
    # SANCTION
    ("وفرضت الولايات المتحدة عقوبات جديدة على إيران.", [("SANCTION", US, IR)]),
    ("وقررت الجزائر طرد السفير المغربي.", [("SANCTION", "Government of Algeria", "Government of Morocco")]),
    ("وقررت البحرين قطع العلاقات الدبلوماسية مع إيران.", [("SANCTION", "Government of Bahrain", IR)]),
    ("وفرض الاتحاد الأوروبي عقوبات على قادة في قوات الدعم السريع.", [("SANCTION", "European Union", "Rapid Support Forces")]),
    # an official protest is PLOVER's ACCUSE ("complain officially"); PROTEST is dissent
    ("واستدعت وزارة الخارجية الأردنية السفير الإسرائيلي.", [("ACCUSE", "Government of Jordan", "Government of Israel")]),
    ("وأعلنت الخارجية الإيرانية أنها استدعت السفير العراقي للاحتجاج على الاعتداء.", [("ACCUSE", IR, "Government of Iraq")]),
    ("وقاطعت حركة حماس مؤتمر المانحين الذي نظمته مصر.", [("PROTEST", "Hamas", EG)]),
    # traded accusations: one each way
    ("وسط اتهامات متبادلة بين الحكومة الليبية والجيش الوطني الليبي بخرق التهدئة.",
     [("ACCUSE", "Government of Libya", "Libyan National Army"), ("ACCUSE", "Libyan National Army", "Government of Libya")]),
    # a condemned deed with a nationality names its doer's government
    ("وأدانت جامعة الدول العربية العدوان الإسرائيلي على ريف دمشق.", [("ACCUSE", "Arab League", "Government of Israel")]),
    # the speaker of the sentence before speaks on ("وعبّرت …")
    ("أدانت الخارجية القطرية العدوان الإسرائيلي. وعبرت عن تضامنها مع سوريا.",
     [("ACCUSE", "Government of Qatar", "Government of Israel"), ("SUPPORT", "Government of Qatar", "Government of Syria")]),
    # officials resolve to their governments
    ("وقال المتحدث باسم الكرملين دميتري بيسكوف إن بوتين بحث مع أردوغان الوضع في سوريا.", [("CONSULT", RU, TR)]),
    ("وانتقد لافروف تصريحات بلينكن الأخيرة.", [("ACCUSE", RU, US)]),
    # negated, planned, future, denied: nothing happened
    ("ولم يلتق الرئيس الأمريكي نظيره الصيني خلال القمة.", []),
    ("ومن المقرر أن يزور الرئيس الفرنسي الجزائر الأسبوع المقبل.", []),
    ("وسيستقبل الرئيس المصري نظيره الفلسطيني في القاهرة.", []),
    ("ونفى الكرملين أن يكون بوتين قد التقى الرئيس الأوكراني.", []),
    # no target actor
    ("وأدان وزير الخارجية الإيراني الهجوم بشدة.", []),
    ("ورحبت الحكومة العراقية بالخطوة.", []),
    # a conflict agreement is a layer-1 event, not an interaction
    ("واتفقت الحكومة اليمنية وجماعة الحوثي على هدنة لمدة شهرين.", []),
    # statement words inside a name, and a capital named as a place
    ("وعقد مجلس التعاون الخليجي اجتماعه في الرياض.", []),
    # a verb form inside a noun: وزارة is not و + زار + ه
    ("وقالت وزارة الداخلية العراقية إن الهجوم استهدف نقطة تفتيش تابعة للحرس الثوري الإيراني.", []),
    # two bare country names "meeting" are teams, not governments
    ("وتلتقي السعودية مع الأردن في مباراة الجولة الأخيرة.", []),
    # declining to comment rejects nobody
    ("ورفض المتحدث باسم الحكومة العراقية التعليق على تصريحات السفير الأمريكي.", []),
    # background dated only to an earlier month is not coded
    ("وكانت مصر قد اتهمت إثيوبيا في مارس الماضي بتعطيل المفاوضات.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_build_interactions_types_and_actors(pipeline: Pipeline, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _triples(_interactions(pipeline, text)) == {_pair(*e) for e in expected}


def test_build_interactions_every_main_type_has_three_cases() -> None:
    counts: dict[str, int] = {}
    for _, expected in CASES:
        for t, _, _ in expected:
            counts[t] = counts.get(t, 0) + 1
    for t in ("CONSULT", "SUPPORT", "ACCUSE", "REQUEST", "THREATEN", "REJECT", "AGREE", "AID", "SANCTION"):
        assert counts.get(t, 0) >= 3, t


def test_build_interactions_counterpart_is_symmetric(pipeline: Pipeline) -> None:
    [i] = _interactions(pipeline, "واجتمع وزير الخارجية الروسي ونظيره التركي في أنقرة.")
    assert i.interaction_type == "CONSULT"
    assert {i.actor1.name, i.actor2.name} == {RU, TR}
    assert i.actor2.type == "External/Other forces" and i.actor2.country == "TR"


def test_build_interactions_date_sources_evidence(pipeline: Pipeline) -> None:
    text = "عنوان الخبر\n\nوبحث الرئيس الروسي مع نظيره الإيراني أمس الأزمة السورية، بحسب الكرملين."
    [i] = _interactions(pipeline, text)
    assert i.date == date(2024, 5, 11) and i.date_precision == "day"
    assert i.sources == ("Kremlin",)
    [span] = i.spans
    assert text[span.start : span.end] == i.evidence and "أمس" in i.evidence
    assert dict(i.trace.fields)["trigger"] and 0 < i.confidence <= 1


def test_build_interactions_undated_falls_back_to_publication(pipeline: Pipeline) -> None:
    [i] = _interactions(pipeline, "وهددت الولايات المتحدة إيران بعواقب وخيمة.")
    assert i.date == PUBLISHED and i.date_precision == "day"


def test_build_interactions_merges_repeated_mentions(pipeline: Pipeline) -> None:
    text = ("بوتين يبحث مع أردوغان الأزمة السورية\n\n"
            "أجرى الرئيس الروسي فلاديمير بوتين أمس اتصالا هاتفيا مع الرئيس التركي رجب طيب أردوغان. "
            "وقال الكرملين إن بوتين وأردوغان بحثا الأزمة السورية.")
    items = _interactions(pipeline, text)
    assert len(items) == 1
    assert items[0].date == date(2024, 5, 11)


def test_build_interactions_sorted_by_evidence(pipeline: Pipeline) -> None:
    text = ("وهددت الولايات المتحدة إيران بعواقب وخيمة. "
            "وفي سياق آخر، رحبت قطر بقرار الحكومة اللبنانية تشكيل لجنة تحقيق.")
    items = _interactions(pipeline, text)
    assert [i.interaction_type for i in items] == ["THREATEN", "SUPPORT"]
    assert items[0].spans[0].start < items[1].spans[0].start
