"""Map the header labels departments write to canonical field names, by what they say.

The rules live in one table, etl/config/headers.toml (exact labels, period patterns, labels read and left
unused, stems by meaning with exclusions); this module normalises a label and applies them. A label two
fields claim equally is ambiguous and reported as such, never settled by order. Multi-row headers are
passed as "group/sub": the sub-label decides, unless it is generic ("得分") and the group qualifies it
("单位自评/得分" is the self-assessment score).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from etl.cells import detect_amount_unit, to_halfwidth

__all__ = [
    "HEADERS_TOML",
    "HeaderMatch",
    "HeaderVerdict",
    "classify_header",
    "field_labels",
    "generic_fields",
    "header_unit",
    "match_header",
    "normalise_label",
]

HEADERS_TOML = Path(__file__).parent / "config" / "headers.toml"

_WHITESPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
# bracketed decorations that carry a unit, a formula or a full score, never meaning:
# （万元） (元) (单位：万元) （%） （A） (B/A) (C=B/A) （分） (10分) (满分10分) (1)
_DECORATION = re.compile(
    r"[(\[【]"
    r"(?:(?:金额)?单位:?)?(?:人民币)?"
    r"(?:万元|元|亿元|%|‰|分|个|人|项|[\d.]+分|满分[\d.]+分?|权重[\d.]*%?|[A-Za-z0-9+\-*/=×÷.%]+)"
    r"[)\]】]"
)
_MARKS = re.compile(r"[*★☆※]")
_TRAILING = re.compile(r"[:;,.]+$")
_TRAILING_PERCENT = re.compile(r"(?<=[\u4e00-\u9fff])[%‰]$")


@lru_cache(maxsize=65536)  # forms repeat the same few hundred labels on every sheet
def _normalise_str(text: str) -> str:
    s = _WHITESPACE.sub("", to_halfwidth(text))
    s = _MARKS.sub("", s)
    previous = None
    while previous != s:  # decorations can be stacked: 执行率(B/A)(%)
        previous = s
        s = _DECORATION.sub("", s)
        s = _TRAILING.sub("", s)
        s = _TRAILING_PERCENT.sub("", s)
    return s


def normalise_label(text: object) -> str:
    """Comparable form of a header label: half-width, no whitespace or newlines, no unit decorations
    ("（万元）", "(元)", "（%）", "(B/A)", "（10分）"), no "*"/"★" marks and no trailing colon."""
    return "" if text is None else _normalise_str(str(text))


def header_unit(text: object) -> str | None:
    """The money unit a header states ("全年执行数（万元）" → "万元"), or None."""
    return detect_amount_unit(text)


@dataclass(frozen=True)
class HeaderMatch:
    field: str
    label: str  # the header text as it was passed in
    unit: str | None = None  # money unit stated in the header, "万元" / "元"
    period_month: int | None = None  # last month of a "1-N月" period column


@dataclass(frozen=True)
class HeaderVerdict:
    """What a header label means: a field, a known column left unused, an ambiguity, or nothing known."""

    label: str
    field: str | None = None
    unit: str | None = None
    period_month: int | None = None
    label_year: int | None = None  # "2024年全年预算数" → 2024
    ambiguous: tuple[str, ...] = ()  # fields tied on the label's meaning
    unused_reason: str | None = None  # a known column deliberately not loaded
    note: str | None = None  # why the label was not taken (another year, ambiguity)


@dataclass(frozen=True)
class _Rule:
    field: str
    stems: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]
    exclude_full: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class _Table:
    labels: dict[str, str]  # normalised label -> field
    unused: dict[str, str]  # normalised label -> reason it is not loaded
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    rules: tuple[_Rule, ...]
    generic: frozenset[str]
    scope_prefixes: tuple[str, ...]


def _compile(items: list[str] | str | None) -> tuple[re.Pattern[str], ...]:
    if not items:
        return ()
    return tuple(re.compile(x) for x in ([items] if isinstance(items, str) else items))


@cache
def _table() -> _Table:
    with HEADERS_TOML.open("rb") as f:
        raw = tomllib.load(f)
    labels: dict[str, str] = {}
    for field, synonyms in raw.get("fields", {}).items():
        for synonym in synonyms:
            key = normalise_label(synonym)
            if key in labels and labels[key] != field:
                raise ValueError(f"{HEADERS_TOML.name}: 表头“{synonym}”同时属于 {labels[key]} 和 {field}")
            labels[key] = field
    unused = {normalise_label(label): reason for label, reason in raw.get("unused", {}).items()}
    if clash := sorted(unused.keys() & labels.keys()):
        raise ValueError(f"{HEADERS_TOML.name}: 表头“{'、'.join(clash)}”既在 [fields] 又在 [unused]")
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for field, regexes in raw.get("patterns", {}).items():
        patterns.extend((field, p) for p in _compile(regexes))
    rules = tuple(
        _Rule(field, _compile(r.get("stems")), _compile(r.get("exclude")), _compile(r.get("exclude_full")))
        for field, r in raw.get("meaning", {}).items()
    )
    return _Table(
        labels,
        unused,
        tuple(patterns),
        rules,
        frozenset(raw.get("generic", {}).get("fields", [])),
        tuple(sorted(raw.get("normalise", {}).get("scope_prefixes", []), key=len, reverse=True)),
    )


def field_labels() -> dict[str, list[str]]:
    """Normalised exact labels per field, as loaded from headers.toml."""
    out: dict[str, list[str]] = {}
    for label, field in _table().labels.items():
        out.setdefault(field, []).append(label)
    return out


def generic_fields() -> frozenset[str]:
    """Fields whose usual labels ("得分", "执行数") a group label above may make more specific."""
    return _table().generic


def meaning_fields() -> list[str]:
    """Every field a header can map to."""
    table = _table()
    return sorted({*table.labels.values(), *(r.field for r in table.rules), *(f for f, _ in table.patterns)})


def _split_levels(label: str) -> list[str]:
    """Split "group/sub" on slashes outside brackets (a formula like "(B/A)" stays whole)."""
    parts, depth, current = [], 0, []
    for char in label:
        if char in "([【":
            depth += 1
        elif char in ")]】" and depth:
            depth -= 1
        if char == "/" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


_LEADING_YEAR = re.compile(r"^(20\d{2})年(?:度)?(?=.)")
_BRACKETED = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]")


def _strip_brackets(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _BRACKETED.sub("", text)
    return text


@dataclass(frozen=True)
class _Found:
    field: str | None
    month: int | None = None
    ambiguous: tuple[str, ...] = ()
    unused_reason: str | None = None


def _excluded_in_full(field: str, full: str) -> bool:
    """A bracketed remark can change a label's meaning: "得分(20分*执行率)" is not the total score."""
    return any(p.search(full) for r in _table().rules if r.field == field for p in r.exclude_full)


