"""Root of the ``rasad`` command: sub-commands and the one error handler.

A ``RasadError`` becomes ``rasad: <message>`` on stderr with exit code 1;
usage errors exit 2. No traceback reaches a user unless ``--debug`` is given.
"""

from __future__ import annotations

import os
import sys

import typer

from rasad.errors import RasadError

app = typer.Typer(
    name="rasad",
    help="Read Arabic news and write down what happened: codebook event records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    from rasad.cli import evaluate, export, extract, gazetteer, run, serve

    extract.register(app)
    run.register(app)
    evaluate.register(app)
    gazetteer.register(app)
    export.register(app)
    serve.register(app)


_register()


def _usage_errors() -> type[Exception]:
    """click's ``ClickException``, found through typer: typer 0.12 uses click,
    newer typer vendors it (``typer._click``) and click may not be installed."""
    return next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


def main() -> None:
    """Entry point: run the app, turning rasad errors into one-line messages."""
    debug = "--debug" in sys.argv or os.environ.get("RASAD_DEBUG") == "1"
    if "--debug" in sys.argv:
        sys.argv.remove("--debug")
    try:
        rv = app(standalone_mode=False)
        if isinstance(rv, int) and rv:
            sys.exit(rv)
    except RasadError as exc:
        if debug:
            raise
        print(f"rasad: {exc.message}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("rasad: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # click usage errors and anything unforeseen
        if isinstance(exc, typer.Exit):
            sys.exit(exc.exit_code)
        if isinstance(exc, _usage_errors()):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, typer.Abort):
            sys.exit(1)
        if debug:
            raise
        print(f"rasad: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)
