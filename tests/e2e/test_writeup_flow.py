"""A teacher opens the Write-up, rewrites the abstract from its draft, saves it, builds the Word
document and downloads it: the file opens and holds the saved abstract under a real heading."""

import io
import re

import docx
from playwright.sync_api import expect

from browser import act_as, choose, first_teacher_name, saved, wait_idle


def test_teacher_edits_and_downloads_the_write_up(server, page):
    act_as(page, server, first_teacher_name())
    page.get_by_role("link", name="Write-up").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Write-up", exact=True)).to_be_visible()

    choose(page, "Section", "Abstract")
    box = page.get_by_role("textbox", name="Abstract")
    expect(box).to_have_value(re.compile(r"^Our question: "))  # the draft from the team's records
    abstract = "We asked how talk partners change *who* speaks; quieter pupils now answer more often."
    box.fill(abstract)
    page.get_by_role("button", name="Save section").click()
    wait_idle(page)
    expect(saved(page, re.compile("Saved ‘Abstract’ \\(14 words\\)"))).to_be_visible()

    page.get_by_role("button", name="Build the Word document").click()
    wait_idle(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the write-up (.docx)").click()
    data = open(download.value.path(), "rb").read()
    opened = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in opened.paragraphs]
    at = paragraphs.index(("Heading 1", "Abstract"))
    assert paragraphs[at + 1] == ("Normal", abstract)
