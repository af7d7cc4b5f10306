"""``rasad extract`` on good and bad input: one-line errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "اندلعت اشتباكات عنيفة، أمس، بين قوات النظام وعناصر تنظيم داعش في محيط مدينة تدمر.\n"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([sys.executable, "-m", "rasad", *args], input=stdin, capture_output=True, timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def assert_one_line_error(p: subprocess.CompletedProcess[str]) -> None:
    assert p.returncode != 0
    assert "Traceback" not in p.stderr
    assert p.stderr.strip().startswith("rasad:") or p.stderr.strip().startswith("Usage") or "Error" in p.stderr


def test_example_article(tmp_path: Path) -> None:
    p = run("extract", str(ROOT / "examples" / "article.txt"), "--published", "2024-05-12")
    assert p.returncode == 0, p.stderr
    rec = json.loads(p.stdout)
    assert rec["doc_id"] == "article"
    types = {e["sub_event_type"] for e in rec["events"]}
    assert {"Armed clash", "Air/drone strike", "Peaceful protest", "Abduction/forced disappearance"} <= types


def test_stdin_text() -> None:
    p = run("extract", "-", "--published", "2024-05-12", stdin=ARTICLE.encode("utf-8"))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["events"][0]["date"] == "2024-05-11"


def test_pretty_output_is_indented(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, "utf-8")
    p = run("extract", str(f), "--pretty")
    assert p.returncode == 0 and p.stdout.startswith("{\n  ")


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.txt", b""), ("binary.txt", b"\x00\x01\x02\xff" * 100), ("blank.txt", b"   \n\n ")],
)
def test_bad_text_files(tmp_path: Path, name: str, content: bytes) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    p = run("extract", str(f))
    assert_one_line_error(p)
    assert len(p.stderr.strip().splitlines()) == 1


def test_missing_file_and_bad_date(tmp_path: Path) -> None:
    assert_one_line_error(run("extract", str(tmp_path / "nope.txt")))
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, "utf-8")
    p = run("extract", str(f), "--published", "yesterday")
    assert_one_line_error(p)
    assert "YYYY-MM-DD" in p.stderr


def test_no_arabic_text_gives_empty_record_and_failure_exit(tmp_path: Path) -> None:
    f = tmp_path / "en.txt"
    f.write_text("Fighting broke out yesterday near Palmyra.", "utf-8")
    p = run("extract", str(f))
    assert p.returncode == 1
    rec = json.loads(p.stdout)
    assert rec["events"] == [] and rec["problems"][0]["code"] == "no_arabic"


def test_jsonl_with_bad_lines_processes_the_rest(tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    lines = [
        json.dumps({"doc_id": "a", "published": "2024-05-12", "text": ARTICLE}, ensure_ascii=False),
        "{not json",
        json.dumps({"doc_id": "b", "published": "12/05/2024", "text": ARTICLE}, ensure_ascii=False),
        json.dumps({"doc_id": "c", "text": 5}),
        json.dumps({"doc_id": "d", "published": "2024-05-12", "text": ARTICLE}, ensure_ascii=False),
    ]
    f.write_text("\n".join(lines), "utf-8")
    p = run("extract", str(f))
    assert p.returncode == 1
    ids = [json.loads(x)["doc_id"] for x in p.stdout.splitlines()]
    assert ids == ["a", "d"]
    assert "Traceback" not in p.stderr
    assert "invalid JSON" in p.stderr and "bad published date" in p.stderr and "3 document(s) failed" in p.stderr


def test_large_article_is_processed(tmp_path: Path) -> None:
    f = tmp_path / "big.txt"
    f.write_text(ARTICLE * 60_000, "utf-8")  # about 5 MB
    p = run("extract", str(f), "--published", "2024-05-12")
    assert "Traceback" not in p.stderr
    rec = json.loads(p.stdout)
    assert rec["doc_id"] == "big"


def test_help_lists_commands() -> None:
    p = run("--help")
    assert p.returncode == 0 and "extract" in p.stdout and "evaluate" in p.stdout
