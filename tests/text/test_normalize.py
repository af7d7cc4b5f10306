from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rasad.text.normalize import normalize, normalize_with_map

ARABIC = st.text(alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي أإآىةؤئءًٌٍَُِّْـ،.«»0123456789٠١٢٣")), max_size=60)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("إدلب", "ادلب"),
        ("أَمْسِ", "امس"),
        ("مدينة", "مدينه"),
        ("مستشفى", "مستشفي"),
        ("هجومـاً", "هجوما"),
        ("٢٣ آذار", "23 اذار"),
        ("۱۲", "12"),
        ("مسؤول", "مسوول"),
        ("  قوات   النظام ", "قوات النظام"),
    ],
)
def test_normalize_forms(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@given(ARABIC)
def test_normalize_map_points_back_to_original(text: str) -> None:
    view, where = normalize_with_map(text)
    assert len(where) == len(view) + 1
    assert where[-1] == len(text)
    for i, ch in enumerate(view):
        assert normalize(text[where[i]]) in (ch, "") or ch.isdigit() or ch in ".,"
    assert all(a < b for a, b in zip(where, where[1:]))
