"""Checks on uploaded files and their names, before anything is stored. Pure: no store, no
Streamlit; each refusal is a ValidationError whose message names the problem and the fix.

- ``safe_filename``: a name with no folders, control or invisible characters (so a download or a
  heading never shows a disguised or hostile name);
- ``check_attachment``: an evidence attachment of an accepted type whose content matches its
  extension, within the size limit;
- ``neutralise_formula``: text that a spreadsheet would run as a formula is made inert in exports.
"""

from __future__ import annotations

import re
import unicodedata

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
    "application/pdf": (b"%PDF",),
}


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


def _mime_for(filename: str, data: bytes) -> str:
    ext = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    mime = ATTACHMENT_TYPES.get(ext)
    if mime is None:
        kinds = ", ".join(sorted(ATTACHMENT_TYPES))
        raise ValidationError("Attachment", f"files of type '{ext or 'none'}' cannot be attached. Accepted: {kinds}.")
    signatures = _SIGNATURES.get(mime)
    if signatures and not data.startswith(signatures):
        raise ValidationError("Attachment", f"{filename} is not really a {ext} file (its content is something "
                              "else). Save it again in that format, or attach the original file.")
    if ext in (".docx", ".xlsx", ".pptx", ".odt") and not data.startswith(b"PK\x03\x04"):
        raise ValidationError("Attachment", f"{filename} is damaged or not a {ext} file; save it again and retry.")
    return mime


def check_attachment(filename: str, data: bytes, max_bytes: int = MAX_ATTACHMENT_BYTES) -> tuple[str, str, bytes]:
    """(safe name, MIME type, bytes) of an acceptable file, else ValidationError saying why."""
    name = safe_filename(filename)
    if not data:
        raise ValidationError("Attachment", f"{name} is empty; choose the file again.")
    if len(data) > max_bytes:
        raise ValidationError("Attachment", f"{name} is {len(data) / 1048576:.1f} MB; the limit is "
                              f"{max_bytes / 1048576:.0f} MB. Make it smaller (e.g. a lower photo resolution).")
    return name, _mime_for(name, data), data
