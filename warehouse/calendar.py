"""The work calendar (warehouse/config/regions.toml [calendar]): each stage's deadline, the checkpoint months,
the 对口科室 of departments and fund types, and the 整改期限. SQL sees them as cfg.calendar_stage, cfg.office
and cfg.ledger_setting (filled before every rebuild by `fill`)."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb

from warehouse import profiles

SOURCES = ("project_self_eval", "dept_self_eval", "evaluation", "monitoring", "performance_target")


class CalendarError(ValueError):
    """The calendar configuration is inconsistent; the message names the region and the entry."""


def calendars() -> dict[str, dict]:
    """Every configured calendar by region ('national' is the default for regions without their own)."""
    return profiles._regions().get("calendar", {})


def calendar_for(region: str | None) -> dict:
    configured = calendars()
    name = profiles.canonical_region(region)
    return configured.get(name, configured["national"])


def _due(region: str, entry: dict) -> tuple[int, int]:
    try:
        month, day = (int(part) for part in entry["due"].split("-"))
        date(2024, month, day)  # a leap year, so 02-29 is accepted
    except (KeyError, ValueError) as exc:
        raise CalendarError(
            f"工作日历 [{region}] 环节“{entry.get('stage')}”的截止日期应写作“月-日”，如 02-15"
        ) from exc
    return month, day


def stage_rows() -> list[tuple]:
    rows = []
    for region, calendar in calendars().items():
        for order, entry in enumerate(calendar["stages"], start=1):
            if entry["source"] not in SOURCES:
                raise CalendarError(
                    f"工作日历 [{region}] 环节“{entry['stage']}”的 source “{entry['source']}”不是 {'、'.join(SOURCES)} 之一"
                )
            month, day = _due(region, entry)
            rows.append(
                (
                    region,
                    entry["stage"],
                    entry["source"],
                    entry.get("scope"),
                    entry.get("period_end_month"),
                    entry["year_offset"],
                    month,
                    day,
                    bool(entry.get("projects_only", False)),
                    order,
                )
            )
    return rows


def office_rows() -> list[tuple]:
    rows = []
    for region, calendar in calendars().items():
        priority = 0
        for entry in calendar.get("offices", []):
            for kind in ("fund_type", "tag", "department"):
                values = entry.get(kind, [])
                for value in [values] if isinstance(values, str) else values:
                    priority += 1
                    rows.append((region, priority, entry["office"], kind, value))
    return rows


def setting_rows() -> list[tuple]:
    return [
        (
            region,
            calendar["rectify_days"],
            calendar["default_office"],
            profiles.region_profile(region)["evaluation_coverage_min"],
            calendar["key_evaluation_min_count"],
        )
        for region, calendar in calendars().items()
    ]


def scorecard() -> dict:
    return profiles._regions()["scorecard"]


def scorecard_rows() -> tuple[list[tuple], list[tuple]]:
    card = scorecard()
    weights = [(w["component"], w["label"], w["weight"]) for w in card["weights"]]
    params = [
        ("late_credit", card["late_credit"]),
        ("feedback_credit", card["feedback_credit"]),
        ("problem_cap", card["problem_cap"]),
        ("min_components", card["min_components"]),
        *((f"severity_{name}", value) for name, value in card["severity_weights"].items()),
    ]
    return weights, params


def default_due(region: str | None, issued: date) -> date:
    """整改期限: the issue date plus the region's configured number of days."""
    return issued + timedelta(days=calendar_for(region)["rectify_days"])


def fill(con: duckdb.DuckDBPyConnection) -> None:
    """Copy the calendar into cfg.* so the mart views and rules can use it."""
    weights, params = scorecard_rows()
    for table, rows in (
        ("cfg.scorecard_weight", weights),
        ("cfg.scorecard_param", params),
        ("cfg.calendar_stage", stage_rows()),
        ("cfg.office", office_rows()),
        ("cfg.ledger_setting", setting_rows()),
    ):
        con.execute(f"DELETE FROM {table}")
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            con.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
