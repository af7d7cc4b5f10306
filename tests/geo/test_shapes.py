"""Plain-Python geometry: centroids, containment, distances."""

from __future__ import annotations

import pytest

from rasad.geo.shapes import Area, km


def test_centroid_and_contains_either_orientation() -> None:
    ccw = ((0.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0))
    for ring in (ccw, ccw[::-1]):
        area = Area.from_rings((ring,))
        assert area.centroid() == pytest.approx((1.0, 2.0))  # (lat, lon)
        assert area.contains(1.0, 3.9) and not area.contains(2.5, 1.0)


def test_multipolygon_centroid_weights_by_area() -> None:
    big = ((0.0, 0.0), (3.0, 0.0), (3.0, 3.0), (0.0, 3.0))
    small = ((10.0, 0.0), (11.0, 0.0), (11.0, 1.0), (10.0, 1.0))
    assert Area.from_rings((big, small)).centroid() == pytest.approx((1.4, 2.4))


def test_centroid_of_a_crescent_stays_on_the_area() -> None:
    u_shape = ((0.0, 0.0), (3.0, 0.0), (3.0, 3.0), (2.0, 3.0), (2.0, 1.0), (1.0, 1.0), (1.0, 3.0), (0.0, 3.0))
    lat, lon = Area.from_rings((u_shape,)).centroid()  # the plain centroid falls in the notch
    assert (lon, lat) in u_shape


def test_km() -> None:
    assert km(34.5624, 38.28402, 34.5573, 38.2773) == pytest.approx(0.84, abs=0.05)  # Tadmur, GeoNames vs OCHA
