"""Read an uploaded CSV or XLSX file safely into a DataFrame and describe its columns.

Pure Python: no streamlit, no database. ``read_table`` refuses bad files with a
``ValidationError`` whose message names the problem and the fix; it never drops a data row
silently and never evaluates a formula.

What it decides about a file:

* Type comes from the extension AND the content: .csv/.tsv/.txt must be text, .xlsx must be a
  zip (``PK\\x03\\x04``). Old .xls and password-protected .xlsx (both OLE, ``D0 CF 11 E0``),
  binary data under a .csv name, damaged workbooks and other extensions are refused.
* CSV encoding: UTF-8 with BOM ("utf-8-sig"), UTF-16 with BOM (Excel's "Unicode text"),
  UTF-8, then Windows cp1252 (Excel's default in the UK); bytes that are none of those are refused
  rather than replaced. Delimiter: comma, semicolon or tab.
* Shape: the first non-blank row is the header (blank names become "Column 3", repeats get
  " (2)"). A row with MORE values than the header is refused, naming its line (unless the extra
  values are all empty, as a trailing delimiter leaves); a row with FEWER values is padded with
  missing values, because Excel leaves off trailing empty cells. Blank rows and nameless empty
  columns are left out, with a warning when they were inside the table.
* Workbooks are read with calamine, values only (a formula is never run), once the zip's
  directory shows it would not unpack to far more than a workbook of its size (a zip bomb is
  refused before anything is decompressed). Formula cells that Excel never calculated and saved,
  Excel errors and merged cells read as blank, and a warning says so.
* Privacy (DESIGN §7): a column is flagged when its header or its values look like pupils' names
  (in any case, first names alone), dates of birth or UPNs (with a valid check letter); such a
  column is never suggested as the pupil id.
* Types per column: integer, number, date (ISO yyyy-mm-dd or UK dd/mm/yyyy, never US), boolean
  (yes/no, true/false, y/n) or text. In non-text columns N/A, -, absent and Excel errors such as
  #DIV/0! count as missing (with a warning); text is kept verbatim (stripped of outer spaces).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from ..store.errors import ValidationError
from .privacy import is_upn, looks_like_names
from .uploads import MAX_NAME, safe_filename

MAX_BYTES = 20 * 1024 * 1024
CSV_TYPES = (".csv", ".tsv", ".txt")
ACCEPTED = "a .csv, .tsv or .txt file (comma, semicolon or tab separated) or an Excel workbook (.xlsx)"
# A real workbook's XML unzips to ~5-20 times its size (15 for a sheet of one repeated value);
# far more than that is a zip bomb. Both are judged from the zip's directory, before unpacking.
MAX_UNZIPPED_RATIO = 25  # all members together, against the size limit
MAX_MEMBER_RATIO = 100  # any one member over 1 MB, against its compressed size
MIN_CHECKED_MEMBER = 1024 * 1024

ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0"
BINARY_SIGNATURES = (ZIP, OLE, b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x1f\x8b")
MISSING = {"na", "n/a", "n.a.", "-", "--", "\u2013", "null", "none", "nan", "absent", "abs",
           "#n/a", "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!"}
BOOLEANS = {"yes": True, "no": False, "true": True, "false": False, "y": True, "n": False}
INTEGER = r"[+-]?\d{1,18}"
NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
UK_DATE = r"\d{1,2}/\d{1,2}/\d{4}(?: \d{1,2}:\d{2}(?::\d{2})?)?"
UK_FORMATS = ("%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")

_WORD = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?"
_UPPER = r"[A-Z]{2,}(?:['’-][A-Z]+)*"
NAME_VALUE = (rf"{_WORD}(?: {_WORD}){{1,3}}|{_UPPER},? {_WORD}(?: {_WORD})?|{_WORD}(?: {_WORD})?,? {_UPPER}"
              rf"|{_WORD}, {_WORD}(?: {_WORD})?")
NAME_WORDS = {"name", "names", "forename", "forenames", "surname", "surnames", "firstname", "lastname", "fullname"}
NOT_PUPIL_NAME = {"school", "class", "group", "subject", "file", "set", "form", "course", "test", "assessment",
                  "teacher", "staff", "book", "scheme", "intervention", "sheet"}
BIRTH_WORDS = {"dob", "birth", "birthday", "born", "birthdate"}
# Headers of columns whose short text values are labels or comments, not people: their values are
# not judged as names (a header that says "name" still is).
NOT_NAME_VALUES = {"comment", "comments", "note", "notes", "feedback", "response", "answer", "reason", "remarks",
                   "description", "strategy", "activity", "title", "topic", "question", "target", "outcome", "level",
                   "grade", "band", "status", "type", "category", "language", "country", "nationality", "religion",
                   "ethnicity", "ethnic", "gender", "sex", "subject", "book", "intervention", "programme", "group"}

GROUP_PHRASES = ("pupil premium", "year group", "free school meals", "looked after", "nc year", "tutor group",
                 "first language", "newly arrived")
GROUP_WORDS = {"pp", "fsm", "fsm6", "ever6", "disadvantaged", "disadvantage", "eal", "send", "sen", "gender",
               "sex", "ethnicity", "ethnic", "year", "yr", "class", "form", "set", "group", "lac", "cla"}
PRE_WORDS = {"pre", "pretest", "baseline", "autumn", "before", "initial", "entry", "start"}
POST_WORDS = {"post", "posttest", "summer", "end", "follow", "followup", "after", "final", "exit"}
ID_WORDS = {"id", "pseudonym", "pseudonymous", "pseudonymised", "pseudonymized", "upn", "uid"}
PUPIL_WORDS = {"pupil", "student", "child", "candidate"}
STAFF_WORDS = {"teacher", "staff", "school", "class"}


@dataclass
class Column:
    """One column: its cleaned header, inferred type, suggested role, privacy flags and how many
    cells hold a value."""

    name: str
    dtype: str  # "number", "integer", "date", "text", "boolean"
    suggested_role: str  # one of COLUMN_ROLES
    flags: list[str] = field(default_factory=list)  # privacy flags
    non_missing: int = 0


@dataclass
class Table:
    """A read file: the typed frame (columns in file order, named as in ``columns``), how it was
    read (encoding and delimiter for CSV; sheet and all sheet names for XLSX) and plain-English
    warnings to show before importing."""

    frame: pd.DataFrame
    columns: list[Column]
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    sheets: list[str]
    warnings: list[str]


def _mb(n: int) -> str:
    return f"{n / 1048576:.0f} MB" if n >= 1048576 else f"{n / 1048576:.2f} MB"


def _words(name: str) -> str:
    """A header as lower-case words: "PupilID" and "pupil_id" both give "pupil id"."""
    return " ".join(re.findall(r"[a-z0-9]+", re.sub(r"([a-z])([A-Z])", r"\1 \2", name).lower()))


def _check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise ValidationError("File", "is empty: there is nothing to import. Check you exported the right "
                              "sheet, then upload it again.")
    if len(data) > max_bytes:
        raise ValidationError("File", f"is {len(data) / 1048576:.1f} MB; the limit is {_mb(max_bytes)}. Remove "
                              "columns or rows you do not need, or split it into smaller files, and upload again.")


def _damaged() -> ValidationError:
    # A broken workbook surfaces from zipfile, calamine or the XML parser as almost any exception
    # (CalamineError, XmlError, zlib.error, KeyError...), and only while it is read: callers catch
    # Exception around them and raise this instead.
    return ValidationError("File", "is damaged or incomplete, so it cannot be opened as an Excel workbook (it "
                           "may not have finished downloading). Open it in Excel and save it again as .xlsx, or "
                           "export it as CSV UTF-8, then upload again.")


def _check_zip(data: bytes, max_bytes: int) -> zipfile.ZipFile:
    """The workbook's zip archive, once its central directory shows nothing would unpack to far more
    than a workbook of its size does (a "zip bomb"): judged from the sizes the directory declares,
    BEFORE anything is decompressed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except Exception:  # noqa: BLE001 - see _damaged
        raise _damaged() from None
    unzipped = sum(info.file_size for info in members)
    inflated = [info for info in members if info.file_size > MIN_CHECKED_MEMBER
                and info.file_size > MAX_MEMBER_RATIO * max(info.compress_size, 1)]
    if unzipped > MAX_UNZIPPED_RATIO * max_bytes or inflated:
        archive.close()
        raise ValidationError("File", f"unpacks to {unzipped / 1048576:,.0f} MB of data from {_mb(len(data))}, "
                              "far more than a workbook of its size should, so it was not opened. Export the "
                              "sheet you need as CSV UTF-8 and upload that.")
    return archive


