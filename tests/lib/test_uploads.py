"""Evidence attachments: every file's content must match its extension, images must decode, and
images are kept without the metadata that places a school or names a device or person."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image, TiffImagePlugin

from research_cycle.lib.uploads import check_attachment, clean_image
from research_cycle.store.errors import ValidationError

XMP = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
       b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/'
       b'elements/1.1/"><dc:creator>Secret Photographer</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>'
       b'<?xpacket end="w"?>')


def exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: the camera, who took it, where (51°30'26"N 0°7'39"W) and which way up."""
    data = Image.Exif()
    data[0x010F] = "PhoneMaker"  # Make
    data[0x0110] = "Phone 15 Pro"  # Model
    data[0x013B] = "Ms Artist Teacher"  # Artist
    data[0x0112] = orientation
    gps = {1: "N", 2: (51.0, 30.0, 26.0), 3: "W", 4: (0.0, 7.0, 39.0)}
    data[0x8825] = {k: tuple(TiffImagePlugin.IFDRational(x) for x in v) if isinstance(v, tuple) else v
                    for k, v in gps.items()}
    return data


def photo(fmt: str = "JPEG", *, orientation: int = 1, size=(40, 20), **extra) -> bytes:
    """A small picture, left half red and right half blue, saved with metadata."""
    image = Image.new("RGB", size, "blue")
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    out = io.BytesIO()
    image.save(out, fmt, exif=exif(orientation).tobytes(), **extra)
    return out.getvalue()


def assert_no_metadata(data: bytes):
    with Image.open(io.BytesIO(data)) as image:
        assert len(image.getexif()) == 0, dict(image.getexif())
        assert "xmp" not in image.info and "XML:com.adobe.xmp" not in image.info and "comment" not in image.info
    for secret in (b"PhoneMaker", b"Phone 15 Pro", b"Ms Artist Teacher", b"Secret Photographer", b"xmpmeta",
                   b"Exif\x00\x00", b"Photoshop 3.0"):
        assert secret not in data, secret


@pytest.mark.parametrize("name,fmt,extra", [
    ("photo.jpg", "JPEG", {"xmp": XMP, "comment": b"Taken at Oakfield"}),
    ("photo.jpeg", "JPEG", {}),
    ("board.png", "PNG", {}),
    ("board.webp", "WEBP", {"xmp": XMP}),
])
def test_stored_images_lose_gps_device_artist_and_xmp(name, fmt, extra):
    original = photo(fmt, **extra)
    assert b"Ms Artist Teacher" in original and (b"xmpmeta" in original) == ("xmp" in extra)  # it really carries them
    stored_name, mime, stored = check_attachment(name, original)
    assert stored_name == name and mime.startswith("image/")
    assert_no_metadata(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 20) and image.format == fmt


def test_iptc_in_a_jpeg_is_dropped():
    original = photo("JPEG")
    # An APP13 "Photoshop 3.0" segment holding IPTC (by-line 2:80), right after the SOI marker.
    iptc = b"\x1c\x02\x50\x00\x11Secret Photographer"
    block = b"8BIM\x04\x04\x00\x00" + len(iptc).to_bytes(4, "big") + iptc
    segment = b"Photoshop 3.0\x00" + block
    original = original[:2] + b"\xff\xed" + (len(segment) + 2).to_bytes(2, "big") + segment + original[2:]
    with Image.open(io.BytesIO(original)) as image:
        assert image.info.get("photoshop")  # Pillow sees the IPTC block
    assert_no_metadata(check_attachment("p.jpg", original)[2])


