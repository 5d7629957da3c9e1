"""Versioned warehouse files behind a stable path.

`warehouse/jixiao.duckdb` is a symlink to the current version in `warehouse/jixiao.versions/`.
A load copies the current version, writes into the copy and then swaps the symlink atomically, so a
running dashboard never sees a half-written file: it keeps reading its open version until it notices
that the link points elsewhere, then opens the new one. Analysts open the stable path as usual.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

KEEP_VERSIONS = 3


def versions_dir(db: Path) -> Path:
    return db.with_name(db.stem + ".versions")


def current_version(db: Path) -> Path | None:
    """The real file behind `db`, or None when no warehouse exists yet."""
    if not db.exists():
        return None
    return db.resolve()


def version_id(db: Path) -> str:
    """A short token that changes whenever a new version is published (used as a cache key)."""
    current = current_version(db)
    if current is None:
        return "missing"
    stat = current.stat()
    return f"{current.name}:{stat.st_mtime_ns}"


@contextmanager
def writer_lock(db: Path) -> Iterator[None]:
    """Only one load at a time per warehouse; a second one waits."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with open(db.with_name(db.name + ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_version(db: Path) -> Path:
    """A fresh file to build the next version in, seeded with a copy of the current one."""
    folder = versions_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db.stem}-{stamp}-{time.time_ns() % 1_000_000_000:09d}.duckdb"
    current = current_version(db)
    if current is not None:
        shutil.copyfile(current, target)
    return target


def publish(db: Path, version: Path) -> None:
    """Point `db` at `version` atomically, then drop old versions nobody should need any more."""
    link_tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(os.path.relpath(version, db.parent), link_tmp)
    if db.exists() and not db.is_symlink():
        # A plain file from elsewhere: keep it beside the versions instead of overwriting it.
        db.replace(versions_dir(db) / f"{db.stem}-original.duckdb")
    os.replace(link_tmp, db)
    _prune(db, keep=version)


def discard(version: Path) -> None:
    for path in (version, version.with_name(version.name + ".wal")):
        if path.exists():
            path.unlink()


def _prune(db: Path, keep: Path) -> None:
    # Readers that still hold an old version open keep their file handle (POSIX unlink semantics).
    versions = sorted(versions_dir(db).glob(f"{db.stem}-*.duckdb"), key=lambda p: p.stat().st_mtime)
    for old in versions[:-KEEP_VERSIONS]:
        if old.resolve() != keep.resolve():
            discard(old)
