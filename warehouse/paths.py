"""Where the project's files live. Everything is resolved from the repository root."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
RAW_DIR = ROOT / "data" / "raw"
CONFIG_DIR = ROOT / "etl" / "config"


def default_db() -> Path:
    """The warehouse the CLI and dashboard use unless told otherwise (`JIXIAO_DB` or `--db`)."""
    return Path(os.environ.get("JIXIAO_DB", ROOT / "warehouse" / "jixiao.duckdb"))
