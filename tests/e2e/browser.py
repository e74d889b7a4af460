"""Helpers for the real-browser tests."""

import csv
import re
from pathlib import Path

from playwright.sync_api import expect

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data"


def first_teacher_name() -> str:
    """The first teacher in the sample (a member of a 2026/27 team)."""
    with open(SAMPLE / "people.csv", encoding="utf-8") as fh:
        return next(r["name"] for r in csv.DictReader(fh) if "teacher" in r["roles"].split(";"))



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
    # The first browser session of a freshly started server can drop its first widget change
    # (seen with Streamlit 1.67); open the app again, as a second visitor would.
    page.reload()
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
    page.get_by_role("option", name=re.compile(re.escape(text))).first.click()
    wait_idle(page)
    expect(box).to_have_value(re.compile(re.escape(text)))
