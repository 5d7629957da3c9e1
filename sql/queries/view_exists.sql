-- grain: one row: whether mart.<$view> exists in this warehouse (views added by later releases).
SELECT count(*) > 0 AS present FROM duckdb_views() WHERE schema_name = 'mart' AND view_name = $view;
