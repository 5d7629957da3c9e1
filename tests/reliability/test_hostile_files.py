"""A hostile-file corpus, generated here: every file that has taken a load (or the dashboard) down before.

Each file goes through the command line into a warehouse that already holds good data. Each must be
refused or partly rejected with a message that says why; the batch must finish with exit 1; and the data
already published must be unchanged.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import duckdb
import pytest
import xlwt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.xlsx_builder import self_eval_list

from etl.parse import FileReport, parse_file
from reliability import hostile
from warehouse import cli
from warehouse.pipeline import load

DEPT = "沙湾市水利局"


def project(name, budget=100, executed=90, rate=0.9, score=90):
    return [1, DEPT, name, "一般公共预算", budget, budget, executed, rate, score, score, None, None]


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            view: con.execute(f"SELECT count(*) FROM mart.{view}").fetchone()[0]
            for view in ("project_self_eval", "dept_self_eval", "evaluation", "monitoring", "indicator")
        }
    finally:
        con.close()


def run_cli(*args: str, capsys) -> tuple[int, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def _xls_bytes(tmp: Path) -> bytes:
    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("Sheet1").write(0, 0, "项目")
    book.save(str(tmp))
    return tmp.read_bytes()


# file name → (how to write it, what its message must say)
def build_corpus(folder: Path, scratch: Path) -> dict[str, str]:
    expect: dict[str, str] = {}

    def case(name: str, message: str) -> Path:
        expect[name] = message
        return folder / name

    hostile.one_far_cell(case("一格在XFD1048576.xlsx", "行数过多"), "XFD1048576")
    hostile.one_far_cell(case("一格在XFD3000.xlsx", "列数过多"), "XFD3000")
    hostile.long_list(case("百万行清单.xlsx", "行数过多"), 1_048_576)
    hostile.long_list(case("范围声明造假.xlsx", "行数过多"), 210_000, lie_in_dimension=True)
    hostile.encrypted_xlsx(case("加密.xlsx", "密码"))
    hostile.html_table(case("网页导出.xls", "HTML"))
    hostile.csv_table(case("逗号分隔.xlsx", "CSV"))
    case("空文件.xlsx", "文件为空").write_bytes(b"")
    case("截断.xlsx", "损坏").write_bytes(b"PK\x03\x04" + os.urandom(200))
    case("乱码.xls", "损坏").write_bytes(bytes(range(256)) * 8)
    hostile.zip_bomb(case("压缩炸弹.xlsx", "压缩炸弹"))
    hostile.word_document(case("其实是Word.xlsx", "Word"))
    hostile.legacy_xls_named_xlsx(case("旧格式改名.xlsx", "旧版"), _xls_bytes(scratch / "old.xls"))
    # values no form can mean: each row is rejected naming its cell, the rest of the file loads
    self_eval_list(
        case("离谱数值.xlsx", "超出合理范围"),
        [
            project("预算一万亿亿", budget=1e13),
            project("执行数1e309", executed="1e309"),
            project("执行率1e308", rate=1e308),
            project("正常项目甲"),
        ],
    )
    self_eval_list(
        case("无穷与非数.xlsx", "无法识别"),
        [project("无穷", budget="inf"), project("负无穷", executed="-Infinity")],
    )
    # openpyxl writes formulas without a cached result, as a program that never calculates would
    self_eval_list(case("公式无结果.xlsx", "没有保存计算结果"), [project("公式项目", executed="=F6*0.9")])
    return expect


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    good = root / "good"
    self_eval_list(good / "基础.xlsx", [project("河道治理"), project("灌区改造", 70, 70, 1)])
    db = root / "wh.duckdb"
    assert cli.main(["load", str(good), "--db", str(db)]) == 0
    before = counts(db)
    before_version = db.resolve()
    folder = root / "hostile"
    expect = build_corpus(folder, root)
    return root, db, before, before_version, folder, expect


def test_every_hostile_file_is_refused_with_its_reason_and_the_published_data_is_kept(corpus_run, capsys):
    root, db, before, before_version, folder, expect = corpus_run
    code, output = run_cli("load", str(folder), "--db", str(db), capsys=capsys)
    assert code == 1
    con = duckdb.connect(str(db), read_only=True)
    try:
        logged = {
            Path(f).name: (status, message)
            for f, status, message in con.execute(
                "SELECT file, status, message FROM mart.load_log"
            ).fetchall()
        }
        rejected = con.execute(
            "SELECT source_file, source_row, source_column, reason FROM mart.rejected_row"
        ).fetchall()
    finally:
        con.close()
    reasons_by_file: dict[str, str] = {}
    for source, _row, _col, reason in rejected:
        reasons_by_file[Path(source).name] = reasons_by_file.get(Path(source).name, "") + reason
    for name, words in expect.items():
        status, message = logged[name]
        assert status in ("已拒绝", "部分拒绝"), (name, status, message)
        assert words in message + reasons_by_file.get(name, ""), (name, message)
        assert "Traceback" not in message and "EOCD" not in message and str(root) not in message
    # only the one sane row of 离谱数值.xlsx arrived; nothing published before changed
    after = counts(db)
    assert after["project_self_eval"] == before["project_self_eval"] + 1
    assert {k: v for k, v in after.items() if k != "project_self_eval"} == {
        k: v for k, v in before.items() if k != "project_self_eval"
    }
    assert "Traceback" not in output


def test_out_of_range_values_name_their_cell(corpus_run):
    _root, db, *_ = corpus_run
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT source_row, source_column, reason FROM mart.rejected_row "
            "WHERE source_file LIKE '%离谱数值.xlsx' ORDER BY source_row"
        ).fetchall()
        formula = con.execute(
            "SELECT source_row, source_column, reason FROM mart.rejected_row WHERE source_file LIKE '%公式无结果.xlsx'"
        ).fetchall()
    finally:
        con.close()
    assert [(r, c) for r, c, _ in rows] == [(6, "E"), (7, "G"), (8, "H")]
    assert "10,000,000,000,000万元" in rows[0][2] and "1,000,000,000万元" in rows[0][2]
    assert "1e309" in rows[1][2]
    assert formula == [(6, "G", formula[0][2])] and "G6" in formula[0][2]


def test_a_refused_file_sent_again_is_refused_again_with_its_reason(corpus_run, capsys):
    _root, db, _before, _v, folder, _expect = corpus_run
    code, output = run_cli("load", str(folder / "加密.xlsx"), "--db", str(db), capsys=capsys)
    assert code == 1
    assert "已拒绝" in output and "密码" in output and "未变化" not in output


def test_an_exception_inside_one_files_parser_rejects_that_file_only(tmp_path, monkeypatch, capsys):
    from etl.forms import registry

    src = tmp_path / "in"
    self_eval_list(src / "好.xlsx", [project("河道治理")])
    self_eval_list(src / "坏.xlsx", [project("会出错的项目")])
    real = registry.recognise

    def explode(sheet):
        if any("会出错的项目" in str(v) for row in sheet.rows for v in row):
            raise ZeroDivisionError("division by zero in /srv/secret/path.py")
        return real(sheet)

    monkeypatch.setattr(registry, "recognise", explode)
    report = load([src], tmp_path / "wh.duckdb")  # in this process, where the patch applies
    assert report.exit_code == 1
    bad = next(f for f in report.files if f.path.endswith("坏.xlsx"))
    assert bad.status == "已拒绝" and "ZeroDivisionError" in bad.message and "/srv/secret" not in bad.message
    assert counts(tmp_path / "wh.duckdb")["project_self_eval"] == 1


def test_a_reader_that_runs_out_of_memory_ends_only_its_own_child(tmp_path, monkeypatch, capsys):
    from etl import config

    src = tmp_path / "in"
    self_eval_list(src / "好.xlsx", [project("河道治理")])
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    sheet.write(0, 0, "2021年度项目支出绩效自评结果汇总表")
    sheet.write(65535, 255, 1)  # a 6 KB .xls whose reader wants a 65,536 × 256 grid
    book.save(str(src / "远处一格.xls"))
    limits = {**config.load("limits"), "parse_memory_mb": 300}
    monkeypatch.setattr(
        config, "load", lambda name, _real=config.load: limits if name == "limits" else _real(name)
    )
    code, output = run_cli("load", str(src), "--db", str(tmp_path / "wh.duckdb"), capsys=capsys)
    assert code == 1
    assert "远处一格.xls" in output and "超出内存上限（300 MB）" in output
    assert counts(tmp_path / "wh.duckdb")["project_self_eval"] == 1


def test_an_empty_folder_exits_1_saying_no_workbooks_were_found(tmp_path, capsys):
    (tmp_path / "空").mkdir()
    code, output = run_cli("load", str(tmp_path / "空"), "--db", str(tmp_path / "wh.duckdb"), capsys=capsys)
    assert code == 1 and "没有找到工作簿" in output
    assert not (tmp_path / "wh.duckdb").exists()


def test_links_that_loop_or_point_nowhere_are_listed_not_silently_skipped(tmp_path, capsys):
    src = tmp_path / "in"
    self_eval_list(src / "好.xlsx", [project("河道治理")])
    (src / "自指.xlsx").symlink_to(src / "自指.xlsx")
    (src / "失效.xlsx").symlink_to(tmp_path / "不存在.xlsx")
    (src / "回到上级").symlink_to(src, target_is_directory=True)
    code, output = run_cli("load", str(src), "--db", str(tmp_path / "wh.duckdb"), capsys=capsys)
    assert code == 0
    assert "自指.xlsx：循环链接" in output
    assert "失效.xlsx：链接指向的文件不存在" in output
    assert "回到上级：与已读取的文件夹是同一个" in output


# --- random garbage: nothing escapes parse_file, whatever the bytes ---------------------------------------

VALID = None


def _valid_bytes(tmp: Path) -> bytes:
    global VALID
    if VALID is None:
        VALID = self_eval_list(tmp / "valid.xlsx", [project("河道治理")]).read_bytes()
    return VALID


def _rezip(members: dict[str, bytes]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=4096),
        st.tuples(st.integers(0, 20000), st.binary(min_size=1, max_size=64)),
        st.tuples(st.sampled_from(["sheet", "workbook", "strings"]), st.binary(max_size=2048)),
    ),
    suffix=st.sampled_from([".xlsx", ".xls", ".xlsm", ".ods", ".xlsb"]),
)
def test_random_garbage_is_refused_or_read_never_raised(tmp_path, data, suffix):
    valid = _valid_bytes(tmp_path)
    if isinstance(data, bytes):
        content = data
    elif isinstance(data[0], int):  # a valid workbook with some bytes overwritten
        at, patch = data
        at = at % len(valid)
        content = valid[:at] + patch + valid[at + len(patch) :]
    else:  # a valid workbook with one XML part replaced by garbage
        with zipfile.ZipFile(__import__("io").BytesIO(valid)) as archive:
            members = {n: archive.read(n) for n in archive.namelist()}
        part = {
            "sheet": "xl/worksheets/sheet1.xml",
            "workbook": "xl/workbook.xml",
            "strings": "xl/sharedStrings.xml",
        }[data[0]]
        members[part] = data[1]
        content = _rezip(members)
    path = tmp_path / f"garbage{suffix}"
    path.write_bytes(content)
    report = FileReport(path=path.name)
    parse_file(path, report)  # must not raise
    assert report.status in ("已加载", "部分拒绝", "已拒绝")
    if report.status == "已拒绝":
        assert report.message and "Traceback" not in report.message


def test_negative_amounts_load_and_are_findings(tmp_path, capsys):
    src = tmp_path / "in"
    self_eval_list(src / "负数.xlsx", [project("核减项目", budget=-50, executed=10), project("正常项目")])
    code, _ = run_cli("load", str(src), "--db", str(tmp_path / "wh.duckdb"), capsys=capsys)
    assert code == 0
    con = duckdb.connect(str(tmp_path / "wh.duckdb"), read_only=True)
    try:
        found = con.execute(
            "SELECT project_name, source_row, message FROM mart.problem WHERE rule_code = 'D19' ORDER BY message"
        ).fetchall()
    finally:
        con.close()
    assert found == [
        ("核减项目", 6, "全年预算数 -50 万元为负数"),
        ("核减项目", 6, "年初预算数 -50 万元为负数"),
    ]


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_a_batch_of_random_garbage_is_accounted_for_file_by_file(tmp_path_factory, seed):
    """Twelve damaged workbooks in one command-line load: each one is in the load log with a status (no
    silent drop), the load ends with exit 0 or 1 (never a crash), and rows published before stay."""
    import random

    rng = random.Random(seed)
    root = tmp_path_factory.mktemp("garbage")
    db = root / "wh.duckdb"
    good = self_eval_list(root / "good" / "基础.xlsx", [project("河道治理")])
    assert cli.main(["load", str(good.parent), "--db", str(db)]) == 0
    valid = good.read_bytes()
    folder = root / "batch"
    folder.mkdir()
    for i in range(12):
        content = bytearray(valid)
        for _ in range(rng.randint(1, 40)):
            at = rng.randrange(len(content))
            content[at : at + 8] = rng.randbytes(8)
        if rng.random() < 0.3:
            content = content[: rng.randrange(len(content))]
        (folder / f"损坏{i}{rng.choice(['.xlsx', '.xls', '.xlsm'])}").write_bytes(bytes(content))
    code = cli.main(["load", str(folder), "--db", str(db)])
    assert code in (0, 1)
    con = duckdb.connect(str(db), read_only=True)
    try:
        statuses = dict(
            con.execute("SELECT file, status FROM mart.load_log WHERE file LIKE '%损坏%'").fetchall()
        )
        kept = con.execute(
            "SELECT count(*) FROM mart.project_self_eval WHERE project_name = '河道治理'"
        ).fetchone()
    finally:
        con.close()
    assert len(statuses) == 12 and set(statuses.values()) <= {"已加载", "部分拒绝", "已拒绝", "重复内容"}
    assert kept[0] >= 1
