"""The evidence log: add (with files), edit, soft delete and restore, filters, permissions."""

import datetime as dt
import io

import pytest
from PIL import Image

from research_cycle import checklists, evidence
from research_cycle.store import changelog
from research_cycle.store.actors import SYSTEM
from research_cycle.store.errors import NotFound, PermissionDenied, ValidationError


def picture(fmt: str, **extra) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 6), "teal").save(out, fmt, **extra)
    return out.getvalue()


PNG = picture("PNG")
JPEG = picture("JPEG")


def item(**overrides):
    values = {"title": "Year 4 maths: paired talk", "kind": "lesson observation", "origin": "our practice",
              "collected_on": dt.date(2026, 11, 10), "voices": ["pupils", "teachers"],
              "summary": "Pairs explained their reasoning; the quietest pupils spoke more with a talk partner."}
    values.update(overrides)
    return values


def count(con, table):
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_quick_add_needs_only_title_kind_origin(con, world):
    eid = evidence.add_evidence(con, world["teacher"], world["enquiry"],
                                {"title": "Learning walk notes", "kind": "learning walk", "origin": "our practice"})
    got = evidence.get_evidence(con, world["teacher"], eid)
    assert got["title"] == "Learning walk notes" and got["collected_on"] == dt.date(2026, 11, 22)
    assert got["consent"] == "not needed" and got["sensitivity"] == "none"


def test_add_with_files_stores_them_in_one_transaction(con, world):
    eid = evidence.add_evidence(con, world["teacher"], world["enquiry"], item(),
                                files=[("board.png", PNG), ("../../etc/photo.jpg", JPEG)])
    files = evidence.attachments(con, world["teacher"], eid)
    assert [f["filename"] for f in files] == ["board.png", "photo.jpg"]
    name, mime, data = evidence.attachment_content(con, world["teacher"], files[0]["id"])
    assert (name, mime) == ("board.png", "image/png")
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.size == (8, 6) and stored.convert("RGB").getpixel((0, 0)) == (0, 128, 128)


def test_a_stored_photo_keeps_no_gps_device_artist_or_xmp(con, world):
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x013B] = "PhoneMaker", "Phone 15 Pro", "Ms Artist Teacher"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Secret Photographer</dc:creator></x:xmpmeta>'
    original = picture("JPEG", exif=exif.tobytes(), xmp=xmp)
    assert b"Ms Artist Teacher" in original and b"xmpmeta" in original
    eid = evidence.add_evidence(con, world["teacher"], world["enquiry"], item(), files=[("classroom.jpg", original)])
    [att] = evidence.attachments(con, world["teacher"], eid)
    name, mime, data = evidence.attachment_content(con, world["teacher"], att["id"])
    with Image.open(io.BytesIO(data)) as stored:
        assert len(stored.getexif()) == 0 and "xmp" not in stored.info
        gps = stored.getexif().get_ifd(0x8825)
    assert not gps
    for secret in (b"PhoneMaker", b"Phone 15 Pro", b"Ms Artist Teacher", b"Secret Photographer", b"xmpmeta", b"Exif"):
        assert secret not in data
    assert att["size_bytes"] == len(data)  # what is recorded is what is kept


