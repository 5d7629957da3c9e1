"""Refuse hostile or absurd files before any parser touches them (limits in etl/config/limits.toml).

A refusal says what the file really is — an encrypted workbook, a web page or a CSV saved under an Excel
name, an empty file, a zip bomb — in words a department can act on.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from etl import config

MB = 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and of every encrypted workbook
# An encrypted .xlsx is an OLE container holding these two streams (names in UTF-16).
_ENCRYPTED_STREAMS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
_RESAVE = "请在 Excel 中打开并另存为 .xlsx 后重新提交"


def refusal(path: Path) -> str | None:
    """A reason to refuse the file, or None when it may be parsed."""
    reason, archive = inspect(path)
    if archive is not None:
        archive.close()
    return reason


def inspect(path: Path) -> tuple[str | None, zipfile.ZipFile | None]:
    """`refusal`, and the file opened as a zip when it may be parsed and is one: the reader scans the same
    archive instead of opening it again (the caller closes it)."""
    limits = config.load("limits")
    size = path.stat().st_size
    if size == 0:
        return "文件为空（0 字节），不是工作簿", None
    if size > limits["max_file_mb"] * MB:
        return f"文件过大（{size / MB:.1f} MB，上限 {limits['max_file_mb']} MB），未解析", None
    with open(path, "rb") as handle:
        head = handle.read(8192)
    if head.startswith(OLE_MAGIC):
        return _ole_refusal(path), None
    if not zipfile.is_zipfile(path):
        return _not_a_workbook(path, head), None
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return "文件已损坏（压缩包结构不完整），无法打开：" + _RESAVE, None
    try:
        reason = _archive_refusal(archive, size, limits)
    except BaseException:
        archive.close()
        raise
    if reason is not None:
        archive.close()
        return reason, None
    return None, archive


def _archive_refusal(archive: zipfile.ZipFile, size: int, limits: dict) -> str | None:
    infos = archive.infolist()
    names = {info.filename for info in infos}
    unzipped = sum(info.file_size for info in infos)
    too_big = unzipped > limits["max_unzipped_mb"] * MB
    too_compressed = unzipped > limits["min_bomb_check_mb"] * MB and unzipped > limits["max_zip_ratio"] * max(
        size, 1
    )
    if too_big or too_compressed:
        return f"解压后体积异常（{unzipped / MB:.0f} MB，压缩包 {size / 1024:.0f} KB），疑似压缩炸弹，未解析"
    if "xl/workbook.xml" not in names and "content.xml" not in names and "xl/workbook.bin" not in names:
        if "word/document.xml" in names:
            return "文件实为 Word 文档，不是 Excel 工作簿"
        if "ppt/presentation.xml" in names:
            return "文件实为 PowerPoint 演示文稿，不是 Excel 工作簿"
        return "文件是一个压缩包，但其中没有 Excel 工作簿"
    return None


def _ole_refusal(path: Path) -> str | None:
    # Directory entries may sit anywhere in the container: search the whole (size-limited) file.
    content = path.read_bytes()
    if any(stream in content for stream in _ENCRYPTED_STREAMS):
        return "工作簿设有打开密码（已加密），无法读取：请在 Excel 中取消密码后重新提交"
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return (
            f"文件内容是旧版 Excel 97-2003（.xls）格式，扩展名却是 {path.suffix}："
            "请把扩展名改为 .xls，或在 Excel 中另存为 .xlsx 后重新提交"
        )
    return None


def _not_a_workbook(path: Path, head: bytes) -> str | None:
    """What a file that is neither a zip nor an OLE container really is."""
    if head.startswith(b"PK"):
        return "文件已损坏（压缩包结构不完整，可能未完整上传或复制），无法打开：" + _RESAVE
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n").lower()
    suffix = path.suffix or "（无扩展名）"
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<meta", b"<head")) or (
        text.startswith(b"<") and b"<table" in text
    ):
        return f"文件实为 HTML 网页表格（常见于业务系统的“导出 Excel”），扩展名却是 {suffix}：" + _RESAVE
    if text.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return f"文件实为 Excel 2003 XML 表格，扩展名却是 {suffix}：" + _RESAVE
    if text.startswith(b"<?xml") or text.startswith(b"<"):
        return f"文件实为 XML/文本文件，扩展名却是 {suffix}，不是 Excel 工作簿"
    if b"\x00" not in head and _is_text(head):
        kind = "CSV 表格" if (b"," in head or b"\t" in head) else "纯文本"
        return f"文件实为{kind}文件，扩展名却是 {suffix}：" + _RESAVE
    if path.suffix.lower() == ".ods":
        return None
    return "文件已损坏或不是有效的 Excel 工作簿，无法打开：" + _RESAVE


def _is_text(head: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError:
            # a multi-byte character cut at the end of the sample is still text
            try:
                head[:-4].decode(encoding)
                return True
            except UnicodeDecodeError:
                continue
    return False