def _open_workbook(data: bytes, max_bytes: int):
    """(calamine workbook, zip archive) of an .xlsx file (close both after use); ValidationError
    for anything else."""
    _check_size(data, max_bytes)
    if data.startswith(OLE):
        raise ValidationError("File", "is not a standard .xlsx workbook: it may be password-protected, or an old "
                              ".xls file renamed. Remove the password in Excel (File › Info › Protect Workbook › "
                              "Encrypt with Password, clear it), save it as 'Excel Workbook (.xlsx)' and upload again.")
    if not data.startswith(ZIP):
        raise ValidationError("File", "is not a valid Excel workbook (.xlsx): it may be damaged or have the wrong "
                              "name ending. Open it in Excel and save it again as 'Excel Workbook (.xlsx)', or "
                              "export it as CSV UTF-8.")
    archive = _check_zip(data, max_bytes)
    from python_calamine import CalamineWorkbook  # imported here so that CSV-only use does not pay for it

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not workbook.sheet_names:
            raise ValueError("no sheets")
    except Exception:  # noqa: BLE001 - see _damaged
        archive.close()
        raise _damaged() from None
    return workbook, archive


def list_sheets(data: bytes, *, max_bytes: int = MAX_BYTES) -> list[str]:
    """The sheet names of an .xlsx workbook, in order. Raises ValidationError like read_table."""
    workbook, archive = _open_workbook(data, max_bytes)
    try:
        return list(workbook.sheet_names)
    finally:
        workbook.close()
        archive.close()


