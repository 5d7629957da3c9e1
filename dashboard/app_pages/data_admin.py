"""数据管理：what was loaded and when, rejected rows with reasons, data coverage per stage and year, and
uploading new workbooks from the browser (loaded into a new warehouse version the dashboard then reads)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import data, tables
from warehouse import ingest

st.title("数据管理")
st.caption("加载日志、被拒绝的行、各环节数据覆盖情况，以及从浏览器上传新的工作簿。")

status = data.query("load_status").row(0, named=True)
log = data.query("load_log_table")
rejected = data.query("rejected_rows")
cols = st.columns(4)
cols[0].metric("已加载文件", f"{status['files']:,} 个", border=True)
cols[1].metric(
    "最近加载",
    "—" if status["last_loaded"] is None else f"{status['last_loaded']:%m-%d %H:%M}",
    border=True,
    help=None if status["last_loaded"] is None else f"{status['last_loaded']:%Y-%m-%d %H:%M:%S}",
)
cols[2].metric("被拒绝的行", f"{rejected.height:,} 行", border=True)
coverage = data.query("data_coverage")
years = sorted(set(coverage["fiscal_year"].to_list()))
cols[3].metric(
    "数据年度",
    "—" if not years else (f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])),
    border=True,
    help=f"数据仓库版本：{data.version()}",
)

st.subheader("上传工作簿")
st.caption(
    "支持 .xlsx、.xlsm、.xls；报表种类按标题和表头识别。加载写入新的仓库版本，完成后看板自动使用新数据。"
)
# The uploader has no placeholder option; relabel its English chrome so the page stays Chinese.
st.html(
    """<style>
    .st-key-upload_files [data-testid="stFileUploaderDropzone"] button p { font-size: 0; }
    .st-key-upload_files [data-testid="stFileUploaderDropzone"] button p::after {
        content: "选择文件"; font-size: 0.875rem; }
    .st-key-upload_files [data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0; }
    .st-key-upload_files [data-testid="stFileUploaderDropzoneInstructions"] span::after {
        content: "拖放文件到这里 · 每个文件不超过 200MB · XLSX、XLSM、XLS"; font-size: 0.8rem; }
    </style>"""
)
with st.form("upload", clear_on_submit=True, border=True):
    files = st.file_uploader(
        "选择工作簿（可多选）",
        type=["xlsx", "xlsm", "xls"],
        accept_multiple_files=True,
        key="upload_files",
    )
    region = st.text_input("区划（表内未写明时使用）", placeholder="留空则使用默认区划", key="upload_region")
    submitted = st.form_submit_button("加载到数据仓库", icon=":material/upload:", type="primary")
if submitted:
    if not files:
        st.warning("请先选择要上传的工作簿。")
    else:
        with st.spinner("正在加载……"):
            report = ingest.load_uploads(
                [(upload.name, upload.getvalue()) for upload in files],
                data.db_path(),
                region=region.strip() or None,
            )
        rows = [
            {
                "文件": Path(f.path).name,
                "报表种类": f.kind or "—",
                "状态": f.status,
                "加载行": f.rows_loaded,
                "拒绝行": f.rows_rejected,
                "说明": f.message,
            }
            for f in report.files
        ]
        if report.exit_code == 0:
            st.success(f"已加载 {len(rows)} 个文件。", icon=":material/check_circle:")
        else:
            st.warning("部分文件或行被拒绝，其余已加载。", icon=":material/warning:")
        st.dataframe(pl.DataFrame(rows), hide_index=True)
        reasons = [
            {"文件": Path(f.path).name, "工作表": r.sheet, "行": r.row, "列": r.column, "原因": r.reason}
            for f in report.files
            for r in f.rejections
        ]
        if reasons:
            st.dataframe(pl.DataFrame(reasons), hide_index=True)

st.subheader("加载日志")
st.dataframe(
    tables.display_frame(log, tables.LOAD_LOG),
    hide_index=True,
    placeholder="—",
    column_config=tables.column_config(tables.LOAD_LOG),
)

st.subheader("被拒绝的行")
if rejected.is_empty():
    st.success("没有被拒绝的行。", icon=":material/check_circle:")
else:
    st.dataframe(
        tables.display_frame(rejected, tables.REJECTED),
        hide_index=True,
        placeholder="—",
        column_config=tables.column_config(tables.REJECTED),
    )

st.subheader("各环节数据覆盖")
if coverage.is_empty():
    st.caption("数据仓库中还没有数据。")
else:
    wide = coverage.pivot(on="fiscal_year", index="stage", values="rows", sort_columns=True).fill_null(0)
    wide = wide.rename({c: f"{c} 年" for c in wide.columns if c != "stage"} | {"stage": "环节"})
    st.dataframe(wide, hide_index=True)
    st.caption("每格为该环节该年度的记录数；0 表示尚未加载。")
