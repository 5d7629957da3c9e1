"""The ledgers on the bundled sample: submission dates (on time, late, a few blank), a notice returned by three
departments (已反馈), the scorecard and its Word 通报."""

from __future__ import annotations

import io

from docx import Document

from warehouse import bulletin, ledger


def test_the_sample_has_submissions_on_time_late_and_without_a_date(sample_con):
    rows = dict(
        sample_con.execute(
            "SELECT status || '/' || coalesce(date_source, '—'), count(*) FROM mart.submission GROUP BY ALL"
        ).fetchall()
    )
    assert rows["已报送/填报日期"] > rows["逾期报送/填报日期"] > 0
    # some forms leave 填报日期 blank: the workbook's saved time dates them, never the day the sample is loaded
    assert rows["已报送/文件保存时间"] > 0
    assert not [key for key in rows if key.endswith("/加载时间")]
    late = sample_con.execute("SELECT count(*) FROM mart.problem WHERE rule_code = 'S01'").fetchone()[0]
    assert late == rows["逾期报送/填报日期"]


def test_three_departments_answered_the_returned_notice(sample_db, sample_con):
    answered = [i for i in ledger.items(sample_db) if i["status"] == "已反馈"]
    assert len({i["department"] for i in answered}) == 3
    assert all(i["rule_code"] == "D01" and i["measures"] and i["completed_on"] for i in answered)
    shown = sample_con.execute("SELECT count(*) FROM mart.rectification WHERE status = '已反馈'").fetchone()[
        0
    ]
    assert shown == 3


def test_the_scorecard_ranks_every_department_and_the_bulletin_names_the_lists(sample_con):
    ranked = bulletin.ranking(sample_con, 2022)
    assert ranked.height > 100
    scores = ranked["score"].to_list()
    assert all(0 <= s <= 100 for s in scores)
    assert ranked.sort("rank")["score"].to_list() == sorted(scores, reverse=True)
    doc = Document(io.BytesIO(bulletin.to_bytes(sample_con, 2022)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "红榜" in text and "黑榜" in text
    listed = ranked.filter(ranked["listable"])
    assert 0 < listed.height < ranked.height, "departments with too few components are scored, not listed"
    best = listed.sort("score", descending=True)["department"][0]
    worst = listed.sort("score")["department"][0]
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert best in cells and worst in cells and worst in text
