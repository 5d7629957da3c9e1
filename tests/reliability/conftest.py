"""The fault suite writes its logs, uploads and jobs under a temporary data home, never the checkout's."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_HOME", str(tmp_path / "home"))
