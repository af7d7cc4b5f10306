"""``rasad gazetteer``: import GeoNames/OCHA files, look names up, list what is installed.

Imports go to the user data directory (``RASAD_HOME`` overrides it) and are
used by every later ``rasad extract``; the logic lives in ``geo/store.py``.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(name="gazetteer", help="Import gazetteers (GeoNames, OCHA), look names up, list what is installed.",
                  no_args_is_help=True)


class Format(str, Enum):
    geonames = "geonames"
    ocha = "ocha"


@app.command("import")
def import_cmd(
    paths: Annotated[list[Path], typer.Argument(help="gazetteer files, or folders to search for them")],
    fmt: Annotated[Format | None, typer.Option("--format", help="file format; default: told from each file")] = None,
    country: Annotated[str | None, typer.Option(help="ISO2 code for files whose records do not name a country")] = None,
    spots: Annotated[bool, typer.Option(help="also import GeoNames spots, hills and waters (ranked low)")] = False,
) -> None:
    """Install places from GeoNames dumps or OCHA files, merged with what is installed."""
    from rasad.geo.sources import ImportOptions
    from rasad.geo.store import import_paths

    report = import_paths(paths, fmt.value if fmt else None, ImportOptions(country and country.upper(), spots))
    for f in report.files:
        print(f"{f.path}\t{f.format}\tread {f.read}\tadded {f.added}\tmerged {f.merged}\tskipped {f.skipped}")
    tot = [sum(getattr(f, k) for f in report.files) for k in ("read", "added", "merged", "skipped")]
    print(f"{len(report.files)} file(s): read {tot[0]}, added {tot[1]}, merged {tot[2]}, skipped {tot[3]}; "
          f"{report.installed} places installed")


@app.command("lookup")
def lookup_cmd(
    name: Annotated[str, typer.Argument(help="place name, Arabic or English")],
    country: Annotated[str | None, typer.Option(help="ISO2 code of the country to prefer")] = None,
    limit: Annotated[int, typer.Option(help="most candidates to show")] = 10,
) -> None:
    """Candidates for a name, best first, as the resolver would rank them."""
    from rasad.geo.store import installed

    found = installed().lookup(name, country.upper() if country else None)
    if not found:
        print(f"rasad: no place called {name}", file=sys.stderr)
        raise typer.Exit(1)
    print("name_en\tcountry\tadmin1\tlat\tlon\tkind\tpopulation\tids")
    for p in found[:limit]:
        print(f"{p.name_en}\t{p.country}\t{p.admin1 or '-'}\t{p.lat:.5f}\t{p.lon:.5f}\t{p.kind}\t{p.population}\t"
              f"{' '.join(p.ids)}")


@app.command("list")
def list_cmd() -> None:
    """The imported sources (id, format, places, date, file) and the installed total."""
    from rasad.geo.gazetteer import embedded
    from rasad.geo.store import installed, read_manifest, store_dir

    sources = read_manifest(store_dir())
    print(f"store: {store_dir()}")
    for s in sources:
        print(f"{s.id}\t{s.format}\t{s.places} places\t{s.imported}\t{s.path}")
    print(f"{len(sources)} source(s); {len(installed().places)} places installed, {len(embedded().places)} embedded")


def register(root: typer.Typer) -> None:
    root.add_typer(app)
