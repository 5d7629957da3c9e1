"""When a workbook says it was last saved: the document properties of an .xlsx (docProps/core.xml).

A department saves its workbook before sending it, so the saved time dates a submission whose form leaves
填报日期 blank far better than the time the bureau happened to load it (a past year loaded today would
otherwise be late by years). Excel and WPS write the time in UTC; the bureau works in Beijing time.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8))
CORE_PART = "docProps/core.xml"
MAX_CORE_BYTES = 1 << 16  # the part holds a dozen short fields; anything larger is not read
# <dcterms:modified xsi:type="dcterms:W3CDTF">2022-04-15T09:00:00Z</dcterms:modified>, any prefix
_MODIFIED = re.compile(rb"<(?:\w+:)?modified\b[^>]*>\s*([^<]+?)\s*<")
_CREATED = re.compile(rb"<(?:\w+:)?created\b[^>]*>\s*([^<]+?)\s*<")
EARLIEST = datetime(2000, 1, 1)  # before any 预算绩效 form existed: a placeholder such as 1900-01-01


def saved_at(archive: zipfile.ZipFile) -> datetime | None:
    """The last saved time (else the created time) in Beijing time, None when the file states neither or
    states something that is not a plausible time."""
    try:
        info = archive.getinfo(CORE_PART)
    except KeyError:
        return None
    if info.file_size > MAX_CORE_BYTES:
        return None
    try:
        core = archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    for pattern in (_MODIFIED, _CREATED):
        if (match := pattern.search(core)) and (moment := _moment(match.group(1))) is not None:
            return moment
    return None


def _moment(text: bytes) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None
    if moment.tzinfo is not None:  # a time without a zone is taken as written
        moment = moment.astimezone(BEIJING).replace(tzinfo=None)
    return moment if moment >= EARLIEST else None


def saved_at_of(path) -> datetime | None:
    """`saved_at` of a file on disk: None for anything that is not a readable zip (.xls, a damaged file)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return saved_at(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
