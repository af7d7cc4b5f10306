"""End to end in a real browser: ``rasad serve`` on loopback, opened in headless Chromium.

Builds a small store with the real pipeline, starts ``rasad serve`` on a free
127.0.0.1 port, and drives Debian's ``chromium`` directly (``--dump-dom`` and
``--screenshot``). Chromium is told to resolve no host but 127.0.0.1 and to use
no proxy, so nothing leaves the machine: map tiles stay grey, markers still
render. Screenshots stay under the test's tmp_path and are copied to
/tmp/rasad-screens/. Skips only when Chromium or the serve extra is missing.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_harness import browse, local_env

from store_corpus import fill_store

from rasad.pipeline import Pipeline

SCREENS = Path("/tmp/rasad-screens")
MARKER = re.compile(r'class="[^"]*\bleaflet-marker-icon\b[^"]*"')
CLUSTER = re.compile(r'class="[^"]*\bmarker-cluster\b[^"]*"[^>]*>\s*<div>\s*<span>(\d+)</span>')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, pipeline: Pipeline) -> Iterator[str]:
    """Base URL of ``rasad serve`` on a store made from the test corpus."""
    for module in ("datasette", "datasette_cluster_map"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} not installed (pip install 'rasad[serve]')")
    db = tmp_path_factory.mktemp("browser") / "events.sqlite"
    fill_store(db, pipeline)
    port = free_port()
    log = db.with_name("serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "rasad", "serve", "--db", str(db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=local_env())
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with opener.open(base + "/-/versions.json", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("rasad serve did not start:\n" + db.with_name("serve.log").read_text())
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def markers(dom: str) -> int:
    """Events drawn on the map: single markers plus the counts inside cluster icons."""
    clustered = sum(int(n) for n in CLUSTER.findall(dom))
    singles = len(MARKER.findall(dom)) - len(CLUSTER.findall(dom))
    return singles + clustered


def screenshot(tmp_path: Path, url: str, name: str, height: int = 900) -> Path:
    shot = tmp_path / name
    p = browse(tmp_path, url, f"--screenshot={shot}", height=height)
    assert shot.is_file(), p.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    SCREENS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SCREENS / name)
    return shot


def test_events_table_renders_rows_and_map_markers(server: str, tmp_path: Path) -> None:
    url = f"{server}/events/events"
    dom = browse(tmp_path, url, "--dump-dom").stdout
    assert "Events (one per document)" in dom
    assert "الفاشر" in dom and "معرة النعمان" in dom  # the Arabic evidence is in the table
    assert 'class="facet-info' in dom or "facet-results" in dom
    assert markers(dom) == 5, dom[:3000]  # every located event is on the map
    screenshot(tmp_path, url, "events-table.png")


def test_map_of_events_near_a_point(server: str, tmp_path: Path) -> None:
    url = f"{server}/events/events_near?lat=35.64&lon=36.67&km=30"
    dom = browse(tmp_path, url, "--dump-dom").stdout
    assert "Events near a point" in dom
    assert markers(dom) == 2, dom[:3000]  # the two reports of the Idlib strike
    screenshot(tmp_path, url, "events-near-idlib.png", height=1500)  # the map sits below the query form
