"""``--dask ADDRESS`` / ``--dask local``: the same batches, processed on a Dask distributed cluster.

The runner does not change: it still reads the corpus, skips stored
documents, and writes results in input order, so a Dask run stores exactly
what a local run stores. The ``Pipeline`` is loaded here once, pickled and
broadcast to every worker (``scatter``); each task is one batch. Needs the
optional extra ``rasad[dask]``.
"""

from __future__ import annotations

import importlib
from concurrent.futures import Future
from typing import Any

from rasad.batch.pool import failed_result, process_with
from rasad.errors import InputError
from rasad.model import Document
from rasad.pipeline import Pipeline
from rasad.settings import Settings
from rasad.store.rows import ResultRows

NO_DASK = "--dask needs the optional dependencies: pip install 'rasad[dask]'"
NO_CLUSTER = "cannot reach the Dask scheduler at {address}: {problem}"


class DaskCluster:
    """An executor on a Dask cluster: ``address`` of a scheduler, or ``local`` for a LocalCluster here."""

    def __init__(self, address: str, settings: Settings, workers: int) -> None:
        try:
            distributed: Any = importlib.import_module("distributed")  # untyped: used through Any
        except ImportError as exc:
            raise InputError(NO_DASK) from exc
        self.cluster: Any = None
        self.client: Any
        try:
            if address == "local":
                self.cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                        dashboard_address=None)
                self.client = distributed.Client(self.cluster)
            else:
                self.client = distributed.Client(address, timeout=30)
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(NO_CLUSTER.format(address=address, problem=exc)) from exc
        n = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)
        self.window = 2 * n
        self.pipeline = self.client.scatter(Pipeline.load(settings), broadcast=True)

    def submit(self, docs: list[Document]) -> Future[list[ResultRows]]:
        future: Future[list[ResultRows]] = self.client.submit(process_with, self.pipeline, docs, pure=False)
        return future

    def results(self, future: Future[list[ResultRows]], docs: list[Document]) -> list[ResultRows]:
        try:
            return future.result()
        except Exception as exc:  # noqa: BLE001 - KilledWorker, lost connection …: recorded per document
            return [failed_result(d, "worker_died", f"{d.doc_id}: Dask task failed: {type(exc).__name__}: {exc}")
                    for d in docs]

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
