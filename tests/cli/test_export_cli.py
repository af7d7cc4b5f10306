"""``rasad extract --db`` and ``rasad export``: the store filled from the command line, exported, and one-line errors."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1] / "store" / "corpus.jsonl"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rasad", *args], capture_output=True, text=True, timeout=120)


def assert_one_line_error(p: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert p.returncode == code, p.stderr
    assert "Traceback" not in p.stderr and text in p.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "events.sqlite"
    p = run("extract", str(CORPUS), "--db", str(path))
    assert p.returncode == 0, p.stderr
    assert len(p.stdout.splitlines()) == 6  # records still go to stdout
    assert f"rasad: stored 6 new document(s) with 5 event(s) in {path}; 0 already there" in p.stderr
    return path


def test_extract_db_skips_documents_already_stored(db: Path) -> None:
    p = run("extract", str(CORPUS), "--db", str(db))
    assert p.returncode == 0, p.stderr
    assert "stored 0 new document(s) with 0 event(s)" in p.stderr and "6 already there" in p.stderr


def test_export_writes_acled_csv(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sy.csv"
    p = run("export", "--db", str(db), "--format", "acled-csv", "-o", str(out), "--country", "SY",
            "--since", "2024-03-01", "--until", "2024-03-31", "--type", "Air/drone strike")
    assert p.returncode == 0, p.stderr
    assert p.stderr.strip() == f"rasad: wrote 2 event(s) to {out}"
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [r["sub_event_type"] for r in rows] == ["Air/drone strike"] * 2


def test_export_merged_of_an_unmerged_store_is_empty(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "m.jsonl"
    p = run("export", "--db", str(db), "--format", "jsonl", "-o", str(out), "--merged")
    assert p.returncode == 0 and "wrote 0 merged event(s)" in p.stderr
    assert out.read_text("utf-8") == ""


def test_export_jsonl_lines_are_records(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    assert run("export", "--db", str(db), "--format", "jsonl", "-o", str(out)).returncode == 0
    assert [json.loads(line)["event_type"] for line in out.read_text("utf-8").splitlines()][:2] == [
        "Explosions/Remote violence", "Protests"]


@pytest.mark.parametrize(("args", "code", "text"), [
    (["--format", "xlsx"], 2, "use one of acled-csv, geojson, jsonl, parquet"),
    (["--format", "jsonl", "--since", "2024-02-30"], 2, "is not a date YYYY-MM-DD"),
    (["--format", "jsonl", "--db", "missing.sqlite"], 1, "rasad: no event store at missing.sqlite"),
])
def test_export_errors_are_one_line(db: Path, tmp_path: Path, args: list[str], code: int, text: str) -> None:
    base = ["export", "-o", str(tmp_path / "out")] + (["--db", str(db)] if "--db" not in args else [])
    assert_one_line_error(run(*base, *args), code, text)
    assert not (tmp_path / "out").exists()


def test_export_help_lists_the_formats() -> None:
    p = run("export", "--help")
    assert p.returncode == 0 and "acled-csv" in p.stdout and "--merged" in p.stdout
