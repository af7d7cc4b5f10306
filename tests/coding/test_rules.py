"""Coding rules on our own sentences: roles, refinement, modality, merging."""

from __future__ import annotations

from datetime import date

import pytest

from rasad.model import Document, Event
from rasad.pipeline import Pipeline

PUB = date(2024, 5, 14)  # a Tuesday
SHELLING = "Shelling/artillery/missile attack"


def events(pipeline: Pipeline, text: str) -> list[Event]:
    return list(pipeline.process(Document("t", text, PUB)).events)


def one(pipeline: Pipeline, text: str) -> Event:
    evs = events(pipeline, text)
    assert len(evs) == 1, [(e.sub_event_type, e.location) for e in evs]
    return evs[0]


def test_clash_sides_with_ma(pipeline: Pipeline) -> None:
    e = one(pipeline, "اندلعت اشتباكات عنيفة أمس بين قوات النظام وعناصر تنظيم داعش في محيط مدينة تدمر.")
    assert (e.actor1.name, e.actor2.name) == ("Military Forces of Syria", "Islamic State")  # type: ignore[union-attr]
    assert e.location and e.location.name == "تدمر" and e.location.geo_precision == 2
    assert e.date == date(2024, 5, 13)


def test_territory_type_follows_the_actor(pipeline: Pipeline) -> None:
    gov = one(pipeline, "استعاد الجيش السوري السيطرة على مدينة سراقب أمس.")
    reb = one(pipeline, "سيطرت هيئة تحرير الشام على مدينة سراقب أمس بعد انسحاب قوات النظام منها.")
    assert gov.sub_event_type == "Government regains territory"
    assert reb.sub_event_type == "Non-state actor overtakes territory"


def test_territory_replaces_same_day_fighting(pipeline: Pipeline) -> None:
    evs = events(pipeline, "سيطرت قوات الدعم السريع اليوم على مدينة نيالا بعد معارك عنيفة مع الجيش السوداني.")
    assert [e.sub_event_type for e in evs] == ["Non-state actor overtakes territory"]


def test_air_support_gives_its_own_strike(pipeline: Pipeline) -> None:
    evs = events(pipeline, "اندلعت أمس اشتباكات بين قوات النظام وتنظيم داعش في محيط مدينة القريتين بدعم من طائرات حربية روسية.")
    types = {e.sub_event_type: e for e in evs}
    assert "Air/drone strike" in types and "Armed clash" in types
    assert types["Air/drone strike"].actor1.name == "Military Forces of Russia"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text",
    [
        "لم تشن الطائرات الحربية أي غارة على مدينة إدلب أمس.",
        "تستعد القوات العراقية لشن هجوم على مدينة الموصل.",
        "في حال سيطرة التنظيم على مدينة تدمر سيتغير الوضع.",
        "نفى الجيش الإسرائيلي أن يكون قد قصف مدينة خان يونس أمس.",
        "هدد الحوثيون باستهداف مدينة جازان بالصواريخ.",
        "أعلن الجيش أن الهجوم المرتقب على مدينة سرت سيبدأ قريبا.",
    ],
)
def test_modality_blocks_events(pipeline: Pipeline, text: str) -> None:
    assert events(pipeline, text) == []


def test_generic_actors_take_the_event_country(pipeline: Pipeline) -> None:
    text = ("قصفت قوات الدعم السريع أحياء في مدينة الفاشر اليوم.\n\n"
            "وفي اليمن، اعتقلت قوات الأمن عشرات المتظاهرين في مدينة عدن.")
    evs = events(pipeline, text)
    aden = [e for e in evs if e.location and e.location.name == "عدن"][0]
    assert aden.sub_event_type == "Protest with intervention"
    assert aden.actor1.name == "Protesters (Yemen)" and aden.actor2.name == "Police Forces of Yemen"  # type: ignore[union-attr]


def test_bomb_targets_state_forces(pipeline: Pipeline) -> None:
    e = one(pipeline, "انفجرت عبوة ناسفة بدورية للجيش العراقي في مدينة الموصل اليوم، ما أدى إلى مقتل جنديين.")
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert e.actor1.name == "Unidentified Armed Group (Iraq)" and e.actor2.name == "Military Forces of Iraq"  # type: ignore[union-attr]
    assert e.fatalities == 2


