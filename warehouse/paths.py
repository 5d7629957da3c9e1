"""Where Jixiao's files live — the one place that knows.

Read-only resources (the SQL and the bundled sample) ship inside the wheel as package data
(`warehouse/sql`, `warehouse/sample`); in a checkout they are the repository's own `sql/` and `data/raw/`.
Files Jixiao writes (warehouse versions, ledgers, logs, uploads) live under the data home:
`JIXIAO_HOME`, else `./warehouse` of a checkout, else `~/.local/share/jixiao`.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent if (PACKAGE.parent / "pyproject.toml").is_file() else None


def _resource(packaged: str, in_checkout: str) -> Path:
    inside = PACKAGE / packaged
    if inside.is_dir() or CHECKOUT is None:
        return inside
    return CHECKOUT / in_checkout


SQL_DIR = _resource("sql", "sql")
SAMPLE_DIR = _resource("sample", "data/raw")  # the bundled synthetic workbooks
APP = PACKAGE.parent / "dashboard" / "app.py"


def home() -> Path:
    """The data directory for everything Jixiao writes."""
    if env := os.environ.get("JIXIAO_HOME"):
        return Path(env)
    if CHECKOUT is not None:
        return CHECKOUT / "warehouse"
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "jixiao"


def default_db() -> Path:
    """The warehouse the CLI and dashboard use unless told otherwise (`JIXIAO_DB` or `--db`)."""
    if env := os.environ.get("JIXIAO_DB"):
        return Path(env)
    return home() / "jixiao.duckdb"


@lru_cache(maxsize=64)
def _resolved(folder: Path) -> Path:
    """A base folder resolved once (a load shows thousands of paths relative to the same two folders)."""
    return folder.resolve()


def display_path(path: Path) -> str:
    """A path as users should read it: the sample as data/raw/…, else relative to the checkout when inside it."""
    resolved = path.resolve()
    try:
        return (Path("data/raw") / resolved.relative_to(_resolved(SAMPLE_DIR))).as_posix()
    except ValueError:
        pass
    try:  # uploaded in 数据管理: the file's own name, never a server path
        return (Path("uploads") / resolved.relative_to(_resolved(home() / "uploads"))).as_posix()
    except ValueError:
        pass
    if CHECKOUT is not None:
        try:
            return str(resolved.relative_to(CHECKOUT))
        except ValueError:
            pass
    return str(resolved)
