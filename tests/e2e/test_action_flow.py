"""A teacher adds an action to the team's plan and records its impact review in a real browser;
both are still there after a reload."""

import re

from playwright.sync_api import expect

from browser import act_as, first_teacher_name, saved, wait_idle

STRATEGY = "Pupils rehearse each sentence with a partner before writing it"
CHANGE = "Most pupils wrote longer sentences after rehearsing them aloud"


def test_teacher_adds_an_action_and_its_impact_review(server, page):
    act_as(page, server, first_teacher_name())
    page.get_by_role("link", name="Action", exact=True).first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Action", exact=True)).to_be_visible()

    adding = page.locator("details", has_text="Add an action").first
    if adding.get_attribute("open") is None:
        adding.locator("summary").click()
    adding.get_by_role("textbox", name="Strategy (what we will do)").fill(STRATEGY)
    adding.get_by_role("textbox", name="Owner").fill("Year 2 team")
    adding.get_by_role("textbox", name=re.compile("Success criteria")).fill("Sentences are longer by half term")
    adding.get_by_role("button", name="Add action").click()
    wait_idle(page)
    expect(saved(page, re.compile("Added the action"))).to_be_visible()

    # The first "Add an impact review" after the new action's heading is its own.
    review = page.locator(f"xpath=//strong[normalize-space()='{STRATEGY}']"
                          "/following::details[.//summary[contains(., 'Add an impact review')]][1]")
    review.locator("summary").click()
    changed = review.get_by_role("textbox", name="What changed")
    expect(changed).to_be_visible()
    page.wait_for_timeout(300)  # let the expander finish opening before typing and clicking
    changed.fill(CHANGE)
    changed.press("Tab")  # a form's text commits when it loses focus
    button = review.get_by_role("button", name="Add impact review")
    expect(button).to_be_enabled()
    button.click()
    wait_idle(page)
    expect(saved(page, "Added the impact review.")).to_be_visible()

    page.reload()
    wait_idle(page)
    expect(page.get_by_text(STRATEGY).first).to_be_visible()
    expect(page.get_by_text(CHANGE).first).to_be_visible()
