"""Versioned warehouse files behind a stable path — a store that heals itself.

`warehouse/jixiao.duckdb` is a symlink to the current version in `warehouse/jixiao.versions/`.
A load builds the next version under a temporary name (a copy of the current one, after checking there is
room for it), renames it to its final name when complete and swaps the symlink atomically, so a running
dashboard never sees a half-written file: it keeps reading its open version until it notices that the link
points elsewhere, then opens the new one. Analysts open the stable path as usual.

Every published version is recorded in `published.log`. Whatever a killed load or a full disk leaves behind
(temporary files, a renamed version whose link swap never happened) is an orphan: removed at the start of
the next load, under the lock, and by `jixiao doctor`. Pruning only ever deletes published versions, keeping
the newest ones.
"""

from __future__ import annotations

import errno
import fcntl
import getpass
import json
import os
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from etl import config

KEEP_VERSIONS = 3
TMP_SUFFIX = ".tmp"
LOG_NAME = "published.log"
MB = 1024 * 1024


def space_margin() -> int:
    """Bytes to keep free beyond two copies of the current version (etl/config/limits.toml)."""
    return int(config.load("limits")["space_margin_mb"] * MB)


class StoreError(RuntimeError):
    """A load cannot go on (no room on the disk, the store locked by another load); the message is for users."""


class LockBusy(StoreError):
    """Another load holds the warehouse and the caller asked not to wait."""


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


# --- the lock: one load at a time, and everyone can see who holds it --------------------------------------


@dataclass
class Holder:
    pid: int | None
    user: str
    host: str
    since: str
    command: str

    def describe(self) -> str:
        who = f"{self.user}@{self.host}" + (f"（进程 {self.pid}）" if self.pid else "")
        return f"{who}，开始于 {self.since}" + (f"，{self.command}" if self.command else "")


def lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".lock")


def lock_holder(db: Path) -> Holder | None:
    """Who holds (or last held) the load lock, as that load wrote it."""
    try:
        info = json.loads(lock_path(db).read_text(encoding="utf-8") or "null")
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict):
        return None
    return Holder(
        info.get("pid"),
        info.get("user", "?"),
        info.get("host", "?"),
        info.get("since", "?"),
        info.get("command", ""),
    )


