"""Datasette plugin loaded by ``rasad serve`` (``--plugins-dir``): SQL functions the canned queries use.

``distance_km(lat1, lon1, lat2, lon2)`` is the great-circle distance, so the
"events near a point" query works whether or not SQLite was built with its
math functions.
"""

from __future__ import annotations

import sqlite3

from datasette import hookimpl  # type: ignore[import-untyped]

from rasad.explore.geometry import distance_km


@hookimpl  # type: ignore[untyped-decorator,misc,unused-ignore]
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("distance_km", 4, distance_km, deterministic=True)