def test_foiled_attack_is_disrupted_weapons_use(pipeline: Pipeline) -> None:
    e = one(pipeline, "أحبطت قوات الأمن الصومالية هجوما بسيارة مفخخة في مدينة بلدوين أمس.")
    assert e.sub_event_type == "Disrupted weapons use"


def test_repeated_mentions_merge_and_keep_lowest_toll(pipeline: Pipeline) -> None:
    text = ("قتل خمسة مدنيين في غارة جوية إسرائيلية على مدينة رفح أمس.\n\n"
            "وقالت مصادر طبية إن الغارة الإسرائيلية على رفح أسفرت عن مقتل سبعة أشخاص.")
    e = one(pipeline, text)
    assert e.fatalities == 5 and e.sub_event_type == "Air/drone strike"
    assert "medical sources" in e.sources


def test_headline_echo_is_dropped(pipeline: Pipeline) -> None:
    text = ("غارات على خان يونس\n\n"
            "شنت طائرات إسرائيلية أمس غارات جوية على مدينة خان يونس، ما أسفر عن مقتل ثلاثة أشخاص.")
    e = one(pipeline, text)
    assert e.date == date(2024, 5, 13) and e.fatalities == 3


def test_common_words_are_not_places(pipeline: Pipeline) -> None:
    text = "خرج مئات المتظاهرين في وقفة احتجاجية سلمية وسط مدينة حلب اليوم، وقال بيان إن الخبر صحيح."
    e = one(pipeline, text)
    assert e.location and e.location.name == "حلب"


def test_capital_standing_for_government_is_no_place(pipeline: Pipeline) -> None:
    assert events(pipeline, "دمشق تتهم أنقرة بدعم الإرهاب.") == []


def test_range_start_dates_the_event(pipeline: Pipeline) -> None:
    evs = events(pipeline, "اقتحمت قوات الأمن ساحة الاعتصام في مدينة تعز من مساء الأحد حتى فجر الاثنين، واعتقلت عشرات المحتجين.")
    assert evs and {e.date for e in evs} == {date(2024, 5, 12)}


def test_undated_follow_up_takes_the_leads_yesterday(pipeline: Pipeline) -> None:
    text = ("اندلعت اشتباكات عنيفة أمس بين الجيش السوداني وقوات الدعم السريع في مدينة الفاشر.\n\n"
            "وفي مدينة الأبيض، اعتقلت الشرطة عشرة أشخاص بتهمة التعاون مع قوات الدعم السريع.")
    arrests = [e for e in events(pipeline, text) if e.sub_event_type == "Arrests"][0]
    assert arrests.date == date(2024, 5, 13)


def test_count_since_a_start_is_an_aggregate(pipeline: Pipeline) -> None:
    text = "ارتفع عدد القتلى في غارات إسرائيلية على قطاع غزة منذ بدء الحرب في 7 أكتوبر إلى آلاف."
    assert events(pipeline, text) == []


def test_purpose_lam_is_not_an_event(pipeline: Pipeline) -> None:
    assert events(pipeline, "أرسل الجيش تعزيزات عسكرية إلى ريف حماة لاستعادة مدينة اللطامنة.") == []
    assert events(pipeline, "تعرضت مدينة تعز لقصف مدفعي عنيف صباح اليوم.")[0].sub_event_type == \
        "Shelling/artillery/missile attack"


def test_governorate_and_town_of_one_event_merge(pipeline: Pipeline) -> None:
    text = ("قتل سبعة جنود أمس في انفجار عبوة ناسفة بمحافظة شمال سيناء. "
            "وقال مصدر أمني إن العبوة انفجرت في مدينة العريش ما أدى إلى مقتل سبعة جنود.")
    e = one(pipeline, text)
    assert e.location and e.location.name == "العريش" and e.location.geo_precision == 1
    assert e.fatalities == 7


