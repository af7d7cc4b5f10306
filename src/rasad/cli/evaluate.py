"""``rasad evaluate``: score the pipeline against gold annotations."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    from rasad.evaluate.command import evaluate_cmd

    app.command("evaluate")(evaluate_cmd)
