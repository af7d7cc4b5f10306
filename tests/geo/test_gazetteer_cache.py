"""The embedded gazetteer is indexed once into the user cache; a stale index
(of data files since changed) is removed when the new one is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasad.geo import gazetteer


def test_cache_is_written_reused_and_stale_indexes_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gazetteer, "cache_dir", lambda: tmp_path)
    stale = tmp_path / "gazetteer-0000000000000000.pickle"
    stale.write_bytes(b"old")
    gazetteer.embedded.cache_clear()
    try:
        built = gazetteer.embedded()
        files = sorted(p.name for p in tmp_path.glob("gazetteer-*.pickle"))
        assert files == [f"gazetteer-{gazetteer.fingerprint()}.pickle"]
        gazetteer.embedded.cache_clear()
        again = gazetteer.embedded()  # read back from the cache file
        assert again.places.keys() == built.places.keys() and again.by_name == built.by_name
    finally:
        gazetteer.embedded.cache_clear()
