"""The installed user gazetteer: imported places kept in the user data directory.

Layout under ``$RASAD_HOME`` (default ``platformdirs.user_data_dir("rasad")``)::

    gazetteer/manifest.json               the installed sources, in import order
    gazetteer/sources/<source>-<sha>.json the parsed records of one imported file
    gazetteer/merged-<key>.pickle         embedded + sources, merged (a cache)

The manifest is the single commit point of an import: new source files are
written under new content-hashed names first, then the manifest is replaced
by an atomic rename, and only then are the files it no longer names
deleted. An import that fails (a malformed file, a full disk) therefore
leaves the installed gazetteer exactly as it was. Re-importing a file
replaces its source instead of adding a second copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any, Sequence

import platformdirs

from rasad.errors import GAZ_STORE, GazetteerError
from rasad.geo.gazetteer import Gazetteer, Place, embedded, fingerprint
from rasad.geo.importers import ParsedFile, gazetteer_files, parse_file
from rasad.geo.merge import merge
from rasad.geo.shapes import Area
from rasad.geo.sources import ImportedPlace, ImportOptions

ENV_HOME = "RASAD_HOME"
STORE_VERSION = 1
_SLUG = re.compile(r"[^A-Za-z0-9_.]+")


def store_dir() -> Path:
    """Where imported gazetteers live; ``RASAD_HOME`` overrides the user data directory."""
    home = os.environ.get(ENV_HOME)
    return Path(home or platformdirs.user_data_dir("rasad")) / "gazetteer"


@dataclass(frozen=True, slots=True)
class Source:
    """One imported file, as the manifest records it."""

    id: str
    format: str
    path: str  # the file imported, absolute
    file: str  # its records in the store, relative to the store directory
    places: int
    read: int
    skipped: int
    imported: str  # ISO 8601, UTC


@dataclass(frozen=True, slots=True)
class FileReport:
    """What importing one file did: records read, new entries, merged ones, skipped ones."""

    path: Path
    format: str
    read: int
    added: int
    merged: int
    skipped: int


@dataclass(frozen=True, slots=True)
class ImportReport:
    files: tuple[FileReport, ...]
    installed: int  # entries in the gazetteer after the import, embedded ones included


def _store_error(root: Path, problem: str) -> GazetteerError:
    return GazetteerError(GAZ_STORE.format(path=root, problem=problem))


def read_manifest(root: Path) -> tuple[Source, ...]:
    """The installed sources (none when nothing was imported)."""
    path = root / "manifest.json"
    if not path.exists():
        return ()
    try:
        data = json.loads(path.read_text("utf-8"))
        return tuple(Source(**s) for s in data["sources"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _store_error(root, f"manifest.json is damaged ({type(exc).__name__}); remove the folder and import again") from exc


def _manifest_key(root: Path) -> str | None:
    try:
        return hashlib.sha256((root / "manifest.json").read_bytes()).hexdigest()[:16]
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _store_error(root, f"cannot read manifest.json ({exc.strerror})") from exc


# --- source files -----------------------------------------------------------------------------------------------


def _encode(ip: ImportedPlace) -> list[Any]:
    p = ip.place
    rings = [[[round(x, 6), round(y, 6)] for x, y in r] for r in ip.area.rings] if ip.area else None
    return [p.id, p.name_en, list(p.names_ar), p.lat, p.lon, p.country, p.admin1, p.population, p.kind,
            int(ip.low), rings]


def _decode(r: list[Any]) -> ImportedPlace:
    pid, name_en, names, lat, lon, cc, admin1, pop, kind, low, rings = r
    area = Area.from_rings(tuple(tuple((x, y) for x, y in ring) for ring in rings)) if rings else None
    return ImportedPlace(Place(pid, name_en, tuple(names), lat, lon, cc, admin1, pop, kind), area, bool(low))


def load_source(root: Path, src: Source) -> tuple[ImportedPlace, ...]:
    try:
        data = json.loads((root / src.file).read_text("utf-8"))
        return tuple(_decode(r) for r in data["places"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise _store_error(root, f"{src.file} is damaged ({type(exc).__name__}); import {src.path} again") from exc


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def source_id(path: Path, fmt: str) -> str:
    """Stable id of an imported file: readable parts and a hash of its absolute path."""
    full = str(path.resolve())
    tag = hashlib.sha256(full.encode()).hexdigest()[:6]
    return _SLUG.sub("-", f"{fmt}-{path.parent.name}-{path.stem}-{tag}").strip("-").lower()


def _source_bytes(sid: str, parsed: ParsedFile) -> bytes:
    body = {"version": STORE_VERSION, "source": sid, "format": parsed.format, "path": str(parsed.path.resolve()),
            "places": [_encode(ip) for ip in parsed.places]}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- import -----------------------------------------------------------------------------------------------------


def import_paths(paths: Sequence[Path], fmt: str | None = None, options: ImportOptions = ImportOptions(),
                 root: Path | None = None) -> ImportReport:
    """Parse every file under ``paths`` and install them, merged with what is there.

    Every file is parsed before anything is written, so one malformed file
    stops the whole import with the store untouched."""
    root = root or store_dir()
    parsed = [parse_file(f, d, options) for f, d in gazetteer_files(paths, fmt)]
    old = read_manifest(root)
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    new = {source_id(p.path, p.format): p for p in parsed}
    kept = [s for s in old if s.id not in new]
    kept_records = [load_source(root, s) for s in kept]
    gaz, counts = merge(embedded(), [*kept_records, *(p.places for p in new.values())])
    try:
        (root / "sources").mkdir(parents=True, exist_ok=True)
        sources = list(kept)
        for sid, p in new.items():
            data = _source_bytes(sid, p)
            rel = f"sources/{sid}-{hashlib.sha256(data).hexdigest()[:10]}.json"
            _write_atomic(root / rel, data)
            sources.append(Source(sid, p.format, str(p.path.resolve()), rel, len(p.places), p.read, p.skipped, now))
        manifest = {"version": STORE_VERSION, "sources": [asdict(s) for s in sources]}
        _write_atomic(root / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    except OSError as exc:
        raise _store_error(root, f"cannot write ({exc.strerror}); the installed gazetteer is unchanged") from exc
    _tidy(root, {s.file for s in sources})
    _save_merged(root, gaz)
    reports = tuple(FileReport(p.path, p.format, p.read, c.added, c.merged, p.skipped)
                    for p, c in zip(new.values(), counts[len(kept):]))
    return ImportReport(reports, len(gaz.places))


def _tidy(root: Path, live: set[str]) -> None:
    """Delete source files and merged caches the manifest no longer names."""
    for f in (root / "sources").glob("*.json"):
        if f"sources/{f.name}" not in live:
            f.unlink(missing_ok=True)
    for f in root.glob("merged-*.pickle"):
        f.unlink(missing_ok=True)


# --- the installed gazetteer ------------------------------------------------------------------------------------


def installed() -> Gazetteer:
    """The embedded gazetteer merged with everything imported.

    Built once per process and per manifest: an import in between makes the
    next call rebuild (from the merged pickle the import left behind)."""
    root = store_dir()
    key = _manifest_key(root)
    if key is None:
        return embedded()
    return _installed(root, key)


@cache
def _installed(root: Path, key: str) -> Gazetteer:
    path = root / f"merged-{key}-{fingerprint()}.pickle"
    try:
        with path.open("rb") as fh:
            gaz: Gazetteer = pickle.load(fh)
            return gaz
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        pass
    sources = read_manifest(root)
    gaz, _ = merge(embedded(), [load_source(root, s) for s in sources])
    _save_merged(root, gaz)
    return gaz


def _save_merged(root: Path, gaz: Gazetteer) -> None:
    """Cache the merged gazetteer next to the manifest it was built from (best effort)."""
    key = _manifest_key(root)
    if key is None:
        return
    try:
        _write_atomic(root / f"merged-{key}-{fingerprint()}.pickle", pickle.dumps(gaz, pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass

