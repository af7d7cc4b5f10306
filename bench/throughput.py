#!/usr/bin/env python3
"""Throughput benchmark: documents per second on one core and peak RSS.

Generates a corpus of synthetic news-style articles (1–3 KB, built from the
project's own template sentences), then times a floor pass (read JSONL,
normalise, tokenise) and the full pipeline on the same documents.

    python bench/throughput.py --docs 1000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

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


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    args = ap.parse_args()
    from rasad.ingest.files import iter_jsonl
    from rasad.model import Document
    from rasad.pipeline import Pipeline
    from rasad.text.tokenize import build_view

    t0 = time.perf_counter()
    pipe = Pipeline.load()
    load_s = time.perf_counter() - t0
    corpus = make_corpus(args.docs)
    with tempfile.TemporaryDirectory() as tmp:
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
    n = len(docs)
    print(f"documents            {n} (mean {kb:.1f} KB)")
    print(f"resource load        {load_s:.2f} s")
    print(f"floor pass           {n / floor_s:,.0f} docs/s (read JSONL, normalise, tokenise)")
    print(f"full pipeline        {n / full_s:,.0f} docs/s on one core ({events} events)")
    print(f"pipeline / floor     {floor_s / full_s:.2f}")
    print(f"peak RSS             {peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
