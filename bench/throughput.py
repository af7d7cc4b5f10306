#!/usr/bin/env python3
"""Throughput benchmark: documents per second on one core and on all cores, scaling, peak RSS, gazetteer.

Generates a corpus of synthetic news-style articles (1–3 KB, built from the
project's own template sentences) and, in one run, measures:

- the floor pass: read JSONL, normalise, tokenise (the least any pipeline must do);
- the pipeline alone, in this process, on one core;
- the pipeline through the batch runner's process pool (``rasad.batch.pool``)
  with 1 and with all workers, no store: how the extraction scales;
- ``rasad run`` end to end, the real command in a child process (read, hash,
  process, store in SQLite), with ``--workers 1`` and with all cores; the
  rate excludes the final cross-document dedup, which is timed on its own;
- peak RSS of the ``rasad run`` process tree (runner and workers together,
  and the largest worker) while processing, and during the dedup;
- with ``--dedup-scale 50000,200000``: the dedup alone on stores of those
  sizes (``dedup_bench.py``), streaming and, with ``--dedup-in-memory``, the
  way it was done before;
- the gazetteer (``gazetteer_bench.py``): embedded index built from scratch,
  load time, memory, lookups per second, and the same for the full gazetteer.

``--gazetteer PATH`` first imports PATH (``rasad gazetteer import``) into a
temporary ``RASAD_HOME`` and runs everything with it. ``--only`` picks
sections.

    python bench/throughput.py --docs 10000
    python bench/throughput.py --docs 10000 --gazetteer ../shared/data/gazetteer --dedup-scale 50000,200000
    python bench/throughput.py --only gazetteer --gazetteer ../shared/data/gazetteer
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import dedup_bench
import gazetteer_bench
from measure import RssSampler, peak_rss_mb

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
SECTIONS = ("throughput", "gazetteer")


def make_corpus(n: int, seed: int = 7) -> list[dict[str, str]]:
    rnd = random.Random(seed)
    docs = []
    start = date(2020, 1, 1)
    for i in range(n):
        parts: list[str] = []
        while sum(len(p) for p in parts) < rnd.randint(1000, 3000):
            a, b = rnd.sample(ACTORS, 2)
            parts.append(rnd.choice(TEMPLATES).format(a=a, b=b, p=rnd.choice(PLACES), n=rnd.randint(2, 9),
                                                      when=rnd.choice(WHEN)))
        docs.append({"doc_id": f"bench-{i}", "published": (start + timedelta(days=i % 900)).isoformat(),
                     "text": "\n\n".join(parts)})
    return docs


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


@dataclass(frozen=True)
class RunFigures:
    """What one ``rasad run`` child reported, and the memory of its process tree."""

    rate: float
    events: int
    merged: int
    seconds: float
    merging: float
    processing_mb: float
    worker_mb: float
    dedup_mb: float


_RATE = re.compile(r"\(([\d,]+) docs/s\)")
_EVENTS = re.compile(r"holds ([\d,]+) events, ([\d,]+) after merging")
_TIME = re.compile(r"time\s+([\d,.]+) s \(([\d,.]+) s of it merging\)")


def rasad_run(corpus: Path, db: Path, workers: int, dedup: bool) -> RunFigures:
    """``rasad run`` in a child process, its memory sampled; the dedup phase is its last ``merging`` seconds."""
    cmd = [sys.executable, "-m", "rasad", "run", str(corpus), "--db", str(db), "--workers", str(workers)]
    proc = subprocess.Popen(cmd + ([] if dedup else ["--no-dedup"]), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    with RssSampler(proc.pid) as rss:
        out, err = proc.communicate()
    end = time.monotonic()
    if proc.returncode != 0:
        raise SystemExit(f"bench: rasad run failed ({proc.returncode}): {err.strip()[-500:]}")
    rate, events, merged, seconds, merging = (_number(p.search(out), i) for p, i in
                                              ((_RATE, 1), (_EVENTS, 1), (_EVENTS, 2), (_TIME, 1), (_TIME, 2)))
    # the dedup is the runner's last ``merging`` seconds (it exits within moments), after its workers have gone
    dedup_from = max(end - merging - 0.5, rss.last_with_workers() + 0.01)
    processing, worker = rss.peak(until=dedup_from)
    return RunFigures(rate, int(events), int(merged), seconds, merging, processing, worker,
                      rss.peak(since=dedup_from)[0] if dedup else 0.0)


def _number(m: re.Match[str] | None, group: int) -> float:
    if m is None:
        raise SystemExit("bench: could not read the summary of rasad run")
    return float(m.group(group).replace(",", ""))


def throughput(n: int, cores: int, tmp: Path) -> tuple[list[str], Path]:
    """The report lines of the throughput section, and the store the all-cores run filled."""
    from rasad.ingest.files import iter_jsonl
    from rasad.model import Document
    from rasad.pipeline import Pipeline
    from rasad.text.tokenize import build_view

    pipe, load_s = timed(Pipeline.load)
    corpus = make_corpus(n)
    path = tmp / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in corpus), "utf-8")
    kb = path.stat().st_size / 1024 / len(corpus)
    del corpus
    t0 = time.perf_counter()
    docs = [d for d in iter_jsonl(iter(path.read_text("utf-8").splitlines()), "bench", None) if isinstance(d, Document)]
    for d in docs:
        build_view(d.text)
    floor_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    events = sum(len(pipe.process(d).events) for d in docs)
    full_s = time.perf_counter() - t0
    pool1, pooln = pool_rate(docs, 1, 64), pool_rate(docs, cores, 64)
    del docs
    one = rasad_run(path, tmp / "run1.sqlite", 1, dedup=False)
    many = rasad_run(path, tmp / f"run{cores}.sqlite", cores, dedup=True)
    return [
        f"documents            {n} (mean {kb:.1f} KB), {cores} core(s) for the parallel runs",
        f"resource load        {load_s:.2f} s",
        f"floor pass           {n / floor_s:,.0f} docs/s (read JSONL, normalise, tokenise)",
        f"full pipeline        {n / full_s:,.0f} docs/s on one core, in process ({events} events)",
        f"pipeline / floor     {floor_s / full_s:.2f}",
        f"pipeline, pool       1 worker {pool1:,.0f} docs/s; {cores} workers {pooln:,.0f} docs/s "
        f"({pooln / cores:,.0f} per core); scaling {pooln / pool1:.2f}x",
        f"rasad run (+store)   1 core {one.rate:,.0f} docs/s; {cores} cores {many.rate:,.0f} docs/s "
        f"({many.rate / cores:,.0f} per core); scaling {many.rate / one.rate:.2f}x",
        f"dedup                {many.events:,} events -> {many.merged:,} merged in {many.merging:.1f} s "
        f"(end of the {cores}-core run)",
        f"peak RSS, rasad run  processing: 1 core {one.processing_mb:.0f} MB; {cores} cores, all processes "
        f"{many.processing_mb:.0f} MB, largest worker {many.worker_mb:.0f} MB; dedup at the end "
        f"{many.dedup_mb:.0f} MB",
        f"peak RSS, this bench {peak_rss_mb():.0f} MB (corpus, in-process pipeline, pools)",
    ], tmp / f"run{cores}.sqlite"


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=0, help="cores for the parallel runs (default: all)")
    ap.add_argument("--gazetteer", type=Path, help="import this gazetteer folder or file into a temporary "
                                                   "RASAD_HOME first, and run everything with it")
    ap.add_argument("--only", choices=SECTIONS, action="append", help="run only these sections (repeatable)")
    ap.add_argument("--dedup-scale", default="", help="event counts for the dedup-scaling section, e.g. 50000,200000")
    ap.add_argument("--dedup-in-memory", action="store_true", help="also time the all-in-memory dedup at each size")
    args = ap.parse_args()
    if args.gazetteer is not None and not args.gazetteer.exists():
        ap.error(f"--gazetteer {args.gazetteer}: no such file or directory")
    try:
        sizes = [int(s) for s in args.dedup_scale.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--dedup-scale {args.dedup_scale!r}: expected event counts like 50000,200000")
    sections = set(args.only or SECTIONS)
    from rasad.batch.runner import available_cores

    cores = args.workers or available_cores()
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.gazetteer is not None:
            env = {"RASAD_HOME": str(tmp / "home")}
            seconds = gazetteer_bench.import_gazetteer(args.gazetteer, env)
            os.environ.update(env)  # this process, the pools it starts and every rasad child
            lines.append(f"gazetteer            {args.gazetteer} imported in {seconds:.1f} s; every figure below "
                         "uses it")
        if "gazetteer" in sections:
            lines += gazetteer_bench.figures(tmp / "gazetteer", args.gazetteer)
        if "throughput" in sections:
            report, store = throughput(args.docs, cores, tmp)
            lines += report
            if sizes:
                lines += dedup_bench.figures(store, tmp, sizes, args.dedup_in_memory)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
