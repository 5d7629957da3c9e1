"""The dashboard's server process imports what the pages need before Streamlit takes over, so the first
visitor does not wait for those imports (dashboard/server.py, what `jixiao serve` runs)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from warehouse.paths import CHECKOUT

# Streamlit's command line, stood in for: it reports which libraries are already imported when it starts.
PROBE = textwrap.dedent(
    """
    import sys
    import streamlit.web.cli as cli

    def started(**_):
        print(",".join(sorted(m for m in ("pandas", "pyarrow", "polars", "duckdb") if m in sys.modules)))

    cli.main = started
    from dashboard import server
    server.main()
    """
)


def test_pandas_and_the_query_libraries_are_imported_before_streamlit_serves():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=CHECKOUT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "duckdb,pandas,polars,pyarrow"


def test_the_server_answers_as_streamlit_from_the_dashboard_folder():
    # the real command line of the module is Streamlit's: `version` answers without starting a server
    done = subprocess.run(
        [sys.executable, "-m", "dashboard.server", "version"],
        cwd=CHECKOUT / "dashboard",  # where `jixiao serve` starts it (its .streamlit/config.toml)
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("Streamlit, version")