def test_orientation_is_applied_before_the_exif_goes():
    # Orientation 6: the camera was turned; the picture must be shown rotated 90° clockwise.
    stored = check_attachment("turned.jpg", photo("JPEG", orientation=6))[2]
    assert_no_metadata(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (20, 40)
        top, bottom = image.convert("RGB").getpixel((10, 3)), image.convert("RGB").getpixel((10, 36))
    assert top[0] > 200 and top[2] < 60  # the red left half is now at the top
    assert bottom[2] > 200 and bottom[0] < 60


def test_animated_gif_keeps_its_frames_and_loses_its_comment():
    frames = [Image.new("RGB", (10, 10), colour) for colour in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=120, loop=0,
                   comment=b"Ms Artist Teacher")
    with Image.open(io.BytesIO(out.getvalue())) as image:
        assert image.n_frames == 3 and image.info.get("comment") == b"Ms Artist Teacher"
    stored = check_attachment("wave.gif", out.getvalue())[2]
    assert_no_metadata(stored)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.n_frames == 3 and image.info.get("duration") == 120


# --- images that do not decode ---------------------------------------------------------------------

@pytest.mark.parametrize("name,data,words", [
    ("cut.jpg", photo("JPEG", size=(400, 300))[:700], "damaged or incomplete"),  # a truncated JPEG
    ("page.webp", b"<!DOCTYPE html><html><body>hello</body></html>", "not really a .webp"),
    ("header.gif", b"GIF89a", "damaged or incomplete"),  # a bare GIF header
    ("fake.webp", b"RIFF\x20\x00\x00\x00WEBPVP8 " + b"\x00" * 24, "damaged or incomplete"),
    ("fake.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "damaged or incomplete"),
    ("png.jpg", photo("PNG"), "not really a .jpg"),
    ("jpeg.png", photo("JPEG"), "not really a .png"),
])
def test_images_that_do_not_decode_are_refused(name, data, words):
    with pytest.raises(ValidationError) as err:
        check_attachment(name, data)
    assert err.value.field == "Attachment" and words in str(err.value), str(err.value)


def test_too_many_pixels_is_refused_before_decoding():
    big = io.BytesIO()
    Image.new("L", (10_000, 6_000)).save(big, "PNG")
    with pytest.raises(ValidationError, match="10,000 × 6,000 pixels; the limit is 50 million"):
        check_attachment("huge.png", big.getvalue())


def test_clean_image_refuses_a_jpeg_that_is_really_a_gif():
    gif = io.BytesIO()
    Image.new("P", (4, 4)).save(gif, "GIF")
    with pytest.raises(ValidationError, match="holds a GIF image"):
        clean_image("x.jpg", "image/jpeg", gif.getvalue())


# --- other files: content must match the extension -----------------------------------------------

def office(*parts: tuple[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, body in parts:
            archive.writestr(name, body)
    return out.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"
GOOD = {
    "talk.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 32,
    "frames.mp3": b"\xff\xfb\x90\x64" + b"\x00" * 64,  # MPEG-1 layer III frame header, no tag
    "voice.m4a": b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 16,
    "voice.wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 28,
    "voice.ogg": b"OggS\x00\x02" + b"\x00" * 40,
    "voice.webm": b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"\x00" * 20,
    "notes.txt": "Pairs talked more — “mostly”.\n".encode(),
    "notes-1252.txt": "£5 for the trip".encode("cp1252"),
    "notes-16.txt": "Unicode text from Excel".encode("utf-16"),
    "scores.csv": b"pupil,score\nP1,3\n",
    "paper.pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    "plan.docx": office(("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")),
    "data.xlsx": office(("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")),
    "slides.pptx": office(("[Content_Types].xml", b"<Types/>"), ("ppt/presentation.xml", b"<p/>")),
    "letter.odt": office(("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>")),
}


@pytest.mark.parametrize("name", sorted(GOOD))
def test_files_whose_content_matches_their_extension_are_kept_as_they_are(name):
    assert check_attachment(name, GOOD[name])[2] == GOOD[name]


@pytest.mark.parametrize("name,data", [
    ("song.mp3", EXE), ("song.mp3", HTML), ("voice.m4a", EXE), ("voice.wav", b"RIFF\x24\x00\x00\x00AVI LIST"),
    ("voice.ogg", HTML), ("voice.webm", EXE), ("notes.txt", EXE), ("scores.csv", b"\x00\x01\x02\x03" * 20),
    ("paper.pdf", HTML), ("plan.docx", HTML), ("plan.docx", EXE),
    ("plan.docx", office(("xl/workbook.xml", b"<workbook/>"))),  # a workbook renamed .docx
    ("letter.odt", office(("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"))),
    ("notes.txt", GOOD["plan.docx"]), ("notes.txt", b"%PDF-1.4 binary"),
])
def test_files_whose_content_is_something_else_are_refused(name, data):
    with pytest.raises(ValidationError) as err:
        check_attachment(name, data)
    assert err.value.field == "Attachment"
    assert "not really a" in str(err.value) or "damaged or not a" in str(err.value), str(err.value)