@pytest.mark.parametrize("filename,data,words", [
    ("photo.png", b"not really a png", "not really a .png"),
    ("virus.exe", b"MZ\x90\x00", "cannot be attached"),
    ("empty.pdf", b"", "is empty"),
    ("song.mp3", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 40, "not really a .mp3"),
    ("photo.webp", b"<!DOCTYPE html><html><body>not a picture</body></html>", "not really a .webp"),
    ("cut.jpg", JPEG[: len(JPEG) // 2], "damaged or incomplete"),
    ("header.gif", b"GIF89a", "damaged or incomplete"),
])
def test_a_refused_file_stores_nothing(con, world, filename, data, words):
    before = (count(con, "evidence_item"), count(con, "attachment"), count(con, "change_log"))
    with pytest.raises(ValidationError) as err:
        evidence.add_evidence(con, world["teacher"], world["enquiry"], item(), files=[("ok.png", PNG), (filename, data)])
    assert words in str(err.value)
    assert (count(con, "evidence_item"), count(con, "attachment"), count(con, "change_log")) == before


def test_file_over_the_size_limit(con, world):
    eid = evidence.add_evidence(con, world["teacher"], world["enquiry"], item())
    with pytest.raises(ValidationError, match="the limit is 1 MB"):
        evidence.add_attachment(con, world["teacher"], eid, "big.png", PNG + b"\x00" * 2_000_000, max_bytes=1_048_576)


def test_bad_fields_name_the_field(con, world):
    for values, field in ((item(title="  "), "Title"), (item(kind="gossip"), "Kind of evidence"),
                          (item(origin="hearsay"), "Origin"), (item(voices=["cats"]), "Voices"),
                          (item(collected_on=dt.date(2030, 1, 1)), "Collected on"),
                          (item(consent="maybe"), "Consent")):
        with pytest.raises(ValidationError) as err:
            evidence.add_evidence(con, world["teacher"], world["enquiry"], values)
        assert err.value.field == field
    assert count(con, "evidence_item") == 0


def test_edit_soft_delete_and_restore_are_logged(con, world):
    t = world["teacher"]
    eid = evidence.add_evidence(con, t, world["enquiry"], item())
    evidence.update_evidence(con, t, eid, {"notes": "Follow up with the TA", "quotes": ["I like it when we talk first"]})
    got = evidence.get_evidence(con, t, eid)
    assert got["notes"] == "Follow up with the TA" and got["quotes"] == ["I like it when we talk first"]
    evidence.delete_evidence(con, t, eid)
    assert evidence.list_evidence(con, t, world["enquiry"]).empty
    assert list(evidence.list_evidence(con, t, world["enquiry"], deleted=True)["id"]) == [eid]
    with pytest.raises(NotFound):
        evidence.get_evidence(con, t, eid)
    evidence.restore_evidence(con, t, eid)
    assert list(evidence.list_evidence(con, t, world["enquiry"])["id"]) == [eid]
    assert [h["action"] for h in changelog.history(con, SYSTEM, "evidence", eid)] == ["create", "update", "delete", "restore"]


def test_filters(con, world):
    t, q = world["teacher"], world["enquiry"]
    a = evidence.add_evidence(con, t, q, item(title="A", collected_on=dt.date(2026, 10, 1)))
    b = evidence.add_evidence(con, t, q, item(title="B", kind="interview", voices=["parents and carers"],
                                              collected_on=dt.date(2026, 11, 1)))
    c = evidence.add_evidence(con, t, q, item(title="C", kind="research literature", origin="wider research", voices=[],
                                              collected_on=dt.date(2026, 11, 15), collected_by=t.id))

    def ids(**f):
        return list(evidence.list_evidence(con, t, q, **f)["id"])

    assert ids() == [c, b, a]
    assert ids(kinds=["interview"]) == [b]
    assert ids(origins=["wider research"]) == [c]
    assert ids(voices=["pupils"]) == [a]
    assert ids(date_from=dt.date(2026, 10, 15), date_to=dt.date(2026, 11, 10)) == [b]
    assert ids(collected_by=t.id) == [c]


def test_only_the_team_writes_and_reads_raw_evidence(con, world):
    eid = evidence.add_evidence(con, world["teacher"], world["enquiry"], item())
    for role in ("other_teacher", "facilitator", "senior_leader", "administrator"):
        with pytest.raises(PermissionDenied):
            evidence.add_evidence(con, world[role], world["enquiry"], item())
        with pytest.raises(PermissionDenied):
            evidence.update_evidence(con, world[role], eid, {"title": "x"})
        with pytest.raises(PermissionDenied):
            evidence.delete_evidence(con, world[role], eid)
    assert evidence.get_evidence(con, world["facilitator"], eid)["id"] == eid  # facilitators read everything
    for role in ("other_teacher", "senior_leader", "administrator"):
        with pytest.raises(PermissionDenied):
            evidence.get_evidence(con, world[role], eid)


def test_evidence_checklist_reads_real_data(con, world):
    t, q = world["teacher"], world["enquiry"]
    progress = lambda: checklists.for_team(con, SYSTEM, world["team"]).progress("Evidence")  # noqa: E731
    assert progress() == (0, 3)
    evidence.add_evidence(con, t, q, item(voices=["teachers"]))
    assert progress() == (0, 3)
    evidence.add_evidence(con, t, q, item(kind="pupil voice", voices=["pupils"]))
    assert progress() == (2, 3)  # two methods, pupils' voice; nothing from wider research yet
    lit = evidence.add_evidence(con, t, q, item(kind="research literature", origin="wider research", voices=[]))
    assert progress() == (3, 3)
    evidence.update_evidence(con, t, lit, {"consent": "withdrawn"})
    assert progress() == (2, 3)  # withdrawn data drops out


def test_edit_with_a_refused_file_changes_nothing(con, world):
    eid = evidence.add_evidence(con, world["teacher"], world["enquiry"], item())
    with pytest.raises(ValidationError):
        evidence.update_evidence(con, world["teacher"], eid, {"notes": "new notes"},
                                 files=[("ok.png", PNG), ("fake.jpg", b"not a jpeg")])
    assert evidence.get_evidence(con, world["teacher"], eid)["notes"] == ""
    assert evidence.attachments(con, world["teacher"], eid) == []


def test_a_file_can_be_removed_by_the_team_only(con, world):
    eid = evidence.add_evidence(con, world["teacher"], world["enquiry"], item(), files=[("notes.txt", b"Pairs talked.")])
    [att] = evidence.attachments(con, world["teacher"], eid)
    with pytest.raises(PermissionDenied):
        evidence.delete_attachment(con, world["other_teacher"], att["id"])
    assert len(evidence.attachments(con, world["teacher"], eid)) == 1
    evidence.delete_attachment(con, world["teacher"], att["id"])
    assert evidence.attachments(con, world["teacher"], eid) == []
    with pytest.raises(NotFound):
        evidence.attachment_content(con, world["teacher"], att["id"])
    assert changelog.history(con, SYSTEM, "attachment", att["id"])[-1]["action"] == "delete"


def test_lists_have_limits(con, world):
    t, q = world["teacher"], world["enquiry"]
    for values, field, words in (
        (item(quotes=["I like talking first"] * 201), "Quotes", "has 201 quotes; the limit is 200"),
        (item(quotes=["x" * 2001]), "Quote 1", "is 2,001 characters long; the limit is 2,000"),
        (item(voices=["pupils"] * 101), "Voices", "the limit is 100"),
    ):
        with pytest.raises(ValidationError) as err:
            evidence.add_evidence(con, t, q, values)
        assert err.value.field == field and words in err.value.message, str(err.value)
    with pytest.raises(ValidationError, match="has 51 tags; the limit is 50"):
        evidence.add_evidence(con, t, q, item(), tag_ids=list(range(1, 52)))
    with pytest.raises(ValidationError, match="has 21 files; the limit is 20"):
        evidence.add_evidence(con, t, q, item(), files=[(f"n{i}.txt", b"note") for i in range(21)])
    assert count(con, "evidence_item") == 0
    eid = evidence.add_evidence(con, t, q, item(quotes=["I like talking first"] * 200 + ["", "  "]))
    assert len(evidence.get_evidence(con, t, eid)["quotes"]) == 200  # blank lines do not count
    with pytest.raises(ValidationError, match="the limit is 200"):
        evidence.update_evidence(con, t, eid, {"quotes": ["More"] * 201})


def test_privacy_warnings_name_the_field_before_saving():
    values = item(summary="Olivia Smith (Year 4) still finds fractions hard.", notes="DOB 12/03/2016",
                  quotes=["I sit next to Amira Khan", "Her UPN is M820 6123 45001"], voices=["pupils"])
    assert evidence.privacy_warnings(values) == [
        "Summary: 'Olivia Smith' looks like a pupil's full name.",
        "Notes: 'DOB 12/03/2016' looks like a date of birth.",
        "Quote 1: 'Amira Khan' looks like a pupil's full name.",
        "Quote 2: 'M820 6123 45001' looks like a Unique Pupil Number (UPN).",
    ]
    assert evidence.privacy_warnings(item()) == []
    # Without pupils' voices a quote needs a word about pupils nearby before a name is flagged.
    assert evidence.privacy_warnings(item(quotes=["I sit next to Amira Khan"], voices=["teachers"])) == []
