"""``rasad run``: a corpus into the event store, in parallel, resumable, every failure recorded.

The contract that makes a run resumable:

- the corpus is read in a fixed order (``ingest/corpus.py``) and cut into
  batches of ``batch_size`` documents in that order;
- batches are processed in parallel but written strictly in input order, each
  batch (its documents with their events, and its failures) in one
  transaction, so a run killed at any moment has stored a prefix of what an
  uninterrupted run stores;
- a rerun skips documents already stored (by content hash) and failures
  already recorded, and writes the rest in the same order: the same rows, with
  the same ids, as one uninterrupted run.

A document fails when it cannot be read (an ingest ``Problem``) or the
pipeline cannot use it (empty, no Arabic, a crash); it is recorded in
``failures`` and not stored. Problems of a stored document (cut because too
large) are recorded too, but the document counts as stored. At the end the
stored events are deduplicated across documents into ``merged_events``
(``EventStore.rebuild_merged``, in memory bounded by a few days of events).

The runner is the one process that writes the store, so it does as little
else as it can: workers send back rows ready for it (``store/rows.py``) and
each batch is written with one ``executemany`` per table.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from rasad.batch.pool import CRASH, WORKER_DIED, Executor, InProcess, LocalPool
from rasad.ingest.corpus import check_inputs, iter_file, iter_sources
from rasad.model import Document, Problem
from rasad.settings import Settings
from rasad.store.rows import ResultRows
from rasad.store.sqlite import EventStore, content_hash

# Pipeline problems after which a document is not stored.
FATAL = frozenset({"empty", "no_arabic", CRASH, WORKER_DIED})
# A batch is also cut after this many unreadable items, so a broken corpus cannot pile them up in memory.
MAX_PROBLEMS_PER_BATCH = 1000


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What ``rasad run`` was asked to do. ``workers`` None means one per available core."""

    db: Path
    workers: int | None = None
    batch_size: int = 64
    published: date | None = None
    settings: Settings = field(default_factory=Settings)
    dask: str | None = None
    dedup: bool = True


