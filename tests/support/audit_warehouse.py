"""Tiny warehouses for the audit rules: rows written straight into the stage tables, then the same rebuild a
load runs (transforms, marts, audit). Every helper writes a row that is clean unless told otherwise."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import count

import duckdb

from warehouse import queries, schema

REGION = "沙湾市"
DEPT = "沙湾市教育局"
BASE = {"fiscal_year": 2021, "region": REGION, "department": DEPT}
PROJECT = {"fund_type": "一般公共预算", "fund_tags": []}


def _decimal(value: object) -> object:
    return Decimal(str(value)) if isinstance(value, float) else value


class Warehouse:
    def __init__(self, path) -> None:
        self.con = duckdb.connect(str(path))
        schema.migrate(self.con)
        self._rows: dict[str, count] = defaultdict(lambda: count(5))

    def add(self, table: str, **values: object) -> dict:
        """Insert one stage row; source_row counts up per file and sheet unless given."""
        row = {**BASE, "source_file": f"{table}.xlsx", "source_sheet": "Sheet1", **values}
        row.setdefault("source_row", next(self._rows[(table, row["source_file"], row["source_sheet"])]))
        columns = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.con.execute(
            f"INSERT INTO stg.{table} ({columns}) VALUES ({marks})", [_decimal(v) for v in row.values()]
        )
        return row

    # --- clean rows of every stage ------------------------------------------------------------------------

    def self_eval(self, **values) -> dict:
        return self.add(
            "project_self_eval",
            **{
                **PROJECT,
                "project_code": "6542000001",
                "project_name": "校舍维修改造",
                "assessed": True,
                "budget_initial": 100,
                "budget": 100,
                "executed": 98,
                "execution_rate_stated": 0.98,
                "goal_completion_rate": 0.98,
                "self_score": 96,
                "finance_score": 95,
                "grade_stated": "优",
                **values,
            },
        )

    def self_eval_form(self, sheet: str = "1-校舍维修改造", indicators: list[dict] | None = None, **values):
        items = indicators if indicators is not None else self_eval_indicators()
        total = sum(Decimal(str(i["score"])) for i in items if i.get("score") is not None)
        form = {
            "source_file": "自评表.xlsx",
            "source_sheet": sheet,
            "source_row": 3,
            "project_code": None,
            "finance_score": None,
            "grade_stated": None,
            "execution_score": 9.8,
            "self_score": Decimal("9.8") + total,
        }
        project = self.self_eval(**{**form, **values})
        self.indicators(project, "自评", items)
        return project

    def indicators(self, project: dict, stage: str, items: list[dict]) -> list[dict]:
        keep = {
            k: project[k] for k in ("fiscal_year", "region", "department", "project_code", "project_name")
        }
        return [
            self.add(
                "indicator",
                **keep,
                stage=stage,
                source_file=project["source_file"],
                source_sheet=project["source_sheet"],
                source_row=project["source_row"] + 5 + n,
                **item,
            )
            for n, item in enumerate(items)
        ]

    def target(self, **values) -> dict:
        return self.add(
            "performance_target",
            **{
                **PROJECT,
                "scope": "项目",
                "project_code": "6542000001",
                "project_name": "校舍维修改造",
                "budget": 100,
                **values,
            },
        )

    def target_form(self, sheet: str = "1-校舍维修改造", indicators: list[dict] | None = None, **values):
        project = self.target(
            **{"source_file": "目标表.xlsx", "source_sheet": sheet, "source_row": 3, **values}
        )
        self.indicators(project, "目标", indicators if indicators is not None else target_indicators())
        return project

    def monitoring(self, **values) -> dict:
        return self.add(
            "monitoring",
            **{
                **PROJECT,
                "scope": "项目",
                "period_end_month": 5,
                "project_code": "6542000001",
                "project_name": "校舍维修改造",
                "budget_initial": 100,
                "budget": 100,
                "funds_arrived": 60,
                "executed": 40,
                "execution_rate_stated": 0.4,
                "completion_likelihood": "确定能",
                **values,
            },
        )

    def monitoring_form(self, sheet: str = "1-校舍维修改造", indicators: list[dict] | None = None, **values):
        project = self.monitoring(
            **{"source_file": "监控表.xlsx", "source_sheet": sheet, "source_row": 3, **values}
        )
        self.indicators(project, "监控", indicators if indicators is not None else monitoring_indicators())
        return project

    def dept_self_eval(self, **values) -> dict:
        return self.add(
            "dept_self_eval",
            **{
                "budget": 1000,
                "executed": 950,
                "execution_rate_stated": 0.95,
                "self_score": 95,
                "finance_score": 96,
                "grade_stated": "优",
                **values,
            },
        )

    def evaluation(self, **values) -> dict:
        return self.add(
            "evaluation",
            **{
                **PROJECT,
                "level": "部门评价",
                "project_code": "6542000001",
                "project_name": "校舍维修改造",
                "budget": 100,
                "executed": 99,
                "execution_rate_stated": 0.99,
                "goal_completion_rate": 0.99,
                "score": 92,
                "finance_score": 92,
                "grade_stated": "优",
                "score_decision": 18,
                "score_process": 18,
                "score_output": 28,
                "score_effect": 28,
                **values,
            },
        )

    def exante(self, **values) -> dict:
        return self.add(
            "exante_assessment",
            **{
                "fiscal_year": 2022,
                "project_name": "智慧校园建设",
                "amount": 50,
                "conclusion": "予以支持",
                "score": 85,
                **values,
            },
        )

    # --- reading back -------------------------------------------------------------------------------------

    def rebuild(self) -> Warehouse:
        schema.rebuild(self.con)
        return self

    def problems(self) -> list[dict]:
        self.rebuild()
        rel = self.con.sql(
            "SELECT rule_code, severity, stage, department, project_name, source_file, source_sheet, source_row,"
            " message FROM mart.problem ORDER BY rule_code, source_file, source_sheet, source_row"
        )
        return [dict(zip(rel.columns, r, strict=True)) for r in rel.fetchall()]

    def frame(self, name: str, **params):
        return queries.run(self.con, name, **params)

    def query(self, name: str, **params) -> list[dict]:
        return self.frame(name, **params).to_dicts()


def indicator(level1, level2, level3, target, target_value, unit, actual=None, actual_value=None, **extra):
    return {
        "level1": level1,
        "level2": level2,
        "level3": level3,
        "operator": extra.pop("operator", "≥" if target and target.startswith("≥") else None),
        "target_text": target,
        "target_value": target_value,
        "unit": unit,
        "actual_text": actual,
        "actual_value": actual_value,
        "is_quantified": target_value is not None,
        **extra,
    }


def self_eval_indicators() -> list[dict]:
    """Five indicators worth 90 points, all met, with actuals written by someone who checked them."""
    return [
        indicator(
            "产出指标", "数量指标", "培训人次", "≥500人次", 500, "人次", "520人次", 520, weight=20, score=20
        ),
        indicator(
            "产出指标",
            "时效指标",
            "完成时间",
            "12月底前",
            12,
            "月",
            "11月底前",
            11,
            weight=15,
            score=15,
            operator="≤",
        ),
        indicator("产出指标", "质量指标", "验收合格率", "100%", 100, "%", "100%", 100, weight=15, score=15),
        indicator(
            "效益指标",
            "社会效益指标",
            "办学条件",
            "有效改善",
            None,
            None,
            "有效改善",
            None,
            weight=30,
            score=30,
        ),
        indicator(
            "满意度指标", "服务对象满意度指标", "师生满意度", "≥90%", 90, "%", "95%", 95, weight=10, score=10
        ),
    ]


def target_indicators() -> list[dict]:
    return [
        indicator("产出指标", "数量指标", "培训人次", "≥500人次", 500, "人次"),
        indicator("产出指标", "时效指标", "完成时间", "12月底前", 12, "月", operator="≤"),
        indicator("效益指标", "社会效益指标", "办学条件", "有效改善", None, None),
        indicator("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%", 90, "%"),
    ]


def monitoring_indicators() -> list[dict]:
    return [
        {**i, "actual_text": actual, "completion_likelihood": "确定能"}
        for i, actual in zip(
            target_indicators(), ["210人次", "按计划推进中", "正在推进", "未开展调查"], strict=True
        )
    ]