def _cell_text(value) -> str:
    kind = type(value)
    if kind is str:  # most cells, so first
        return value
    if kind is float:
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d" if (value.hour, value.minute, value.second) == (0, 0, 0) else
                              "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _cell_name(row: int, col: int) -> str:
    letters, col = "", col + 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


_NS = {"r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "pr": "http://schemas.openxmlformats.org/package/2006/relationships"}
# A cell holding a formula and no saved result (no <v>, or an empty one that is not a text result),
# and a cell holding an Excel error (#DIV/0!, #N/A...). Tags may carry a namespace prefix.
_FORMULA_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*)>\s*<(?:\w+:)?f\b[^>]*(?:/>|>[^<]*</(?:\w+:)?f>)\s*"
                           rb"(<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>")
_ERROR_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*\bt=[\"']e[\"']")


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding a sheet's cells, from the workbook's relationships (None if unclear)."""
    import posixpath
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(archive.read("_rels/.rels"))
        book = next(r.get("Target") for r in root.iter(f"{{{_NS['pr']}}}Relationship")
                    if r.get("Type", "").endswith("/officeDocument")).lstrip("/")
        folder, name = posixpath.split(book)
        rels = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels")))
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{_NS['pr']}}}Relationship")}
        for element in ElementTree.fromstring(archive.read(book)).iter():
            if element.tag.endswith("}sheet") and element.get("name") == sheet:
                target = targets[element.get(f"{{{_NS['r']}}}id")]
                return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    except Exception:  # noqa: BLE001 - an unusual layout only means no formula check
        return None
    return None


def _workbook_notes(archive: zipfile.ZipFile, sheet: str, merged) -> list[str]:
    """Say what a workbook's cells lose when read as values: formulas Excel never calculated and
    saved, Excel errors, and merged cells (only the first cell of a merge holds the value)."""
    notes = []
    part = _sheet_part(archive, sheet)
    if part:
        try:
            xml = archive.read(part)
        except Exception:  # noqa: BLE001 - calamine has read it; a second look is only a courtesy
            xml = b""
        # Most sheets hold neither; a plain search for the tags is far quicker than the patterns.
        formulas = b"<f>" in xml or b"<f " in xml or b":f>" in xml or b":f " in xml
        unsaved = [m for m in _FORMULA_CELL.finditer(xml) if not (m.group(2) and re.search(rb"\bt=[\"']str", m.group(1)))
                   ] if formulas else []
        if unsaved:
            where = re.search(rb"\br=[\"']([A-Z]+\d+)", unsaved[0].group(1))
            example = f" (e.g. {where.group(1).decode()})" if where else ""
            notes.append(f"{len(unsaved):,} formula cell{'s' if len(unsaved) > 1 else ''}{example} had no saved value, "
                         "so they were read as blank: open the file in Excel, save it, and upload it again.")
        errors = len(_ERROR_CELL.findall(xml)) if b't="e"' in xml or b"t='e'" in xml else 0
        if errors:
            notes.append(f"{errors:,} cell{'s' if errors > 1 else ''} held an Excel error (such as #DIV/0! or #N/A) "
                         "and were read as blank.")
    ranges = [r for r in merged or () if r[0] != r[1]]
    if ranges:
        shown = ", ".join(f"{_cell_name(*a)}:{_cell_name(*b)}" for a, b in ranges[:3])
        notes.append(f"{len(ranges):,} group{'s' if len(ranges) > 1 else ''} of merged cells ({shown}"
                     f"{' ...' if len(ranges) > 3 else ''}): only the first cell of each holds the value, so the "
                     "others were read as blank. If that matters, unmerge them in Excel, fill them in, save and "
                     "upload again.")
    return notes


def _read_xlsx(data: bytes, sheet: str | None, max_bytes: int) -> tuple[pd.DataFrame, str, list[str], list[str]]:
    workbook, archive = _open_workbook(data, max_bytes)
    try:
        sheets = list(workbook.sheet_names)
        if sheet is None and len(sheets) > 1:
            raise ValidationError("Sheet", f"this workbook has {len(sheets)} sheets ({', '.join(sheets)}): "
                                  "choose which one to import.")
        sheet = sheets[0] if sheet is None else sheet
        if sheet not in sheets:
            raise ValidationError("Sheet", f"there is no sheet called '{sheet}' in this workbook; choose one of: "
                                  f"{', '.join(sheets)}.")
        kinds = {m.name: str(m.typ) for m in workbook.sheets_metadata}
        if "Chart" in kinds.get(sheet, ""):
            raise ValidationError("Sheet", f"'{sheet}' is a chart, not a table; choose the sheet with your data.")
        try:
            worksheet = workbook.get_sheet_by_name(sheet)
            rows = [[_cell_text(v) for v in row] for row in worksheet.to_python(skip_empty_area=False)]
            merged = worksheet.merged_cell_ranges
        except Exception:  # noqa: BLE001 - see _damaged
            raise _damaged() from None
        notes = _workbook_notes(archive, sheet, merged)
    finally:
        workbook.close()
        archive.close()
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype="str")
    if frame.empty or not frame.apply(lambda c: c.str.strip().ne("").any()).any():
        raise ValidationError("Sheet", f"'{sheet}' is empty: there is nothing to import. Choose the sheet that "
                              "holds your table.")
    return frame, sheet, sheets, notes


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        if b"\x00" in data or data.startswith(BINARY_SIGNATURES):
            raise ValidationError("File", "does not look like a CSV file: it holds binary data (perhaps an image, "
                                  "a PDF or a workbook renamed .csv). Open it in your spreadsheet and export it "
                                  "again as CSV UTF-8.")
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ValidationError("File", "contains characters that are neither UTF-8 nor Windows text, so they cannot be "
                          "read reliably. Open it in Excel and save it again as 'CSV UTF-8 (Comma delimited)'.")


def _records(text: str, delimiter: str):
    """(first line number, fields) of each record, as Python's csv module reads them."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    while True:
        line = reader.line_num + 1
        try:
            yield line, next(reader)
        except StopIteration:
            return


