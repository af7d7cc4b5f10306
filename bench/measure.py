"""Measuring helpers for the benchmarks: resident memory of a process tree over time, and child processes.

Memory is read from /proc (VmRSS of a process and all its descendants), so
it counts pool workers too, and each measurement that must start from a
clean slate (a cold gazetteer build, a dedup) runs in a child process of its
own: ``ru_maxrss`` and caches are per process.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from typing import Any, Self


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb(pid: int | None = None) -> float:
    """Current resident memory of one process."""
    with open(f"/proc/{pid or os.getpid()}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def descendants_rss(root: int) -> dict[int, tuple[int, int]]:
    """VmRSS (KB) and depth below ``root`` (0 for ``root``) of ``root`` and every process below it."""
    parent: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    parent[int(name)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    depth, frontier = {root: 0}, [root]
    while frontier:
        kids = [p for p, pp in parent.items() if pp in frontier and p not in depth]
        for p in kids:
            depth[p] = depth[parent[p]] + 1
        frontier = kids
    out = {}
    for pid, d in depth.items():
        try:
            with open(f"/proc/{pid}/status") as f:
                out[pid] = (next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")), d)
        except (OSError, StopIteration):
            continue
    return out


class RssSampler:
    """Samples the memory of a process tree (this one by default) every ``every`` seconds, keeping a timeline
    of (time, total KB of the tree, largest single process KB other than the root, processes two or more
    levels down: pool workers, which are children of the forkserver)."""

    def __init__(self, root: int | None = None, every: float = 0.25) -> None:
        self.root = root or os.getpid()
        self.every = every
        self.timeline: list[tuple[float, int, int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            rss = descendants_rss(self.root)
            if rss:
                others = [kb for kb, depth in rss.values() if depth > 0]
                deep = sum(1 for _, depth in rss.values() if depth > 1)
                self.timeline.append((time.monotonic(), sum(kb for kb, _ in rss.values()), max(others, default=0),
                                      deep))

    def last_with_workers(self) -> float:
        """When a pool worker was last seen (0 if never)."""
        return max((t for t, _, _, deep in self.timeline if deep), default=0.0)

    def peak(self, since: float = 0.0, until: float = float("inf")) -> tuple[float, float]:
        """(peak MB of the whole tree, peak MB of one worker) between two ``time.monotonic()`` values."""
        window = [(tot, w) for t, tot, w, _ in self.timeline if since <= t <= until]
        return (max((t for t, _ in window), default=0) / 1024, max((w for _, w in window), default=0) / 1024)


def child(code: str, env: Mapping[str, str] | None = None, sampler: bool = False) -> tuple[dict[str, Any], float]:
    """Run ``code`` in a fresh Python; it must print one JSON object as its last line. Returns that object and,
    when ``sampler``, the peak MB of the child's process tree (else 0)."""
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    if sampler:
        with RssSampler(proc.pid) as rss:
            out, err = proc.communicate()
        peak = rss.peak()[0]
    else:
        out, err = proc.communicate()
        peak = 0.0
    if proc.returncode != 0:
        raise SystemExit(f"bench child failed ({proc.returncode}): {err.strip().splitlines()[-1:]}")
    return json.loads(out.strip().splitlines()[-1]), peak
