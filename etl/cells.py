"""Cell-level normalisation for hand-made department workbooks.

Every function is pure and accepts whatever a reader hands over: ``None``, ``str``, ``int``, ``float``,
``Decimal``, ``bool`` or date/time objects. Money and rates come back as exact ``Decimal`` (never float),
so 145683.48 stays 145683.48 all the way to the warehouse.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from etl import config

__all__ = [
    "PLACEHOLDERS",
    "CellError",
    "IndicatorValue",
    "clean_text",
    "detect_amount_unit",
    "is_blank",
    "normalise_name",
    "parse_decimal",
    "parse_indicator_target",
    "parse_rate",
    "rate_scale_for_column",
    "split_code_prefix",
    "to_halfwidth",
    "wan_from",
]


class CellError(ValueError):
    """A cell that has a value but cannot be read as what the column needs.

    ``reason`` is a Chinese sentence meant for the department that filled the form; ``str(e) == reason``.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


# Texts departments type to mean "nothing here". Compared after removing every kind of whitespace;
# latin ones case-insensitively. Runs made only of dashes / slashes / stars / dots are placeholders too
# (e.g. "——/——", "-/-"), see _PLACEHOLDER_RUN.
PLACEHOLDERS: frozenset[str] = frozenset(
    {
        "",
        "-",
        "--",
        "---",
        "－",
        "－－",
        "—",
        "——",
        "———",
        "–",
        "―",
        "/",
        "//",
        "／",
        "\\",
        "*",
        "**",
        "＊",
        "…",
        "……",
        "...",
        "。。。",
        "——/——",
        "-/-",
        "无",
        "空",
        "N/A",
        "NA",
        "#N/A",
        "#DIV/0!",
        "NULL",
        "NONE",
        "NAN",
    }
)
_PLACEHOLDER_RUN = re.compile(r"[-－—–―‐‑/／\\*＊…·.。]+")

# Whitespace Python's \s misses but Excel users paste anyway (zero-width space, BOM, word joiner).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_WS = re.compile(r"\s+")

