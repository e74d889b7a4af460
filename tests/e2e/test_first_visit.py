"""The first visitor of a freshly started server: their first choice sticks, the cycle box shows
this year, demo mode offers one click per role, and a deep link before sign-in goes through
sign-in and navigation (never a traceback, never a list of page files)."""

import re

from playwright.sync_api import expect

from browser import choose, first_person, wait_idle


def test_first_visitor_keeps_their_first_choice(server, page):
    page.goto(server)  # the first session of this server: no reload
    wait_idle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("combobox", name="Cycle")).to_have_value("2026/27")
    # Opens on a teacher with an active enquiry.
    expect(page.get_by_role("heading", name="My enquiry")).to_be_visible()
    facilitator = first_person("facilitator")["name"]
    choose(page, "Demo: act as", facilitator)
    expect(sidebar.get_by_role("link", name="Meetings")).to_be_visible()
    expect(sidebar.get_by_role("combobox", name="Cycle")).to_have_value("2026/27")


def test_one_click_per_role(server, page):
    page.goto(server)
    wait_idle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="a head teacher").click()
    wait_idle(page)
    expect(sidebar.get_by_role("combobox", name="Demo: act as")).to_have_value(re.compile("Senior leader"))
    expect(page.get_by_role("heading", name="Alliance digest", exact=True)).to_be_visible()
    sidebar.get_by_role("button", name="the administrator").click()
    wait_idle(page)
    expect(sidebar.get_by_role("link", name="Administration")).to_be_visible()


def test_a_deep_link_goes_through_sign_in(server, page):
    page.goto(f"{server}/evidence")
    wait_idle(page)
    body = page.locator("body")
    expect(page.get_by_role("heading", name="Evidence", exact=True)).to_be_visible()
    for leaked in ("Traceback", "KeyError", "/work/", "site-packages"):
        expect(body).not_to_contain_text(leaked)
    # Only the navigation built from roles: page files such as "common" are never listed.
    expect(page.locator('[data-testid="stSidebarNav"]')).not_to_contain_text("common")
    page.goto(f"{server}/my-enquiry")
    wait_idle(page)
    expect(page.get_by_role("heading", name="My enquiry")).to_be_visible()
    expect(body).not_to_contain_text("Page not found")


def test_a_deep_link_without_demo_shows_sign_in_only(plain_server, page):
    page.goto(f"{plain_server}/administration")
    wait_idle(page)
    body = page.locator("body")
    expect(page.get_by_text("Sign-in is not set up on this server yet")).to_be_visible()
    for leaked in ("Traceback", "KeyError", "/work/", "Administration", "Evidence"):
        expect(body).not_to_contain_text(leaked)
