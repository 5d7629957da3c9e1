"""Charts are drawn from our own specs without plotly's validation (dashboard.ui.chart): that is only safe if
every spec is already in plotly.js's own spelling, i.e. validating it would change nothing. Every page with
charts is opened on a warehouse with all stages filled and each chart it sends is checked."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from stagedata import stage_db_fixture  # noqa: F401  (session fixture)
from streamlit.testing.v1 import AppTest

from dashboard import theme
from warehouse import paths

APP = str(paths.APP)
CHART_PAGES = [
    "overview",
    "execution",
    "scores",
    "targets",
    "evaluations",
    "problems",
]


@pytest.fixture(scope="module")
def drawn(stage_db) -> dict[str, list[dict]]:
    """The chart specs each page sends to the browser, as the browser receives them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JIXIAO_DB", str(stage_db))
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["wy"] = "2022"
        at.run()
        charts = {}
        for page in CHART_PAGES:
            at.switch_page(f"app_pages/{page}.py").run()
            assert not at.exception, [e.message for e in at.exception]
            charts[page] = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
        return charts


@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_is_sent_as_plotly_would_validate_it(drawn, page):
    assert drawn[page], f"{page} drew no chart"
    for spec in drawn[page]:
        validated = json.loads(pio.to_json(go.Figure(spec)))
        assert validated == spec


@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_carries_the_streamlit_theme_template(drawn, page):
    template = json.loads(pio.to_json(go.Figure()))["layout"]["template"]
    assert all(spec["layout"]["template"] == template for spec in drawn[page])


def test_layout_shorthands_are_spelled_out():
    layout = theme.chart_layout(
        title="标题",
        xaxis={"range": [0, 100]},
        xaxis_title="总分",
        yaxis=theme.count_axis([3], title="项目数"),
    )
    assert layout["title"] == {"text": "标题"}
    assert layout["xaxis"] == {"range": [0, 100], "title": {"text": "总分"}}
    assert layout["yaxis"]["title"] == {"text": "项目数"}
    assert not [key for key in layout if "_" in key]
