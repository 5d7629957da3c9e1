"""Every per-sheet form layout the project writes, read back as sheets: each recogniser is tested against
all the others, so no form kind can claim another's sheets."""

from __future__ import annotations

from pathlib import Path

from etl.workbook import Sheet, read_workbook
from samplegen.dept_self_eval_form import example_departments, write_dept_self_eval_forms
from samplegen.dept_target_form import example_dept_targets, write_dept_target_forms
from samplegen.evaluation_sheet import example_evaluations, write_evaluation_sheets
from samplegen.monitoring_form import example_monitoring, write_monitoring_forms
from samplegen.self_eval_form import LAYOUTS as SELF_EVAL_LAYOUTS
from samplegen.self_eval_form import example_projects as self_eval_projects
from samplegen.self_eval_form import write_self_eval_forms
from samplegen.target_form import LAYOUTS as TARGET_LAYOUTS
from samplegen.target_form import example_projects as target_projects
from samplegen.target_form import write_target_forms

KINDS = ("self_eval", "target", "monitoring", "dept_self_eval", "dept_target", "evaluation")
EVALUATION_LAYOUTS = {"indicator_system": "部门评价", "scoring": "财政评价"}  # layout -> level it shows
LAYOUTS: dict[str, tuple[str, ...]] = {
    "self_eval": tuple(SELF_EVAL_LAYOUTS),
    "target": tuple(TARGET_LAYOUTS),
    "monitoring": ("national", "huangshi"),
    "dept_self_eval": ("chongqing", "hunan"),
    "dept_target": ("national", "zhanjiang"),
    "evaluation": tuple(EVALUATION_LAYOUTS),
}


def form_sheets(folder: Path) -> dict[str, list[Sheet]]:
    """Two examples of every layout of every form kind, by kind."""
    projects = target_projects(2, seed=5)
    books = {
        "self_eval": [
            write_self_eval_forms(folder / f"自评_{layout}.xlsx", self_eval_projects(2), layout=layout)
            for layout in LAYOUTS["self_eval"]
        ],
        "target": [
            write_target_forms(folder / f"目标_{layout}.xlsx", projects, layout)
            for layout in LAYOUTS["target"]
        ],
        "monitoring": [
            write_monitoring_forms(folder / f"监控_{layout}.xlsx", example_monitoring(projects, 6), 6, layout)
            for layout in LAYOUTS["monitoring"]
        ],
        "dept_self_eval": [
            write_dept_self_eval_forms(folder / f"部门自评_{layout}.xlsx", example_departments(2), layout)
            for layout in LAYOUTS["dept_self_eval"]
        ],
        "dept_target": [
            write_dept_target_forms(folder / f"部门目标_{layout}.xlsx", example_dept_targets(2), layout)
            for layout in LAYOUTS["dept_target"]
        ],
        "evaluation": [
            write_evaluation_sheets(
                folder / f"评价_{layout}.xlsx", example_evaluations(2, level=level), layout
            )
            for layout, level in EVALUATION_LAYOUTS.items()
        ],
    }
    return {kind: [s for path in paths for s in read_workbook(path)] for kind, paths in books.items()}


def other_form_sheets(folder: Path, kind: str) -> list[Sheet]:
    """Every form sheet that is not of `kind`."""
    return [s for other, sheets in form_sheets(folder).items() if other != kind for s in sheets]
