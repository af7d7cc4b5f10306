"""``rasad run``: corpora (folders, JSONL(.gz), HTML, feeds, WARC) into an SQLite event store."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from rasad.batch.runner import RunOptions, RunSummary, run
from rasad.pipeline import parse_published
from rasad.settings import Settings


class _Rate(ProgressColumn):
    def render(self, task: Task) -> Text:
        return Text(f"{task.speed or 0:,.0f} docs/s")


class _Bar:
    """The runner's progress, shown as one rich task."""

    def __init__(self, bar: Progress, task: TaskID) -> None:
        self.bar, self.task = bar, task

    def advance(self, n: int) -> None:
        self.bar.advance(self.task, n)

    def phase(self, name: str) -> None:
        self.bar.update(self.task, description=name)


def run_cmd(
    inputs: Annotated[list[str], typer.Argument(help="files or folders: .txt .html .json .jsonl .jsonl.gz, "
                                                     "RSS/Atom (.rss .atom .xml), WARC (.warc .warc.gz)")],
    db: Annotated[Path, typer.Option(help="SQLite event store to create or resume")],
    workers: Annotated[int | None, typer.Option(min=1, help="worker processes (default: all cores; 1: no pool)")] = None,
    dask: Annotated[str | None, typer.Option(help="Dask scheduler ADDRESS, or 'local' for a local cluster")] = None,
    published: Annotated[str | None, typer.Option(help="publication date YYYY-MM-DD for documents without one")] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="documents per batch (one commit each)")] = 64,
    keep_unplaced: Annotated[bool, typer.Option(help="also store events no place could be found for")] = False,
    dedup: Annotated[bool, typer.Option(help="merge reports of one event across documents at the end")] = True,
) -> None:
    """Process a corpus into the event store; resumable, failures recorded. Exit 1 if any document failed."""
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its per-page warnings are our Problems
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    options = RunOptions(db, workers, batch_size, parse_published(published), Settings(keep_unplaced=keep_unplaced),
                         dask, dedup)
    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("{task.completed:,.0f} documents"), BarColumn(), _Rate(),
               TimeElapsedColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True) as bar:
        summary = run(inputs, options, _Bar(bar, bar.add_task("", total=None)))
    _report(summary, Console(highlight=False))
    if summary.failed:
        raise typer.Exit(1)


def _report(s: RunSummary, console: Console) -> None:
    busy = s.seconds - s.dedup_seconds
    rate = (s.stored + s.failed) / busy if busy > 0 else 0.0
    console.print(f"documents  {s.stored:,} stored, {s.skipped:,} already stored, {s.failed:,} failed "
                  f"({rate:,.0f} docs/s)")
    console.print(f"events     {s.events:,} new; the store holds {s.total('events'):,} events, "
                  f"{s.total('merged_events'):,} after merging reports across documents")
    console.print(f"failures   {s.problems_recorded:,} recorded in this run, {s.total('failures'):,} in the store")
    console.print(f"time       {s.seconds:,.1f} s ({s.dedup_seconds:,.1f} s of it merging)")


def register(app: typer.Typer) -> None:
    app.command("run")(run_cmd)
