"""Backup and restore of everything that cannot be rebuilt from workbooks in one step: the current warehouse
version and the state file (accounts, audit trail, ledgers), with a manifest of checksums.

A backup takes the writer lock, so no load is half-way through the copy; the state file is copied with
SQLite's online backup, so the dashboard may keep writing meanwhile. A restore checks every checksum first,
then publishes the warehouse as a new version (readers switch on their next rerun) and swaps the state file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from pathlib import Path

import duckdb

from warehouse import state, store

FORMAT = "jixiao-backup/1"
WAREHOUSE_MEMBER = "warehouse.duckdb"
STATE_MEMBER = "state.sqlite3"


class BackupError(RuntimeError):
    """The backup cannot be written or the archive cannot be restored; the message is for the user."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def default_archive(db: Path) -> Path:
    return db.parent / "backups" / f"jixiao-{time.strftime('%Y%m%d-%H%M%S')}.tar.gz"


def backup(db: Path, archive: Path) -> dict:
    """Write `archive` (a .tar.gz); return its manifest."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=archive.parent) as scratch, store.writer_lock(db):
        work = Path(scratch)
        members: dict[str, Path] = {}
        current = store.current_version(db)
        if current is not None:
            members[WAREHOUSE_MEMBER] = current
        state.backup_to(db, work / STATE_MEMBER)
        members[STATE_MEMBER] = work / STATE_MEMBER
        manifest = {
            "format": FORMAT,
            "created_at": state.now(),
            "warehouse_version": current.name if current else None,
            "files": {
                name: {"sha256": _sha256(path), "bytes": path.stat().st_size}
                for name, path in members.items()
            },
        }
        partial = work / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name, path in members.items():
                tar.add(path, arcname=name)
        os.replace(partial, archive)  # a backup file is whole or absent
    return manifest


def _read(archive: Path, work: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            names = set(tar.getnames())
            if "manifest.json" not in names:
                raise BackupError(f"{archive.name} 不是绩效看板的备份文件（缺少 manifest.json）")
            manifest = json.loads(tar.extractfile("manifest.json").read())
            if manifest.get("format") != FORMAT:
                raise BackupError(f"{archive.name} 的备份格式“{manifest.get('format')}”无法识别")
            for name in manifest["files"]:
                if name not in (WAREHOUSE_MEMBER, STATE_MEMBER) or name not in names:
                    raise BackupError(f"{archive.name} 缺少或含有未知的成员：{name}")
                tar.extract(name, work, filter="data")
    except (tarfile.TarError, OSError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive.name} 无法读取：{exc}") from exc
    for name, expected in manifest["files"].items():
        if _sha256(work / name) != expected["sha256"]:
            raise BackupError(f"{archive.name} 中的 {name} 校验和不符，备份已损坏，未恢复任何内容")
    return manifest


def restore(db: Path, archive: Path) -> dict:
    """Put the archive's warehouse and state back; nothing changes unless every file checks out."""
    db.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=db.parent) as scratch:
        work = Path(scratch)
        manifest = _read(archive, work)
        if WAREHOUSE_MEMBER in manifest["files"]:
            try:
                duckdb.connect(str(work / WAREHOUSE_MEMBER), read_only=True).close()
            except duckdb.Error as exc:
                raise BackupError(f"备份中的数据仓库无法打开：{exc}") from exc
        with store.writer_lock(db):
            if WAREHOUSE_MEMBER in manifest["files"]:
                version = store.new_version(db)  # (a copy of the current one, replaced at once)
                os.replace(work / WAREHOUSE_MEMBER, version)
                store.publish(db, version)
            target = state.state_path(db)
            for leftover in (target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
                leftover.unlink(missing_ok=True)
            os.replace(work / STATE_MEMBER, target)
    return manifest
