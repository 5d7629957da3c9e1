"""Hostile files, measured: each is parsed in its own child process (so one peak cannot hide another) and the
table gives its outcome, wall time and peak memory (ru_maxrss of the child). The largest file the limits
accept (a list one row under max_sheet_rows, as wide as max_sheet_cells allows) is the worst accepted file.

    .venv/bin/python bench/bench_reliability.py [--out /tmp/hostile]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from reliability import hostile  # noqa: E402

from etl import config  # noqa: E402


def widest_accepted_list(path: Path) -> Path:
    """A 项目支出绩效自评结果汇总表 right at the limits: max_sheet_rows - 1 rows, as many columns as the
    cell limit leaves (at most 12, the list's own width)."""
    limits = config.load("limits")
    rows = limits["max_sheet_rows"] - 3
    header = [
        "序号",
        "主管部门",
        "项目名称",
        "资金性质",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "执行率",
        "自评得分",
        "财政评分",
    ]
    cols = "ABCDEFGHIJ"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", hostile.CONTENT_TYPES)
        archive.writestr("_rels/.rels", hostile.ROOT_RELS)
        archive.writestr("xl/workbook.xml", hostile.WORKBOOK.format(name="Sheet1"))
        archive.writestr("xl/_rels/workbook.xml.rels", hostile.WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            )
            title = hostile.text_cell("A1", "2021年度项目支出绩效自评结果汇总表")
            heads = "".join(hostile.text_cell(f"{c}2", h) for c, h in zip(cols, header, strict=True))
            out.write(f'<row r="1">{title}</row><row r="2">{heads}</row>'.encode())
            for start in range(3, rows + 3, 5000):
                chunk = []
                for r in range(start, min(start + 5000, rows + 3)):
                    chunk.append(
                        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c>'
                        + hostile.text_cell(f"B{r}", f"沙湾市第{r % 150}局")
                        + hostile.text_cell(f"C{r}", f"项目{r}")
                        + hostile.text_cell(f"D{r}", "一般公共预算")
                        + f'<c r="E{r}"><v>{r % 997 + 10}.25</v></c><c r="F{r}"><v>{r % 997 + 10}.25</v></c>'
                        + f'<c r="G{r}"><v>{r % 991 + 5}.5</v></c><c r="H{r}"><v>0.9</v></c>'
                        + f'<c r="I{r}"><v>{80 + r % 20}</v></c><c r="J{r}"><v>{80 + r % 20}</v></c></row>'
                    )
                out.write("".join(chunk).encode())
            out.write(b"</sheetData></worksheet>")
    return path


def _parse(path: str, queue) -> None:
    from etl.parse import FileReport, parse_file

    started = time.perf_counter()
    report = FileReport(path=Path(path).name)
    parse_file(Path(path), report)
    queue.put(
        (
            report.status,
            report.rows_loaded,
            report.rows_rejected,
            report.message[:70],
            time.perf_counter() - started,
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        )
    )


def measure(path: Path) -> tuple:
    queue = multiprocessing.get_context("spawn").Queue()
    child = multiprocessing.get_context("spawn").Process(target=_parse, args=(str(path), queue))
    child.start()
    child.join()
    if child.exitcode != 0:
        return ("崩溃", 0, 0, f"exit {child.exitcode}", 0.0, 0.0)
    return queue.get()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    folder = Path(args.out or tempfile.mkdtemp(prefix="hostile-"))
    cases = {
        "一格在XFD1048576.xlsx": lambda p: hostile.one_far_cell(p, "XFD1048576"),
        "一格在XFD3000.xlsx": lambda p: hostile.one_far_cell(p, "XFD3000"),
        "百万行清单.xlsx": lambda p: hostile.long_list(p, 1_048_576),
        "声明范围造假的20万行.xlsx": lambda p: hostile.long_list(p, 210_000, lie_in_dimension=True),
        "压缩炸弹.xlsx": hostile.zip_bomb,
        "加密.xlsx": hostile.encrypted_xlsx,
        "网页导出.xls": hostile.html_table,
        "限内最大清单.xlsx": widest_accepted_list,
    }
    print(
        f"{'文件':<28}{'大小':>12}  {'结果':<6}{'加载行':>8}{'拒绝行':>8}{'用时 s':>9}{'峰值 MB':>10}  说明"
    )
    for name, build in cases.items():
        path = build(folder / name)
        status, loaded, rejected, message, seconds, peak = measure(path)
        print(
            f"{name:<28}{path.stat().st_size:>12,}  {status:<6}{loaded:>8,}{rejected:>8,}{seconds:>9.1f}{peak:>10,.0f}  {message}"
        )


if __name__ == "__main__":
    main()