def _delimiter(text: str, preferred: str) -> str:
    """Comma, semicolon or tab: the one that splits the header into most columns and keeps the
    sample's rows no wider than the header. Ties go to csv.Sniffer's guess, then the file type."""
    sample = "\n".join(line for line in text[:65536].split("\n")[:50] if line.strip())
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        sniffed = None

    def score(delim: str):
        try:
            widths = [len(fields) for _, fields in _records(sample, delim)]
        except csv.Error:
            return (False, 0.0, 0)
        if not widths:
            return (False, 0.0, 0)
        fits = sum(w == widths[0] for w in widths) / len(widths)
        return (widths[0] > 1, fits, widths[0])

    return max(",;\t", key=lambda d: (score(d), d == sniffed, d == preferred))


def _unreadable() -> ValidationError:
    return ValidationError("File", "could not be read as a table. Open it in Excel and export it again as "
                           "CSV UTF-8, then upload again.")


def _ragged(text: str, delimiter: str, error: Exception, skipped: int) -> int:
    """The width to read with when the only extra values are empty (a trailing delimiter loses
    nothing); otherwise a ValidationError naming the unclosed quote or the over-long lines."""
    try:
        records = [(line + skipped, fields) for line, fields in _records(text, delimiter)]
    except csv.Error:
        records = []
    if "EOF inside string" in str(error) and records:
        raise ValidationError("File", f"has a double quotation mark (\") that is never closed, starting on line "
                              f"{records[-1][0]}, so the rest of the file would run into one cell. Remove or close "
                              "that quotation mark and upload again.")
    filled = [(line, fields) for line, fields in records if any(f.strip() for f in fields)]
    width = len(filled[0][1]) if filled else 0
    wider = [len(fields) for _, fields in records if len(fields) > width]
    long = [(line, fields) for line, fields in filled if len(fields) > width and "".join(fields[width:]).strip()]
    if wider and not long:
        return max(wider)
    if not long:
        raise _unreadable()
    sep = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    lines = ", ".join(str(line) for line, _ in long[:5]) + (f" and {len(long) - 5} more" if len(long) > 5 else "")
    where = (f"line {lines} has {len(long[0][1])} values but the header has only {width} column names"
             if len(long) == 1 else f"lines {lines} have more values than the {width} column names in the header")
    raise ValidationError("File", f"{where}, so nothing was imported. Usually a value contains a {sep}: put that value in double quotes or remove "
                          f"the {sep} (or add the missing column name), then upload again.")


