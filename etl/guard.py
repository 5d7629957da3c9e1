"""Refuse hostile or absurd files before any parser touches them."""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_FILE_MB = 50
MAX_UNZIPPED_MB = 500
MAX_ZIP_RATIO = 100  # real workbooks compress 5–20×; a bomb compresses thousands of times


def refusal(path: Path) -> str | None:
    """A reason to refuse the file, or None when it may be parsed."""
    size = path.stat().st_size
    if size > MAX_FILE_MB * 1024 * 1024:
        return f"文件过大（{size / 1024 / 1024:.1f} MB，上限 {MAX_FILE_MB} MB），未解析"
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                unzipped = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as exc:
            return f"文件已损坏：{exc}"
        if (
            unzipped > MAX_UNZIPPED_MB * 1024 * 1024
            or unzipped > MAX_ZIP_RATIO * max(size, 1)
            and unzipped > 10 * 1024 * 1024
        ):
            return f"解压后体积异常（{unzipped / 1024 / 1024:.0f} MB，压缩包 {size / 1024:.0f} KB），疑似压缩炸弹，未解析"
    return None
