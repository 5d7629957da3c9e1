"""数据管理：what was loaded and when, rejected rows with reasons, data coverage per stage and year, and
uploading new workbooks from the browser (loaded into a new warehouse version the dashboard then reads)."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import data, tables, ui
from warehouse import ingest

st.title("数据管理")
st.caption("加载日志、被拒绝的行、各环节数据覆盖情况，以及从浏览器上传新的工作簿。")

status = data.query("load_status").row(0, named=True)
files = data.query("load_file_counts").row(0, named=True)
log = data.query("load_log_table")
rejected = data.query("rejected_rows")
cols = st.columns(4)
cols[0].metric(
    "已加载文件",
    f"{files['loaded']:,} 个",
    border=True,
    help=f"其中 {files['partly_rejected']:,} 个有部分行被拒绝" if files["partly_rejected"] else None,
)
cols[1].metric("重复内容（未重复加载）", f"{files['duplicate']:,} 个", border=True)
cols[2].metric("被拒绝的文件", f"{files['rejected']:,} 个", border=True)
cols[3].metric("被拒绝的行", f"{rejected.height:,} 行", border=True)
coverage = data.query("data_coverage")
years = sorted(set(coverage["fiscal_year"].to_list()))
st.caption(
    "最近加载："
    + ("—" if status["last_loaded"] is None else f"{status['last_loaded']:%Y-%m-%d %H:%M:%S}")
    + " · 数据年度："
    + ("—" if not years else (f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])))
    + f" · 数据仓库版本：{data.version().split(':')[0]}"
)

st.subheader("上传工作簿")
st.caption(
    "支持 .xlsx、.xlsm、.xls；报表种类按标题和表头识别。加载在独立的后台进程中进行（有内存和时间上限），"
    "写入新的仓库版本，完成后看板自动使用新数据；加载期间看板照常可用。"
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
running = st.session_state.get("upload_job")
with st.form("upload", clear_on_submit=True, border=True):
    uploads = st.file_uploader(
        "选择工作簿（可多选）",
        type=["xlsx", "xlsm", "xls"],
        accept_multiple_files=True,
        key="upload_files",
    )
    region = st.text_input("区划（表内未写明时使用）", placeholder="留空则使用默认区划", key="upload_region")
    submitted = st.form_submit_button(
        "加载到数据仓库", icon=":material/upload:", type="primary", disabled=running is not None
    )
if submitted:
    if not uploads:
        st.warning("请先选择要上传的工作簿。")
    else:
        try:
            st.session_state["upload_job"] = ingest.start_load(
                [(upload.name, upload.getvalue()) for upload in uploads],
                data.db_path(),
                region=region.strip() or None,
                user=data.user(),
            )
        except ingest.UploadRefused as exc:
            st.error(str(exc), icon=":material/block:")
            st.stop()
        st.session_state.pop("upload_done", None)
        st.rerun()  # draw the form again with its button disabled while the load runs


def _show_result(job: ingest.Job) -> None:
    """The outcome of a finished load: counts by outcome, one row per file, every refusal's reason."""
    if job.state == "failed":
        st.error(job.message or "加载未完成。", icon=":material/error:")
        st.dataframe(pl.DataFrame({"未加载的文件": [Path(f).name for f in job.files]}), hide_index=True)
        return
    result = job.result
    outcomes = [f["status"] for f in result["files"]]
    loaded = sum(s in ("已加载", "部分拒绝") for s in outcomes)
    partly = outcomes.count("部分拒绝")
    duplicate, refused = outcomes.count("重复内容"), outcomes.count("已拒绝")
    unchanged = outcomes.count("未变化")
    summary = (
        f"已加载 {loaded} 个文件"
        + (f"（其中 {partly} 个有行被拒绝）" if partly else "")
        + (f"，{unchanged} 个内容未变化" if unchanged else "")
        + (f"，{duplicate} 个与已加载的文件内容相同（未重复加载）" if duplicate else "")
        + (f"，{refused} 个被拒绝" if refused else "")
        + "。"
    )
    if refused and not loaded:
        st.error(summary + "没有新数据写入。", icon=":material/error:")
    elif refused or partly or duplicate:
        st.warning(summary, icon=":material/warning:")
    else:
        st.success(summary, icon=":material/check_circle:")
    st.dataframe(
        pl.DataFrame(
            [
                {
                    "文件": Path(f["file"]).name,
                    "报表种类": f["kind"] or "—",
                    "状态": f["status"],
                    "加载行": f["rows_loaded"],
                    "拒绝行": f["rows_rejected"],
                    "说明": f["message"],
                }
                for f in result["files"]
            ]
        ),
        hide_index=True,
    )
    reasons = [
        {
            "文件": Path(f["file"]).name,
            "工作表": r["sheet"],
            "行": r["row"],
            "列": r["column"],
            "原因": r["reason"],
        }
        for f in result["files"]
        for r in f["rejections"]
    ]
    if reasons:
        st.dataframe(pl.DataFrame(reasons), hide_index=True)


@st.fragment(run_every=1.0)
def _watch(job_id: str) -> None:
    """Progress of the running load, refreshed every second by itself; the page reruns once it ends."""
    job = ingest.job(job_id)
    if job.running:
        done = job.index / job.total if job.total else 0.0
        if job.state == "waiting":
            st.progress(0.0, text=job.message)
        elif job.message:  # past the last file: writing and recomputing
            st.progress(1.0, text=job.message)
        else:
            st.progress(
                min(done, 1.0),
                text=f"正在加载第 {job.index} / {job.total} 个文件：{job.current}"
                if job.index
                else "正在启动加载进程……",
            )
        st.caption(
            f"已用时 {time.time() - job.started:.0f} 秒 · 加载在后台进程中进行，看板的其他页面照常可用。"
        )
        return
    st.session_state.pop("upload_job", None)
    st.session_state["upload_done"] = job_id
    st.rerun(scope="app")


if running is not None:
    _watch(running)
elif done := st.session_state.get("upload_done"):
    _show_result(ingest.job(done))

st.subheader("加载日志")
st.dataframe(
    ui.display_table(log, tables.LOAD_LOG),
    hide_index=True,
    placeholder="—",
    column_config=tables.column_config(tables.LOAD_LOG),
)

st.subheader("被拒绝的行")
if rejected.is_empty():
    st.success("没有被拒绝的行。", icon=":material/check_circle:")
else:
    st.dataframe(
        ui.display_table(rejected, tables.REJECTED),
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
