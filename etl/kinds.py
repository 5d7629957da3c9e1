"""Which report a sheet is, decided by its title and header fields (etl/config/kinds.toml)."""

from __future__ import annotations

from etl import config
from etl.layout import Table


def detect(table: Table) -> dict | None:
    title = (table.title or "").replace(" ", "")
    fields = set(table.columns)
    for kind in config.kinds():
        if not all(word in title for word in kind.get("title_all", [])):
            continue
        if kind.get("title_any") and not any(word in title for word in kind["title_any"]):
            continue
        if any(word in title for word in kind.get("title_none", [])):
            continue
        if not set(kind.get("fields_all", [])) <= fields:
            continue
        if kind.get("fields_any") and not fields & set(kind["fields_any"]):
            continue
        if fields & set(kind.get("fields_none", [])):
            continue
        return kind
    return None


def label(name: str) -> str:
    return next((k["label"] for k in config.kinds() if k["name"] == name), name)
