"""Helpers for the real-browser tests."""

import csv
import re
from pathlib import Path

from playwright.sync_api import expect

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def _rows(name: str) -> list[dict]:
    with open(SAMPLE / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def first_person(role: str) -> dict:
    """The first sample person holding ``role`` (name, email, school_urn), looked up in the
    sample's CSV rather than written into the tests."""
    return next(r for r in _rows("people.csv") if role in r["roles"].split(";"))


def first_teacher_name() -> str:
    """The first teacher in the sample (a member of a 2026/27 team)."""
    return first_person("teacher")["name"]


def school_name(urn: str) -> str:
    return next(r["name"] for r in _rows("schools.csv") if r["urn"] == urn)



def saved(page, text):
    """The success message at the top of the page saying ``text`` (a string or pattern); the same
    words also appear briefly as a toast, which this leaves out."""
    return page.get_by_test_id("stAlertContentSuccess").get_by_text(text)


def wait_idle(page) -> None:
    """Wait until Streamlit has finished the current run: the app reports its script as not
    running and the 'running' status widget is gone."""
    page.wait_for_timeout(200)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=20_000)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=20_000)


def act_as(page, server: str, name: str) -> None:
    """Open the app in demo mode and choose ``name`` in the "Demo: act as" selectbox."""
    page.goto(server)
    wait_idle(page)
    expect(page.get_by_text("Demo: this is the sample alliance")).to_be_visible()
    choose(page, "Demo: act as", name)


def choose(page, label: str, text: str) -> None:
    """Pick the option containing ``text`` in a Streamlit selectbox: type to filter, then click
    the matching option, as a user would."""
    box = page.get_by_role("combobox", name=label)
    box.click()
    page.wait_for_timeout(500)
    box.fill(text)
    page.wait_for_timeout(500)
    # Playwright writes a pattern into its selector between slashes: escape "/" as well.
    pattern = re.compile(re.escape(text).replace("/", r"\/"))
    page.get_by_role("option", name=pattern).first.click()
    wait_idle(page)
    expect(box).to_have_value(pattern)
