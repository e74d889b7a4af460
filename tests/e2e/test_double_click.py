"""Overlapping runs of one browser session (issue 13): a double click on a submit button, and a
second click right after a save, on the evidence, finding and booking forms store exactly one row
each and never show an error."""

from playwright.sync_api import expect

from browser import act_as, first_teacher_name, saved, wait_idle
from research_cycle.store import db


def _no_error(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


def _open(page, link: str, heading: str | None = None) -> None:
    page.get_by_role("link", name=link).first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name=heading or link, exact=True)).to_be_visible()


def test_double_clicks_and_quick_second_clicks_store_one_row(server, page):
    act_as(page, server, first_teacher_name())

    # Evidence: a double click on "Add to the log".
    _open(page, "Evidence")
    page.get_by_text("Add evidence", exact=True).click()
    wait_idle(page)
    page.get_by_role("textbox", name="Title").first.fill("Double click: Year 4 paired talk")
    page.get_by_role("button", name="Add to the log").dblclick()
    wait_idle(page)
    expect(saved(page, "Double click: Year 4 paired talk")).to_be_visible()
    _no_error(page)

    # A finding: a click, then another right after (while the first save runs).
    _open(page, "Findings")
    page.get_by_role("textbox", name="What we found (the claim)").first.fill("Double click: quiet pupils spoke more")
    button = page.get_by_role("button", name="Add finding")
    button.click()
    page.wait_for_timeout(80)
    button.click()
    wait_idle(page)
    _no_error(page)

    # A clinic booking: a double click on "Book" (the next free slot is pre-selected).
    _open(page, "Clinics", "Research clinics")
    page.get_by_role("textbox", name="Topic").fill("Double click: coding interviews")
    page.get_by_role("button", name="Book", exact=True).dblclick()
    wait_idle(page)
    _no_error(page)

    server.stop()
    con = db.connect(server.store)
    try:
        count = lambda sql, value: con.execute(sql, [value]).fetchone()[0]  # noqa: E731
        assert count("SELECT count(*) FROM evidence_item WHERE title = ?", "Double click: Year 4 paired talk") == 1
        assert count("SELECT count(*) FROM finding WHERE claim = ?", "Double click: quiet pupils spoke more") == 1
        assert count("SELECT count(*) FROM clinic_booking WHERE topic = ?", "Double click: coding interviews") == 1
    finally:
        con.close()
