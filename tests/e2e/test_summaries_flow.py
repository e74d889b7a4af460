"""A head teacher reads the summaries in a real browser: the Alliance digest with its stage chart,
their own school's page (and no other school to choose), and downloads the governors' document,
which LibreOffice converts to PDF. The same pages fit a phone's width."""

import io
import shutil
import subprocess

import docx
import pytest
from playwright.sync_api import expect

from browser import _rows, act_as, school_name, wait_idle


def head_teacher() -> dict:
    """The first sample senior leader attached to a school who holds no other role."""
    return next(r for r in _rows("people.csv") if r["roles"] == "senior_leader" and r["school_urn"])


def test_head_teacher_reads_the_digest_and_their_school_and_takes_a_document_to_governors(server, page, tmp_path):
    head = head_teacher()
    school = school_name(head["school_urn"])
    act_as(page, server, head["name"])
    page.get_by_role("link", name="Alliance digest").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Alliance digest", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="How far the teams got")).to_be_visible()
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible()
    expect(page.get_by_role("heading", name="Headline findings")).to_be_visible()

    page.get_by_role("link", name="Schools").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name=f"Our school: {school}")).to_be_visible()
    expect(page.get_by_role("combobox", name="School")).to_have_count(0)  # nothing else to choose
    page.get_by_role("tab", name="Across the years").click()
    wait_idle(page)
    expect(page.get_by_role("table").last).to_contain_text("2026/27")

    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Governors' document (.docx)").click()
    path = tmp_path / "governors.docx"
    path.write_bytes(open(download.value.path(), "rb").read())
    opened = docx.Document(io.BytesIO(path.read_bytes()))
    headings = [p.text for p in opened.paragraphs if p.style.name.startswith("Heading")]
    assert "1 Our question and how it changed" in headings and "Across the years" in headings
    assert any(school in p.text for p in opened.paragraphs)

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-writer-nogui)")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "governors.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000

    # On a phone the page keeps to the screen's width (tables scroll inside themselves).
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.url)
    wait_idle(page)
    expect(page.get_by_role("heading", name=f"Our school: {school}")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
