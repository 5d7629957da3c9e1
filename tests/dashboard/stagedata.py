"""A warehouse with every stage filled, for dashboard tests and benchmarks.

The bundled sample may hold only some stages; pages must be exercised against all of them. This copies a
warehouse and fills every *empty* staging table with deterministic rows derived from the 2021 project
self-assessments (a 2020 year for year-on-year deltas, ex-ante, targets with indicators, monitoring,
department self-assessment, both evaluation levels, a rejected row), then rebuilds core and mart.
Rows carry the source file `synthetic/stages.xlsx` so tests can tell them apart.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from warehouse import schema

SOURCE = "synthetic/stages.xlsx"

# u(x) is a deterministic pseudo-random number in [0, 1) per key.
U = "((hash({key}) % 10007) / 10007.0)"


def u(key: str) -> str:
    return U.format(key=key)


FILL = {
    "prev_year": f"""
INSERT INTO stg.project_self_eval BY NAME
SELECT '{SOURCE}' AS source_file, '2020年项目自评' AS source_sheet, source_row, fiscal_year - 1 AS fiscal_year,
       region, department, unit, project_code, project_name, fund_type_raw, fund_type, []::VARCHAR[] AS fund_tags,
       TRUE AS assessed, budget_initial * 0.9 AS budget_initial, budget * 0.9 AS budget,
       least(budget * 0.9, budget * 0.9 * (0.55 + 0.5 * {u("project_code || 'e20'")})) AS executed,
       goal_completion_rate, greatest(self_score - 3, 40) AS self_score,
       greatest(finance_score - 4 + 6 * {u("project_code || 's20'")}, 40) AS finance_score
FROM stg.project_self_eval WHERE fiscal_year = 2021 AND assessed AND {u("project_code || 'y'")} < 0.85
""",
    "exante_assessment": f"""
INSERT INTO stg.exante_assessment BY NAME
SELECT '{SOURCE}' AS source_file, '事前评估' AS source_sheet, row_number() OVER () + 2 AS source_row,
       fiscal_year, region, department, project_code, project_name, budget * 1.05 AS amount,
       CASE WHEN {u("project_code || 'x'")} < 0.8 THEN '予以支持'
            WHEN {u("project_code || 'x'")} < 0.93 THEN '调整完善后予以支持' ELSE '不予支持' END AS conclusion,
       round(70 + 28 * {u("project_code || 'xs'")}, 1) AS score
FROM stg.project_self_eval WHERE fiscal_year = 2021 AND assessed AND {u("project_code || 'xa'")} < 0.12
""",
    "performance_target": f"""
INSERT INTO stg.performance_target BY NAME
SELECT '{SOURCE}' AS source_file, '绩效目标' AS source_sheet, row_number() OVER () + 2 AS source_row,
       fiscal_year, region, '项目' AS scope, department, unit, project_code, project_name, fund_type_raw,
       fund_type, fund_tags, budget_initial AS budget,
       (6 + 8 * {u("project_code || 'n'")})::INTEGER AS indicator_count,
       ((6 + 8 * {u("project_code || 'n'")})::INTEGER * (0.5 + 0.5 * {u("project_code || 'q'")}))::INTEGER
           AS quantified_count
FROM stg.project_self_eval WHERE fiscal_year = 2021 AND assessed;
INSERT INTO stg.performance_target BY NAME
SELECT '{SOURCE}' AS source_file, '部门整体目标' AS source_sheet, row_number() OVER () + 2 AS source_row,
       fiscal_year, region, '部门整体' AS scope, department, fund_type, []::VARCHAR[] AS fund_tags,
       sum(budget) AS budget, 24 AS indicator_count, 20 AS quantified_count
FROM stg.project_self_eval WHERE fiscal_year = 2021 AND assessed GROUP BY fiscal_year, region, department, fund_type
""",
    "indicator": f"""