def _read_csv(data: bytes, preferred: str) -> tuple[pd.DataFrame, str, str]:
    text, encoding = _decode(data)
    if re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f]", text[:65536]):
        controls = len(re.findall(r"[\x01-\x08\x0b\x0c\x0e-\x1f]", text[:65536]))
        if controls > max(3, len(text[:65536]) // 200):
            raise ValidationError("File", "does not look like a CSV file: it is full of control characters. "
                                  "Open it in your spreadsheet and export it again as CSV UTF-8.")
    # One line ending everywhere, so line numbers in messages match what a text editor shows.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ValidationError("File", "is empty: there is nothing to import. Check you exported the right "
                              "sheet, then upload it again.")
    # Leading blank lines would make pandas see no columns; line numbers still count them.
    blank = re.match(r"(?:[ \t]*\n)*", text).end()
    skipped, text = text[:blank].count("\n"), text[blank:]
    delimiter = _delimiter(text, preferred)

    def parse(names=None):
        return pd.read_csv(io.StringIO(text), sep=delimiter, header=None, names=names, dtype=str, na_filter=False,
                           engine="c", skip_blank_lines=False, quotechar='"')

    try:
        frame = parse()
    except (pd.errors.ParserError, ValueError) as exc:
        try:
            frame = parse(list(range(_ragged(text, delimiter, exc, skipped))))
        except (pd.errors.ParserError, ValueError) as again:
            _ragged(text, delimiter, again, skipped)  # names an unclosed quotation mark
            raise _unreadable() from None
    return frame, encoding, delimiter


def _column_names(raw: list[str], notes: list[str]) -> list[str]:
    names, seen = [], set()
    for i, value in enumerate(raw, start=1):
        name = " ".join(str(value).replace("\ufeff", "").split())[:MAX_NAME]
        if not name:
            name = f"Column {i}"
            notes.append(f"Column {i} had no name, so it is called '{name}'.")
        base, n = name, 1
        while name.lower() in seen:
            n += 1
            name = f"{base} ({n})"
        if n > 1:
            notes.append(f"More than one column was called '{base}'; the repeat is called '{name}'.")
        seen.add(name.lower())
        names.append(name)
    return names


