"""Refuse hostile or absurd files before any parser touches them (limits in etl/config/limits.toml)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from etl import config

MB = 1024 * 1024


def refusal(path: Path) -> str | None:
    """A reason to refuse the file, or None when it may be parsed."""
    limits = config.load("limits")
    size = path.stat().st_size
    if size > limits["max_file_mb"] * MB:
        return f"文件过大（{size / MB:.1f} MB，上限 {limits['max_file_mb']} MB），未解析"
    if not zipfile.is_zipfile(path):
        return None  # legacy .xls (OLE2) is not a zip; calamine reads it in bounded memory
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        return f"文件已损坏：{exc}"
    too_big = unzipped > limits["max_unzipped_mb"] * MB
    too_compressed = unzipped > limits["min_bomb_check_mb"] * MB and unzipped > limits["max_zip_ratio"] * max(
        size, 1
    )
    if too_big or too_compressed:
        return f"解压后体积异常（{unzipped / MB:.0f} MB，压缩包 {size / 1024:.0f} KB），疑似压缩炸弹，未解析"
    return None
