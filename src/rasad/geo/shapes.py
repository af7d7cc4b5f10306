"""Plain-Python geometry for the gazetteer: distances, polygon centroids and
point-in-polygon tests.

Coordinates are WGS84 degrees and every ring is a sequence of ``(lon, lat)``
pairs, as in GeoJSON. Centroids and containment are computed in the plane of
those degrees: good enough for admin areas the size of a governorate, and it
keeps shapely out of the dependencies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_KM = 6371.0

Ring = tuple[tuple[float, float], ...]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    la1, lo1, la2, lo2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


@dataclass(frozen=True, slots=True)
class Area:
    """The exterior rings of a (multi)polygon and their bounding box.

    Holes are dropped: admin areas rarely have them, and a point in an
    enclave is then counted in the surrounding area, which is the lesser error.
    """

    rings: tuple[Ring, ...]
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    @classmethod
    def from_rings(cls, rings: tuple[Ring, ...]) -> "Area":
        lons = [x for r in rings for x, _ in r]
        lats = [y for r in rings for _, y in r]
        return cls(rings, (min(lons), min(lats), max(lons), max(lats)))

    def contains(self, lat: float, lon: float) -> bool:
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return False
        return any(_in_ring(r, lon, lat) for r in self.rings)

    def centroid(self) -> tuple[float, float]:
        """(lat, lon) of the area-weighted centroid of all rings."""
        total = cx = cy = 0.0
        for ring in self.rings:
            a, x, y = _ring_moments(ring)
            total += a
            cx += x
            cy += y
        if abs(total) < 1e-12:  # degenerate: fall back to the mean vertex
            pts = [p for r in self.rings for p in r]
            return sum(p[1] for p in pts) / len(pts), sum(p[0] for p in pts) / len(pts)
        lat, lon = cy / total, cx / total
        if not self.contains(lat, lon):  # a crescent: take the largest ring's nearest vertex instead
            ring = max(self.rings, key=lambda r: abs(_ring_moments(r)[0]))
            lon, lat = min(ring, key=lambda p: (p[0] - lon) ** 2 + (p[1] - lat) ** 2)
        return lat, lon


def _ring_moments(ring: Ring) -> tuple[float, float, float]:
    """Signed area and first moments of a ring (shoelace formula)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    a /= 2
    sign = -1.0 if a < 0 else 1.0  # clockwise and counter-clockwise rings both count positive
    return sign * a, sign * cx / 6, sign * cy / 6


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    """Even-odd ray casting."""
    inside = False
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i - 1]
        x1, y1 = ring[i]
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            inside = not inside
    return inside
