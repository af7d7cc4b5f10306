#!/usr/bin/env python3
"""Throughput benchmark: documents per second on one core and on all cores, scaling, peak RSS.

Generates a corpus of synthetic news-style articles (1–3 KB, built from the
project's own template sentences) and, in one run, measures:

- the floor pass: read JSONL, normalise, tokenise (the least any pipeline must do);
- the pipeline alone, in this process, on one core;
- the pipeline through the batch runner's process pool (``rasad.batch.pool``)
  with 1 and with all workers, no store: how the extraction scales;
- ``rasad run`` end to end (``rasad.batch.runner``: read, hash, process, store
  in SQLite) with ``--workers 1`` and with all cores; the final cross-document
  deduplication is timed on its own;
- peak RSS of this process, of the largest worker, and of all of them together.

    python bench/throughput.py --docs 10000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Self

ACTORS = ["قوات النظام", "هيئة تحرير الشام", "قوات سوريا الديمقراطية", "الحوثيون", "قوات الدعم السريع",
          "الجيش الإسرائيلي", "حركة الشباب", "الحشد الشعبي", "مسلحون مجهولون", "الجيش العراقي"]
PLACES = ["إدلب", "حلب", "الموصل", "مأرب", "الفاشر", "جنين", "خان يونس", "درنة", "العريش", "مقديشو",
          "تعز", "الحديدة", "دير الزور", "الرقة", "كركوك"]
TEMPLATES = [
    "اندلعت اشتباكات عنيفة، {when}، بين {a} و{b} في محيط مدينة {p}، ما أسفر عن مقتل {n} عناصر.",
    "شنت طائرات حربية {when} غارات جوية على بلدات في ريف {p}، بحسب المرصد السوري لحقوق الإنسان.",
    "قصفت {a} بالمدفعية الثقيلة أحياء في مدينة {p}، {when}، وأفادت مصادر محلية بسقوط {n} قتلى.",
    "انفجرت عبوة ناسفة بسيارة عسكرية على طريق {p}، {when}، وفق ما ذكرت وكالة فرانس برس.",
    "خرج مئات المتظاهرين في {p} {when} للمطالبة بتحسين الأوضاع المعيشية.",
    "اعتقلت {a} {n} أشخاص خلال حملة دهم في {p}، {when}.",
    "وقال مسؤول محلي إن الأوضاع الإنسانية في {p} تزداد سوءاً مع استمرار انقطاع الكهرباء والمياه.",
    "ويعاني السكان من ارتفاع الأسعار ونقص الوقود منذ أشهر، في ظل غياب أي حلول قريبة.",
    "وأكدت المنظمة الدولية أن آلاف العائلات نزحت من المنطقة خلال الأسابيع الماضية.",
]
WHEN = ["أمس", "اليوم", "فجر اليوم", "مساء أمس", "أول من أمس", "يوم الثلاثاء"]


def make_corpus(n: int, seed: int = 7) -> list[dict[str, str]]:
    rnd = random.Random(seed)
    docs = []
    start = date(2020, 1, 1)
    for i in range(n):
        parts = []
        while sum(len(p) for p in parts) < rnd.randint(1000, 3000):
            a, b = rnd.sample(ACTORS, 2)
            parts.append(rnd.choice(TEMPLATES).format(a=a, b=b, p=rnd.choice(PLACES), n=rnd.randint(2, 9), when=rnd.choice(WHEN)))
        docs.append({"doc_id": f"bench-{i}", "published": (start + timedelta(days=i % 900)).isoformat(),
                     "text": "\n\n".join(parts)})
    return docs


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RssSampler:
    """Peak resident memory of this process and all its descendants (workers), sampled from /proc."""

    def __init__(self, every: float = 0.2) -> None:
        self.every = every
        self.peak_total_kb = 0
        self.peak_child_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def phase(self) -> tuple[int, int]:
        """(peak of all processes, peak of one worker) in KB since the last call; then start anew."""
        peaks = (self.peak_total_kb, self.peak_child_kb)
        self.peak_total_kb = self.peak_child_kb = 0
        return peaks

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            me = os.getpid()
            rss = {pid: kb for pid, kb in _descendants_rss(me).items()}
            self.peak_total_kb = max(self.peak_total_kb, sum(rss.values()))
            self.peak_child_kb = max([self.peak_child_kb] + [kb for pid, kb in rss.items() if pid != me])


def _descendants_rss(root: int) -> dict[int, int]:
    """VmRSS (KB) of ``root`` and every process below it."""
    parent: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    parent[int(name)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        kids = [p for p, pp in parent.items() if pp in frontier and p not in tree]
        tree.update(kids)
        frontier = kids
    out = {}
    for pid in tree:
        try:
            with open(f"/proc/{pid}/status") as f:
                out[pid] = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            continue
    return out


def timed(fn, *args):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - t0


def pool_rate(docs: list, workers: int, batch: int) -> float:  # type: ignore[type-arg]
    """Documents/s of the pipeline through the runner's pool (workers started and warmed first)."""
    from rasad.batch.pool import LocalPool
    from rasad.settings import Settings

    pool = LocalPool(Settings(), workers)
    try:
        warm = [pool.submit(docs[:2]) for _ in range(workers)]
        for f in warm:
            f.result()
        batches = [docs[i:i + batch] for i in range(0, len(docs), batch)]
        t0 = time.perf_counter()
        pending = []
        for b in batches:
            pending.append((pool.submit(b), b))
            while len(pending) >= pool.window:
                f, bb = pending.pop(0)
                pool.results(f, bb)
        for f, bb in pending:
            pool.results(f, bb)
        return len(docs) / (time.perf_counter() - t0)
    finally:
        pool.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=0, help="cores for the parallel runs (default: all)")
    args = ap.parse_args()
    from rasad.batch.runner import RunOptions, available_cores, run
    from rasad.dedup.merge import merge_events
    from rasad.ingest.files import iter_jsonl
    from rasad.model import Document
    from rasad.pipeline import Pipeline
    from rasad.store.sqlite import EventStore
    from rasad.text.tokenize import build_view

    cores = args.workers or available_cores()
    t0 = time.perf_counter()
    pipe = Pipeline.load()
    load_s = time.perf_counter() - t0
    corpus = make_corpus(args.docs)
    with tempfile.TemporaryDirectory() as tmp, RssSampler() as rss:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in corpus), "utf-8")
        kb = path.stat().st_size / 1024 / len(corpus)
        t0 = time.perf_counter()
        docs = [d for d in iter_jsonl(iter(path.read_text("utf-8").splitlines()), "bench", None) if isinstance(d, Document)]
        for d in docs:
            build_view(d.text)
        floor_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        events = 0
        for d in docs:
            events += len(pipe.process(d).events)
        full_s = time.perf_counter() - t0
        pool1 = pool_rate(docs, 1, 64)
        pooln = pool_rate(docs, cores, 64)
        runs = {}
        for n in (1, cores):
            runs[n] = run([str(path)], RunOptions(Path(tmp) / f"run{n}.sqlite", workers=n, dedup=False))
        processing_kb, worker_kb = rss.phase()
        del corpus, docs
        with EventStore.open(Path(tmp) / f"run{cores}.sqlite") as store:
            stored, read_s = timed(store.events)
            groups, merge_s = timed(merge_events, stored)
            _, write_s = timed(store.replace_merged, groups)
            n_stored, n_groups = len(stored), len(groups)
            del stored, groups
        dedup_kb, _ = rss.phase()
    n = args.docs
    r1, rn = (runs[1].stored / runs[1].seconds, runs[cores].stored / runs[cores].seconds)
    print(f"documents            {n} (mean {kb:.1f} KB), {cores} core(s) for the parallel runs")
    print(f"resource load        {load_s:.2f} s")
    print(f"floor pass           {n / floor_s:,.0f} docs/s (read JSONL, normalise, tokenise)")
    print(f"full pipeline        {n / full_s:,.0f} docs/s on one core, in process ({events} events)")
    print(f"pipeline / floor     {floor_s / full_s:.2f}")
    print(f"pipeline, pool       1 worker {pool1:,.0f} docs/s; {cores} workers {pooln:,.0f} docs/s "
          f"({pooln / cores:,.0f} per core); scaling {pooln / pool1:.2f}x")
    print(f"rasad run (+store)   1 core {r1:,.0f} docs/s; {cores} cores {rn:,.0f} docs/s ({rn / cores:,.0f} per core); "
          f"scaling {rn / r1:.2f}x")
    print(f"dedup                {n_stored:,} events -> {n_groups:,} merged: read {read_s:.1f} s, "
          f"merge {merge_s:.1f} s, write {write_s:.1f} s")
    print(f"peak RSS             processing: all processes {processing_kb / 1024:.0f} MB, largest worker "
          f"{worker_kb / 1024:.0f} MB; dedup at the end: {dedup_kb / 1024:.0f} MB; "
          f"this process overall {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