_FULLWIDTH_MAP = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH_MAP[0x3000] = 0x20  # ideographic space
_FULLWIDTH_MAP[0x2212] = ord("-")  # minus sign
_FULLWIDTH_MAP[0xFFE5] = ord("¥")  # full-width yen/yuan sign


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII (U+FF01–U+FF5E) to half-width and U+3000 to a space.

    One character in, one character out, so indexes into the result are valid in the input.
    """
    return text.translate(_FULLWIDTH_MAP)


def _squash(text: str) -> str:
    """Remove every whitespace kind, including U+3000, U+00A0 and zero-width characters."""
    return _WS.sub("", _INVISIBLE.sub("", text))


@functools.lru_cache(maxsize=65536)  # asked of the same few texts in every row and label scan
def _is_placeholder_text(text: str) -> bool:
    squashed = _squash(text)
    if squashed.upper() in PLACEHOLDERS:
        return True
    half = to_halfwidth(squashed)
    return half.upper() in PLACEHOLDERS or _PLACEHOLDER_RUN.fullmatch(half) is not None


def is_blank(value: object) -> bool:
    """True for ``None`` and placeholder texts such as "——", "/", "无"; numbers are never blank."""
    if value is None:
        return True
    if isinstance(value, str):
        return _is_placeholder_text(value)
    return False


@functools.lru_cache(maxsize=65536)
def _clean_str(text: str) -> str | None:
    # workbooks repeat the same labels and names thousands of times: clean each distinct text once
    text = _WS.sub(" ", _INVISIBLE.sub("", text)).strip()
    return None if _is_placeholder_text(text) else text


def clean_text(value: object) -> str | None:
    """Text of a cell with whitespace runs collapsed to one space; ``None`` for blank cells.

    Integral floats print without ".0" (a year read as 2021.0 becomes "2021").
    """
    if value is None:
        return None
    kind = value.__class__
    if kind is str:
        return _clean_str(value)
    if kind is float or kind is int:
        # amounts and counts repeat from row to row as much as labels do
        return _clean_number(value)
    return _clean_value(value)


@functools.lru_cache(maxsize=65536, typed=True)  # typed: 1 and 1.0 are distinct keys
def _clean_number(value: int | float) -> str | None:
    return _clean_value(value)


def _clean_value(value: object) -> str | None:
    if isinstance(value, str):
        return _clean_str(value)
    if isinstance(value, bool):
        text = "是" if value else "否"
    elif isinstance(value, float):
        if math.isnan(value):
            return None
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, Decimal):
        text = format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    text = _WS.sub(" ", _INVISIBLE.sub("", text)).strip()
    if _is_placeholder_text(text):
        return None
    return text


# ---------------------------------------------------------------------------------------------------------
# numbers

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# thousands separators: first group 1–4 digits, later groups 3 or 4 (万-grouping also occurs)
_GROUPED = re.compile(r"[+-]?\d{1,4}(?:[, ]\d{3,4})+(?:\.\d+)?")
_TRAILING_MONEY_UNIT = re.compile(r"(?:人民币)?(?:万元|元|分)$")
_CURRENCY_SIGN = re.compile(r"^(?:[+-])?[¥￥]")


@functools.cache
def _number_limits() -> tuple[Decimal, int, Decimal]:
    """(largest absolute number, most significant digits in a text number, largest rate as a fraction)."""
    limits = config.load("limits")
    return Decimal(limits["max_number"]), int(limits["max_number_digits"]), Decimal(limits["max_rate"])


def _within_range(number: Decimal, original: object, what: str) -> Decimal:
    """Refuse a number no form can mean (1e13, 1e308, "1e309") before it reaches a typed column."""
    limit = _number_limits()[0]
    if abs(number) > limit:
        raise CellError(f"{what}超出合理范围：“{original}”（绝对值不得超过 {limit:,.0f}）")
    return number


def _reject_type(value: object, what: str) -> CellError:
    return CellError(f"无法识别的{what}：“{value}”（类型 {type(value).__name__}）")


def _decimal_from_number(value: object, original: object, what: str = "数字") -> Decimal | None:
    """Numbers that are already numbers; ``None`` when value is text."""
    if isinstance(value, bool):
        raise _reject_type(original, what)
    if isinstance(value, int):
        return _within_range(Decimal(value), original, what)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CellError(f"无法识别的{what}：“{value}”")
        # repr is the shortest round-trip text, so 145683.48 stays 145683.48 (not 145683.4799999…)
        return _within_range(Decimal(repr(value)), original, what)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise CellError(f"无法识别的{what}：“{value}”")
        return _within_range(value, original, what)
    if isinstance(value, str):
        return None
    raise _reject_type(original, what)


def _decimal_from_text(text: str, original: object) -> Decimal:
    """Parse a non-placeholder text number; raises CellError quoting the original."""
    bad = CellError(f"无法识别的数字：“{original}”")
    s = to_halfwidth(text)
    s = _WS.sub(" ", _INVISIBLE.sub("", s)).strip()
    if "%" in s or "‰" in s:
        raise CellError(f"数字中不应带百分号：“{original}”")
    # "(1,234.00)" is the accountants' negative
    negative = False
    if len(s) >= 2 and s[0] == "(" and s[-1] == ")":
        negative = True
        s = s[1:-1].strip()
    s = _TRAILING_MONEY_UNIT.sub("", s).strip()
    if _CURRENCY_SIGN.match(s):
        s = s.replace("¥", "").replace("￥", "").strip()
    # a Chinese full stop typed between digits is a decimal point
    s = re.sub(r"(?<=\d)。(?=\d)", ".", s)
    s = re.sub(r"^([+-])\s+", r"\1", s)
    if "," in s or " " in s:
        if not _GROUPED.fullmatch(s):
            raise bad
        s = s.replace(",", "").replace(" ", "")
    if not _NUMBER.fullmatch(s):
        raise bad
    if sum(ch.isdigit() for ch in s.split("e")[0].split("E")[0]) > _number_limits()[1]:
        raise CellError(f"数字位数过多：“{original}”")
    try:
        number = Decimal(s)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid literals
        raise bad from None
    if negative:
        if number < 0:
            raise bad
        number = -number
    return _within_range(number, original, "数字")


def parse_decimal(value: object) -> Decimal | None:
    """Exact decimal of a numeric cell, ``None`` for blank / placeholder cells.

    Text may use full-width digits, thousands separators (",", "，", spaces), a leading sign, an
    accountants' negative "(1,234.00)", a currency sign and a trailing money unit ("万元", "元", "分")
    which is dropped: the caller decides the unit (see ``detect_amount_unit``/``wan_from``).
    A "%" is refused: rates go through ``parse_rate``.
    """
    kind = value.__class__
    if (kind is float or kind is int) and value:
        # the same amounts recur across rows and files; 0.0 and -0.0 are equal keys, so zero is read afresh
        return _decimal_of_number(value)
    if is_blank(value):
        return None
    number = _decimal_from_number(value, value)
    if number is not None:
        return number
    assert isinstance(value, str)
    return _decimal_from_text(value, value)


@functools.lru_cache(maxsize=65536, typed=True)  # typed: 1 and 1.0 are distinct keys
def _decimal_of_number(value: int | float) -> Decimal | None:
    return _decimal_from_number(value, value)


# ---------------------------------------------------------------------------------------------------------
# rates

_PERCENT_TEXT = re.compile(r"(.*?)%")
_FRACTION_TEXT = re.compile(r"([+-]?\d+(?:\.\d+)?)/(\d+(?:\.\d+)?)")
_FRACTION_LIMIT = Decimal("1.5")


def _scale_bare_rate(number: Decimal, numeric_is_fraction: bool | None) -> Decimal:
    if numeric_is_fraction is None:
        numeric_is_fraction = abs(number) <= _FRACTION_LIMIT
    return number if numeric_is_fraction else number.scaleb(-2)


def parse_rate(value: object, *, numeric_is_fraction: bool | None = None) -> Decimal | None:
    """A rate as a FRACTION: "98.05%" → 0.9805, "3/4" → 0.75; ``None`` for blank cells.

    Bare numbers are ambiguous (98.05 or 0.9805 both mean 98.05%). ``numeric_is_fraction`` says how to
    read them: True = already a fraction, False = percent points. Left as None a per-cell guess is
    made (|x| <= 1.5 is a fraction), which misreads e.g. a 1.2% rate; prefer deciding once per column
    with ``rate_scale_for_column`` and passing the result here.
    """
    if is_blank(value):
        return None
    return _rate_within_range(_parse_rate(value, numeric_is_fraction), value)


def _rate_within_range(rate: Decimal, original: object) -> Decimal:
    limit = _number_limits()[2]
    if abs(rate) > limit:
        raise CellError(f"比率超出合理范围：“{original}”（不得超过 {limit * 100:,.0f}%）")
    return rate


def _parse_rate(value: object, numeric_is_fraction: bool | None) -> Decimal:
    number = _decimal_from_number(value, value, "比率")
    if number is not None:
        return _scale_bare_rate(number, numeric_is_fraction)
    assert isinstance(value, str)
    s = _squash(to_halfwidth(value))
    percent = _PERCENT_TEXT.fullmatch(s)
    if percent:
        body = percent.group(1)
        if is_blank(body):
            raise CellError(f"无法识别的比率：“{value}”")
        try:
            return _decimal_from_text(body, value).scaleb(-2)
        except CellError as exc:
            if "超出" in exc.reason or "位数" in exc.reason:
                raise
            raise CellError(f"无法识别的比率：“{value}”") from None
    fraction = _FRACTION_TEXT.fullmatch(s)
    if fraction:
        numerator = _within_range(Decimal(fraction.group(1)), value, "比率")
        denominator = _within_range(Decimal(fraction.group(2)), value, "比率")
        if denominator == 0:
            raise CellError(f"比率的分母为零：“{value}”")
        return numerator / denominator
    try:
        number = _decimal_from_text(s, value)
    except CellError as exc:
        if "超出" in exc.reason or "位数" in exc.reason:
            raise
        raise CellError(f"无法识别的比率：“{value}”") from None
    return _scale_bare_rate(number, numeric_is_fraction)


def rate_scale_for_column(values: Iterable[object]) -> bool | None:
    """Decide for a whole rate column whether its bare numbers are fractions (True) or percents (False).

    Only bare non-zero numbers count (texts with "%" and "a/b" fractions carry their own scale; unreadable
    cells are skipped). The column follows its clear majority (at least 80% of the numbers), so a column of
    fractions keeps its scale even when a few projects spent several times their budget (5.85 = 585%);
    ``None`` when nothing decides (no numbers, a mixed column, or only values in [1, 1.5] such as all 1).
    """
    fractions = percents = 0
    seen_below_one = False
    for value in values:
        if is_blank(value):
            continue
        if isinstance(value, str):
            s = _squash(to_halfwidth(value))
            if "%" in s or _FRACTION_TEXT.fullmatch(s):
                continue
        try:
            number = parse_decimal(value)
        except CellError:
            continue
        if not number:
            continue
        if abs(number) > _FRACTION_LIMIT:
            percents += 1
        else:
            fractions += 1
            seen_below_one = seen_below_one or abs(number) < 1
    decided = fractions + percents
    if decided and percents >= 0.8 * decided:
        return False
    if decided and fractions >= 0.8 * decided and seen_below_one:
        return True
    return None


# ---------------------------------------------------------------------------------------------------------
# names and codes

_CODE = r"\d+(?:[A-Z]\d+)?"
_BRACKETED_CODE = re.compile(rf"[\[【(〔]\s*(?P<code>{_CODE})\s*[\]】)〕]\s*(?P<name>.+)")
_SEPARATED_CODE = re.compile(rf"(?P<code>{_CODE})(?:\s*[-－—–_＿]+\s*|\s+)(?P<name>.+)")
# what follows a number when the "code" is really a quantity or a date: "2021 年", "2021-2023年"
_NOT_A_NAME_START = re.compile(r"[年月日号元万亿个项人次吨亩米%]")
_YEAR = re.compile(r"(?:19|20)\d\d")


def split_code_prefix(text: object) -> tuple[str | None, str]:
    """Split a budget-code prefix from an org / project name.

    "219001-沙湾市教育局" → ("219001", "沙湾市教育局"); also "[219001]…", "【219001】…", "219001 …",
    "219001－…" and codes like "51000021R000000019951-…". A code is at least 3 characters of digits
    (optionally one capital letter inside) followed by a separator or closing bracket, so
    "2021年义务教育营养改善计划" and "G217线维修" stay whole. Returns (None, name) when there is no code
    and (None, "") for a blank cell.
    """
    cleaned = clean_text(text)
    if cleaned is None:
        return None, ""
    half = to_halfwidth(cleaned)
    match = _BRACKETED_CODE.fullmatch(half) or _SEPARATED_CODE.fullmatch(half)
    if match:
        code = match.group("code")
        name_start = match.start("name")
        rest = half[name_start:]
        looks_like_code = (
            len(code) >= 3
            and not _NOT_A_NAME_START.match(rest)
            and not (_YEAR.fullmatch(code) and rest[:1].isdigit())
            and not rest.replace(" ", "").isdigit()
        )
        if looks_like_code:
            # slice the original text: to_halfwidth keeps positions, and the name keeps its own characters
            name = clean_text(cleaned[name_start:])
            if name:
                return code, name
    return None, cleaned


def normalise_name(value: object) -> str | None:
    """Canonical org / project name: cleaned, code prefix removed, no internal spaces."""
    if value.__class__ is str:
        return _normalise_name_text(value)
    _code, name = split_code_prefix(value)
    name = _squash(name)
    return name or None


@functools.lru_cache(maxsize=65536)  # every row of a list names its department again
def _normalise_name_text(value: str) -> str | None:
    _code, name = split_code_prefix(value)
    return _squash(name) or None


# ---------------------------------------------------------------------------------------------------------
# money units

_UNIT_STATEMENT = re.compile(r"单位:?(?:人民币)?(?P<unit>万元|元)")
_UNIT_IN_BRACKETS = re.compile(r"[(\[【](?:人民币)?(?P<unit>万元|元)[)\]】]")
_WAN = Decimal(10000)


def detect_amount_unit(text: object) -> str | None:
    """'万元' or '元' when the text states a money unit ("单位：元", "金额单位：万元", "预算数（元）",
    "(万元)", "单位：人民币元"); ``None`` otherwise (including "单位：个")."""
    if text is None:
        return None
    s = _squash(to_halfwidth(str(text)))
    # 万元 is listed before 元 in both patterns so "万元" is never read as "元"
    match = _UNIT_STATEMENT.search(s) or _UNIT_IN_BRACKETS.search(s)
    return match.group("unit") if match else None


def wan_from(amount: Decimal, unit: str) -> Decimal:
    """Amount in 万元 (the warehouse unit): '元' divides by 10000 exactly, '万元' is unchanged."""
    if unit == "万元":
        return amount
    if unit == "元":
        return amount.scaleb(-4)
    raise CellError(f"未知的金额单位：“{unit}”")


# ---------------------------------------------------------------------------------------------------------
# performance indicator targets

_OPERATOR_WORDS: dict[str, str] = {
    "≥": "≥",
    ">=": "≥",
    "=>": "≥",
    "≧": "≥",
    "⩾": "≥",
    "大于等于": "≥",
    "大于或等于": "≥",
    "不少于": "≥",
    "不低于": "≥",
    "不小于": "≥",
    "达到": "≥",
    "≤": "≤",
    "<=": "≤",
    "=<": "≤",
    "≦": "≤",
    "⩽": "≤",
    "小于等于": "≤",
    "小于或等于": "≤",
    "不高于": "≤",
    "不超过": "≤",
    "不多于": "≤",
    "不大于": "≤",
    "=": "=",
    "等于": "=",
    ">": ">",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "<": "<",
    "小于": "<",
    "低于": "<",
}
# longest first, so "大于等于" wins over "大于" and ">=" over ">"
_OPERATOR_PREFIX = re.compile(
    "(?:" + "|".join(re.escape(w) for w in sorted(_OPERATOR_WORDS, key=len, reverse=True)) + ")"
)
_SUFFIX_OPERATORS = (
    ("及以上", "≥"),
    ("(含)以上", "≥"),
    ("以上", "≥"),
    ("及以下", "≤"),
    ("(含)以下", "≤"),
    ("以下", "≤"),
    ("以内", "≤"),
    ("之内", "≤"),
    ("内", "≤"),
    ("之前", "≤"),
    ("以前", "≤"),
    ("前", "≤"),
)
_QUANTITY = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_STRICT_TARGET = re.compile(rf"(?P<op>{_OPERATOR_PREFIX.pattern})?(?P<num>{_QUANTITY})(?P<rest>.*)")
_LOOSE_TARGET = re.compile(
    rf"(?P<op>{_OPERATOR_PREFIX.pattern})?(?P<num>{_QUANTITY})(?P<unit>%|‰|[\u4e00-\u9fffA-Za-z/²³·]{{1,8}})?"
)
_TIME_TARGET = re.compile(
    r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?:份)?(?:(?P<day>\d{1,2})[日号])?(?:底|末)?"
    r"(?:之前|以前|前|内)?[^\d]{0,12}"
)
_YEAR_END_TARGET = re.compile(r"(?:\d{4})?(?:年底|年末)(?:之前|以前|前)?[^\d]{0,12}")
_LOOSE_STOPS: dict[str, str | None] = {
    "及以上": "≥",
    "以上": "≥",
    "及以下": "≤",
    "以下": "≤",
    "以内": "≤",
    "之内": "≤",
    "之前": "≤",
    "以前": "≤",
    "左右": None,
}
_QUALITATIVE_KIND = {"定量", "定性"}
_TRAILING_NOISE = ("左右", "(含)", "完成")


@dataclass(frozen=True)
class IndicatorValue:
    """A performance indicator's target or actual value, e.g. "≥500人" → (≥, 500, 人, quantified)."""

    operator: str | None  # one of ≥ ≤ = > <
    value: Decimal | None
    unit: str | None
    is_quantified: bool
    text: str  # the cleaned original text, "" for a blank cell


