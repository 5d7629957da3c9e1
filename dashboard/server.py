"""The dashboard's server process: Streamlit's own command line, after the libraries every page needs are
imported, once, before the server accepts its first visitor.

    python -m dashboard.server run dashboard/app.py --server.port 8501 …   (what `jixiao serve` runs)

Streamlit imports pandas the first time a page draws a table, inside that visitor's run: about 2 s, during
which every other session's run waits on Python's import lock. Imported here, that cost moves to start-up.
"""

from __future__ import annotations

import importlib

# what the pages and Streamlit's table code import on first use (dashboard/*.py, st.dataframe)
PRELOADED = ("pandas", "pyarrow", "polars", "duckdb", "plotly.graph_objects", "xlsxwriter")


def main() -> None:
    for name in PRELOADED:
        importlib.import_module(name)
    from streamlit.web import cli

    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
