"""The audit engine: run every rule of sql/rules/ after each load and keep the findings in core.problem.

A rule is one SQL file `sql/rules/<CODE>_<name>.sql` returning the offending rows (fiscal_year, region,
department, stage, project_name, source_file, source_sheet, source_row, message). Its title, severity and
thresholds live in sql/rules/rules.toml; thresholds reach the SQL as bound parameters ($name), so each
value is written once. mart.problem (sql/mart/080_problem.sql) shows the findings to analysts.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from warehouse import queries
from warehouse.paths import SQL_DIR

RULES_DIR = SQL_DIR / "rules"
CATALOGUE = RULES_DIR / "rules.toml"
RULE_FILE = re.compile(r"^(?P<code>[A-Z]\d{2})_(?P<name>[a-z0-9_]+)\.sql$")
PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")
COMMENT = re.compile(r"--[^\n]*")
MESSAGE = re.compile(r"^--\s*message:\s*(.*)$")
SEVERITIES = ("高", "中", "低")
OUTPUT_COLUMNS = (
    "fiscal_year",
    "region",
    "department",
    "stage",
    "project_name",
    "source_file",
    "source_sheet",
    "source_row",
    "message",
)


class RuleError(RuntimeError):
    """A rule file and the catalogue disagree, or a rule failed to run."""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    path: Path
    title: str
    stage: str
    severity: str
    rationale: str
    params: dict[str, object]
    message_template: str | None

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def _message_template(text: str) -> str | None:
    """The `-- message:` line of a rule file's header (its only metadata kept in SQL)."""
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        if match := MESSAGE.match(line):
            return match.group(1).strip()
    return None


@cache
def settings() -> dict:
    """sql/rules/rules.toml: each rule's title, stage, severity and rationale, and the shared thresholds."""
    with open(CATALOGUE, "rb") as handle:
        return tomllib.load(handle)


def catalogue() -> list[Rule]:
    """Every rule file with its metadata, in code order; a file without an entry (or the reverse) is an error."""
    entries: dict[str, dict] = settings()["rules"]
    shared: dict[str, object] = settings()["params"]
    rules = []
    for path in sorted(RULES_DIR.glob("*.sql")):
        match = RULE_FILE.match(path.name)
        if not match:
            continue  # helpers (_helpers.sql) are not rules
        code = match.group("code")
        if code not in entries:
            raise RuleError(f"规则 {code}（{path.name}）未在 sql/rules/rules.toml 中登记")
        entry = entries[code]
        if entry["severity"] not in SEVERITIES:
            raise RuleError(f"规则 {code} 的严重程度“{entry['severity']}”不是 高/中/低")
        sql = path.read_text(encoding="utf-8")
        used = set(PARAM.findall(COMMENT.sub("", sql)))
        declared = set(entry.get("params", []))
        if used != declared:
            raise RuleError(
                f"规则 {code} 的 SQL 使用参数 {sorted(used)}，rules.toml 登记的是 {sorted(declared)}"
            )
        missing = declared - shared.keys()
        if missing:
            raise RuleError(f"规则 {code} 的参数 {sorted(missing)} 未在 rules.toml [params] 中设置")
        rules.append(
            Rule(
                code=code,
                name=match.group("name"),
                path=path,
                title=entry["title"],
                stage=entry["stage"],
                severity=entry["severity"],
                rationale=entry["rationale"],
                params={name: shared[name] for name in sorted(declared)},
                message_template=_message_template(sql),
            )
        )
    unknown = entries.keys() - {r.code for r in rules}
    if unknown:
        raise RuleError(f"rules.toml 登记了没有 SQL 文件的规则：{', '.join(sorted(unknown))}")
    return rules


def results_settings() -> dict:
    """Thresholds of the 结果应用 lists (rules.toml [results])."""
    return dict(settings()["results"])


def _strip(sql: str) -> str:
    return COMMENT.sub("", sql).strip().rstrip(";")


def run_rule(con: duckdb.DuckDBPyConnection, rule: Rule) -> duckdb.DuckDBPyRelation:
    """The rule's findings as a relation (for tests and ad-hoc checks)."""
    return con.sql(_strip(rule.sql), params=rule.params or None)


