"""The ``rasad`` command line (typer)."""
