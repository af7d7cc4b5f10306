"""``rasad export``: events from an event store as ACLED CSV, GeoJSON, JSON Lines or Parquet."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from rasad.store.export import WRITERS, ExportFilter, export


def export_cmd(
    db: Annotated[Path, typer.Option("--db", help="event store (SQLite) to read")],
    fmt: Annotated[str, typer.Option("--format", help="acled-csv, geojson, jsonl or parquet")],
    out: Annotated[Path, typer.Option("-o", "--output", help="file to write")],
    country: Annotated[str | None, typer.Option(help="only events in this country (ISO alpha-2)")] = None,
    since: Annotated[str | None, typer.Option(help="only events on or after YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="only events on or before YYYY-MM-DD")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="only this event type or sub-event type")] = None,
    merged: Annotated[bool, typer.Option("--merged", help="merged events instead of per-document ones")] = False,
) -> None:
    """Export stored events; ACLED CSV uses ACLED's columns and codes."""
    if fmt not in WRITERS:
        raise typer.BadParameter(f"use one of {', '.join(WRITERS)}", param_hint="--format")
    f = ExportFilter(country, _day(since, "--since"), _day(until, "--until"), type_, merged)
    n = export(db, fmt, out, f)
    print(f"rasad: wrote {n} {'merged ' if merged else ''}event(s) to {out}", file=sys.stderr)


def _day(value: str | None, option: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=option) from None


def register(app: typer.Typer) -> None:
    app.command("export")(export_cmd)
