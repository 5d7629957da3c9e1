"""A legacy .xls as Excel saves it: the workbook stream (written by xlwt) beside a \\x05SummaryInformation
property set holding the created and last-saved times, in one OLE compound file.

xlwt writes the workbook stream alone. This writer lays out a version-3 compound file ([MS-CFB]) whose
streams are all padded to the 4,096-byte mini-stream cutoff, so every stream lives in regular sectors and
no mini stream is needed."""

from __future__ import annotations

import struct
from datetime import UTC, datetime, timedelta

import xlwt

SECTOR = 512
CUTOFF = 4096
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
SUMMARY_FMTID = bytes.fromhex("e0859ff2f94f6810ab9108002b27b3d9")  # F29F85E0-4FF9-1068-AB91-08002B27B3D9
VT_FILETIME = 0x40
PID_CREATE_DTM, PID_LASTSAVE_DTM = 12, 13


def filetime(moment: datetime) -> int:
    """100-ns intervals since 1601-01-01 UTC; a naive moment is UTC, as Excel stores it."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - datetime(1601, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1) * 10


def summary_information(created: datetime | None, saved: datetime | None) -> bytes:
    times = [(pid, t) for pid, t in ((PID_CREATE_DTM, created), (PID_LASTSAVE_DTM, saved)) if t is not None]
    values = b"".join(struct.pack("<HHQ", VT_FILETIME, 0, filetime(t)) for _, t in times)
    head = 8 + 8 * len(times)
    index = b"".join(struct.pack("<II", pid, head + 12 * i) for i, (pid, _) in enumerate(times))
    section = struct.pack("<II", head + len(values), len(times)) + index + values
    header = struct.pack("<HHI", 0xFFFE, 0, 0x00020005) + bytes(16) + struct.pack("<I", 1)
    return header + SUMMARY_FMTID + struct.pack("<I", 28 + 20) + section


def _entry(
    name: str, kind: int, *, right: int = NO_STREAM, child: int = NO_STREAM, start: int, size: int
) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        encoded,
        len(encoded),
        kind,
        1,  # black
        NO_STREAM,
        right,
        child,
        bytes(16),
        0,
        0,
        0,
        start,
        size,
    )


def _sort_key(name: str) -> tuple[int, str]:
    """Siblings are ordered by name length first, then by upper-cased name ([MS-CFB] 2.6.4)."""
    return len(name), name.upper()


def compound_file(streams: dict[str, bytes]) -> bytes:
    names = sorted(streams, key=_sort_key)
    padded = {n: streams[n] + bytes(max(CUTOFF - len(streams[n]), 0)) for n in names}
    padded = {n: d + bytes(-len(d) % SECTOR) for n, d in padded.items()}
    fat: list[int] = []
    starts = {}
    for name in names:
        count = len(padded[name]) // SECTOR
        starts[name] = len(fat)
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [END_OF_CHAIN]
    # the root, then each stream as the right sibling of the one before (a valid, if unbalanced, tree)
    entries = [_entry("Root Entry", 5, child=1, start=END_OF_CHAIN, size=0)]
    for i, name in enumerate(names):
        following = i + 2 if i + 1 < len(names) else NO_STREAM
        # the padded size: a stream below the cutoff would be looked for in the (absent) mini stream
        entries.append(_entry(name, 2, right=following, start=starts[name], size=len(padded[name])))
    while len(entries) % (SECTOR // 128):
        entries.append(_entry("", 0, start=0, size=0))
    directory = b"".join(entries)
    directory_start = len(fat)
    fat += [directory_start + i + 1 for i in range(len(directory) // SECTOR - 1)] + [END_OF_CHAIN]
    fat_sectors = 1
    while len(fat) + fat_sectors > fat_sectors * (SECTOR // 4):
        fat_sectors += 1
    fat_start = len(fat)
    fat += [FAT_SECTOR] * fat_sectors
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))
    difat = [fat_start + i for i in range(fat_sectors)] + [FREE] * (109 - fat_sectors)
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack(
            "<IIIIIIIII", 0, fat_sectors, directory_start, 0, CUTOFF, END_OF_CHAIN, 0, END_OF_CHAIN, 0
        )
        + struct.pack("<109I", *difat)
    )
    body = b"".join(padded[n] for n in names) + directory + struct.pack(f"<{len(fat)}I", *fat)
    return header + body


def xls_book(rows: list[list[object]], sheet_name: str = "Sheet1") -> xlwt.Workbook:
    """`rows` on one sheet of an xlwt workbook (None leaves a cell empty); `save` writes it without summary
    information, as xlwt does."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(sheet_name)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    return book


def legacy_xls(rows: list[list[object]], *, created: datetime | None, saved: datetime | None) -> bytes:
    """An .xls holding `rows` on one sheet whose summary information states `created` and `saved` (UTC)."""
    book = xls_book(rows)
    return compound_file(
        {"Workbook": book.get_biff_data(), "\x05SummaryInformation": summary_information(created, saved)}
    )
