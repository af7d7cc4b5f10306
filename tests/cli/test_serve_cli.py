"""``rasad serve``: help, and one-line errors when the store or the serve extra is missing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MISSING_EXTRA = """
import importlib.util, sys
real = importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if name.startswith("datasette") else real(name, *a)
from rasad.cli.app import main
sys.argv = ["rasad", "serve", "--db", sys.argv[1]]
main()
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120)


def test_serve_help_says_loopback_by_default() -> None:
    p = run("-m", "rasad", "serve", "--help")
    assert p.returncode == 0 and "127.0.0.1" in p.stdout and "--port" in p.stdout


def test_serve_without_a_store_is_one_line_error(tmp_path: Path) -> None:
    p = run("-m", "rasad", "serve", "--db", str(tmp_path / "none.sqlite"))
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert p.stderr.strip().splitlines()[-1].startswith("rasad: ")


def test_serve_without_the_extra_says_what_to_install(tmp_path: Path) -> None:
    p = run("-c", MISSING_EXTRA, str(tmp_path / "e.sqlite"))
    assert p.returncode == 1 and "Traceback" not in p.stderr
    assert p.stderr.strip() == "rasad: rasad serve needs Datasette and datasette-cluster-map: pip install 'rasad[serve]'"
