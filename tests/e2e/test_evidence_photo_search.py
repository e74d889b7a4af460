"""A teacher adds an evidence item with a photo attached, then finds it by full-text search and
sees the photo previewed."""

import re

from playwright.sync_api import expect

from browser import act_as, choose, first_teacher_name, saved, wait_idle

# A real 1×1 JPEG, as a phone would send (tiny, so the test stays fast).
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c1912130f141d1a1f1e1d1a1c1c20"
    "242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b080001000101011100ffc4001f000001050101010101010000000000"
    "0000000102030405060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342"
    "b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778"
    "797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6"
    "e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fbd3ffd9")


def test_teacher_adds_evidence_with_photo_and_finds_it(server, page, tmp_path):
    name = first_teacher_name()
    act_as(page, server, name)

    page.get_by_role("link", name="Evidence").first.click()
    wait_idle(page)
    expect(page.get_by_role("heading", name="Evidence", exact=True)).to_be_visible()

    page.get_by_text("Add evidence", exact=True).click()
    wait_idle(page)
    photo = tmp_path / "whiteboard.jpg"
    photo.write_bytes(JPEG)
    page.get_by_role("textbox", name="Title").first.fill("Photo of the talk-partner prompts on the whiteboard")
    page.get_by_role("textbox", name="Summary").first.fill("Sentence stems the class used: 'I think… because…' zebra")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(photo))
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Add to the log").click()
    wait_idle(page)
    expect(saved(page, "with 1 file(s)")).to_be_visible()

    page.get_by_text("Log and search", exact=True).click()
    wait_idle(page)
    page.get_by_role("textbox", name="Search evidence and literature").fill("zebra")
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.get_by_text(re.compile(r"1 match"))).to_be_visible()

    # Open it from the log: the photo is previewed and can be downloaded.
    choose(page, "Open an item", "Photo of the talk-partner prompts")
    expect(page.get_by_role("button", name=re.compile(r"Download whiteboard\.jpg"))).to_be_visible()
    expect(page.locator('[data-testid="stImage"] img').first).to_be_visible()
