"""A small event store filled by the real pipeline from tests/store/corpus.jsonl
(our own Arabic news-style sentences), shared by store, export and explorer tests."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from rasad.model import Document
from rasad.pipeline import Pipeline
from rasad.store.sqlite import EventStore, content_hash

CORPUS = Path(__file__).resolve().parent / "store" / "corpus.jsonl"


def fill_store(path: Path, pipeline: Pipeline) -> Path:
    """Store every corpus document at ``path`` and commit; returns ``path``."""
    with EventStore.open(path) as store:
        for line in CORPUS.read_text("utf-8").splitlines():
            d = json.loads(line)
            doc = Document(d["doc_id"], d["text"], date.fromisoformat(d["published"]), d["source"], d["url"])
            store.add_result(doc, content_hash(doc.text), pipeline.process(doc))
        store.commit()
    return path
