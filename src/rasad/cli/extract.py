"""``rasad extract``: articles in, one codebook JSON record per document out."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from rasad.ingest.files import iter_path
from rasad.model import Problem
from rasad.pipeline import Pipeline, parse_published
from rasad.settings import Settings


def extract_cmd(
    paths: Annotated[list[str], typer.Argument(help=".txt article, .jsonl documents, or - for stdin")],
    published: Annotated[str | None, typer.Option(help="publication date YYYY-MM-DD for texts without one")] = None,
    pretty: Annotated[bool, typer.Option(help="indented JSON")] = False,
    keep_unplaced: Annotated[bool, typer.Option(help="also emit events no place could be found for")] = False,
) -> None:
    """Extract events from articles; writes JSON Lines to stdout."""
    pub = parse_published(published)
    pipe = Pipeline.load(Settings(keep_unplaced=keep_unplaced))
    failed = 0
    for path in paths:
        for item in iter_path(path, pub):
            if isinstance(item, Problem):
                failed += 1
                print(f"rasad: {item.message}", file=sys.stderr)
                continue
            result = pipe.process(item)
            for p in result.problems:
                print(f"rasad: {item.doc_id}: {p.message}", file=sys.stderr)
            failed += any(p.code in ("empty", "no_arabic") for p in result.problems)
            rec = result.to_record()
            print(json.dumps(rec, ensure_ascii=False, indent=2 if pretty else None), flush=False)
    sys.stdout.flush()
    if failed:
        print(f"rasad: {failed} document(s) failed", file=sys.stderr)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_cmd)
