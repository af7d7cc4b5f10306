"""``--dask``: the same job on a Dask LocalCluster stores exactly what a local run stores."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_corpora import dump, good_corpus

from rasad.batch.runner import RunOptions, run

distributed = pytest.importorskip("distributed")


def test_dask_local_cluster_gives_the_local_results(tmp_path: Path) -> None:
    corpus = good_corpus(tmp_path / "c", 120)
    (corpus / "texts" / "t99999-broken.txt").write_bytes(b"")
    local, on_dask = tmp_path / "local.sqlite", tmp_path / "dask.sqlite"
    expected = run([str(corpus)], RunOptions(local, workers=2, batch_size=16))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        got = run([str(corpus)], RunOptions(on_dask, batch_size=16, dask=c.scheduler_address))
    assert (got.stored, got.failed, got.events) == (expected.stored, expected.failed, expected.events) == (
        120, 1, expected.events)
    assert dump(on_dask) == dump(local)
