"""What every form parser returns."""

from __future__ import annotations

from dataclasses import dataclass, field

from etl.records import Rejection


@dataclass
class FormResult:
    kind: str
    project: dict
    indicators: list[dict] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    # empty template rows ("指标1：", "……", a 二级 listed without indicators) dropped on purpose
    skipped_template_rows: int = 0
