"""The time a workbook says it was last saved (docProps/core.xml of an .xlsx, the summary information of an
.xls) reaches the load log in Beijing time, so a submission whose form leaves 填报日期 blank is dated by it;
anything implausible is no time at all."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import duckdb
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from support.xls_builder import legacy_xls, xls_book

from etl import properties
from etl.parse import FileReport, parse_file
from warehouse import store
from warehouse.pipeline import load

CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{}'
    "</cp:coreProperties>"
)


def archive_with(core: str | None) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        if core is not None:
            archive.writestr("docProps/core.xml", CORE.format(core))
    return zipfile.ZipFile(buffer)


def modified(text: str) -> str:
    return f'<dcterms:modified xsi:type="dcterms:W3CDTF">{text}</dcterms:modified>'


def created(text: str) -> str:
    return f'<dcterms:created xsi:type="dcterms:W3CDTF">{text}</dcterms:created>'


@pytest.mark.parametrize(
    ("core", "expected"),
    [
        (modified("2022-02-10T01:30:00Z"), dt.datetime(2022, 2, 10, 9, 30)),  # Excel: UTC
        (modified("2022-02-09T23:30:00Z"), dt.datetime(2022, 2, 10, 7, 30)),  # the next day in Beijing
        (modified("2022-02-10T09:30:00+08:00"), dt.datetime(2022, 2, 10, 9, 30)),
        (modified("2022-02-10T01:30:00.123Z"), dt.datetime(2022, 2, 10, 9, 30, 0, 123000)),
        (modified(" 2022-02-10T09:30:00 "), dt.datetime(2022, 2, 10, 9, 30)),  # no zone: as written
        (created("2022-01-05T00:00:00Z") + modified("2022-02-10T01:30:00Z"), dt.datetime(2022, 2, 10, 9, 30)),
        (created("2022-01-05T00:00:00Z"), dt.datetime(2022, 1, 5, 8, 0)),  # never saved again
        (created("2022-01-05T00:00:00Z") + modified("星期四"), dt.datetime(2022, 1, 5, 8, 0)),
        (
            '<ns0:modified xmlns:ns0="http://purl.org/dc/terms/">2022-02-10T01:30:00Z</ns0:modified>',
            dt.datetime(2022, 2, 10, 9, 30),
        ),  # fmt: skip
        # a placeholder is kept as stated (shown in the load log); mart.submission does not date by it
        (modified("1900-01-01T00:00:00Z"), dt.datetime(1900, 1, 1, 8, 0)),
        (modified("0001-01-01T00:00:00+08:00"), None),  # Python cannot convert it: beyond the calendar
        (modified("9999-12-31T23:00:00Z"), None),  # beyond the calendar in Beijing time
        (modified("2022-13-45T00:00:00Z"), None),
        (modified(""), None),
        ("", None),
        (None, None),  # no document properties at all
    ],
)
def test_the_saved_time_in_beijing_time_or_none(core, expected):
    assert properties.saved_at(archive_with(core)) == expected


@settings(max_examples=200, deadline=None)
@given(
    moment=st.datetimes(min_value=dt.datetime(2000, 1, 2), max_value=dt.datetime(2099, 12, 30)),
    offset_minutes=st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15),
)
def test_any_zone_a_writer_states_reads_as_the_same_moment_in_beijing(moment, offset_minutes):
    stated = moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=offset_minutes)))
    read = properties.saved_at(archive_with(modified(stated.isoformat())))
    assert read == stated.astimezone(properties.BEIJING).replace(tzinfo=None)


ROWS = [
    ["沙湾市2021年度部门整体支出绩效自评结果汇总表"],
    ["序号", "部门名称", "全年预算数", "全年执行数", "执行率", "自评得分"],
    [1, "沙湾市教育局", 100, 90, 0.9, 90],
    [2, "沙湾市水利局", 100, 95, 0.95, 92],
]


def workbook(path: Path, saved: dt.datetime) -> Path:
    """The list as Excel would save it on `saved` (UTC), as .xlsx or legacy .xls after the path's suffix."""
    if path.suffix == ".xls":
        path.write_bytes(legacy_xls(ROWS, created=saved - dt.timedelta(days=30), saved=saved))
        return path
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"created": saved})  # xlsxwriter writes it as both created and modified, in UTC
    sheet = book.add_worksheet()
    for r, row in enumerate(ROWS):
        sheet.write_row(r, 0, row)
    book.close()
    return path


