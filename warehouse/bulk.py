"""Many rows into a DuckDB table in one statement, through Arrow.

`executemany` runs one INSERT per row: for the stage tables of thousands of files, or a registry of thousands
of findings, that costs seconds, more than the rest of the write. (Frames are built with Polars: pyarrow's
own list conversion imports pandas, seconds on a busy machine.)"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb
import polars as pl

from etl.staging import decimal_text


def _polars_type(duck_type: str) -> pl.DataType:
    if duck_type.startswith("DECIMAL"):
        return pl.Decimal(38, 10)  # DuckDB rounds to the column's own scale on insert
    return {
        "VARCHAR": pl.String,
        "INTEGER": pl.Int64,
        "BIGINT": pl.Int64,
        "BOOLEAN": pl.Boolean,
        "VARCHAR[]": pl.List(pl.String),
        "TIMESTAMP": pl.Datetime("us"),
    }[duck_type]


def _schema(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, pl.DataType]:
    schema_name, name = table.split(".")
    columns = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? "
        "ORDER BY column_index",
        [schema_name, name],
    ).fetchall()
    return {column: _polars_type(kind) for column, kind in columns}


def _insert_frame(con: duckdb.DuckDBPyConnection, sql: str, frame: pl.DataFrame) -> None:
    # Arrow's newest layout is Polars' own (string views): handed over without copying. The default
    # layout copies every text into a new buffer, the larger part of writing a province's stage tables.
    con.register("incoming_rows", frame.to_arrow(compat_level=pl.CompatLevel.newest()))
    try:
        con.execute(sql)
    finally:
        con.unregister("incoming_rows")


def append(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple]) -> None:
    """Rows holding every column of `table` ("schema.name"), positionally as in `INSERT ... VALUES`."""
    if rows:
        frame = pl.DataFrame(rows, schema=_schema(con, table), orient="row")
        _insert_frame(con, f"INSERT INTO {table} SELECT * FROM incoming_rows", frame)


class Records:
    """Records by column name bound for one table, kept as compact frames as they arrive: a load of a
    province holds hundreds of thousands of records, and a dict per record costs several times the values
    it holds. A column a record lacks is NULL; a key the table lacks is not stored. Money is held as exact
    decimal text (etl.staging.decimal_text) that the database casts to each column's own scale on insert."""

    BATCH = 20_000  # records turned into a frame at once

    def __init__(self, schema: dict[str, pl.DataType]) -> None:
        self.decimals = [c for c, kind in schema.items() if isinstance(kind, pl.Decimal)]
        self.schema = {c: pl.String if c in self.decimals else kind for c, kind in schema.items()}
        self.frames: list[pl.DataFrame] = []
        self.pending: dict[str, list] = {c: [] for c in self.schema}
        self.rows = 0

    def extend(self, records: list[dict]) -> None:
        columns = {c: [r.get(c) for r in records] for c in self.schema}
        for column in self.decimals:
            columns[column] = [decimal_text(v) for v in columns[column]]
        self.extend_columns(columns, len(records))

    def extend_columns(self, columns: dict[str, list], rows: int) -> None:
        """`rows` rows given as one list per column (as etl.staging stages them); a column not given is NULL."""
        for column, values in self.pending.items():
            given = columns.get(column)
            values.extend([None] * rows if given is None else given)
        self.rows += rows
        if self.rows >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            # column by column: a list per column is far cheaper to build and convert than a dict per row
            self.frames.append(pl.DataFrame(self.pending, schema=self.schema, strict=False))
            self.pending = {c: [] for c in self.schema}
            self.rows = 0

    def frame(self) -> pl.DataFrame | None:
        self._flush()
        return pl.concat(self.frames) if self.frames else None


def records_for(con: duckdb.DuckDBPyConnection, table: str) -> Records:
    """An empty Records for `table` ("schema.name") of this warehouse."""
    return Records(_schema(con, table))


def insert(con: duckdb.DuckDBPyConnection, table: str, records: Records) -> None:
    if (frame := records.frame()) is not None:
        _insert_frame(con, f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows", frame)


def replace_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: list[tuple]
) -> None:
    """Replace the whole content of `table` by rows of the named columns. Column types are taken from the
    values (text dates and numbers as the state store keeps them) and cast by DuckDB on insert, so a value
    that does not fit its column fails loudly instead of turning NULL."""
    con.execute(f"DELETE FROM {table}")
    if rows:
        frame = pl.DataFrame(rows, schema=list(columns), orient="row", infer_schema_length=None)
        _insert_frame(con, f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM incoming_rows", frame)
