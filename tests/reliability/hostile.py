"""Hostile files, written byte by byte: each one a way a workbook has taken a load (or a server) down."""

from __future__ import annotations

import zipfile
from pathlib import Path

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def raw_xlsx(path: Path, sheet_data: str, *, dimension: str = "A1", sheet: str = "Sheet1") -> Path:
    """A minimal .xlsx whose one sheet's <sheetData> is exactly `sheet_data` (inline strings, no styles)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=sheet))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>',
        )
    return path


def text_cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def number_cell(ref: str, value: object) -> str:
    return f'<c r="{ref}"><v>{value}</v></c>'


def one_far_cell(path: Path, ref: str) -> Path:
    """A tiny file with a title in A1 and one value far away (the reader's grid reaches it)."""
    row = "".join(ch for ch in ref if ch.isdigit())
    return raw_xlsx(
        path,
        f'<row r="1">{text_cell("A1", "2021年度项目支出绩效自评结果汇总表")}</row>'
        f'<row r="{row}">{number_cell(ref, 1)}</row>',
        dimension=f"A1:{ref}",
    )


def long_list(path: Path, rows: int, *, lie_in_dimension: bool = False) -> Path:
    """A compact list of `rows` data rows (streamed straight into the zip, never held whole)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name="Sheet1"))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        dimension = "A1:C3" if lie_in_dimension else f"A1:C{rows + 2}"
        with archive.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="{dimension}"/><sheetData>'.encode()
            )
            head = (
                f'<row r="1">{text_cell("A1", "2021年度项目支出绩效自评结果汇总表")}</row>'
                f'<row r="2">{text_cell("A2", "主管部门")}{text_cell("B2", "项目名称")}'
                f"{text_cell('C2', '全年预算数')}</row>"
            )
            out.write(head.encode())
            for start in range(3, rows + 3, 10000):
                out.write(
                    "".join(
                        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>{r}</v></c>'
                        f'<c r="C{r}"><v>{r}</v></c></row>'
                        for r in range(start, min(start + 10000, rows + 3))
                    ).encode()
                )
            out.write(b"</sheetData></worksheet>")
    return path


def encrypted_xlsx(path: Path) -> Path:
    """An OLE container with the streams Excel writes for a password-protected workbook (shape only)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    body += "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100
    body += "EncryptedPackage".encode("utf-16-le") + b"\x00" * 2000
    path.write_bytes(bytes(body))
    return path


def html_table(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "<html><head><meta charset='utf-8'></head><body><table><tr><td>主管部门</td><td>项目名称</td></tr>"
        "<tr><td>沙湾市水利局</td><td>河道治理</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return path


def csv_table(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("主管部门,项目名称,全年预算数\n沙湾市水利局,河道治理,100\n", encoding="utf-8-sig")
    return path


def zip_bomb(path: Path, megabytes: int = 40) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name="Sheet1"))
        with archive.open("xl/worksheets/sheet1.xml", "w") as out:
            block = b" " * (1 << 20)
            for _ in range(megabytes):
                out.write(block)
    return path


def word_document(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return path


def legacy_xls_named_xlsx(path: Path, xls_bytes: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(xls_bytes)
    return path
