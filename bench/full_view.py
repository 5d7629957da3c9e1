"""The view the page benches measure: the working year in which the most stages of the cycle hold data (the
latest of those), and a project of it that has the most stages. The default view opens the latest working
year, often one whose targets or evaluations have not come in yet; timing pages that only say "no data"
would flatter them.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import duckdb


class View(NamedTuple):
    work_year: int
    stages: int  # stages of the cycle with data in that working year
    project: str | None  # project_key of mart.project_choice, as 项目详情 takes it in ?project=
    self_eval_year: int  # the fiscal year self-assessments and departments are drawn from

    def query(self, **extra: str) -> str:
        """The URL query string that opens this view (plus `extra`)."""
        from urllib.parse import urlencode

        return urlencode({"wy": self.work_year, **extra})


def full_view(db: Path) -> View:
    # imported here: a bench measuring another checkout imports that checkout's warehouse package later
    from warehouse import profiles, queries

    offsets = profiles.cycle_offsets(profiles.default_region())
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = queries.run(con, "stage_years", regions=[])
        stages_by_year: dict[int, set[str]] = defaultdict(set)
        for stage, fiscal_year in zip(rows["stage"].to_list(), rows["fiscal_year"].to_list(), strict=True):
            stages_by_year[fiscal_year - offsets[stage]].add(stage)
        if not stages_by_year:
            raise SystemExit(f"{db}：数据仓库中没有任何环节的数据，无从计时")
        work_year = max(stages_by_year, key=lambda y: (len(stages_by_year[y]), y))
        fiscal_years = sorted({work_year + offsets[s] for s in profiles.CYCLE_STAGES})
        found = con.execute(
            "SELECT project_key FROM mart.project_choice WHERE list_contains(?, fiscal_year) "
            "GROUP BY project_key ORDER BY count(DISTINCT fiscal_year) DESC, project_key LIMIT 1",
            [fiscal_years],
        ).fetchall()
    finally:
        con.close()
    return View(
        work_year,
        len(stages_by_year[work_year]),
        found[0][0] if found else None,
        work_year + offsets["self_eval"],
    )
