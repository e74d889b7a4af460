"""A teacher signs in (demo), changes the team's question with a reason, reloads, and sees the
new revision in the history."""

import csv
import re

from pathlib import Path

from browser import wait_idle
from playwright.sync_api import expect

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def first_teacher_name() -> str:
    with open(SAMPLE / "people.csv", encoding="utf-8") as fh:
        return next(r["name"] for r in csv.DictReader(fh) if "teacher" in r["roles"].split(";"))


def test_teacher_revises_question_and_sees_it_after_reload(server, page):
    name = first_teacher_name()
    page.goto(server)
    expect(page.get_by_text("Demo: this is the sample alliance")).to_be_visible()
    wait_idle(page)
    # The first browser session of a freshly started server can drop its first widget change
    # (seen with Streamlit 1.67); open the app again, as a second visitor would.
    page.reload()
    wait_idle(page)

    # Act as the teacher: Streamlit's selectbox takes typing, then Enter.
    chooser = page.get_by_role("combobox", name="Demo: act as")
    chooser.click()
    page.wait_for_timeout(500)
    chooser.fill(name)
    page.wait_for_timeout(500)
    page.get_by_role("option", name=re.compile(re.escape(name))).click()
    wait_idle(page)
    expect(page.get_by_role("combobox", name="Demo: act as")).to_have_value(re.compile(re.escape(name)))
    expect(page.get_by_role("heading", name="My enquiry")).to_be_visible()

    page.get_by_role("link", name="Question").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Question", exact=True)).to_be_visible()

    new_question = "How do our <b>quietest</b> pupils experience talk in lessons, and what helps them join in?"
    question_box = page.get_by_role("textbox", name=re.compile("Our enquiry question"))
    question_box.fill(new_question)
    page.get_by_role("textbox", name="Reason for changing the question").fill("Critical friends asked *whose* voice we hear")
    page.get_by_role("textbox", name="What prompted the change").fill("Cross-school meeting 1")
    page.get_by_role("button", name="Save", exact=True).click()
    wait_idle(page)
    expect(page.get_by_text("Saved the enquiry.")).to_be_visible()

    page.reload()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Question", exact=True)).to_be_visible()
    # Markup typed by the user shows as text, never as formatting.
    expect(page.get_by_text("Critical friends asked *whose* voice we hear")).to_be_visible()
    expect(page.get_by_text("<b>quietest</b>", exact=False).first).to_be_visible()
    expect(page.get_by_role("textbox", name=re.compile("Our enquiry question"))).to_have_value(new_question)
    # The sample question had two versions; the change made here is the third, with its reason.
    expect(page.get_by_text(re.compile(r"^Revision 3 ·"))).to_be_visible()
