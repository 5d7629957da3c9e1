"""整改台账: every finding, 中/差 evaluation and failed monitoring review that can be sent back for 整改, its
status from 待下达 to 已销号, the department's answer and the bureau's review. Changes go through
warehouse.ledger (rights and steps checked there); the page then republishes the warehouse so every view shows
the new state."""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from dashboard import data, exports, ledger_tables, tables, ui
from warehouse import calendar, ledger

STATUSES = ["待下达", "已下达", "逾期", "已反馈", "已销号"]

user = data.user()  # None in local mode; the ledger service checks the rights
scope = ui.cycle_header("整改台账", "问题整改")
params = scope.problem_params()

counts = {r["status"]: r["items"] for r in data.query("ledger_status_counts", **params).iter_rows(named=True)}
cols = st.columns(len(STATUSES))
for col, status in zip(cols, STATUSES, strict=True):
    col.metric(status, f"{counts.get(status, 0):,}", border=True)

offices_all = data.query("submission_offices")["office"].to_list()
f1, f2, f3 = st.columns(3)
statuses = f1.multiselect("状态", STATUSES, placeholder="全部状态", key="rect_statuses")
offices = f2.multiselect("责任科室", offices_all, placeholder="全部科室", key="rect_offices")
rules = f3.multiselect(
    "问题类型（规则）",
    data.query("ledger_rule_codes", **params)["rule_code"].to_list(),
    placeholder="全部",
    key="rect_rules",
)
# the first rows of the ledger in its order (overdue and high first); the export holds every row
listed = data.listing("ledger_rectification", **params, statuses=statuses, offices=offices, rules=rules)
rows = ledger_tables.dates_as_text(listed.rows)
if rows.is_empty():
    ui.empty_state("当前筛选条件下没有需要整改的问题。")
    st.stop()

spec = ledger_tables.RECTIFICATION
nonce = st.session_state.get("_rect_nonce", 0)
event = st.dataframe(
    rows.select([c.field for c in spec]).rename({c.field: c.label for c in spec}).to_pandas(),
    hide_index=True,
    placeholder="—",
    height=420,
    key=f"rect_table_{nonce}",
    on_select="rerun",
    selection_mode="multi-row",
)
selected = rows[event.selection.rows] if event is not None and event.selection.rows else rows.clear()
st.caption(
    tables.listing_note(listed.total, rows.height, "项")
    + "。问题编号由规则、区划、年度、环节、部门和项目决定，重新加载不变；更正后的文件加载后不再发现的问题标为“已消除”。"
    "在表中勾选问题后可下达、反馈或审核。"
)
st.download_button(
    "导出整改台账",
    data=lambda: exports.to_xlsx(
        [("整改台账", ledger_tables.dates_as_text(listed.whole()), spec)], scope.describe()
    ),
    file_name=f"整改台账_{scope.year_text().replace(' ', '')}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    key="rect_export",
    icon=":material/download:",
)


def _apply(action, done: str) -> None:
    """Run one ledger change, republish the warehouse, and show the result after the rerun."""
    try:
        action()
    except ledger.LedgerError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    with st.spinner("正在更新数据仓库中的台账……"):
        ledger.refresh(data.db_path())
    st.session_state["_rect_done"] = done
    st.session_state["_rect_nonce"] = nonce + 1
    st.rerun()


if message := st.session_state.pop("_rect_done", None):
    st.success(message, icon=":material/task_alt:")

if selected.is_empty():
    st.stop()
keys = selected["item_key"].to_list()
st.subheader(f"已选 {len(keys)} 项")
db = data.db_path()
issue_tab, answer_tab, review_tab = st.tabs(["下达整改", "填写反馈", "审核销号"])
with issue_tab:
    pending = selected.filter(pl.col("status") == "待下达")
    region = pending["region"][0] if pending.height else None
    due = st.date_input("整改期限", value=calendar.default_due(region, date.today()), key="rect_due")
    st.caption(
        f"可下达 {pending.height} 项（状态为“待下达”）；整改期限默认为下达日起 {calendar.calendar_for(region)['rectify_days']} 天。"
    )
    if st.button("下达整改", disabled=pending.is_empty(), key="rect_issue", type="primary"):
        offices_of = dict(zip(pending["item_key"], pending["office"], strict=True))
        _apply(
            lambda: ledger.issue(db, user, pending["item_key"].to_list(), due_date=due, offices=offices_of),
            f"已下达整改 {pending.height} 项",
        )
with answer_tab:
    if len(keys) != 1:
        st.info("请只勾选一个问题填写反馈。", icon=":material/info:")
    else:
        with st.form("rect_answer"):
            measures = st.text_area("整改措施")
            result = st.text_area("整改结果")
            completed = st.date_input("完成日期", value=None)
            if st.form_submit_button("提交反馈"):
                _apply(
                    lambda: ledger.answer(
                        db, user, ledger.Answer(keys[0], measures or None, result or None, completed)
                    ),
                    f"问题 {keys[0]} 已反馈",
                )
with review_tab:
    if len(keys) != 1:
        st.info("请只勾选一个问题审核。", icon=":material/info:")
    else:
        with st.form("rect_review"):
            opinion = st.text_area("审核意见")
            accept = st.radio("结论", ["整改到位，销号", "整改不到位，退回重新整改"], horizontal=True)
            if st.form_submit_button("提交审核"):
                ok = accept.startswith("整改到位")
                _apply(
                    lambda: ledger.review(db, user, keys[0], opinion, accept=ok),
                    f"问题 {keys[0]} {'已销号' if ok else '已退回重新整改'}",
                )
