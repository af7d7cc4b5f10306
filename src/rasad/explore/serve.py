"""``rasad serve``: the event store in Datasette, with a cluster map, facets and canned queries.

Datasette runs in this process, so signals reach it directly and nothing is
left behind. Datasette and datasette-cluster-map are optional (``rasad[serve]``). The store
is served immutable (``-i``): read-only, no locking, so it must not be written
while it is served. ``datasette.yaml`` names the database ``rasad``; Datasette
names a database after its file, so the key is renamed before Datasette starts.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rasad.errors import RasadError

NO_DATASETTE = "rasad serve needs Datasette and datasette-cluster-map: pip install 'rasad[serve]'"
NO_STORE = "no event store at {path}"
UNCHECKPOINTED = ("rasad: warning: {path} has writes still in its write-ahead log (is a run still going?); "
                  "the immutable view will not show them")
REQUIRED_MODULES = ("datasette", "datasette_cluster_map")
TEMPLATE_DB = "rasad"


class ServeError(RasadError):
    """The explorer cannot start (missing extra, missing database)."""

    code = "cannot_serve"


@dataclass(frozen=True, slots=True)
class ServeOptions:
    db: Path
    host: str = "127.0.0.1"
    port: int = 8001


def _explore_file(name: str) -> Path:
    return Path(str(resources.files("rasad.explore").joinpath(name)))


def metadata_for(db: Path) -> dict[str, Any]:
    """The packaged Datasette metadata with its database key renamed to the one Datasette gives ``db``."""
    meta: dict[str, Any] = yaml.safe_load(_explore_file("datasette.yaml").read_text("utf-8"))
    meta["databases"] = {db.stem: meta["databases"][TEMPLATE_DB]}
    return meta


def datasette_args(opts: ServeOptions, metadata: Path) -> list[str]:
    """The ``datasette serve`` arguments for ``opts``."""
    return [
        "serve",
        "-i", str(opts.db),
        "--metadata", str(metadata),
        "--plugins-dir", str(_explore_file("plugins")),
        "--host", opts.host,
        "--port", str(opts.port),
        "--setting", "default_page_size", "50",
        "--setting", "sql_time_limit_ms", "3000",
    ]


def check_ready(db: Path) -> None:
    """Raise ``ServeError`` unless the extras are installed and ``db`` exists; warn about pending WAL writes."""
    if any(importlib.util.find_spec(m) is None for m in REQUIRED_MODULES):
        raise ServeError(NO_DATASETTE)
    if not db.is_file():
        raise ServeError(NO_STORE.format(path=db))
    wal = db.with_name(db.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        print(UNCHECKPOINTED.format(path=db), file=sys.stderr)


def serve(opts: ServeOptions) -> None:
    """Run Datasette on ``opts.db`` in this process until interrupted (SIGINT/SIGTERM end it cleanly)."""
    check_ready(opts.db)
    from datasette.cli import cli  # type: ignore[import-untyped]

    with tempfile.TemporaryDirectory(prefix="rasad-serve-") as tmp:
        metadata = Path(tmp) / "metadata.json"
        metadata.write_text(json.dumps(metadata_for(opts.db), ensure_ascii=False), "utf-8")
        cli.main(datasette_args(opts, metadata), prog_name="datasette", standalone_mode=False)