def _shape(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Header from the first non-blank row; blank rows and nameless empty columns left out."""
    frame = frame.apply(lambda c: c.fillna("").str.strip())
    filled = frame.ne("").any(axis=1).to_numpy()
    if not filled.any():
        raise ValidationError("File", "is empty: there is nothing to import. Check you exported the right sheet, "
                              "then upload it again.")
    first, last = filled.argmax(), len(filled) - 1 - filled[::-1].argmax()
    header, body = frame.iloc[first], frame.iloc[first + 1: last + 1]
    inner_blank = int((~filled[first + 1: last + 1]).sum())
    if inner_blank:
        notes.append(f"{inner_blank:,} blank row{'s were' if inner_blank > 1 else ' was'} left out.")
    body = body[filled[first + 1: last + 1]]
    keep = [i for i in range(frame.shape[1]) if header.iloc[i] or body.iloc[:, i].ne("").any()]
    if len(keep) < frame.shape[1]:
        gone = frame.shape[1] - len(keep)
        notes.append(f"{gone} empty column{'s' if gone > 1 else ''} without a name {'were' if gone > 1 else 'was'} "
                     "left out.")
    body = body.iloc[:, keep].reset_index(drop=True)
    body.columns = _column_names([header.iloc[i] for i in keep], notes)
    if body.empty:
        raise ValidationError("File", "has column names but no rows: there is nothing to import. Check you "
                              "exported the rows as well as the header, then upload again.")
    return body


def _parse_dates(values: pd.Series) -> pd.Series:
    """Datetimes for ISO and UK (day first) dates; NaT where a value is neither, or not a real date."""
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[us]")
    iso = values.str.fullmatch(ISO_DATE)
    if iso.any():
        out[iso] = pd.to_datetime(values[iso], format="ISO8601", errors="coerce")
    for fmt in UK_FORMATS:
        todo = out.isna() & ~iso
        if not todo.any():
            break
        out[todo] = pd.to_datetime(values[todo], format=fmt, errors="coerce")
    return out


def _all(values: pd.Series, pattern: str) -> bool:
    # A quick look at the first values rules most types out before the whole column is scanned.
    return bool(values.head(200).str.fullmatch(pattern).all()) and bool(values.str.fullmatch(pattern).all())


def _convert(name: str, column: pd.Series, delimiter: str | None, notes: list[str]) -> tuple[pd.Series, str]:
    """(typed column, dtype); ``column`` is stripped text with "" for empty cells."""
    text = column.where(column.ne(""))
    values = text.dropna()
    lower = values.str.lower()
    gaps = lower.isin(MISSING)
    real = values[~gaps]
    if real.empty:
        return text, "text"
    kind, typed, note = "text", None, None
    # Leading zeros (0123) mark a code such as a pupil number: as a number it would lose them.
    coded = bool(real.str.fullmatch(r"[+-]?0\d+(?:[.,]\d*)?").any())
    if bool(lower[~gaps].isin(list(BOOLEANS)).all()):
        kind, typed = "boolean", lower[~gaps].map(BOOLEANS).astype("boolean")
    elif coded:
        pass
    elif _all(real, INTEGER):
        kind, typed = "integer", pd.to_numeric(real).astype("Int64")
    elif _all(real, NUMBER):
        kind, typed = "number", pd.to_numeric(real).astype("float64")
    elif delimiter != "," and _all(real, r"[+-]?\d+(?:,\d+)?"):
        kind, typed = "number", pd.to_numeric(real.str.replace(",", ".", regex=False)).astype("float64")
        note = f"Decimal commas in '{name}' (e.g. {real[real.str.contains(',')].iloc[0]}) were read as decimal points."
    elif _all(real, NUMBER + "%"):
        kind, typed = "number", pd.to_numeric(real.str.rstrip("%")).astype("float64")
        note = f"Percentages in '{name}' were read as numbers (e.g. {real.iloc[0]} as {real.iloc[0][:-1]})."
    elif bool(real.str.fullmatch(f"{ISO_DATE}|{UK_DATE}").all()):
        dates = _parse_dates(real)
        if dates.notna().all():
            kind, typed = "date", dates
    if kind == "text":
        numeric = real.str.fullmatch(NUMBER)
        if 0.8 <= numeric.mean() < 1:
            odd = real[~numeric].unique()[:3]
            notes.append(f"'{name}' is mostly numbers, but {int((~numeric).sum()):,} cells are not (e.g. "
                         f"{', '.join(repr(v) for v in odd)}), so it was read as text and cannot be a score. If it "
                         "should be one, blank those cells or put numbers in them, then upload again.")
        return text, "text"
    if note:
        notes.append(note)
    if gaps.any():
        shown = ", ".join(sorted(set(values[gaps]))[:4])
        notes.append(f"In '{name}', {int(gaps.sum()):,} cells holding {shown} were treated as missing.")
    if kind == "number":
        return typed.reindex(column.index), kind
    return typed.reindex(column.index).astype(typed.dtype), kind


def privacy_flags(name: str, values: pd.Series, *, today: dt.date | None = None) -> list[str]:
    """Reasons a column may identify a pupil (DESIGN §7), judged from its name and its values:
    "looks like pupil names", "looks like dates of birth", "looks like UPNs". Empty if none.
    Birth years are judged against ``today`` (the store's clock, passed in by the domain; this
    module reads no clock of its own, so the machine's date is only a fallback)."""
    joined = _words(name)
    words = set(joined.split())
    flags = []
    values = values.dropna()
    text = None if pd.api.types.is_datetime64_any_dtype(values) else values.head(2000).astype("str").str.strip()
    sample = text[text.ne("")].head(1000) if text is not None else None  # "mostly" is judged on a sample

    named = bool(words & NAME_WORDS) and not words & NOT_PUPIL_NAME
    if not named and sample is not None and not words & (NOT_PUPIL_NAME | GROUP_WORDS | NOT_NAME_VALUES):
        # "Olivia Smith" in a handful of rows; or names in any case, first names alone, by their values.
        named = (len(sample) >= 3 and sample.str.fullmatch(NAME_VALUE).mean() >= 0.6
                 and sample.nunique() >= 0.5 * len(sample)) or looks_like_names(sample)
    if named:
        flags.append("looks like pupil names")

    if words & BIRTH_WORDS or "date of birth" in joined:
        flags.append("looks like dates of birth")
    else:
        looks_dated = text is not None and len(sample) and sample.str.fullmatch(f"{ISO_DATE}|{UK_DATE}").mean() >= 0.8
        dates = values if text is None else (_parse_dates(sample) if looks_dated else None)
        dates = dates.dropna() if dates is not None else None
        if dates is not None and len(dates) >= 5:
            year = (today or dt.date.today()).year
            # Pupils aged 2-19 (a little slack either side); assessment dates cluster on a few days,
            # birthdays spread over many days across a year or more.
            born = dates.dt.year.between(year - 21, year - 2).mean() >= 0.8
            distinct = dates.dt.normalize().nunique()
            spread = (dates.max() - dates.min()).days >= 90
            if born and spread and distinct >= 5 and (distinct >= 50 or distinct >= 0.5 * len(dates)):
                flags.append("looks like dates of birth")

    # UPNs as people write them ("A123 4567 89012"), with a correct DfE check letter, so that other
    # codes of a letter and twelve digits are not taken for them.
    if "upn" in words or (sample is not None and len(sample) and sample.map(is_upn).mean() > 0.5):
        flags.append("looks like UPNs")
    return flags


def _role(name: str, dtype: str) -> str:
    joined = _words(name)
    words = set(joined.split())
    numeric = dtype in ("number", "integer")
    if any(re.search(rf"\b{p}\b", joined) for p in GROUP_PHRASES):
        return "group"
    if numeric and words & PRE_WORDS:
        return "pre"
    if numeric and words & POST_WORDS:
        return "post"
    if words & GROUP_WORDS:
        return "group"
    if (words & ID_WORDS and not words & STAFF_WORDS) or (words & PUPIL_WORDS and words <= PUPIL_WORDS | {
            "ref", "reference", "code", "number", "no"}):
        return "pupil_id"
    return "measure" if numeric else "ignore"


def _suggest_roles(columns: list[Column]) -> None:
    """Keep suggestions valid together: one pupil id, one pre and one post, and pre only with post."""
    for role, spare in (("pupil_id", "ignore"), ("pre", "measure"), ("post", "measure")):
        for col in [c for c in columns if c.suggested_role == role][1:]:
            col.suggested_role = spare
    roles = {c.suggested_role for c in columns}
    if ("pre" in roles) != ("post" in roles):
        for col in columns:
            if col.suggested_role in ("pre", "post"):
                col.suggested_role = "measure"


def read_table(data: bytes, filename: str, *, sheet: str | None = None, max_bytes: int = MAX_BYTES,
               today: dt.date | None = None) -> Table:
    """Read an uploaded .csv/.tsv/.txt or .xlsx file into a typed, described Table.

    ``sheet`` picks the sheet of a workbook; it is required when the workbook has several (and
    ignored for CSV).
    Raises ValidationError("File", ...) for a file that is empty, too big (over ``max_bytes``), of
    the wrong type or content, damaged, undecodable, has rows longer than its header, an unclosed
    quotation mark, or a header and no rows; ValidationError("Sheet", ...) when a sheet must be
    chosen, does not exist or is empty; ValidationError("File name", ...) for an unusable name.
    Nothing is evaluated: text beginning = + - @ stays text (counted in ``warnings``; exports
    must pass it through ``neutralise_formula``)."""
    name = safe_filename(filename)
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == ".xls":
        raise ValidationError("File", "is an old-style Excel 97-2003 workbook (.xls), which cannot be read here. "
                              "Open it in Excel, choose File › Save As › 'Excel Workbook (.xlsx)', and upload that.")
    if ext not in CSV_TYPES + (".xlsx",):
        raise ValidationError("File", f"'{name}' is not a type the workbench can read. Upload {ACCEPTED}: in "
                              "Excel use File › Save As › 'CSV UTF-8' or 'Excel Workbook (.xlsx)'.")
    _check_size(data, max_bytes)
    notes: list[str] = []
    if ext == ".xlsx":
        raw, sheet, sheets, notes = _read_xlsx(data, sheet, max_bytes)
        encoding = delimiter = None
    else:
        if data.startswith(ZIP):
            raise ValidationError("File", f"is an Excel workbook with a {ext} name. Rename it to end in .xlsx, or "
                                  "open it in Excel and export it again as CSV UTF-8.")
        if data.startswith(OLE):
            raise ValidationError("File", f"is an Excel .xls workbook with a {ext} name, not a CSV file. Open it in "
                                  "Excel and export it again as CSV UTF-8 (or save it as .xlsx).")
        raw, encoding, delimiter = _read_csv(data, "\t" if ext == ".tsv" else ",")
        sheet, sheets = None, []
    body = _shape(raw, notes)
    frame, columns, formulas = pd.DataFrame(index=body.index), [], 0
    for col in body.columns:
        typed, dtype = _convert(col, body[col], delimiter, notes)
        frame[col] = typed
        if dtype == "text":
            stripped = typed.dropna()
            formulas += int((stripped.str.match(r"[=+\-@\t\r]") & ~stripped.str.fullmatch(NUMBER)).sum())
        flags = privacy_flags(col, typed, today=today)
        role = _role(col, dtype)
        if role == "pupil_id" and {"looks like pupil names", "looks like dates of birth"} & set(flags):
            role = "ignore"  # names or birthdays are never a pupil id, however the column is headed
        columns.append(Column(col, dtype, role, flags, int(typed.notna().sum())))
    _suggest_roles(columns)
    if formulas:
        notes.append(f"{formulas:,} cell{'s' if formulas > 1 else ''} began with = + - or @. They are kept as "
                     "plain text and never run as formulas; exports add a leading apostrophe so that "
                     "spreadsheets do not run them either.")
    return Table(frame, columns, encoding, delimiter, sheet, sheets, notes)