INSERT INTO stg.indicator BY NAME
WITH p AS (SELECT * FROM stg.project_self_eval
           WHERE fiscal_year = 2021 AND assessed AND {u("project_code || 'f'")} < 0.25),
     k AS (SELECT * FROM (VALUES
        (1, '产出指标', '数量指标', '完成建设任务', '≥', 100, '%', TRUE),
        (2, '产出指标', '质量指标', '验收合格率', '=', 100, '%', TRUE),
        (3, '产出指标', '时效指标', '按期完成', '≤', 12, '月', TRUE),
        (4, '产出指标', '成本指标', '成本控制', '≤', 500, '万元', TRUE),
        (5, '效益指标', '社会效益', '服务水平', NULL, NULL, NULL, FALSE),
        (6, '效益指标', '可持续影响', '长效机制', NULL, NULL, NULL, FALSE),
        (7, '满意度指标', '服务对象满意度', '群众满意度', '≥', 90, '%', TRUE)
     ) AS t(n, level1, level2, level3, operator, target_value, unit, is_quantified))
SELECT '{SOURCE}' AS source_file, p.project_code || '目标表' AS source_sheet, k.n + 4 AS source_row,
       p.fiscal_year, p.region, s.stage, CASE WHEN s.stage = '监控' THEN 8 END AS period_end_month,
       p.department, p.project_code, p.project_name, k.level1, k.level2, k.level3, k.operator,
       coalesce(k.operator || k.target_value || k.unit, '有效提升') AS target_text, k.target_value, k.unit,
       CASE WHEN s.stage <> '目标' THEN coalesce(k.target_value::VARCHAR || k.unit, '达到预期') END AS actual_text,
       CASE WHEN s.stage = '自评' THEN CASE WHEN k.level1 = '产出指标' THEN 12.5 ELSE 15 END END AS weight,
       CASE WHEN s.stage = '自评' THEN CASE WHEN k.level1 = '产出指标' THEN 12 ELSE 14 END END AS score,
       k.is_quantified
FROM p CROSS JOIN k CROSS JOIN (VALUES ('目标'), ('监控'), ('自评')) AS s(stage)
WHERE k.n <= 5 + (3 * {u("p.project_code || 'k'")})::INTEGER
""",
    "monitoring": f"""
INSERT INTO stg.monitoring BY NAME
SELECT '{SOURCE}' AS source_file, m.month || '月监控' AS source_sheet, row_number() OVER () + 2 AS source_row,
       p.fiscal_year, p.region, '项目' AS scope, m.month AS period_end_month, p.department, p.unit,
       p.project_code, p.project_name, p.fund_type_raw, p.fund_type, p.fund_tags, p.budget_initial, p.budget,
       p.budget * least(1, m.month / 12.0 + 0.2) AS funds_arrived,
       p.executed * least(1, m.month / 12.0 * (0.5 + 0.9 * {u("p.project_code || 'm'")})) AS executed,
       CASE WHEN {u("p.project_code || 'l'")} < 0.85 THEN '确定能' WHEN {u("p.project_code || 'l'")} < 0.97
            THEN '有可能' ELSE '完全不可能' END AS completion_likelihood
FROM stg.project_self_eval p CROSS JOIN (VALUES (5), (8)) AS m(month)
WHERE p.fiscal_year = 2021 AND p.assessed;
INSERT INTO stg.monitoring BY NAME
SELECT '{SOURCE}' AS source_file, '部门整体监控' AS source_sheet, row_number() OVER () + 2 AS source_row,
       fiscal_year, region, '部门整体' AS scope, 6 AS period_end_month, department, fund_type,
       []::VARCHAR[] AS fund_tags, sum(budget) AS budget, sum(executed) * 0.45 AS executed
FROM stg.project_self_eval WHERE fiscal_year = 2021 AND assessed GROUP BY ALL
""",
    "dept_self_eval": f"""
INSERT INTO stg.dept_self_eval BY NAME
SELECT '{SOURCE}' AS source_file, '部门整体自评' AS source_sheet, row_number() OVER () + 2 AS source_row,
       fiscal_year, region, department, sum(budget) AS budget, sum(executed) AS executed,
       round(avg(self_score), 2) AS self_score, round(avg(finance_score) - 1, 2) AS finance_score
FROM stg.project_self_eval WHERE fiscal_year = 2021 AND assessed GROUP BY fiscal_year, region, department
""",
    "evaluation": f"""
