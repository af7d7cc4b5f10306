"""``rasad gazetteer`` import / lookup / list through the real entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import GazFiles


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RASAD_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "rasad", "gazetteer", *args], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=120)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(f.relative_to(root)): f.read_bytes() for f in sorted(root.rglob("*")) if f.is_file()}


def test_import_prints_counts_and_list_shows_sources(tmp_path: Path, gaz_files: GazFiles) -> None:
    p = run(tmp_path, "import", str(gaz_files.points.parent), "--format", "ocha")
    assert p.returncode == 0, p.stderr
    assert "read 4\tadded 3\tmerged 1\tskipped 0" in p.stdout  # points.geojson: Tadmor is embedded Tadmur
    assert p.stdout.splitlines()[-1].startswith("3 file(s): read 7, added 4, merged 3, skipped 0;")  # + admin1, CSV
    listing = run(tmp_path, "list")
    assert listing.returncode == 0 and listing.stdout.count("\tocha\t") == 3


def test_malformed_file_one_line_error_and_store_unchanged(tmp_path: Path, gaz_files: GazFiles) -> None:
    assert run(tmp_path, "import", str(gaz_files.points)).returncode == 0
    before = snapshot(tmp_path / "gazetteer")
    bad = tmp_path / "SY.txt"
    bad.write_text("163808\tTadmur\tTadmur\tتدمر\n", "utf-8")
    p = run(tmp_path, "import", str(gaz_files.admin1), str(bad))
    assert p.returncode == 1
    assert p.stderr.count("\n") == 1 and "Traceback" not in p.stderr
    assert p.stderr.startswith(f"rasad: gazetteer file {bad}: line 1 has 4 tab-separated columns")
    assert snapshot(tmp_path / "gazetteer") == before


def test_unknown_format_is_a_usage_error(tmp_path: Path, gaz_files: GazFiles) -> None:
    p = run(tmp_path, "import", str(gaz_files.points), "--format", "shapefile")
    assert p.returncode == 2 and "Traceback" not in p.stderr


def test_lookup_ranks_candidates(tmp_path: Path, gaz_files: GazFiles) -> None:
    assert run(tmp_path, "import", str(gaz_files.points)).returncode == 0
    rows = [r.split("\t") for r in run(tmp_path, "lookup", "الناصرة").stdout.splitlines()[1:]]
    assert rows[0][:2] == ["Nazareth", "IL"]  # the big city first
    rows = [r.split("\t") for r in run(tmp_path, "lookup", "الناصرة", "--country", "sy").stdout.splitlines()[1:]]
    assert [r[1] for r in rows[:2]] == ["SY", "SY"]
    assert rows[0][-1].startswith("geonames:") and rows[1][-1] == "ocha:C4262"  # embedded town before village
    village = run(tmp_path, "lookup", "العليانية")
    assert village.stdout.splitlines()[1].split("\t") == [
        "Alianiyeh", "SY", "Homs", "33.97350", "38.10950", "city", "500", "ocha:C2891"]
    missing = run(tmp_path, "lookup", "لامكان")
    assert missing.returncode == 1 and missing.stderr.strip() == "rasad: no place called لامكان"