def _normalise_operator(value: object) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    s = _squash(to_halfwidth(text))
    if s in _QUALITATIVE_KIND:
        return None
    return _OPERATOR_WORDS.get(s)


def _split_unit_and_suffix(rest: str) -> tuple[str | None, str | None]:
    """'人次以上' → ('人次', '≥'); '%' → ('%', None)."""
    operator = None
    changed = True
    while changed:
        changed = False
        for noise in _TRAILING_NOISE:
            if rest.endswith(noise):
                rest, changed = rest[: -len(noise)], True
        for word, op in _SUFFIX_OPERATORS:
            if rest.endswith(word):
                rest, operator, changed = rest[: -len(word)], operator or op, True
                break
    return (rest or None), operator


def _cut_loose_unit(run: str, tail: str) -> tuple[str | None, str | None]:
    """Unit of a number found inside a sentence: cut the letter run at the first suffix word."""
    operator = None
    for index in range(len(run) + 1):
        here = run[index:] + tail
        word = next((w for w in _LOOSE_STOPS if here.startswith(w)), None)
        if word is not None:
            run, operator = run[:index], _LOOSE_STOPS[word]
            break
    # a unit is short; longer runs are the sentence carrying on ("万元用于…")
    return (run[:4] or None), operator


def _quantity(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def parse_indicator_target(text: object, operator: object = None, unit: object = None) -> IndicatorValue:
    """Read an indicator value such as "≥500人", "不低于95%", "≤120万元", "12月底前" or "有效改善".

    ``operator`` and ``unit`` are the separate 指标性质 / 度量单位 cells some provinces use
    ("≥", "=", "定量", "定性"; "人", "%"); an operator or unit written in the text itself wins.
    Time targets ("12月底前", "2022年12月31日前") become (≤, month, "月"). Texts without a number
    are qualitative: value None, is_quantified False.
    """
    cleaned = clean_text(text)
    if cleaned is None:
        return IndicatorValue(None, None, None, False, "")
    return _read_target(cleaned, clean_text(operator), clean_text(unit))


@functools.lru_cache(maxsize=65536)  # every project of a county states the same few targets
def _read_target(cleaned: str, operator: str | None, cell_unit: str | None) -> IndicatorValue:
    """The value of a cleaned target text, beside its cleaned 指标性质 and 度量单位 cells."""
    cell_operator = _normalise_operator(operator)
    s = _squash(to_halfwidth(cleaned))

    def result(op: str | None, value: Decimal, found_unit: str | None) -> IndicatorValue:
        return IndicatorValue(op or cell_operator, value, found_unit or cell_unit, True, cleaned)

    # operator written in front of a time target: "≤12月底前"
    prefix = _OPERATOR_PREFIX.match(s)
    time_text = s[prefix.end() :] if prefix else s
    prefix_op = _OPERATOR_WORDS[prefix.group(0)] if prefix else None
    time_match = _TIME_TARGET.fullmatch(time_text)
    if time_match and 1 <= int(time_match.group("month")) <= 12:
        return IndicatorValue(
            prefix_op or cell_operator or "≤", Decimal(int(time_match.group("month"))), "月", True, cleaned
        )
    if _YEAR_END_TARGET.fullmatch(time_text):
        return IndicatorValue(prefix_op or cell_operator or "≤", Decimal(12), "月", True, cleaned)

    strict = _STRICT_TARGET.fullmatch(s)
    if strict:
        found_unit, suffix_op = _split_unit_and_suffix(strict.group("rest"))
        if found_unit is None or (len(found_unit) <= 8 and not re.search(r"[\d,;，；。]", found_unit)):
            op = _OPERATOR_WORDS[strict.group("op")] if strict.group("op") else suffix_op
            return result(op, _quantity(strict.group("num")), found_unit)

    # a number inside a sentence: "覆盖率达到95%以上", "完成培训≥500人次"
    loose = _LOOSE_TARGET.search(s)
    if loose:
        found_unit, suffix_op = _cut_loose_unit(loose.group("unit") or "", s[loose.end() :])
        op = _OPERATOR_WORDS[loose.group("op")] if loose.group("op") else suffix_op
        return result(op, _quantity(loose.group("num")), found_unit)

    return IndicatorValue(None, None, cell_unit, False, cleaned)