def _by_stems(text: str, full: str) -> _Found | None:
    best: dict[str, int] = {}
    for rule in _table().rules:
        if any(p.search(text) for p in rule.exclude) or any(p.search(full) for p in rule.exclude_full):
            continue
        hit = max((m.end() - m.start() for p in rule.stems if (m := p.search(text))), default=0)
        if hit:
            best[rule.field] = max(hit, best.get(rule.field, 0))
    if not best:
        return None
    top = max(best.values())
    fields = tuple(sorted(f for f, score in best.items() if score == top))
    return _Found(fields[0]) if len(fields) == 1 else _Found(None, ambiguous=fields)


@lru_cache(maxsize=65536)  # lists repeat the same labels on every sheet and header candidate
def _lookup(label: str) -> tuple[_Found | None, int | None]:
    """(what one header level means, the year it is prefixed with)."""
    key = normalise_label(label)
    year = None
    if match := _LEADING_YEAR.match(key):
        year, key = int(match.group(1)), key[match.end() :]
    if not key:
        return None, year
    table = _table()
    core = _strip_brackets(key) or key
    keys = [key, core]
    keys += [
        k[len(p) :] for k in (key, core) for p in table.scope_prefixes if k.startswith(p) and len(k) > len(p)
    ]
    for k in keys:
        if k in table.labels and not _excluded_in_full(table.labels[k], key):
            return _Found(table.labels[k]), year
        if k in table.unused:
            return _Found(None, unused_reason=table.unused[k]), year
    for field, pattern in table.patterns:
        for k in (key, core):
            match = pattern.fullmatch(k)
            if match is None:
                continue
            month = int(match.group("end")) if "end" in pattern.groupindex else None
            if month is not None and not 1 <= month <= 12:
                continue
            return _Found(field, month), year
    return (_by_stems(core, key) or (_by_stems(key, key) if core != key else None)), year


