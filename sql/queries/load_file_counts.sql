-- grain: one row; files in the load log by outcome (loaded, duplicate, rejected counted apart); feeds 数据管理.
SELECT count(*) FILTER (WHERE status IN ('已加载', '部分拒绝')) AS loaded,
       count(*) FILTER (WHERE status = '部分拒绝') AS partly_rejected,
       count(*) FILTER (WHERE status = '重复内容') AS duplicate,
       count(*) FILTER (WHERE status = '已拒绝') AS rejected
FROM mart.load_log;