@pytest.mark.parametrize(
    ("created", "saved", "expected"),
    [
        (dt.datetime(2022, 1, 5), dt.datetime(2022, 2, 9, 23, 30), dt.datetime(2022, 2, 10, 7, 30)),
        (dt.datetime(2022, 1, 5), None, dt.datetime(2022, 1, 5, 8, 0)),  # never saved again
        (None, dt.datetime(1601, 1, 1), dt.datetime(1601, 1, 1, 8, 0)),  # FILETIME 0, kept as stated
        (None, None, None),
    ],
)
def test_a_legacy_xls_states_its_saved_time_in_its_summary_information(tmp_path, created, saved, expected):
    path = tmp_path / "自评.xls"
    path.write_bytes(legacy_xls(ROWS, created=created, saved=saved))
    assert properties.saved_at_of(path) == expected


def test_an_xls_without_summary_information_or_a_damaged_file_has_no_saved_time(tmp_path):
    plain = tmp_path / "plain.xls"
    xls_book([["x"]]).save(str(plain))  # xlwt writes the workbook stream alone
    damaged = tmp_path / "damaged.xls"
    damaged.write_bytes(legacy_xls(ROWS, created=None, saved=dt.datetime(2022, 1, 1))[:1500])
    assert properties.saved_at_of(plain) is None
    assert properties.saved_at_of(damaged) is None
    assert properties.saved_at_of(tmp_path / "missing.xlsx") is None


@settings(max_examples=50, deadline=None)
@given(saved=st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 30)))
def test_any_saved_time_of_an_xls_reads_as_the_same_moment_in_beijing(tmp_path_factory, saved):
    path = tmp_path_factory.mktemp("xls") / "自评.xls"
    path.write_bytes(legacy_xls(ROWS, created=None, saved=saved))
    # FILETIME counts 100 ns: the microseconds survive
    assert properties.saved_at_of(path) == saved + dt.timedelta(hours=8)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_loaded_workbook_keeps_its_saved_time_in_the_load_log(tmp_path, suffix):
    folder = tmp_path / "in" / "2021"
    folder.mkdir(parents=True)
    path = workbook(folder / f"部门整体自评{suffix}", dt.datetime(2022, 3, 1, 2, 0))
    report = FileReport(path=str(path))
    parse_file(path, report, "沙湾市")
    assert report.status == "已加载" and report.saved_at == dt.datetime(2022, 3, 1, 10, 0)
    db = tmp_path / "w.duckdb"
    load([tmp_path / "in"], db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT saved_at FROM mart.load_log").fetchall() == [(dt.datetime(2022, 3, 1, 10, 0),)]
    assert con.execute("SELECT DISTINCT submitted_at, date_source FROM mart.submission").fetchall() == [
        (dt.date(2022, 3, 1), "文件保存时间")
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".xls"])
def test_a_file_loaded_before_saved_times_were_kept_gets_its_own_on_the_next_load(tmp_path, suffix):
    folder = tmp_path / "in" / "2021"
    folder.mkdir(parents=True)
    workbook(folder / f"部门整体自评{suffix}", dt.datetime(2022, 3, 1, 2, 0))
    db = tmp_path / "w.duckdb"
    load([tmp_path / "in"], db)
    with duckdb.connect(str(store.current_version(db))) as con:  # as a warehouse of the release before
        con.execute("UPDATE raw.load_log SET saved_at = NULL")
    again = load([tmp_path / "in"], db)
    assert [f.status for f in again.files] == ["未变化"] and again.published
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT DISTINCT submitted_at, date_source FROM mart.submission").fetchall() == [
        (dt.date(2022, 3, 1), "文件保存时间")
    ]
