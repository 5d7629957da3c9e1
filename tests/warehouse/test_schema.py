"""The schema explains itself and its history cannot be rewritten in place."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import paths, schema


def test_every_core_table_and_mart_view_says_what_one_row_is(sample_con):
    undocumented = sample_con.execute(
        "SELECT schema_name || '.' || table_name FROM duckdb_tables() "
        "WHERE schema_name = 'core' AND (comment IS NULL OR comment = '') "
        "UNION ALL SELECT schema_name || '.' || view_name FROM duckdb_views() "
        "WHERE schema_name = 'mart' AND NOT internal AND (comment IS NULL OR comment = '') "
        "AND view_name NOT LIKE '\\_%' ESCAPE '\\'"
    ).fetchall()
    assert undocumented == []


@pytest.fixture
def sql_copy(tmp_path, monkeypatch):
    """A private copy of sql/ so a test can edit a migration without touching the repository."""
    import shutil

    copy = tmp_path / "sql"
    shutil.copytree(paths.SQL_DIR, copy)
    monkeypatch.setattr(schema, "SQL_DIR", copy)
    return copy


def test_migrations_apply_once_and_record_their_checksum(tmp_path, sql_copy):
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    schema.migrate(con)
    schema.migrate(con)  # a second run applies nothing
    recorded = con.execute("SELECT name, length(checksum) FROM meta.migration ORDER BY name").fetchall()
    assert [name for name, _ in recorded] == sorted(p.name for p in (sql_copy / "schema").glob("*.sql"))
    assert {length for _, length in recorded} == {64}


def test_an_edited_applied_migration_is_an_error_not_a_silent_skip(tmp_path, sql_copy):
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    schema.migrate(con)
    first = sorted((sql_copy / "schema").glob("*.sql"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    with pytest.raises(schema.MigrationError, match=first.name):
        schema.migrate(con)


def test_a_new_migration_is_applied_to_an_existing_warehouse(tmp_path, sql_copy):
    con = duckdb.connect(str(tmp_path / "wh.duckdb"))
    schema.migrate(con)
    (sql_copy / "schema" / "999_extra.sql").write_text(
        "CREATE TABLE raw.extra (x INTEGER);", encoding="utf-8"
    )
    schema.migrate(con)
    assert con.execute("SELECT count(*) FROM raw.extra").fetchone() == (0,)
