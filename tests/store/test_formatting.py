import datetime as dt

from research_cycle.store.formatting import md_escape, table_date, uk_date, uk_datetime


def test_uk_dates():
    assert uk_date(dt.date(2026, 11, 2)) == "2 Nov 2026"
    assert uk_datetime(dt.datetime(2026, 11, 22, 9, 5)) == "22 Nov 2026, 09:05"
    assert table_date(dt.date(2026, 11, 2)) == "02/11/2026"
    assert uk_date(None) == ""


def test_md_escape_disarms_markdown_html_and_directives():
    out = md_escape("**b** <i>x</i> :red[c] $x$ [l](http://e)")
    for raw in ("**", "<i>", ":red[", "$x$", "]("):
        assert raw not in out
    assert out.replace("\\", "") == "**b** <i>x</i> :red[c] $x$ [l](http://e)"
    assert md_escape("line one\nline two") == "line one  \nline two"