def _decides(found: _Found | None) -> bool:
    return found is not None and (found.field is not None or found.unused_reason is not None)


def classify_header(text: object, year: int | None = None) -> HeaderVerdict:
    """What a header label means. `year` is the table's year when known: a label prefixed with another
    year ("2020年实际执行数" in a 2022 table) is left unused."""
    if text.__class__ is str:
        return _classify_label(text, year)
    return _classify_header(text, year)


@lru_cache(maxsize=65536)  # every candidate header row of every sheet asks again of the same labels
def _classify_label(text: str, year: int | None) -> HeaderVerdict:
    return _classify_header(text, year)


def _classify_header(text: object, year: int | None) -> HeaderVerdict:
    if text is None:
        return HeaderVerdict("")
    original = str(text)
    levels = _split_levels(to_halfwidth(original)) or [original]
    unit = next((u for u in map(header_unit, reversed(levels)) if u), None)
    sub, groups = levels[-1], levels[:-1]
    found, label_year = _lookup(sub)
    ambiguous = found.ambiguous if found else ()
    if groups and (not _decides(found) or found.field in _table().generic):
        # the nearest group first: "项目资金情况/单位自评/得分" is read as 单位自评得分
        for depth in range(2, len(levels) + 1):
            joined, joined_year = _lookup("".join(levels[-depth:]))
            group_alone, _ = _lookup("".join(levels[-depth:-1]))
            # the group qualifies the sub-label only when it does not already mean that field by itself
            # ("填报单位：…/执行率" is not a unit column)
            if (
                _decides(joined)
                and joined.field != (found.field if found else None)
                and (group_alone is None or group_alone.field != joined.field)
            ):
                found, label_year = joined, label_year or joined_year
                break
    if groups:
        for group in reversed(groups):
            if _decides(found):
                break
            found, label_year = _lookup(group)
            ambiguous = ambiguous or (found.ambiguous if found else ())
    if found is None or not _decides(found):
        note = f"表头含义不明：可能是 {' 或 '.join(ambiguous)}" if ambiguous else None
        return HeaderVerdict(original, unit=unit, label_year=label_year, ambiguous=ambiguous, note=note)
    if found.unused_reason:
        return HeaderVerdict(original, unit=unit, label_year=label_year, unused_reason=found.unused_reason)
    if label_year is not None and year is not None and label_year != year:
        note = f"表头所写年度 {label_year} 与表格年度 {year} 不同，未加载"
        return HeaderVerdict(original, unit=unit, label_year=label_year, note=note)
    return HeaderVerdict(original, found.field, unit, found.month, label_year)


def match_header(text: object, year: int | None = None) -> HeaderMatch | None:
    """The canonical field for a header label, or None when the label is unknown, ambiguous or unused."""
    verdict = classify_header(text, year)
    if verdict.field is None:
        return None
    return HeaderMatch(
        field=verdict.field, label=verdict.label, unit=verdict.unit, period_month=verdict.period_month
    )
