"""A facilitator schedules a meeting, pairs the teams and captures feedback for a team; a teacher
of that team answers it and revises the question, citing it."""

import re

from playwright.sync_api import expect

from browser import choose, first_person, saved, school_name, wait_idle


def test_facilitator_pairs_teams_teacher_answers_and_revises(server, page):
    facilitator, teacher = first_person("facilitator"), first_person("teacher")
    teacher_school = school_name(teacher["school_urn"])
    page.goto(server)
    wait_idle(page)
    choose(page, "Demo: act as", facilitator["name"])
    page.get_by_role("link", name="Meetings").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Meetings", exact=True)).to_be_visible()

    page.get_by_text("Schedule a meeting", exact=True).click()
    page.get_by_role("textbox", name="Title").fill("Extra meeting: evidence so far")
    page.get_by_role("button", name="Schedule").click()
    wait_idle(page)
    expect(saved(page, re.compile(r"Scheduled 'Extra meeting: evidence so far'"))).to_be_visible()
    choose(page, "Meeting", "Extra meeting")
    page.get_by_role("button", name="Propose groups").click()
    wait_idle(page)
    expect(saved(page, "Proposed 3 groups.")).to_be_visible()

    page.get_by_role("tab", name="Run the meeting").click()  # made when opened
    wait_idle(page)
    choose(page, "Presenting team", teacher_school)
    page.get_by_role("textbox", name="Feedback").fill("Which pupils have not been heard at all yet?")
    page.get_by_role("button", name="Save feedback").click()
    wait_idle(page)
    expect(saved(page, re.compile("Saved warm feedback"))).to_be_visible()

    choose(page, "Demo: act as", teacher["name"])
    page.get_by_role("link", name="Critique").first.click()
    wait_idle(page)
    page.get_by_text("Answer this item").first.click()  # the form is made when the box opens
    wait_idle(page)
    page.get_by_role("textbox", name="What changed, or why not").first.fill("We will add pupils who rarely speak")
    page.get_by_role("button", name="Save answer").first.click()
    wait_idle(page)
    expect(saved(page, "Saved the answer.")).to_be_visible()

    page.get_by_role("link", name="Question").first.click()
    wait_idle(page)
    page.get_by_role("textbox", name=re.compile("Our enquiry question")).fill(
        "How does rehearsing sentences aloud change what our quietest EAL pupils write?")
    page.get_by_role("textbox", name="Reason for changing the question").fill("Critique asked who is not heard")
    choose(page, "Prompted by a critique item (optional)", "Which pupils have not been heard")
    page.get_by_role("button", name="Save", exact=True).click()
    wait_idle(page)
    expect(saved(page, "Saved the enquiry.")).to_be_visible()
    page.reload()
    wait_idle(page)
    expect(page.get_by_text(re.compile("In answer to critique: Which pupils have not been heard"))).to_be_visible()
