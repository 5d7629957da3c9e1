"""Tiny warehouses for the report tests: rows written straight into the stage tables, then the rebuild a load
runs (config, transforms, marts, audit), so a test states exactly the data its expected text is about."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import count

import duckdb

from warehouse import schema

COUNTY = "示例县"  # no profile of its own: the national one (bands 60/80/90, count-ratio 量化率)


class Staging:
    def __init__(self, path) -> None:
        self.con = duckdb.connect(str(path))
        schema.migrate(self.con)
        self._rows: dict[str, count] = defaultdict(lambda: count(3))

    def add(self, table: str, **values: object) -> None:
        row = {"region": COUNTY, "source_file": f"{table}.xlsx", "source_sheet": "Sheet1", **values}
        row.setdefault("source_row", next(self._rows[(table, row["source_file"])]))
        if table not in ("dept_self_eval", "exante_assessment", "indicator"):
            row.setdefault("fund_type", "一般公共预算")
            row.setdefault("fund_tags", [])
        values_ = [Decimal(str(v)) if isinstance(v, float) else v for v in row.values()]
        self.con.execute(
            f"INSERT INTO stg.{table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})", values_
        )

    def rebuild(self) -> duckdb.DuckDBPyConnection:
        schema.rebuild(self.con)
        return self.con


def stage_county(stage: Staging) -> None:
    """Work year 2024 of 示例县: fiscal-2023 self-assessments, fiscal-2024 targets and monitoring at the end of
    July and November (staged November first), one bond project; no evaluations, no ex-ante assessment."""
    for department, budget, executed, self_score, finance_score in (
        ("示例县教育局", 500, 450, 92, 88),  # 良 by the finance score
        ("示例县卫生健康委员会", 300, 270, 75, None),  # no finance score: graded by the self score, 中
    ):
        stage.add(
            "dept_self_eval",
            fiscal_year=2023,
            department=department,
            budget=budget,
            executed=executed,
            self_score=self_score,
            finance_score=finance_score,
        )
    for code, budget, executed, self_score, finance_score in (
        ("P1", 100, 95, 95, 91),  # 优
        ("P2", 50, 25, 70, 58),  # 差 under the national bands (中 from 60)
    ):
        stage.add(
            "project_self_eval",
            fiscal_year=2023,
            department="示例县教育局",
            project_code=code,
            project_name=f"项目{code}",
            assessed=True,
            budget=budget,
            executed=executed,
            self_score=self_score,
            finance_score=finance_score,
        )
    stage.add(
        "project_self_eval",
        fiscal_year=2023,
        department="示例县卫生健康委员会",
        project_code="P3",
        project_name="项目P3",
        fund_tags=["中央转移支付"],
        assessed=False,
        budget=40,
        executed=30,
        remark="中央转移支付资金，当年不做绩效自评",
    )
    for code, department, budget, indicators, quantified, tags in (
        ("T1", "示例县教育局", 80, 10, 6, []),
        ("T2", "示例县卫生健康委员会", 40, 5, 5, []),
        ("B1", "示例县交通运输局", 1000, 8, 8, ["政府专项债券"]),
    ):
        stage.add(
            "performance_target",
            fiscal_year=2024,
            scope="项目",
            department=department,
            project_code=code,
            project_name=f"项目{code}",
            fund_tags=tags,
            budget=budget,
            indicator_count=indicators,
            quantified_count=quantified,
        )
    for month, executed in ((11, (450, 240)), (7, (250, 150))):
        for department, budget, done in zip(
            ("示例县教育局", "示例县卫生健康委员会"), (500, 300), executed, strict=True
        ):
            stage.add(
                "monitoring",
                fiscal_year=2024,
                scope="部门整体",
                period_end_month=month,
                department=department,
                budget=budget,
                executed=done,
            )
    for month, executed in ((11, (70, 30, 900)), (7, (30, 10, 400))):
        for (code, department, budget, tags), done in zip(
            (
                ("T1", "示例县教育局", 80, []),
                ("T2", "示例县卫生健康委员会", 40, []),
                ("B1", "示例县交通运输局", 1000, ["政府专项债券"]),
            ),
            executed,
            strict=True,
        ):
            stage.add(
                "monitoring",
                fiscal_year=2024,
                scope="项目",
                period_end_month=month,
                department=department,
                project_code=code,
                project_name=f"项目{code}",
                fund_tags=tags,
                budget=budget,
                funds_arrived=budget,
                executed=done,
                deviation_reason="按合同进度支付",
            )
