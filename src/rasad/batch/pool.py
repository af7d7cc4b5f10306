"""Where batches of documents are processed: in this process, or in a pool of worker processes.

Every executor has the same small contract, which ``batch/dask.py`` follows
too: ``submit(docs)`` starts a batch and returns a future; ``results(future,
docs)`` gives one ``ResultRows`` per document, in order, and never raises: a
document whose processing crashed (an exception in a stage, a worker process
that died) gets rows holding only a ``Problem``. ``window`` is how many
batches may be in flight, which bounds memory whatever the corpus size.

Workers send back the rows the store will write (``store/rows.py``), not
``Result`` objects: pickling those costs the workers and, worse, the runner,
the one process that also writes the store, more than flattening them does.

Workers load the ``Pipeline`` once, in the pool initializer, and keep it in a
cache keyed by ``Settings``.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import cache
from typing import Protocol

from rasad.model import Document, Problem
from rasad.pipeline import Pipeline
from rasad.settings import Settings
from rasad.store.rows import ResultRows, result_rows

CRASH = "crash"
WORKER_DIED = "worker_died"


class Executor(Protocol):
    """What the runner needs from a place to process batches."""

    window: int

    def submit(self, docs: list[Document]) -> Future[list[ResultRows]]: ...

    def results(self, future: Future[list[ResultRows]], docs: list[Document]) -> list[ResultRows]: ...

    def close(self) -> None: ...


def failed_result(doc: Document, code: str, message: str) -> ResultRows:
    """The result of a document that could not be processed at all."""
    return ResultRows(doc.doc_id, problems=(Problem(doc.doc_id, "pipeline", code, message),))


def process_with(pipeline: Pipeline, docs: list[Document]) -> list[ResultRows]:
    """One result per document, as store rows; an exception in a stage becomes a ``crash`` problem, not a lost batch."""
    out: list[ResultRows] = []
    for doc in docs:
        try:
            out.append(result_rows(pipeline.process(doc)))
        except Exception as exc:  # noqa: BLE001 - any bug in a stage is recorded for that document only
            out.append(failed_result(doc, CRASH, f"{doc.doc_id}: pipeline error: {type(exc).__name__}: {exc}"))
    return out


@cache
def worker_pipeline(settings: Settings) -> Pipeline:
    """The pipeline of this process, loaded on first use."""
    return Pipeline.load(settings)


def init_worker(settings: Settings, runner: int) -> None:
    """Pool initializer: load the pipeline before the first batch arrives, and leave with the runner.
    Ctrl-C is the runner's to handle (it stops the pool); workers ignore it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(runner,), daemon=True).start()
    worker_pipeline(settings)


def _exit_with(runner: int) -> None:
    """A runner killed with SIGKILL cannot stop its pool: a worker whose runner is gone ends itself."""
    while _alive(runner):
        time.sleep(1.0)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # killed but not yet reaped by its parent
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def process_batch(docs: list[Document], settings: Settings) -> list[ResultRows]:
    """The task a pool worker runs."""
    return process_with(worker_pipeline(settings), docs)


def _done(value: list[ResultRows]) -> Future[list[ResultRows]]:
    fut: Future[list[ResultRows]] = Future()
    fut.set_result(value)
    return fut


class InProcess:
    """``--workers 1``: every batch processed here, at submit time."""

    window = 1

    def __init__(self, settings: Settings) -> None:
        self.pipeline = worker_pipeline(settings)

    def submit(self, docs: list[Document]) -> Future[list[ResultRows]]:
        return _done(process_with(self.pipeline, docs))

    def results(self, future: Future[list[ResultRows]], docs: list[Document]) -> list[ResultRows]:
        return future.result()

    def close(self) -> None:
        pass


class LocalPool:
    """A pool of ``workers`` processes (forkserver: no locks or open files inherited from the runner)."""

    def __init__(self, settings: Settings, workers: int) -> None:
        self.settings = settings
        self.workers = workers
        self.window = 2 * workers
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        return ProcessPoolExecutor(self.workers, multiprocessing.get_context(method), initializer=init_worker,
                                   initargs=(self.settings, os.getpid()))

    def submit(self, docs: list[Document]) -> Future[list[ResultRows]]:
        if not docs:
            return _done([])
        try:
            return self.pool.submit(process_batch, docs, self.settings)
        except BrokenProcessPool:
            self._restart()
            return self.pool.submit(process_batch, docs, self.settings)

    def results(self, future: Future[list[ResultRows]], docs: list[Document]) -> list[ResultRows]:
        try:
            return future.result()
        except BrokenProcessPool:
            return self._one_by_one(docs)

    def _one_by_one(self, docs: list[Document]) -> list[ResultRows]:
        """After a worker died: each document of the batch alone, so only the one that kills a worker fails."""
        out: list[ResultRows] = []
        for doc in docs:
            try:
                out.extend(self.submit([doc]).result())
            except BrokenProcessPool:
                out.append(failed_result(doc, WORKER_DIED, f"{doc.doc_id}: the worker process died on this document"))
        return out

    def _restart(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
