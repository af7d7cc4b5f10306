"""``rasad extract``: articles in, one codebook JSON record per document out."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from rasad.ingest.files import iter_path
from rasad.model import Document, Problem, Result
from rasad.pipeline import Pipeline, parse_published
from rasad.settings import Settings
from rasad.store.sqlite import EventStore, store_document


@dataclass
class _Saver:
    """``--db``: stores each result and counts what it stored, for the summary line."""

    store: EventStore
    new: int = 0
    events: int = 0
    known: int = 0

    def save(self, source: str, doc: Document, result: Result) -> None:
        n = store_document(self.store, source, doc, result)
        self.new, self.events, self.known = self.new + (n is not None), self.events + (n or 0), self.known + (n is None)

    def close(self) -> None:
        self.store.commit()
        self.store.close()
        print(f"rasad: stored {self.new} new document(s) with {self.events} event(s) in {self.store.path}; "
              f"{self.known} already there", file=sys.stderr)


def extract_cmd(
    paths: Annotated[list[str], typer.Argument(help=".txt article, .jsonl documents, or - for stdin")],
    published: Annotated[str | None, typer.Option(help="publication date YYYY-MM-DD for texts without one")] = None,
    pretty: Annotated[bool, typer.Option(help="indented JSON")] = False,
    keep_unplaced: Annotated[bool, typer.Option(help="also emit events no place could be found for")] = False,
    db: Annotated[Path | None, typer.Option(help="also store every result in this event store (SQLite)")] = None,
) -> None:
    """Extract events from articles; writes JSON Lines to stdout."""
    pub = parse_published(published)
    pipe = Pipeline.load(Settings(keep_unplaced=keep_unplaced))
    saver = _Saver(EventStore.open(db)) if db else None
    failed = 0
    for path in paths:
        for item in iter_path(path, pub):
            if isinstance(item, Problem):
                failed += 1
                print(f"rasad: {item.message}", file=sys.stderr)
                if saver:
                    saver.store.add_failure(path, item)
                continue
            result = pipe.process(item)
            if saver:
                saver.save(path, item, result)
            for p in result.problems:
                print(f"rasad: {item.doc_id}: {p.message}", file=sys.stderr)
            failed += any(p.code in ("empty", "no_arabic") for p in result.problems)
            rec = result.to_record()
            print(json.dumps(rec, ensure_ascii=False, indent=2 if pretty else None), flush=False)
    sys.stdout.flush()
    if saver:
        saver.close()
    if failed:
        print(f"rasad: {failed} document(s) failed", file=sys.stderr)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_cmd)
