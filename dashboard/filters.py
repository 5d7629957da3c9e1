"""Global filters: drawn once by the entrypoint in the sidebar, bound to URL query parameters so a copied
link reproduces the view, and read by every page through `current()`.

The year a user picks is the bureau's 工作年度 Y. Each stage of the cycle takes its fiscal year from it
(targets and monitoring of Y, self-assessments and evaluations of Y−1; the offsets are per region in
warehouse/config/regions.toml). An analyst may pin one fiscal year for every stage instead (`fy=`)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard import data
from warehouse import profiles

ALL_REGIONS = "全部区划"
STAGE_KEYS = tuple(profiles.CYCLE_STAGES)
# The parameter each stage's year list takes in the queries that span the cycle (funnel, filter lists).
CYCLE_PARAMS = {
    "exante": "exante_years",
    "target": "target_years",
    "monitoring": "monitoring_years",
    "self_eval": "self_years",
    "dept_self_eval": "dept_years",
    "evaluation": "eval_years",
}


@dataclass(frozen=True)
class Filters:
    work_year: int | None
    pinned_year: int | None
    regions: list[str]
    departments: list[str]
    funds: list[str]
    offsets: dict[str, int] = field(default_factory=lambda: profiles.cycle_offsets(None))
    dropped: tuple[str, ...] = ()

    def fiscal_year(self, stage: str) -> int | None:
        """The fiscal year a stage shows: the pinned one, else the working year plus the stage's offset."""
        if self.pinned_year is not None:
            return self.pinned_year
        return None if self.work_year is None else self.work_year + self.offsets[stage]

    def conducted_in(self, stage: str) -> int | None:
        """The working year in which a stage of the shown fiscal year is carried out."""
        year = self.fiscal_year(stage)
        return None if year is None else year - self.offsets[stage]

    def label(self, stage: str, name: str | None = None) -> str:
        """「2021 年度项目自评（2022 年开展）」: what a section shows, in the bureau's words."""
        year = self.fiscal_year(stage)
        name = name or profiles.CYCLE_STAGES[stage][0]
        if year is None:
            return name
        return f"{year} 年度{name}（{self.conducted_in(stage)} 年开展）"

    def params(self, stage: str) -> dict:
        """The bound parameters of a scoped query (app.*_scope macros) for one stage."""
        year = self.fiscal_year(stage)
        return {
            "years": [year] if year is not None else [],
            "regions": self.regions,
            "departments": self.departments,
            "funds": self.funds,
        }

    def cycle_years(self) -> dict[str, list[int]]:
        """Each stage's fiscal-year list, under the parameter names the cycle-wide queries take."""
        return {CYCLE_PARAMS[s]: [y] if (y := self.fiscal_year(s)) is not None else [] for s in STAGE_KEYS}

    def cycle_params(self) -> dict:
        return {
            **self.cycle_years(),
            "regions": self.regions,
            "departments": self.departments,
            "funds": self.funds,
        }

    def cycle_stages(self) -> list[str]:
        """'阶段:年度' keys of the stages in view, for views with a stage column (mart.problem)."""
        keys = []
        for stage, (_, names) in profiles.CYCLE_STAGES.items():
            year = self.fiscal_year(stage)
            keys.extend(f"{name}:{year}" for name in names if year is not None)
        return keys

    def submission_params(self) -> dict:
        """工作推进台账: a stage of the work calendar belongs to the working year its deadline falls in (the
        2021 单位自评, due in February 2022, is work of 2022); a pinned fiscal year shows that year's stages."""
        pinned = self.pinned_year is not None
        return {
            "years": [self.pinned_year] if pinned else [],
            "work_years": [self.work_year] if not pinned and self.work_year is not None else [],
            "regions": self.regions,
            "departments": self.departments,
            "funds": self.funds,
        }

    def problem_params(self) -> dict:
        return {
            "cycle": self.cycle_stages(),
            "regions": self.regions,
            "departments": self.departments,
            "funds": self.funds,
        }

    def year_text(self) -> str:
        if self.pinned_year is not None:
            return f"{self.pinned_year} 预算年度（各环节）"
        return f"{self.work_year} 工作年度" if self.work_year else "—"

    def describe(self) -> list[tuple[str, str]]:
        return [
            ("年度", self.year_text()),
            ("区划", "、".join(self.regions) or ALL_REGIONS),
            ("主管部门", "、".join(self.departments) or "全部部门"),
            ("资金性质", "、".join(self.funds) or "全部资金"),
        ]

    def describe_for(self, *stages: str) -> list[tuple[str, str]]:
        """The filters plus the fiscal year and stage of each section, for export headers."""
        return [*self.describe(), *((profiles.CYCLE_STAGES[s][0], self.label(s)) for s in stages)]


def stage_fiscal_years(regions: list[str]) -> dict[str, list[int]]:
    """The fiscal years each stage holds data for in these regions (latest first). Built from the
    remembered `stage_years` result (so per warehouse version), a few microseconds per call."""
    rows = data.query("stage_years", regions=list(regions))
    years: dict[str, list[int]] = {s: [] for s in STAGE_KEYS}
    for stage, year in zip(rows["stage"].to_list(), rows["fiscal_year"].to_list(), strict=True):
        years.setdefault(stage, []).append(year)
    return years


