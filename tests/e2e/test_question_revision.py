"""A teacher signs in (demo), changes the team's question with a reason, reloads, and sees the
new revision in the history."""

import re

from playwright.sync_api import expect

from browser import act_as, first_teacher_name, saved, wait_idle


def test_teacher_revises_question_and_sees_it_after_reload(server, page):
    name = first_teacher_name()
    act_as(page, server, name)
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
    expect(saved(page, "Saved the enquiry.")).to_be_visible()

    page.reload()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Question", exact=True)).to_be_visible()
    # Markup typed by the user shows as text, never as formatting.
    expect(page.get_by_text("Critical friends asked *whose* voice we hear")).to_be_visible()
    expect(page.get_by_text("<b>quietest</b>", exact=False).first).to_be_visible()
    expect(page.get_by_role("textbox", name=re.compile("Our enquiry question"))).to_have_value(new_question)
    # The sample question had two versions; the change made here is the third, with its reason.
    expect(page.get_by_text(re.compile(r"^Revision 3 ·"))).to_be_visible()
