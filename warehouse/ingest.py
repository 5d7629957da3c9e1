"""Workbooks that arrive through the dashboard: kept under the data home, then loaded by the same pipeline
as the command line. Pages call this module; they never run a load themselves."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from warehouse import paths, pipeline


def uploads_dir() -> Path:
    return paths.home() / "uploads"


def keep_uploads(files: Iterable[tuple[str, bytes]]) -> Path:
    """Write uploaded files into a new folder under the data home and return it.

    Only the base name of a browser-supplied name is used, so it cannot choose the directory."""
    folder = uploads_dir() / time.strftime("%Y%m%d-%H%M%S")
    suffix = 1
    while folder.exists():
        suffix += 1
        folder = folder.with_name(f"{time.strftime('%Y%m%d-%H%M%S')}-{suffix}")
    folder.mkdir(parents=True)
    for name, content in files:
        (folder / Path(name).name).write_bytes(content)
    return folder


def load_uploads(
    files: Iterable[tuple[str, bytes]], db: Path, region: str | None = None
) -> pipeline.LoadReport:
    """Keep the uploaded files, then load them into `db`."""
    return pipeline.load([keep_uploads(files)], db, region=region)