@dataclass(frozen=True, slots=True)
class RunSummary:
    """What one run did, and what the store holds after it."""

    stored: int
    skipped: int
    events: int
    failed: int
    problems_recorded: int
    seconds: float
    dedup_seconds: float
    totals: tuple[tuple[str, int], ...]

    def total(self, table: str) -> int:
        return dict(self.totals).get(table, 0)


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a batch, in input order: a document to process or a problem to record."""

    source: str
    doc: Document | None = None
    digest: str = ""
    problem: Problem | None = None


@dataclass(slots=True)
class Batch:
    entries: list[Entry] = field(default_factory=list)
    skipped: int = 0

    @property
    def docs(self) -> list[Document]:
        return [e.doc for e in self.entries if e.doc is not None]


@dataclass(slots=True)
class Tally:
    """Running counts of one run (mutable, local to ``run``)."""

    stored: int = 0
    skipped: int = 0
    events: int = 0
    failed: int = 0
    recorded: int = 0


FailureKey = tuple[str, str, str, str]


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def open_executor(options: RunOptions) -> Executor:
    """In-process for one worker, a process pool for more, a Dask cluster when asked."""
    workers = options.workers or available_cores()
    if options.dask:
        from rasad.batch.dask import DaskCluster

        return DaskCluster(options.dask, options.settings, workers)
    return InProcess(options.settings) if workers == 1 else LocalPool(options.settings, workers)


def _items(inputs: Sequence[str], published: date | None) -> Iterator[tuple[str, Document | Problem]]:
    for src, reader in iter_sources(inputs):
        for item in iter_file(src, reader, published):
            yield src.where, item


def plan_batches(inputs: Sequence[str], options: RunOptions, store: EventStore,
                 in_flight: set[str]) -> Iterator[Batch]:
    """Batches in input order, without documents the store (or an earlier batch of this run) already has."""
    batch = Batch()
    n_docs = n_problems = 0
    for source, item in _items(inputs, options.published):
        if isinstance(item, Problem):
            batch.entries.append(Entry(source, problem=item))
            n_problems += 1
        else:
            digest = content_hash(item.text)
            if digest in in_flight or store.has_document(digest):
                batch.skipped += 1
                continue
            in_flight.add(digest)
            batch.entries.append(Entry(source, item, digest))
            n_docs += 1
        if n_docs >= options.batch_size or n_problems >= MAX_PROBLEMS_PER_BATCH:
            yield batch
            batch, n_docs, n_problems = Batch(), 0, 0
    if batch.entries or batch.skipped:
        yield batch


def recorded_failures(store: EventStore) -> set[FailureKey]:
    """Failures an earlier run already recorded, so that a rerun does not record them twice.

    The store API has no look-up for failures, so this reads the ``failures``
    table of the store's connection (columns source, doc_id, stage, code).
    """
    rows = store.conn.execute("SELECT source, doc_id, stage, code FROM failures")
    return {(str(s), str(d), str(st), str(c)) for s, d, st, c in rows}


class _Writer:
    """Writes finished batches in order, one transaction each, and keeps the tally."""

    def __init__(self, store: EventStore, tally: Tally) -> None:
        self.store = store
        self.tally = tally
        self.known = recorded_failures(store)

    def _record(self, source: str, problem: Problem) -> None:
        key = (source, problem.doc_id, problem.stage, problem.code)
        if key not in self.known:
            self.known.add(key)
            self.store.add_failure(source, problem)
            self.tally.recorded += 1

    def write(self, batch: Batch, results: list[ResultRows]) -> None:
        done = iter(results)
        stored: list[tuple[Document, str, ResultRows]] = []
        for entry in batch.entries:
            if entry.problem is not None:
                self._record(entry.source, entry.problem)
                self.tally.failed += 1
                continue
            assert entry.doc is not None
            rows = next(done)
            for problem in rows.problems:
                self._record(entry.source, problem)
            if any(p.code in FATAL for p in rows.problems):
                self.tally.failed += 1
                continue
            stored.append((entry.doc, entry.digest, rows))
        self.tally.events += sum(len(ids) for ids in self.store.add_rows(stored))
        self.tally.stored += len(stored)
        self.tally.skipped += batch.skipped
        self.store.commit()


class Progress(Protocol):
    """What a caller may watch: documents done (stored, skipped or failed), and each phase as it starts."""

    def advance(self, n: int) -> None: ...

    def phase(self, name: str) -> None: ...


def run(inputs: Sequence[str], options: RunOptions, progress: Progress | None = None) -> RunSummary:
    """Process every document under ``inputs`` into the store at ``options.db``."""
    check_inputs(inputs)
    started = time.perf_counter()
    tally = Tally()
    with EventStore.open(options.db) as store:
        writer = _Writer(store, tally)
        executor = open_executor(options)
        try:
            with store.deferred_search_index():
                _drive(inputs, options, store, executor, writer, progress)
        finally:
            executor.close()
        merging = time.perf_counter()
        if options.dedup:
            if progress:
                progress.phase("merging reports across documents")
            store.rebuild_merged()
        totals = tuple(sorted(store.counts().items()))
    done = time.perf_counter()
    return RunSummary(tally.stored, tally.skipped, tally.events, tally.failed, tally.recorded, done - started,
                      done - merging, totals)


def _drive(inputs: Sequence[str], options: RunOptions, store: EventStore, executor: Executor,
           writer: _Writer, progress: Progress | None) -> None:
    """Keep up to ``executor.window`` batches in flight; write each as soon as it and all before it are done."""
    in_flight: set[str] = set()
    pending: deque[tuple[Batch, Future[list[ResultRows]]]] = deque()

    def finish() -> None:
        batch, future = pending.popleft()
        writer.write(batch, executor.results(future, batch.docs))
        in_flight.difference_update(e.digest for e in batch.entries if e.doc is not None)
        if progress:
            progress.advance(len(batch.entries) + batch.skipped)

    for batch in plan_batches(inputs, options, store, in_flight):
        pending.append((batch, executor.submit(batch.docs)))
        while len(pending) >= executor.window:
            finish()
    while pending:
        finish()