@contextmanager
def writer_lock(
    db: Path, *, wait: bool = True, on_wait: Callable[[Holder | None], None] | None = None, command: str = ""
) -> Iterator[None]:
    """Only one load at a time per warehouse. A second one says who holds the lock and since when, then
    waits (or, with wait=False, raises LockBusy)."""
    db.parent.mkdir(parents=True, exist_ok=True)
    # "a+" so that a waiting load never truncates what the holder wrote
    with open(lock_path(db), "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = lock_holder(db)
            if not wait:
                raise LockBusy(
                    "数据仓库正被另一个加载使用"
                    + (f"：{holder.describe()}" if holder else "")
                    + "；请稍后再试（或不加 --no-wait 以排队等待）"
                ) from None
            if on_wait:
                on_wait(holder)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(
            json.dumps(
                {
                    "pid": os.getpid(),
                    "user": _user(),
                    "host": socket.gethostname(),
                    "since": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
                    "command": command,
                },
                ensure_ascii=False,
            )
        )
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def os_user() -> str:
    """Who runs this process (named in the lock and the audit trail)."""
    return _user()


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


# --- versions ------------------------------------------------------------------------------------------


def published(db: Path) -> list[str]:
    """Names of the published versions, oldest first. A store from before the log adopts its version files."""
    log = versions_dir(db) / LOG_NAME
    if log.exists():
        names = [line.strip() for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    else:
        files = sorted(_version_files(db), key=lambda p: p.stat().st_mtime)
        names = [p.name for p in files]
    return list(dict.fromkeys(names))


def _write_log(db: Path, names: list[str]) -> None:
    log = versions_dir(db) / LOG_NAME
    tmp = log.with_name(log.name + TMP_SUFFIX)
    tmp.write_text("".join(f"{n}\n" for n in names), encoding="utf-8")
    os.replace(tmp, log)


def _version_files(db: Path) -> list[Path]:
    folder = versions_dir(db)
    if not folder.is_dir():
        return []
    return [p for p in folder.glob(f"{db.stem}-*.duckdb") if p.is_file()]


def orphans(db: Path) -> list[Path]:
    """Files no published version owns: temporary builds, their WALs, versions whose publish never finished."""
    folder = versions_dir(db)
    if not folder.is_dir():
        return []
    keep = set(published(db))
    current = current_version(db)
    if current is not None:
        keep.add(current.name)
    found = []
    for path in folder.iterdir():
        if path.name == LOG_NAME or path.name.removesuffix(".wal") in keep:
            continue
        found.append(path)
    return sorted(found)


def clean_orphans(db: Path) -> list[Path]:
    """Remove orphans (call under the writer lock: then no other load is building one)."""
    removed = []
    for path in orphans(db):
        try:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except FileNotFoundError:
            continue
    for stray in db.parent.glob(f".{db.name}.*{TMP_SUFFIX}"):  # a link swap that never finished
        stray.unlink(missing_ok=True)
        removed.append(stray)
    return removed


def check_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise StoreError(
            f"磁盘空间不足：加载需要约 {needed / MB:,.0f} MB（当前版本大小的两倍加余量），"
            f"{folder} 所在磁盘只剩 {free / MB:,.0f} MB；请清理磁盘后重试（可先运行 jixiao doctor）"
        )


def new_version(db: Path) -> Path:
    """A fresh temporary file to build the next version in, seeded with a copy of the current one."""
    folder = versions_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{db.stem}-{stamp}-{time.time_ns() % 1_000_000_000:09d}.duckdb{TMP_SUFFIX}"
    current = current_version(db)
    size = current.stat().st_size if current is not None else 0
    check_space(folder, size * 2 + space_margin())
    if current is not None:
        try:
            shutil.copyfile(current, target)
        except OSError as exc:
            discard(target)
            if exc.errno == errno.ENOSPC:
                raise StoreError(
                    f"磁盘空间不足：复制当前数据仓库版本（{size / MB:,.0f} MB）时磁盘已满；"
                    "已清除未完成的副本，当前数据未受影响。请清理磁盘后重试"
                ) from exc
            raise
    return target


def publish(db: Path, version: Path) -> Path:
    """Give the built version its final name, point `db` at it atomically, record it, prune old ones."""
    final = version.with_name(version.name.removesuffix(TMP_SUFFIX))
    _fsync(version)
    os.replace(version, final)
    link_tmp = db.with_name(f".{db.name}.{os.getpid()}{TMP_SUFFIX}")
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(os.path.relpath(final, db.parent), link_tmp)
    names = published(db)
    if db.exists() and not db.is_symlink():
        # A plain file from elsewhere: keep it beside the versions instead of overwriting it.
        kept = versions_dir(db) / f"{db.stem}-original.duckdb"
        db.replace(kept)
        names.append(kept.name)
    os.replace(link_tmp, db)
    _fsync(db.parent)
    names.append(final.name)
    _write_log(db, names)
    prune(db)
    return final


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def discard(version: Path) -> None:
    for path in (version, version.with_name(version.name + ".wal")):
        path.unlink(missing_ok=True)


def prune(db: Path, keep: int = KEEP_VERSIONS) -> list[str]:
    """Delete published versions beyond the `keep` newest (never the current one, never an unpublished
    file). Readers that still hold an old version open keep their file handle (POSIX unlink semantics)."""
    names = [n for n in published(db) if (versions_dir(db) / n).exists()]
    current = current_version(db)
    survivors = names[-keep:]
    if current is not None and current.name in names and current.name not in survivors:
        survivors = [current.name, *survivors[1:]]
    dropped = [n for n in names if n not in survivors]
    for name in dropped:
        discard(versions_dir(db) / name)
    _write_log(db, [n for n in names if n in survivors])
    return dropped