def run(con: duckdb.DuckDBPyConnection) -> int:
    """Run every rule into core.problem (replacing what was there); return the number of findings."""
    con.execute((RULES_DIR / "_helpers.sql").read_text(encoding="utf-8"))
    rules = catalogue()
    con.execute(
        "CREATE OR REPLACE TABLE core.audit_rule ("
        " rule_code VARCHAR PRIMARY KEY, rule_title VARCHAR NOT NULL, stage VARCHAR NOT NULL,"
        " severity VARCHAR NOT NULL, rationale VARCHAR, message_template VARCHAR, params VARCHAR, file VARCHAR);"
        "COMMENT ON TABLE core.audit_rule IS '审核规则目录：每条规则一行（代码、标题、环节、严重程度、依据、阈值），来自 sql/rules'"
    )
    con.executemany(
        "INSERT INTO core.audit_rule VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                r.code,
                r.title,
                r.stage,
                r.severity,
                r.rationale,
                r.message_template,
                json.dumps(r.params, ensure_ascii=False),
                f"sql/rules/{r.path.name}",
            )
            for r in rules
        ],
    )
    _write_problem_types(con, {r.code for r in rules})
    con.execute(_audit_sql("010_found_table"))
    columns = ", ".join(f"r.{c}" for c in OUTPUT_COLUMNS)
    for rule in rules:
        sql = f"INSERT INTO audit_found SELECT '{rule.code}' AS rule_code, {columns} FROM (\n{_strip(rule.sql)}\n) r"
        try:
            con.execute(sql, rule.params or None)
        except duckdb.Error as exc:
            raise RuleError(f"审核规则 {rule.code}（{rule.path.name}）执行失败：{exc}") from exc
    con.execute(_audit_sql("020_problem"))
    con.execute("DROP TABLE audit_found")
    return con.execute("SELECT count(*) FROM core.problem").fetchall()[0][0]


def problem_types() -> list[tuple[int, str, str]]:
    """(order, problem type, rule code) from rules.toml [problem_types]: the seed's five 存在的问题."""
    mapping: dict[str, list[str]] = settings().get("problem_types", {})
    return [(n, kind, code) for n, (kind, codes) in enumerate(mapping.items(), start=1) for code in codes]


def _write_problem_types(con: duckdb.DuckDBPyConnection, codes: set[str]) -> None:
    rows = problem_types()
    unknown = sorted({code for _, _, code in rows} - codes)
    if unknown:
        raise RuleError(f"rules.toml [problem_types] 引用了不存在的规则：{', '.join(unknown)}")
    con.execute(
        "CREATE OR REPLACE TABLE core.rule_problem_type (ord INTEGER, problem_type VARCHAR, rule_code VARCHAR);"
        "COMMENT ON TABLE core.rule_problem_type IS '规则归入工作总结“存在的问题”五类问题的对照（rules.toml [problem_types]）'"
    )
    if rows:
        con.executemany("INSERT INTO core.rule_problem_type VALUES (?, ?, ?)", rows)


# ---------------------------------------------------------------------------------------------------------
# the `jixiao audit` report

REPORT_COLUMNS = (
    ("rule_code", "规则"),
    ("severity", "严重程度"),
    ("stage", "环节"),
    ("fiscal_year", "年度"),
    ("department", "主管部门"),
    ("project_name", "项目名称"),
    ("message", "问题"),
    ("source", "来源（文件·工作表·行）"),
)
CSV_COLUMNS = (
    "rule_code",
    "rule_title",
    "severity",
    "stage",
    "fiscal_year",
    "region",
    "department",
    "project_name",
    "message",
    "source_file",
    "source_sheet",
    "source_row",
)
# a spreadsheet would run a cell starting with these as a formula (same set as dashboard.exports)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _audit_sql(name: str) -> str:
    return (SQL_DIR / "audit" / f"{name}.sql").read_text(encoding="utf-8")


def findings(con: duckdb.DuckDBPyConnection, year: int | None = None) -> list[dict]:
    cursor = con.cursor()
    try:
        rel = cursor.sql(queries.sql_text("audit_findings"), params={"year": year})
        names = rel.columns
        return [dict(zip(names, row, strict=True)) for row in rel.fetchall()]
    finally:
        cursor.close()


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _cell(row: dict, field: str) -> str:
    if field == "source":
        return f"{row['source_file']}·{row['source_sheet']}·第{row['source_row']}行"
    value = row.get(field)
    return "—" if value is None else str(value)


def format_table(rows: list[dict]) -> str:
    table = [[label for _, label in REPORT_COLUMNS]]
    table += [[_cell(r, field) for field, _ in REPORT_COLUMNS] for r in rows]
    widths = [max(_display_width(line[i]) for line in table) for i in range(len(REPORT_COLUMNS) - 1)]
    lines = []
    for line in table:
        cells = [line[i] + " " * (widths[i] - _display_width(line[i])) for i in range(len(widths))]
        lines.append("  ".join([*cells, line[-1]]).rstrip())
    counts: dict[str, int] = {}
    for r in rows:
        key = f"{r['rule_code']} {r['rule_title']}"
        counts[key] = counts.get(key, 0) + 1
    lines.append("")
    lines.append(f"合计：{len(rows)} 个问题，涉及 {len({r['department'] for r in rows})} 个主管部门")
    lines.extend(f"  {key}：{n}" for key, n in sorted(counts.items()))
    return "\n".join(lines)


def _safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def format_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in rows:
        writer.writerow([_safe(r.get(c)) for c in CSV_COLUMNS])
    return buffer.getvalue()
