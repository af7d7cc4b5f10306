"""``rasad serve``: browse an event store in Datasette, with a map."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rasad.explore.serve import ServeOptions, serve


def serve_cmd(
    db: Annotated[Path, typer.Option("--db", help="event store (SQLite) to serve, read-only")],
    port: Annotated[int, typer.Option(help="port to listen on (0 picks a free one)", min=0, max=65535)] = 8001,
    host: Annotated[str, typer.Option(help="address to bind; the default serves this machine only")] = "127.0.0.1",
) -> None:
    """Serve the event store in Datasette: facets, canned queries and a cluster map."""
    serve(ServeOptions(db, host, port))


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