INSERT INTO stg.evaluation BY NAME
SELECT '{SOURCE}' AS source_file, '部门评价' AS source_sheet, row_number() OVER () + 2 AS source_row,
       fiscal_year, region, '部门评价' AS level, department, unit, project_code, project_name, fund_type_raw,
       fund_type, fund_tags, budget, executed, goal_completion_rate, self_score AS score, finance_score,
       round(15 + 5 * {u("project_code || 'd'")}, 1) AS score_decision,
       round(15 + 5 * {u("project_code || 'p'")}, 1) AS score_process,
       round(30 + 10 * {u("project_code || 'o'")}, 1) AS score_output,
       round(20 + 10 * {u("project_code || 'b'")}, 1) AS score_effect
FROM stg.project_self_eval WHERE fiscal_year = 2021 AND assessed AND {u("project_code || 'ev'")} < 0.3;
INSERT INTO stg.evaluation BY NAME
SELECT '{SOURCE}' AS source_file, '财政重点评价' AS source_sheet, row_number() OVER () + 2 AS source_row,
       fiscal_year, region, '财政评价' AS level, department, unit, project_code, project_name, fund_type_raw,
       fund_type, fund_tags, budget, executed, goal_completion_rate,
       round(score_decision + score_process + score_output + score_effect, 1) AS score,
       score_decision, score_process, score_output, score_effect
FROM (SELECT *, round(12 + 8 * {u("project_code || 'D'")}, 1) AS score_decision,
             round(12 + 8 * {u("project_code || 'P'")}, 1) AS score_process,
             round(28 + 12 * {u("project_code || 'O'")}, 1) AS score_output,
             round(18 + 12 * {u("project_code || 'B'")}, 1) AS score_effect
      FROM stg.project_self_eval WHERE fiscal_year = 2021 AND assessed
      ORDER BY budget DESC LIMIT 12)
""",
    "rejected_row": f"""
INSERT INTO stg.rejected_row VALUES
  ('{SOURCE}', '绩效监控汇总表', '8月监控', 40, 'H', 'executed', '执行数不是数字：「约300」', '{{"执行数": "约300"}}'),
  ('{SOURCE}', '绩效监控汇总表', '8月监控', 41, 'B', 'department', '主管部门为空', '{{"主管部门": null}}');
INSERT INTO raw.load_log (source_file, sha256, size_bytes, kind, rows_loaded, rows_rejected, status, message,
                          is_sample, loaded_at)
VALUES ('{SOURCE}', 'synthetic', 1, '多环节示例', 1, 2, '部分拒绝',
  '测试用：按 2021 年自评项目派生的各环节数据', FALSE, TIMESTAMP '2022-05-01 09:00:00')
""",
}

# A stage is filled only when the warehouse has none of it for 2021 (the sample may already hold it).
CHECK = {
    "prev_year": "SELECT count(*) FROM stg.project_self_eval WHERE fiscal_year = 2020",
    "exante_assessment": "SELECT count(*) FROM stg.exante_assessment WHERE fiscal_year = 2021",
    "performance_target": "SELECT count(*) FROM stg.performance_target WHERE fiscal_year = 2021",
    "indicator": "SELECT count(*) FROM stg.indicator WHERE fiscal_year = 2021",
    "monitoring": "SELECT count(*) FROM stg.monitoring WHERE fiscal_year = 2021",
    "dept_self_eval": "SELECT count(*) FROM stg.dept_self_eval WHERE fiscal_year = 2021",
    "evaluation": "SELECT count(*) FROM stg.evaluation WHERE fiscal_year = 2021",
    "rejected_row": "SELECT count(*) FROM stg.rejected_row",
}


def enrich(source: Path, target: Path) -> Path:
    """Copy the warehouse file behind `source` to `target` and fill its empty stages."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(source).resolve(), target)
    con = duckdb.connect(str(target))
    try:
        for name, sql in FILL.items():
            if con.execute(CHECK[name]).fetchone()[0] == 0:
                con.execute(sql)
        schema.rebuild(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return target


@pytest.fixture(scope="session", name="stage_db")
def stage_db_fixture(sample_db, tmp_path_factory) -> Path:
    """The sample warehouse with every stage filled (read-only for tests)."""
    return enrich(sample_db, tmp_path_factory.mktemp("stages") / "stages.duckdb")


if __name__ == "__main__":
    import sys

    print(enrich(Path(sys.argv[1]), Path(sys.argv[2])))
