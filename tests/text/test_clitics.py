from __future__ import annotations

import pytest

from rasad.text.clitics import segmentations, valid_prefix, valid_suffix


@pytest.mark.parametrize(
    ("token", "stem"),
    [
        ("والمسلحين", "مسلحين"),
        ("بريف", "ريف"),
        ("لاستعادة", "استعادة"),
        ("وسيقصفون", "يقصفون"),
        ("فبالغارات", "غارات"),
        ("قصفها", "قصف"),
    ],
)
def test_segmentations_find_the_stem(token: str, stem: str) -> None:
    from rasad.text.normalize import normalize

    assert normalize(stem) in [s for _, s, _ in segmentations(token)]


def test_prefix_and_suffix_rules() -> None:
    assert valid_prefix("وال", 5) and valid_prefix("لل", 5) and valid_prefix("", 2)
    assert not valid_prefix("ك", 2)  # so that ما does not match inside كما
    assert not valid_prefix("تع", 3)  # so that ريف does not match inside تعريف
    assert valid_suffix("هم") and not valid_suffix("نا")
