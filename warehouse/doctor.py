"""`jixiao doctor`: what state the version store is in, and the repairs a person would otherwise do by hand
(orphans of killed loads, a link to a missing version, a log naming deleted files, too little disk space)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse import store

MB = 1024 * 1024


@dataclass
class Findings:
    lines: list[str] = field(default_factory=list)
    problems: int = 0
    repaired: bool = False

    @property
    def healthy(self) -> bool:
        return self.problems == 0

    def ok(self, text: str) -> None:
        self.lines.append(f"正常：{text}")

    def problem(self, text: str) -> None:
        self.problems += 1
        self.lines.append(f"问题：{text}")

    def fixed(self, text: str) -> None:
        self.repaired = True
        self.lines.append(f"已修复：{text}")


def _opens(path: Path) -> tuple[bool, str]:
    """Whether a version opens read-only and has the warehouse's tables; a summary when it does."""
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        return False, f"无法打开（{type(exc).__name__}）"
    try:
        files = con.execute("SELECT count(*) FROM raw.load_log").fetchone()[0]
        projects = con.execute("SELECT count(*) FROM mart.project_self_eval").fetchone()[0]
        return True, f"{files} 个已登记文件，{projects} 个项目自评记录"
    except duckdb.Error as exc:
        return False, f"不是完整的数据仓库（{type(exc).__name__}）"
    finally:
        con.close()


def examine(db: Path, *, repair: bool = True, wait: bool = True) -> Findings:
    findings = Findings()
    findings.lines.append(f"数据仓库：{db}")
    try:
        with store.writer_lock(db, wait=wait, command="doctor"):
            _examine_locked(db, findings, repair)
    except store.LockBusy as exc:
        findings.problem(str(exc))
    return findings


def _examine_locked(db: Path, findings: Findings, repair: bool) -> None:
    folder = store.versions_dir(db)
    if not db.exists() and not db.is_symlink() and not folder.exists():
        findings.ok("数据仓库尚未建立（运行 jixiao load 加载工作簿）")
        return
    _check_link(db, findings, repair)
    _check_orphans(db, findings, repair)
    _check_log(db, findings, repair)
    _check_space(db, findings)


def _check_link(db: Path, findings: Findings, repair: bool) -> None:
    current = store.current_version(db)
    if current is not None:
        good, summary = _opens(current)
        if good:
            findings.ok(f"当前版本 {current.name}：{summary}")
            return
        findings.problem(f"当前版本 {current.name} {summary}")
    elif db.is_symlink():
        findings.problem(f"{db.name} 指向的版本文件不存在")
    if not repair:
        return
    for name in reversed(store.published(db)):
        candidate = store.versions_dir(db) / name
        if candidate.exists() and (current is None or candidate != current) and _opens(candidate)[0]:
            link_tmp = db.with_name(f".{db.name}.doctor{store.TMP_SUFFIX}")
            link_tmp.unlink(missing_ok=True)
            link_tmp.symlink_to(candidate.relative_to(db.parent))
            link_tmp.replace(db)
            findings.fixed(f"{db.name} 改为指向最近一个完好的已发布版本 {name}")
            return
    findings.lines.append("没有可用的已发布版本：请重新运行 jixiao load 加载工作簿")


def _check_orphans(db: Path, findings: Findings, repair: bool) -> None:
    found = store.orphans(db)
    if not found:
        findings.ok("没有中断的加载留下的孤立文件")
        return
    size = sum(p.stat().st_size for p in found if p.is_file())
    names = "、".join(p.name for p in found[:5]) + ("等" if len(found) > 5 else "")
    findings.problem(f"{len(found)} 个孤立文件（中断的加载留下的，共 {size / MB:,.1f} MB）：{names}")
    if repair:
        removed = store.clean_orphans(db)
        findings.fixed(f"删除了 {len(removed)} 个孤立文件，释放 {size / MB:,.1f} MB")


def _check_log(db: Path, findings: Findings, repair: bool) -> None:
    names = store.published(db)
    missing = [n for n in names if not (store.versions_dir(db) / n).exists()]
    if missing:
        findings.problem(f"版本记录中 {len(missing)} 个版本的文件已不存在：{'、'.join(missing[:5])}")
    extra = len(names) - len(missing) - store.KEEP_VERSIONS
    if extra > 0:
        findings.problem(f"保留的已发布版本多于 {store.KEEP_VERSIONS} 个（多 {extra} 个）")
    if (missing or extra > 0) and repair:
        dropped = store.prune(db)
        findings.fixed(
            f"整理版本记录，保留最新的 {store.KEEP_VERSIONS} 个已发布版本"
            + (f"，删除 {len(dropped)} 个" if dropped else "")
        )
    elif not missing and extra <= 0:
        findings.ok(f"已发布版本 {len(names)} 个（最多保留 {store.KEEP_VERSIONS} 个）")


def _check_space(db: Path, findings: Findings) -> None:
    current = store.current_version(db)
    size = current.stat().st_size if current is not None and current.exists() else 0
    needed = size * 2 + store.space_margin()
    free = shutil.disk_usage(db.parent).free
    text = f"磁盘可用 {free / MB:,.0f} MB，下一次加载约需 {needed / MB:,.0f} MB"
    if free < needed:
        findings.problem(text + "：空间不足，请清理磁盘")
    else:
        findings.ok(text)
