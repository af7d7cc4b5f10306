"""Numbers and death tolls (codebook section 7: only the killed count)."""

from __future__ import annotations

from datetime import date

import pytest

from rasad.lexicon.resources import default_resources
from rasad.mentions.analysis import Analysis, analyse
from rasad.mentions.numbers import Toll, find_numbers, find_tolls
from rasad.model import Document


def _an(text: str) -> Analysis:
    return analyse(Document("t", text, date(2016, 3, 25)), default_resources())


def _tolls(text: str) -> list[Toll]:
    an = _an(text)
    return find_tolls(an, find_numbers(an))


def _values(text: str) -> list[int]:
    return [t.value for t in _tolls(text)]


NUMBERS = [
    ("قتل 12 شخصا", [12]),
    ("قتل ١٢ شخصا", [12]),
    ("قتل ثلاثة أشخاص", [3]),
    ("قتلت ثلاث نساء", [3]),
    ("قتل ثلاثة عشر شخصا", [13]),
    ("قتلت ثلاث عشرة امرأة", [13]),
    ("قتل أحد عشر جنديا", [11]),
    ("قتل أربعين شخصا", [40]),
    ("قتل أربعون شخصا", [40]),
    ("قتل خمسة وعشرين شخصا", [25]),
    ("قتلت خمس وعشرون امرأة", [25]),
    ("قتل مئتا شخص", [200]),
    ("قتل ثلاثمئة شخص", [300]),
    ("قتل ثلاث مئة شخص", [300]),
    ("قتل بين 5 و7 أشخاص", [5]),
    ("قتل 5 إلى 7 أشخاص", [5]),
    ("قتل 5-7 أشخاص", [5]),
    ("قتل بين خمسة وسبعة أشخاص", [5]),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_find_numbers_values(text: str, expected: list[int]) -> None:
    assert [n.value for n in find_numbers(_an(text)) if not n.dual] == expected


NOT_COUNTS = [
    "قتل جندي في 23 مارس",
    "قتل شاب يبلغ من العمر 25 عاما",
    "قتل شاب على بعد 10 كم من المدينة",
    "قتل شاب عند الساعة 3 فجرا",
    "قتل شاب في 23/3/2016",
]


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_find_tolls_ignores_numbers_that_count_no_one(text: str) -> None:
    assert all(t.value == 1 for t in _tolls(text))


TOLLS = [
    # digits, number words, duals
    ("قتل 5 أشخاص في القصف", [5]),
    ("قتل ٥ أشخاص في القصف", [5]),
    ("قتل خمسة أشخاص في القصف", [5]),
    ("أسفر القصف عن سقوط قتيلين", [2]),
    ("أسفر القصف عن مقتل جنديين", [2]),
    ("قتل عنصرين من الشرطة في الهجوم", [2]),
    ("قتل شخصين في الهجوم", [2]),
    ("قتل جنديان في الهجوم", [2]),
    ("لقي شخصان حتفهما في الحادث", [2]),
    ("قتل ثلاثة عشر مدنيا", [13]),
    ("قتل أربعين مدنيا", [40]),
    ("قتل خمسة وعشرين مدنيا", [25]),
    # dozens
    ("قتل العشرات في القصف", [10]),
    ("قتل عشرات المدنيين في القصف", [10]),
    # approximators
    ("قتل نحو 20 شخصا", [20]),
    ("قتل أكثر من 20 شخصا", [20]),
    ("قتل ما لا يقل عن 20 شخصا", [20]),
    ("قتل 20 شخصا على الأقل", [20]),
    ("قتل حوالي عشرين شخصا", [20]),
    ("قتل على الأقل 20 شخصا", [20]),
    # ranges: the lowest
    ("قتل بين 5 و7 أشخاص", [5]),
    ("قتل 5 إلى 7 أشخاص", [5]),
    ("قتل من 5 إلى 7 أشخاص", [5]),
    # after a rise, the later number
    ("ارتفعت حصيلة القتلى من 5 إلى 7", [7]),
    ("ارتفعت حصيلة القتلى إلى 12 قتيلا", [12]),
    # counted nouns after the number
    ("سقط 3 قتلى و7 جرحى في القصف", [3]),
    ("سقط 12 قتيلا في القصف", [12]),
    ("استشهد 4 فلسطينيين برصاص الاحتلال", [4]),
    ("سقط ثلاثة شهداء في القصف", [3]),
    ("5 أشخاص لقوا حتفهم في الحادث", [5]),
    # killed and wounded apart
    ("أسفر الهجوم عن مقتل 3 وإصابة 7", [3]),
    ("أسفر الهجوم عن إصابة 7 أشخاص ومقتل 3", [3]),
    ("أسفر الهجوم عن مقتل 3 مدنيين وإصابة 7 آخرين بجروح", [3]),
    ("أصيب 3 جنود واستشهد 2 آخرون", [2]),
    ("أسفر الهجوم عن إصابة 7 أشخاص", []),
    ("أصيب 7 أشخاص بجروح في الانفجار", []),
    ("سقط 7 جرحى في الانفجار", []),
    # both sides of one statement: summed
    ("أسفرت المعارك عن مقتل 5 جنود و7 مسلحين", [12]),
    ("أسفرت المعارك عن مقتل 5 جنود من الجيش و7 مسلحين من التنظيم وإصابة 10 آخرين", [12]),
    ("سقط 5 قتلى من الجيش و7 قتلى من المسلحين", [12]),
    # part of a toll already given
    ("قتل 10 أشخاص بينهم 3 أطفال", [10]),
    ("قتل 10 أشخاص من بينهم ثلاث نساء", [10]),
    # one number for one word
    ("قتل 5 أشخاص في 3 قرى", [5]),
    ("قتل 5 أشخاص في 3 غارات", [5]),
    ("مقتل 4 أشخاص من عائلة واحدة", [4]),
    # single victims
    ("لقي جندي حتفه في الهجوم", [1]),
    ("مقتل جندي وإصابة آخر", [1]),
    ("استشهاد شاب برصاص الاحتلال", [1]),
    ("مقتل طفل وامرأة في القصف", [2]),
    ("سقط قتيل واحد في الاشتباكات", [1]),
    # explicit zero
    ("انفجرت عبوة ناسفة دون وقوع إصابات", [0]),
    ("انفجرت عبوة ناسفة لكن الانفجار لم يسفر عن قتلى", [0]),
    ("سقطت قذيفة على البلدة ولم تسفر عن إصابات", [0]),
    ("سقطت قذيفة على البلدة دون أن تسفر عن إصابات", [0]),
    ("انفجرت عبوة ناسفة واقتصرت الأضرار على الماديات", [0]),
    ("لم تسفر الغارة عن أي إصابات", [0]),
    ("وقالت القناة إنه لم ترد حتى الآن أي بلاغات بوقوع إصابات أو أضرار", [0]),
    ("لم يسفر الهجوم عن وقوع إصابات بشرية", [0]),
    ("سقطت قذيفة على البلدة دون أن يصاب أحد", [0]),
    ("لم يعرف عدد القتلى", []),  # unknown is not zero
    # victims and tolls: killed unless the sentence speaks of wounded; missing never
    ("ارتفع عدد ضحايا القصف إلى 20", [20]),
    ("سقط 5 ضحايا و10 جرحى", []),
    ("ما زال 3 أشخاص مفقودين", []),
    # thousands
    ("قتل 3 آلاف شخص", [3000]),
    ("قتل أكثر من 250 ألف شخص في الحرب", [250000]),
    # a period's sum is no event's toll
    ("قتل أكثر من 250 ألف شخص منذ اندلاع النزاع", []),
    ("قتل 500 شخص خلال العام الماضي", []),
    ("قتل 5 أشخاص في قصف على البلدة التي تحاصرها القوات منذ بداية العام", [5]),
    # nothing said
    ("قصفت الطائرات البلدة", []),
    ("سقط قتلى وجرحى في القصف", []),
]


@pytest.mark.parametrize(("text", "expected"), TOLLS)
def test_find_tolls_values(text: str, expected: list[int]) -> None:
    assert _values(text) == expected


def test_find_tolls_zero_yields_to_a_real_toll_in_its_sentence() -> None:
    assert _values("قتل 3 مسلحين دون وقوع إصابات في صفوف الجيش") == [3]


SENTENCES = [
    ("قصفت الطائرات البلدة. وأسفر القصف عن مقتل 4 مدنيين.", [(4, 1, -1)]),
    ("قتل 3 جنود في كمين. وأصيب 4 آخرون في هجوم ثان.", [(3, 0, -1)]),
    ("سقط قتيلان في حلب. وقتل 5 في إدلب.", [(2, 0, -1), (5, 1, -1)]),
    ("قتل.\nوأصيب 4 أشخاص", []),
    # a follow-up with no event word belongs to the event before it
    ("قصفت الطائرات البلدة فجر اليوم. وقتل 5 أشخاص.", [(5, 0, 1)]),
    ("قصفت الطائرات البلدة فجر اليوم.\nولم تسجل أي إصابات.", [(0, 0, 1)]),
    # ... unless that sentence gives its own toll
    ("قصفت الطائرات البلدة وقتل 3 أشخاص. وقتل 5 آخرون.", [(3, 0, -1), (5, 1, -1)]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_find_tolls_attaches_each_toll_to_its_sentence(text: str, expected: list[tuple[int, int, int]]) -> None:
    an = _an(text)
    tolls = find_tolls(an, find_numbers(an))
    assert [(t.value, t.sentence, t.stated) for t in tolls] == expected
    assert all(an.tok_sent[t.first] == t.sentence for t in tolls)


def test_find_tolls_span_covers_the_killed_words() -> None:
    text = "أسفر الهجوم عن مقتل 3 وإصابة 7"
    (toll,) = _tolls(text)
    assert text[toll.span.start : toll.span.end] == "مقتل 3"
