"""Grade spellings → the four levels 优/良/中/差 (etl/config/grades.toml); the original text is kept."""

from __future__ import annotations

import re
from functools import cache

from etl import config
from etl.cells import clean_text, to_halfwidth

LEVELS = ("优", "良", "中", "差")
_NOISE = re.compile(r"[\s\u3000]|[(\[【（][^)\]】）]*[)\]】）]")
_SUFFIX = re.compile(r"(?<=.)[级等档]$")


@cache
def _spellings() -> dict[str, str]:
    table: dict[str, str] = {}
    for level, words in config.load("grades")["spellings"].items():
        for word in words:
            table[to_halfwidth(word).upper()] = level
    return table


def level_of(text: object) -> str | None:
    """'优秀' → '优', '不合格' → '差', 'B' → '良'; None for a blank cell or a spelling not known."""
    cleaned = clean_text(text)
    if cleaned is None:
        return None
    key = _NOISE.sub("", to_halfwidth(cleaned)).upper()
    spellings = _spellings()
    return spellings.get(key) or spellings.get(_SUFFIX.sub("", key))
