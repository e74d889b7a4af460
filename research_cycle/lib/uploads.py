"""Checks on uploaded files and their names, before anything is stored. Pure: no store, no
Streamlit; each refusal is a ValidationError whose message names the problem and the fix.

- ``safe_filename``: a name with no folders, control or invisible characters (so a download or a
  heading never shows a disguised or hostile name);
- ``check_attachment``: an evidence attachment of an accepted type whose content matches its
  extension, within the size limit; an image must decode, and is stored without its metadata
  (``clean_image``: EXIF, XMP, IPTC and comments carry GPS positions, devices and names);
- ``neutralise_formula``: text that a spreadsheet would run as a formula is made inert in exports.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile

from ..store.errors import ValidationError

MAX_NAME = 120
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
FORMULA_START = "=+-@\t\r"
NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_NUMBER_RE = re.compile(NUMBER)

# Accepted attachments: extension -> MIME type. Content is checked against the signature below.
ATTACHMENT_TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".webp": "image/webp",
    ".pdf": "application/pdf", ".txt": "text/plain", ".csv": "text/csv",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".mp3": "audio/mpeg", ".m4a": "audio/mp4", ".wav": "audio/wav", ".ogg": "audio/ogg", ".webm": "audio/webm",
}
_SIGNATURES = {
    "image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",), "image/gif": (b"GIF87a", b"GIF89a"),
    "audio/ogg": (b"OggS",), "audio/webm": (b"\x1a\x45\xdf\xa3",),  # Matroska/EBML
}
# What Pillow must find inside an image of each type (phones save some JPEGs as MPO).
IMAGE_FORMATS = {"image/jpeg": ("JPEG", "MPO"), "image/png": ("PNG",), "image/gif": ("GIF",), "image/webp": ("WEBP",)}
MAX_PIXELS = 50_000_000  # a 48-megapixel phone photo fits; decoding it takes ~150 MB
MAX_FRAMES_PIXELS = 200_000_000  # all the frames of an animation together
# Office documents are zips holding a known part.
_OFFICE_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml",
                 ".odt": "mimetype"}
_BINARY = (b"MZ", b"\x7fELF", b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8",
           b"\x1f\x8b", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe")


def safe_filename(name: str) -> str:
    """A readable file name with no directories, control or invisible characters.

    Keeps letters, digits, spaces and punctuation; drops any path (``../``, ``C:\\``, ``/etc/``),
    leading dots and trailing dots/spaces; replaces characters Windows forbids with "_"; caps the
    length at 120 characters, keeping the extension. Raises ValidationError("File name") when
    nothing usable is left."""
    name = unicodedata.normalize("NFC", str(name or ""))
    # Cc: control characters and NUL; Cf: invisible format characters such as the right-to-left
    # override, which can disguise "gpj.exe" as "exe.jpg".
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r'[<>:"|?*]', "_", name).strip().lstrip(".").rstrip(". ")
    if not name:
        raise ValidationError("File name", "has nothing usable left once folders and hidden characters are "
                              "removed. Rename the file (e.g. reading-scores.csv) and upload it again.")
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 16 or not stem:
        stem, ext = name, ""
    ext = f".{ext}" if ext else ""
    if len(name) > MAX_NAME:
        stem = stem[: MAX_NAME - len(ext)].rstrip(". ")
    if stem.split(".")[0].upper() in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                                     *(f"LPT{i}" for i in range(10))}:
        stem = f"_{stem}"  # names Windows reserves for devices cannot be saved there
    return stem + ext


def neutralise_formula(value: str) -> str:
    """Text that a spreadsheet would run as a formula (starting = + - @, tab or CR) gets a leading
    apostrophe, so exports open as text. Numbers such as -3 or +2.5 are left alone."""
    if not isinstance(value, str) or not value or value[0] not in FORMULA_START or _NUMBER_RE.fullmatch(value):
        return value
    return "'" + value


def _riff(data: bytes, kind: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == kind


def _mp3(data: bytes) -> bool:
    """An ID3 tag, or an MPEG audio frame header: 11 sync bits, a known version and layer, and a
    bitrate that is not the forbidden one."""
    if data.startswith(b"ID3"):
        return True
    if len(data) < 4 or data[0] != 0xFF or data[1] & 0xE0 != 0xE0:
        return False
    return (data[1] >> 3) & 3 != 1 and (data[1] >> 1) & 3 != 0 and data[2] >> 4 != 0xF


def _text(data: bytes) -> bool:
    """Text a person could read: UTF-16 with its mark, or UTF-8 / Windows text with no NUL and
    hardly any control characters, and no program or archive's signature."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-16")
            return True
        except UnicodeDecodeError:
            return False
    if b"\x00" in data or data.startswith(_BINARY):
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    controls = len(re.findall(r"[\x01-\x08\x0b\x0e-\x1f\x7f]", text[:65536]))
    return controls <= max(3, len(text[:65536]) // 200)


def _office(ext: str, data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # reads the directory only
            part = _OFFICE_PARTS[ext]
            if part not in archive.namelist():
                return False
            return ext != ".odt" or archive.read(part).strip() == b"application/vnd.oasis.opendocument.text"
    except Exception:  # noqa: BLE001 - a damaged zip raises almost anything; it is not the document
        return False


_CONTENT = {
    ".pdf": lambda d: b"%PDF-" in d[:1024],
    ".txt": _text, ".csv": _text,
    ".mp3": _mp3, ".m4a": lambda d: d[4:8] == b"ftyp", ".wav": lambda d: _riff(d, b"WAVE"),
    ".webp": lambda d: _riff(d, b"WEBP"),
    **{ext: (lambda d, ext=ext: _office(ext, d)) for ext in _OFFICE_PARTS},
}


def _mime_for(filename: str, data: bytes) -> str:
    ext = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    mime = ATTACHMENT_TYPES.get(ext)
    if mime is None:
        kinds = ", ".join(sorted(ATTACHMENT_TYPES))
        raise ValidationError("Attachment", f"files of type '{ext or 'none'}' cannot be attached. Accepted: {kinds}.")
    signatures = _SIGNATURES.get(mime)
    fits = data.startswith(signatures) if signatures else _CONTENT[ext](data)
    if not fits:
        if ext in _OFFICE_PARTS and data.startswith(b"PK\x03\x04"):
            raise ValidationError("Attachment", f"{filename} is damaged or not a {ext} file; save it again and retry.")
        raise ValidationError("Attachment", f"{filename} is not really a {ext} file (its content is something "
                              "else). Save it again in that format, or attach the original file.")
    return mime


def _damaged_image(filename: str) -> ValidationError:
    return ValidationError("Attachment", f"{filename} is damaged or incomplete, so it cannot be shown (perhaps it "
                           "did not finish copying). Open it and save it again, or take the photo again, then "
                           "attach it.")


def clean_image(filename: str, mime: str, data: bytes) -> bytes:
    """The image decoded in full, turned upright as its EXIF orientation says, and encoded again
    without metadata: no EXIF (GPS position, device, Artist), XMP, IPTC or comments; the colour
    profile stays. Animations keep their frames and timing.

    Raises ValidationError("Attachment") when it does not decode as the type its name says (a
    truncated JPEG, an HTML page named .webp, a bare GIF header) or has too many pixels."""
    from PIL import Image, ImageOps, ImageSequence  # imported here so that other uploads do not pay for it

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS[mime]:
                raise ValidationError("Attachment", f"{filename} is not really a {filename.rsplit('.', 1)[-1]} image "
                                      f"(it holds a {image.format or 'different'} image). Save it again in that "
                                      "format, or attach the original file.")
            width, height = image.size
            frames = getattr(image, "n_frames", 1)
            if width * height > MAX_PIXELS or width * height * frames > MAX_FRAMES_PIXELS:
                raise ValidationError("Attachment", f"{filename} is {width:,} × {height:,} pixels"
                                      + (f" in {frames:,} frames" if frames > 1 else "")
                                      + "; the limit is 50 million pixels. Save a smaller copy and attach that.")
            keep = {k: image.info[k] for k in ("icc_profile", "transparency", "loop", "duration", "background")
                    if k in image.info}
            if frames > 1 and image.format != "MPO":  # an MPO's second picture is a preview, with its own EXIF
                pictures = []
                for frame in ImageSequence.Iterator(image):
                    frame.load()
                    copy = frame.copy()
                    copy.info = {k: v for k, v in copy.info.items() if k in ("transparency", "duration")}
                    pictures.append(copy)
            else:
                image.load()
                pictures = [ImageOps.exif_transpose(image)]
            image_format = "JPEG" if image.format == "MPO" else image.format
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 - Pillow reports a broken image as almost any exception
        raise _damaged_image(filename) from None
    first = pictures[0]
    first.info = {k: v for k, v in keep.items() if k != "icc_profile" or image_format != "GIF"}
    options: dict = {"icc_profile": keep["icc_profile"]} if "icc_profile" in keep and image_format != "GIF" else {}
    if image_format == "JPEG":
        options.update(quality=90, optimize=True)
        if first.mode not in ("RGB", "L", "CMYK"):
            first = first.convert("RGB")
    elif image_format == "WEBP":
        options.update(quality=90)
    if len(pictures) > 1:
        options.update(save_all=True, append_images=pictures[1:])
        for k in ("loop", "duration"):
            if k in keep:
                options[k] = keep[k]
    out = io.BytesIO()
    try:
        first.save(out, format=image_format, exif=b"", **options)
    except Exception:  # noqa: BLE001 - an image Pillow read but cannot write is as good as damaged
        raise _damaged_image(filename) from None
    return out.getvalue()


def check_attachment(filename: str, data: bytes, max_bytes: int = MAX_ATTACHMENT_BYTES) -> tuple[str, str, bytes]:
    """(safe name, MIME type, bytes to store) of an acceptable file, else ValidationError saying
    why. Every file's content must match its extension; images must decode, and are returned
    without their metadata (``clean_image``)."""
    name = safe_filename(filename)
    if not data:
        raise ValidationError("Attachment", f"{name} is empty; choose the file again.")
    if len(data) > max_bytes:
        raise ValidationError("Attachment", f"{name} is {len(data) / 1048576:.1f} MB; the limit is "
                              f"{max_bytes / 1048576:.0f} MB. Make it smaller (e.g. a lower photo resolution).")
    mime = _mime_for(name, data)
    if mime in IMAGE_FORMATS:
        data = clean_image(name, mime, data)
    return name, mime, data
