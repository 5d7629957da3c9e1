"""The per-project forms the loader recognises, and which stage tables their parts feed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from etl.forms.base import FormResult
from etl.forms.dept_self_eval_form import looks_like_dept_self_eval_form, parse_dept_self_eval_form
from etl.forms.dept_target_form import looks_like_dept_target_form, parse_dept_target_form
from etl.forms.evaluation_sheet import looks_like_evaluation_sheet, parse_evaluation_sheet
from etl.forms.monitoring_form import looks_like_monitoring_form, parse_monitoring_form
from etl.forms.self_eval_form import looks_like_self_eval_form, parse_self_eval_form
from etl.forms.target_form import looks_like_target_form, parse_target_form
from etl.workbook import Sheet


@dataclass(frozen=True)
class FormKind:
    label: str
    looks_like: Callable[[Sheet], bool]
    parse: Callable[[Sheet], FormResult]
    table: str  # stage table of the project part
    stage: str  # mart.indicator stage of its indicators
    defaults: dict
    per_project: bool = True  # False for 部门整体 forms: one department per sheet, no project name


FORMS = [
    FormKind(
        "部门整体支出绩效自评表",
        looks_like_dept_self_eval_form,
        parse_dept_self_eval_form,
        "dept_self_eval",
        "自评",
        {},
        per_project=False,
    ),
    FormKind(
        "部门整体支出绩效目标表",
        looks_like_dept_target_form,
        parse_dept_target_form,
        "performance_target",
        "目标",
        {"scope": "部门整体"},
        per_project=False,
    ),
    FormKind(
        "项目支出绩效评价评分表",
        looks_like_evaluation_sheet,
        parse_evaluation_sheet,
        "evaluation",
        "评价",
        {},
    ),
    FormKind(
        "项目支出绩效自评表",
        looks_like_self_eval_form,
        parse_self_eval_form,
        "project_self_eval",
        "自评",
        {"assessed": True},
    ),
    FormKind(
        "项目支出绩效目标表",
        looks_like_target_form,
        parse_target_form,
        "performance_target",
        "目标",
        {"scope": "项目"},
    ),
    FormKind(
        "项目支出绩效监控表",
        looks_like_monitoring_form,
        parse_monitoring_form,
        "monitoring",
        "监控",
        {"scope": "项目"},
    ),
]


def recognise(sheet: Sheet) -> FormKind | None:
    return next((form for form in FORMS if form.looks_like(sheet)), None)
