"""A facilitator adds a conference session in a real browser and downloads the programme (.docx)
and a team's presentation starter (.pptx, built on its own thread when the button is clicked);
a teacher downloads their own team's starter."""

import io
import re

from docx import Document
from playwright.sync_api import expect
from pptx import Presentation

from browser import choose, first_person, saved, wait_idle


def _download(page, button_name) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=button_name).click()
    return open(info.value.path(), "rb").read()


def test_facilitator_builds_a_session_and_downloads_the_documents(server, page):
    facilitator, teacher = first_person("facilitator"), first_person("teacher")
    page.goto(server)
    wait_idle(page)
    choose(page, "Demo: act as", facilitator["name"])
    page.get_by_role("link", name="Conference").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Conference", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile("No slot yet"))).to_be_visible()

    page.get_by_role("textbox", name="Title").fill("Belonging and families")
    page.get_by_role("textbox", name="Room").fill("Room 2.14")
    page.get_by_role("button", name="Add session").click()
    wait_idle(page)
    expect(saved(page, "Added 'Belonging and families' at 09:00.")).to_be_visible()
    expect(page.get_by_text("09:00–10:00 · Belonging and families")).to_be_visible()

    programme = Document(io.BytesIO(_download(page, re.compile("Download the programme"))))
    headings = [p.text for p in programme.paragraphs if p.style.name == "Heading 1"]
    assert "09:00–10:00  Belonging and families" in headings

    deck = Presentation(io.BytesIO(_download(page, re.compile(r"Presentation starter for .*\(\.pptx\)"))))
    assert len(deck.slides) == 6 and deck.slides[0].shapes.title.text == "Our question"

    choose(page, "Demo: act as", teacher["name"])
    page.get_by_role("link", name="Conference").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Build the programme")).to_have_count(0)
    own = Presentation(io.BytesIO(_download(page, re.compile(r"Presentation starter for .*\(\.pptx\)"))))
    assert [s.shapes.title.text for s in own.slides][-1] == "What next"


def test_facilitator_downloads_the_proceedings_of_the_finished_year(server, page):
    """The proceedings of 2025/26 (every write-up of that year is marked ready in the sample),
    built with progress shown, downloaded, and opened: a title, the contents and the schools."""
    facilitator = first_person("facilitator")
    page.goto(server)
    wait_idle(page)
    choose(page, "Demo: act as", facilitator["name"])
    choose(page, "Cycle", "2025/26")
    page.get_by_role("link", name="Write-up").first.click()
    wait_idle(page)
    page.get_by_role("button", name="Build the proceedings").click()
    wait_idle(page)
    proceedings = Document(io.BytesIO(_download(page, re.compile(r"Download the proceedings"))))
    text = "\n".join(p.text for p in proceedings.paragraphs)
    assert "2025/26" in text
    headings = [p.text for p in proceedings.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) > 10  # an overview, then every ready write-up with its sections
