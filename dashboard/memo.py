"""Bounded in-process memory for what every rerun would otherwise rebuild: query results, chart specs,
display tables.

`st.cache_data` hands out a pickled copy of its value on every hit, which for a page of query results and
charts costs more CPU than drawing them. Results here are shared as they are, so callers must treat them
as read-only (polars frames are; chart specs are plain dicts that Streamlit only serialises). Every entry
is keyed by what changes its answer (the warehouse version is part of every query key) and the least
recently used entries go first.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import polars as pl


class Memo:
    """A thread-safe LRU map; `get(key, build)` builds outside the lock, so a slow build never blocks
    other sessions' hits (two sessions missing the same key at once may both build it: harmless)."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = build()
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._entries

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def digest(*values: object) -> str:
    """A content key for chart and table inputs: frames by their schema and rows, other values by repr."""
    h = hashlib.blake2b(digest_size=16)
    for value in values:
        if isinstance(value, pl.DataFrame):
            h.update(repr(value.schema).encode())
            h.update(str(value.height).encode())
            if value.height:
                h.update(value.hash_rows(seed=0).to_numpy().tobytes())
        else:
            h.update(repr(value).encode())
        h.update(b"\x1f")
    return h.hexdigest()
