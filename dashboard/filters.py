"""Global filters: drawn once by the entrypoint in the sidebar, bound to URL query parameters so a copied
link reproduces the view, and read by every page through `current()`."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard import data
from warehouse import profiles

ALL_REGIONS = "全部区划"


@dataclass(frozen=True)
class Filters:
    year: int | None
    regions: list[str]
    departments: list[str]
    funds: list[str]

    def params(self) -> dict:
        """The bound parameters every scoped query (app.*_scope macros) takes."""
        return {
            "years": [self.year] if self.year is not None else [],
            "regions": self.regions,
            "departments": self.departments,
            "funds": self.funds,
        }

    def describe(self) -> list[tuple[str, str]]:
        return [
            ("年度", str(self.year) if self.year else "—"),
            ("区划", "、".join(self.regions) or ALL_REGIONS),
            ("主管部门", "、".join(self.departments) or "全部部门"),
            ("资金性质", "、".join(self.funds) or "全部资金"),
        ]


def draw() -> Filters:
    year_rows = data.query("filter_years")
    years = year_rows["fiscal_year"].to_list()
    default = year_rows["is_default"].to_list().index(True) if years else None
    with st.sidebar:
        st.header("筛选条件")
        year = st.selectbox(
            "年度", years, index=default, key="year", bind="query-params", placeholder="选择年度"
        )
        regions = data.query("filter_regions", years=[year] if year else [])["region"].to_list()
        region = st.selectbox("区划", [ALL_REGIONS, *regions], key="region", bind="query-params")
        chosen_regions = [] if region in (None, ALL_REGIONS) else [region]
        departments = data.query("filter_departments", years=[year] if year else [], regions=chosen_regions)[
            "department"
        ].to_list()
        depts = st.multiselect(
            "主管部门", departments, key="dept", bind="query-params", placeholder="全部部门（可多选）"
        )
        funds = st.multiselect(
            "资金性质",
            profiles.fund_categories(),
            key="fund",
            bind="query-params",
            placeholder="全部资金（可多选）",
        )
    return Filters(year=year, regions=chosen_regions, departments=depts, funds=funds)


def current() -> Filters:
    return st.session_state["_filters"]
