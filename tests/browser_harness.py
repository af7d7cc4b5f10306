"""Headless Chromium for end-to-end tests (Debian's chromium, driven directly).

Chromium resolves no host but 127.0.0.1 and uses no proxy, so nothing leaves
the machine. Tests skip only when the browser cannot be found; .ci/run
installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("Chromium not found: install Debian's chromium (apt-get install -y chromium; .ci/run does this)")
    return found


def local_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in PROXY_VARS}


def browse(tmp_path: Path, url: str, *action: str, height: int = 900) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``url`` with ``action`` (``--dump-dom`` or ``--screenshot=FILE``)."""
    args = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--no-proxy-server",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--window-size=1280,{height}",
        "--virtual-time-budget=8000", *action, url,
    ]
    return subprocess.run(args, capture_output=True, text=True, timeout=120, env=local_env())
