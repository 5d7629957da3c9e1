"""Chinese number formatting: amounts in 万元 (亿元 for large sums), rates as percentages, scores."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

YI = Decimal(10000)  # 1 亿元 = 10000 万元


def _quantize(value: Decimal | float, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def wan(value: Decimal | float | None, places: int = 2) -> str:
    """145683.48 → '145,683.48 万元'."""
    if value is None:
        return "—"
    return f"{_quantize(value, places):,} 万元"


def wan_or_yi(value: Decimal | float | None) -> str:
    """Sums from 10,000 万元 up read in 亿元 (cards and prose): 145683.48 万元 → '14.57 亿元'."""
    if value is None:
        return "—"
    if abs(Decimal(str(value))) >= YI:
        return f"{_quantize(Decimal(str(value)) / YI, 2):,} 亿元"
    return wan(value)


def percent(rate: Decimal | float | None, places: int = 2) -> str:
    """A fraction as a percentage: 0.98051 → '98.05%'."""
    if rate is None:
        return "—"
    return f"{_quantize(Decimal(str(rate)) * 100, places)}%"


def score(value: Decimal | float | None) -> str:
    """Scores with two decimals everywhere — cards, tables, tooltips and files alike (94.5 → '94.50')."""
    if value is None:
        return "—"
    return f"{_quantize(value, 2)}"


def limit(value: Decimal | float) -> str:
    """A configured band limit as written (90, 72.5), not a measured score."""
    text = f"{_quantize(value, 2)}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def count(value: int | None, unit: str = "个") -> str:
    return "—" if value is None else f"{value:,} {unit}"


def amount(value: Decimal | float | None, places: int = 2) -> str:
    """A sum in 万元 without its unit (the label carries it): 145683.48 → '145,683.48'."""
    return "—" if value is None else f"{_quantize(value, places):,}"


def band(lower: Decimal | float, upper: Decimal | float | None) -> str:
    """A grade's score range, lower bound inclusive: '80（含）–90 分'."""
    low = limit(lower)
    if upper is None:
        return f"{low} 分（含）以上"
    if Decimal(str(lower)) == 0:
        return f"{limit(upper)} 分以下"
    return f"{low}（含）–{limit(upper)} 分"


def signed(value: Decimal | float, places: int = 2) -> str:
    """A difference with its sign and thousands separators: 1234.5 → '+1,234.50'."""
    return f"{_quantize(value, places):+,}"