def test_governorate_count_beside_a_towns_own_toll_stays_apart(pipeline: Pipeline) -> None:
    text = ("قتل 18 مدنيا اليوم في غارات جوية على محافظة إدلب. "
            "وقتل عشرة منهم في غارات جوية على مدينة أريحا.")
    places = sorted((e.location.name, e.fatalities) for e in events(pipeline, text) if e.location)
    assert places == [("أريحا", 10), ("إدلب", 18)]


@pytest.mark.parametrize("text, expected", [
    ("تظاهر مئات الطلاب أمس في مدينة البصرة للمطالبة بصرف الرواتب، وفرقت قوات الأمن المتظاهرين بالقوة "
     "واعتقلت عددا منهم.", ["Protest with intervention"]),
    ("خرج مئات المحتجين في تظاهرة سلمية وسط بيروت أمس، ثم تحولت إلى أعمال شغب ورشق المحتجون قوات الأمن "
     "بالحجارة.", ["Violent demonstration"]),
    # arrests of wanted men beside a peaceful protest: two events
    ("اعتقلت قوات الأمن عشرة مطلوبين في البصرة أمس، فيما تظاهر مئات في المدينة نفسها للمطالبة بفرص عمل.",
     ["Arrests", "Peaceful protest"]),
])
def test_one_demonstration_per_place_and_day(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert sorted(e.sub_event_type for e in events(pipeline, text)) == expected


@pytest.mark.parametrize("text, expected", [
    # a task still ahead is not done
    ("ويبقى أمام الجيش طرد عناصر التنظيم من مدينة السخنة لاستعادة البادية.", []),
    # "entered into clashes" is fighting, not entering a town
    ("الكتائب المسلحة دخلت في مواجهات مسلحة أمس في مدينة الزاوية أسفرت عن مقتل شخصين.", ["Armed clash"]),
    # clearing the mines left behind is disrupted weapons use
    ("عملت القوات الحكومية أمس على تفجير الألغام التي خلفها التنظيم في مدينة سرت.", ["Disrupted weapons use"]),
    # years ago is background, not an event of the report
    ("طردت القوات الحكومية مقاتلي الحركة من مدينة كيسمايو قبل عامين.", []),
])
def test_background_plans_and_idioms(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert sorted(e.sub_event_type for e in events(pipeline, text)) == expected


def test_date_inside_a_since_phrase_does_not_date_the_event(pipeline: Pipeline) -> None:
    # PUB is a Tuesday: "يوم الأربعاء الماضي" would be 2024-05-08
    text = ("قتل خمسة أشخاص اليوم في غارات جوية على مدينة خان يونس، ليصل إجمالي القتلى منذ بدء الهجوم "
            "يوم الأربعاء الماضي إلى 60 قتيلا.")
    assert [(e.date, e.fatalities) for e in events(pipeline, text)] == [(PUB, 5)]


def test_habitual_exchange_of_fire_is_no_event(pipeline: Pipeline) -> None:
    assert events(pipeline, "يتبادل الجيش والمسلحون القصف بشكل شبه يومي في محيط مدينة درعا.") == []


def test_fire_within_a_clash_is_part_of_it(pipeline: Pipeline) -> None:
    text = ("اندلعت اشتباكات عنيفة أمس بين الجيش وعناصر تنظيم داعش في مدينة بيجي، "
            "وتبادل الطرفان القصف بقذائف الهاون في المدينة نفسها.")
    assert [e.sub_event_type for e in events(pipeline, text)] == ["Armed clash"]
    # on another day it is an event of its own
    text = ("اندلعت اشتباكات عنيفة أمس بين الجيش وعناصر تنظيم داعش في مدينة بيجي. "
            "وقصف الجيش اليوم بقذائف الهاون مواقع التنظيم في مدينة بيجي.")
    assert sorted(e.sub_event_type for e in events(pipeline, text)) == ["Armed clash", SHELLING]


def test_reports_of_one_abduction_on_its_day_merge(pipeline: Pipeline) -> None:
    text = ("اختطف مسلحون مجهولون عشرة عمال في مدينة سبها. "
            "وقال شاهد إن المسلحين اختطفوا العمال مساء الأحد في مدينة سبها واقتادوهم إلى جهة مجهولة. "
            "وأضاف أن المسلحين اختطفوا العمال من مساكنهم في مدينة سبها مساء الأحد. "
            "وأكد مسؤول أمس أن السلطات تجمع المعلومات حول حادثة الاختطاف في مدينة سبها.")
    evs = events(pipeline, text)
    assert [(e.sub_event_type, e.date) for e in evs] == [("Abduction/forced disappearance", date(2024, 5, 12))]


@pytest.mark.parametrize("text, expected", [
    # an attack announced for soon, and "that battle" pointing back at it
    ("أعلنت واشنطن عن هجوم قريب على معقل التنظيم في مدينة الرقة، مع دور للقوات الكردية في تلك المعركة.", []),
    # "قريب من" is near, not soon
    ("قتل ثلاثة جنود أمس في هجوم قريب من مدينة الرمادي.", ["Armed clash"]),
])
def test_soon_and_pointers(pipeline: Pipeline, text: str, expected: list[str]) -> None:
    assert sorted(e.sub_event_type for e in events(pipeline, text)) == expected


def test_pointer_joins_the_event_it_points_at(pipeline: Pipeline) -> None:
    text = ("اندلعت اشتباكات عنيفة أمس بين كتائب مسلحة في مدينة الزاوية أسفرت عن مقتل شخصين. "
            "واندلعت هذه الاشتباكات عقب شجار وقع قبل يومين في المدينة.")
    assert [(e.sub_event_type, e.date) for e in events(pipeline, text)] == [("Armed clash", date(2024, 5, 13))]


def test_count_over_months_is_an_aggregate(pipeline: Pipeline) -> None:
    text = "تبنى التنظيم عمليات اغتيال أكثر من ستة عناصر أمن داخل مدينة الحسكة خلال الشهرين الماضيين."
    assert events(pipeline, text) == []
    # over the past hours it is the day's event
    text = "اغتال مسلحون عنصرين من الأمن داخل مدينة الحسكة خلال الساعات الماضية."
    assert len(events(pipeline, text)) == 1


def test_unknown_town_gets_no_borrowed_place(pipeline: Pipeline) -> None:
    # the gazetteer does not know "قرية زعرورة": the capture is not moved to Latakia's town named earlier
    text = ("تحاول قوات النظام التقدم من ناحية مدينة جبلة، بعد ساعات من سيطرة فصائل المعارضة "
            "على قرية زعرورة في الريف الشمالي.")
    assert [e for e in events(pipeline, text) if e.event_type == "Battles"] == []


def test_bare_bombardment_at_a_strike_is_that_strike(pipeline: Pipeline) -> None:
    text = ("شنت طائرات حربية إسرائيلية اليوم غارة جوية على مدينة دير البلح أسفرت عن مقتل شخص. "
            "وقالت مصادر طبية إن القصف على مدينة دير البلح استهدف منزلا.")
    assert [e.sub_event_type for e in events(pipeline, text)] == ["Air/drone strike"]
    # rockets named at that place: the bombardment may be theirs, and stays apart
    text = ("شنت طائرات حربية إسرائيلية اليوم غارة جوية على مدينة دير البلح أسفرت عن مقتل شخص. "
            "وسقطت قذائف صاروخية على مدينة دير البلح، وأدان مسؤول القصف على مدينة دير البلح.")
    assert "Shelling/artillery/missile attack" in {e.sub_event_type for e in events(pipeline, text)}


def test_change_of_control_borrows_no_place(pipeline: Pipeline) -> None:
    text = ("قصفت طائرات حربية مدينة الأبيض أمس. "
            "في حين، سيطرت قوات الجيش على ولايات شمال ووسط وشرق البلاد.")
    assert [e.sub_event_type for e in events(pipeline, text)] == ["Air/drone strike"]


def test_strikes_in_support_are_not_an_event_of_their_own(pipeline: Pipeline) -> None:
    text = "يبدو أن تقدم القوات العراقية المدعومة بغارات التحالف الدولي نحو مدينة الموصل ليس سهلا."
    assert events(pipeline, text) == []