def _years(regions: list[str], offsets: dict[str, int]) -> tuple[list[int], list[int]]:
    """Working years with data (latest first) and the fiscal years any stage holds."""
    by_stage = stage_fiscal_years(regions)
    work = sorted({y - offsets[s] for s, ys in by_stage.items() for y in ys}, reverse=True)
    fiscal = sorted({y for ys in by_stage.values() for y in ys}, reverse=True)
    return work, fiscal


def _keep(key: str, options: list[str]) -> tuple[str, ...]:
    """Before a multiselect: keep the chosen values that exist in the new list and name the others
    (Streamlit would drop them silently)."""
    chosen = st.session_state.get(key)
    if not chosen:
        return ()
    available = set(options)
    kept = [d for d in chosen if d in available]
    dropped = tuple(d for d in chosen if d not in available)
    if dropped:
        st.session_state[key] = kept
    return dropped


def _legacy_year_link() -> None:
    """Links made before the working year (`?year=2021` meant fiscal 2021) open pinned to that fiscal year."""
    legacy = st.query_params.get("year")
    if legacy is not None and "fy" not in st.query_params and "fy" not in st.session_state:
        if legacy.isdigit():
            st.session_state["fy"] = int(legacy)
        del st.query_params["year"]


def draw() -> Filters:
    _legacy_year_link()
    regions_all = data.query("filter_regions")["region"].to_list()
    with st.sidebar:
        st.header("筛选条件")
        region = st.selectbox(
            "区划",
            [ALL_REGIONS, *regions_all],
            key="region",
            bind="query-params",
            placeholder="选择区划",
            filter_mode="contains",
        )
    chosen_regions = [] if region in (None, ALL_REGIONS) else [region]
    offsets = profiles.cycle_offsets(chosen_regions[0] if chosen_regions else profiles.default_region())
    work_years, fiscal_years = _years(chosen_regions, offsets)
    # The default is written into the URL (a widget at its default value is not), so a shared link keeps
    # its meaning after a later year arrives.
    asked = st.query_params.get("wy")
    if work_years and not (asked and asked.isdigit() and int(asked) in work_years):
        # No year, or one without data (an old link): open the latest and say so in the URL.
        if st.session_state.get("wy") not in work_years:
            st.session_state["wy"] = work_years[0]
        with contextlib.suppress(StreamlitAPIException):  # already bound: the widget writes it
            st.query_params["wy"] = str(st.session_state["wy"])
    with st.sidebar:
        year = st.selectbox(
            "工作年度",
            work_years,
            index=None,
            key="wy",
            bind="query-params",
            placeholder="选择工作年度",
            help="工作年度 Y：设定和监控 Y 年度的绩效目标，开展 Y−1 年度的自评和评价（按区划配置）。",
        )
        if year is None and work_years:
            year = work_years[0]
        pinned = st.selectbox(
            "固定预算年度（可选）",
            fiscal_years,
            index=None,
            key="fy",
            bind="query-params",
            placeholder="不固定：各环节按工作年度",
            help="选定后，各环节都显示这一预算年度的数据（例如 2021 年度的目标、监控、自评和评价）。",
        )
        probe = Filters(year, pinned, chosen_regions, [], [], offsets)
        lists = probe.cycle_years()
        departments = data.query("filter_departments", **lists, regions=chosen_regions)[
            "department"
        ].to_list()
        dropped = _keep("dept", departments)
        if dropped:
            st.session_state["_dept_dropped"] = (dropped, probe.year_text())
        depts = st.multiselect(
            "主管部门",
            departments,
            key="dept",
            bind="query-params",
            placeholder="全部部门（可多选）",
            filter_mode="contains",
            select_all=False,
            on_change=lambda: st.session_state.pop("_dept_dropped", None),
        )
        notice = st.session_state.get("_dept_dropped")
        if notice:
            st.caption(f"{notice[1]}没有数据，已移出部门筛选：{'、'.join(notice[0])}")
        fund_options = data.query(
            "filter_funds",
            **{k: lists[k] for k in ("target_years", "monitoring_years", "self_years", "eval_years")},
            regions=chosen_regions,
            order=profiles.fund_categories(),
        )["fund"].to_list()
        dropped_funds = _keep("fund", fund_options)
        if dropped_funds:
            st.caption(f"{probe.year_text()}没有这些资金的数据，已移出资金筛选：{'、'.join(dropped_funds)}")
        funds = st.multiselect(
            "资金性质",
            fund_options,
            key="fund",
            bind="query-params",
            placeholder="全部资金（可多选）",
            filter_mode="contains",
            select_all=False,
        )
    return Filters(year, pinned, chosen_regions, depts, funds, offsets, dropped)


def current() -> Filters:
    return st.session_state["_filters"]


# On a phone the open sidebar covers most of the page: close it once a filter has been chosen.
_CLOSE_SIDEBAR = """<script>
(() => {  // run NONCE
  if (window.parent.innerWidth > 640) return;
  const doc = window.parent.document;
  const bar = doc.querySelector('[data-testid="stSidebar"]');
  if (!bar || bar.getBoundingClientRect().right <= 0) return;
  const button = doc.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (button) button.click();
})();
</script>"""


def close_sidebar_on_phone_after_change() -> None:
    now = current().describe()
    before = st.session_state.get("_filters_seen")
    st.session_state["_filters_seen"] = now
    if before is not None and before != now:
        nonce = st.session_state.get("_sidebar_close", 0) + 1
        st.session_state["_sidebar_close"] = nonce
        with st.sidebar:
            st.html(_CLOSE_SIDEBAR.replace("NONCE", str(nonce)), unsafe_allow_javascript=True)
