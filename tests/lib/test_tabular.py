"""Reading uploaded CSV/XLSX tables: bad files are refused with a message naming the problem and
the fix, nothing is dropped silently, types and roles are inferred, and pupil-identifying
columns are flagged (DESIGN §3, §6, §7)."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from research_cycle.lib import tabular
from research_cycle.lib.tabular import list_sheets, privacy_flags, read_table
from research_cycle.lib.uploads import neutralise_formula, safe_filename
from research_cycle.store.errors import ValidationError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "tabular"
# Every refusal must tell a busy teacher what to do next.
FIX = re.compile(r"\b(open|save|export|remove|rename|upload|check|choose|put|blank)\b", re.IGNORECASE)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def refused(call, field, *words):
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.field == field, str(err.value)
    for word in words:
        assert word in str(err.value), str(err.value)
    assert FIX.search(err.value.message), f"no fix in: {err.value}"
    return err.value


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv(text: str, name: str = "data.csv", **kw) -> tabular.Table:
    return read_table(text.encode("utf-8"), name, **kw)


def column(table: tabular.Table, name: str) -> tabular.Column:
    return next(c for c in table.columns if c.name == name)


# --- file names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,expected", [
    ("scores.csv", "scores.csv"),
    ("../../etc/passwd", "passwd"),
    ("/var/data/results.xlsx", "results.xlsx"),
    ("C:\\Users\\head\\Desktop\\Y7 reading.csv", "Y7 reading.csv"),
    ("..\\..\\boot.ini", "boot.ini"),
    ("a\x00b\x07c.csv", "abc.csv"),
    ("photo\u202egpj.csv", "photogpj.csv"),
    ("  .hidden.csv  ", "hidden.csv"),
    ('what?<is>:this|"*.csv', "what__is__this___.csv"),
    ("Année 7 – résultats.csv", "Année 7 – résultats.csv"),
    ("CON.csv", "_CON.csv"),
    ("trailing dots...", "trailing dots"),
])
def test_safe_filename(raw, expected):
    assert safe_filename(raw) == expected


def test_safe_filename_caps_length_and_keeps_the_extension():
    name = safe_filename("x" * 300 + ".xlsx")
    assert len(name) == 120 and name.endswith("x.xlsx")


@pytest.mark.parametrize("raw", ["../", "..", "", "   ", "\x00\x01", "/", "C:\\temp\\"])
def test_safe_filename_refuses_nothing_usable(raw):
    refused(lambda: safe_filename(raw), "File name", "Rename")


# --- formulas ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("-3", "-3"),
    ("+2.5", "+2.5"),
    ("-1e3", "-1e3"),
    ("Reading = good", "Reading = good"),
    ("", ""),
])
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


# --- size and type -------------------------------------------------------------------------------

def test_over_the_size_limit_states_the_limit_in_mb():
    data = b"Pupil ID,Score\n" + b"P001,12\n" * 200_000
    err = refused(lambda: read_table(data, "big.csv", max_bytes=1024 * 1024), "File", "limit is 1 MB")
    assert "1.5 MB" in err.message


def test_exactly_at_the_limit_is_read():
    data = b"Pupil ID,Score\nP001,12\n"
    assert len(read_table(data, "a.csv", max_bytes=len(data)).frame) == 1


def test_default_limit_is_20_mb():
    assert tabular.MAX_BYTES == 20 * 1024 * 1024
    refused(lambda: read_table(b"a" * (tabular.MAX_BYTES + 1), "a.csv"), "File", "20 MB")


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"Pupil ID,Score\nP001,1\x002\n",
    b"\xff\xd8\xff\xe0\x00\x10JFIF",
])
def test_binary_file_renamed_csv_is_refused(data):
    refused(lambda: read_table(data, "scores.csv"), "File", "does not look like a CSV file", "CSV UTF-8")


def test_control_characters_everywhere_are_refused():
    refused(lambda: read_table(bytes(range(1, 9)) * 100, "x.csv"), "File", "does not look like a CSV file")


def test_old_xls_is_refused_with_save_as_xlsx():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
    refused(lambda: read_table(data, "results.xls"), "File", ".xls", "Save As", ".xlsx")


def test_password_protected_xlsx_is_refused_with_remove_the_password():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500  # encrypted workbooks are OLE files
    refused(lambda: read_table(data, "results.xlsx"), "File", "password", "Remove the password")
    refused(lambda: list_sheets(data), "File", "password")


def test_truncated_xlsx_is_refused_as_damaged():
    data = xlsx({"Scores": [["Pupil ID", "Score"], ["P001", 12]]})
    refused(lambda: read_table(data[: len(data) // 2], "results.xlsx"), "File", "damaged", "save it again")
    refused(lambda: list_sheets(data[: len(data) // 2]), "File", "damaged")


def test_zip_that_is_not_a_workbook_is_refused_as_damaged():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    refused(lambda: read_table(out.getvalue(), "results.xlsx"), "File", "damaged")


def test_text_named_xlsx_is_refused():
    refused(lambda: read_table(b"Pupil ID,Score\nP1,2\n", "results.xlsx"), "File", "not a valid Excel workbook")


def test_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 2_000_000)
    data = out.getvalue()
    refused(lambda: read_table(data, "bomb.xlsx", max_bytes=50_000), "File", "unpacks to")


def test_workbook_renamed_csv_is_refused():
    data = xlsx({"Scores": [["Pupil ID", "Score"], ["P001", 12]]})
    refused(lambda: read_table(data, "scores.csv"), "File", "Excel workbook", ".xlsx")


@pytest.mark.parametrize("name", ["scores.pdf", "scores.ods", "scores", "scores.csv.exe", "notes.docx"])
def test_unknown_type_lists_the_accepted_types(name):
    refused(lambda: read_table(b"Pupil ID,Score\nP1,2\n", name), "File", ".csv", ".tsv", ".txt", ".xlsx")


def test_file_name_is_made_safe_before_the_type_check():
    table = read_table(b"Pupil ID,Score\nP1,2\n", "../../uploads/scores.CSV")
    assert list(table.frame.columns) == ["Pupil ID", "Score"]


# --- encodings -----------------------------------------------------------------------------------

def test_cp1252_pound_smart_quotes_and_en_dash_come_through():
    table = read_table(fixture("cp1252_smart_quotes.csv"), "trip.csv")
    assert table.encoding == "cp1252"
    assert list(table.frame["Trip cost"]) == ["£12.50", "£3", "£0.75"]
    assert list(table.frame["Teacher comment"]) == ["“Great effort” – keep going", "‘Quiet’ in class",
                                                    "It’s improving"]
    assert len(table.frame) == 3


def test_utf8_bom_is_not_part_of_the_first_header():
    table = read_table(fixture("utf8_bom.csv"), "scores.csv")
    assert table.encoding == "utf-8-sig"
    assert table.columns[0].name == "Pupil ID"
    assert table.columns[0].suggested_role == "pupil_id"


def test_plain_utf8():
    table = csv("Pupil ID,Comment\nP001,Zoë’s café work – 5★\n")
    assert table.encoding == "utf-8"
    assert table.frame.loc[0, "Comment"] == "Zoë’s café work – 5★"


def test_utf16_unicode_text_from_excel():
    data = "Pupil ID\tScore\r\nP001\t12\r\nP002\t£5\r\n".encode("utf-16")
    table = read_table(data, "scores.txt")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert list(table.frame["Score"]) == ["12", "£5"]


def test_bytes_that_are_neither_utf8_nor_cp1252_are_refused():
    refused(lambda: read_table(b"Pupil ID,Score\nP\x81\x8d,12\n", "x.csv"), "File", "CSV UTF-8")


# --- delimiters ----------------------------------------------------------------------------------

def test_semicolon_with_decimal_commas():
    table = read_table(fixture("semicolon_decimal_comma.csv"), "scores.csv")
    assert table.delimiter == ";"
    assert list(table.frame.columns) == ["Pupil ID", "Reading score", "Group"]
    assert column(table, "Reading score").dtype == "number"
    assert list(table.frame["Reading score"]) == [12.5, 13.0, 9.75, 10.0]
    assert any("Decimal commas" in w for w in table.warnings)


def test_tab_separated_with_commas_and_semicolons_in_text():
    table = read_table(fixture("tab_separated.tsv"), "scores.tsv")
    assert table.delimiter == "\t"
    assert table.frame.loc[0, "Notes"] == "likes, commas; and semicolons"


def test_tab_separated_txt():
    table = csv("Pupil ID\tScore\nP1\t3\nP2\t4\n", "scores.txt")
    assert table.delimiter == "\t" and list(table.frame["Score"]) == [3, 4]


def test_comma_with_quoted_commas_and_semicolons():
    table = csv('Pupil ID,Comment,Score\nP1,"Good; very good, really",3\nP2,ok,4\n')
    assert table.delimiter == ","
    assert table.frame.loc[0, "Comment"] == "Good; very good, really"


def test_single_column_file():
    table = csv("Pupil ID\nP1\nP2\n")
    assert list(table.frame.columns) == ["Pupil ID"] and len(table.frame) == 2


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
def test_line_endings(ending):
    table = csv(ending.join(["Pupil ID,Score", "P1,3", "P2,4", ""]))
    assert list(table.frame["Score"]) == [3, 4]


# --- shape ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [fixture("empty.csv"), b"", b"   \r\n\n\t\n", b",,,\n,,\n"])
def test_empty_file_is_refused(data):
    refused(lambda: read_table(data, "scores.csv"), "File", "is empty")


def test_header_only_is_refused():
    refused(lambda: read_table(fixture("header_only.csv"), "scores.csv"), "File", "has column names but no rows")
    refused(lambda: csv("Pupil ID,Score\n,\n\n"), "File", "no rows")


def test_ragged_rows_are_refused_naming_every_line():
    err = refused(lambda: read_table(fixture("ragged.csv"), "scores.csv"), "File", "lines 4, 6", "3 column names",
                  "double quotes")
    assert "nothing was imported" in err.message


def test_one_ragged_row_names_its_line_and_count():
    refused(lambda: csv("Pupil ID,Score\nP1,3\nP2,4,5\n"), "File", "line 3 has 3 values but the header has only 2 column names", "comma")


def test_ragged_semicolon_file_names_the_semicolon():
    refused(lambda: csv("Pupil ID;Score\nP1;3\nP2;4\nP3;4;5\n"), "File", "line 4", "semicolon")


def test_ragged_line_number_counts_lines_inside_quoted_cells():
    refused(lambda: csv('Pupil ID,Comment\nP1,"two\nlines"\nP2,x,y\n'), "File", "line 4")


def test_short_rows_are_padded_with_missing_values():
    table = read_table(fixture("short_rows.csv"), "scores.csv")
    assert len(table.frame) == 3
    assert table.frame["Group"].isna().tolist() == [False, True, False]
    assert column(table, "Notes").non_missing == 1
    assert column(table, "Score").dtype == "integer"


def test_trailing_delimiters_lose_nothing_and_are_accepted():
    table = csv("Pupil ID,Score\nP1,3,\nP2,4,,\n")
    assert list(table.frame.columns) == ["Pupil ID", "Score"] and table.frame["Score"].tolist() == [3, 4]


def test_unclosed_quote_is_refused_naming_the_line():
    refused(lambda: read_table(fixture("unclosed_quote.csv"), "c.csv"), "File", "never closed", "line 3")


def test_blank_rows_inside_are_left_out_with_a_warning_and_trailing_ones_silently():
    table = csv("Pupil ID,Score\n\nP1,3\n,\nP2,4\n,\n\n")
    assert list(table.frame["Pupil ID"]) == ["P1", "P2"]
    assert table.warnings == ["2 blank rows were left out."]


def test_header_names_are_cleaned():
    table = csv("\ufeff Pupil ID ,,Score,score,Score,\"Reading\nage\"\nP1,x,1,2,3,4\n")
    assert [c.name for c in table.columns] == ["Pupil ID", "Column 2", "Score", "score (2)", "Score (3)",
                                               "Reading age"]
    assert any("Column 2" in w for w in table.warnings)
    assert any("'score (2)'" in w for w in table.warnings)


def test_nameless_empty_columns_from_excel_are_dropped():
    table = csv("Pupil ID,Score,,\nP1,3,,\nP2,4,,\n")
    assert list(table.frame.columns) == ["Pupil ID", "Score"]
    assert any("empty columns" in w for w in table.warnings)


def test_leading_blank_lines_before_the_header():
    table = csv("\n \n,,\nPupil ID,Score\nP1,3\n")
    assert list(table.frame.columns) == ["Pupil ID", "Score"]
    assert table.warnings == ["1 empty column without a name was left out."]
    refused(lambda: csv("\n\nPupil ID,Score\nP1,3\nP2,4,5\n"), "File", "line 5 has 3 values")


# --- workbooks -----------------------------------------------------------------------------------

def three_sheets() -> bytes:
    return xlsx({"A": [["Pupil ID", "Score"], ["P1", 1]],
                 "B": [["Pupil ID", "Reading score", "Tested", "PP"],
                       ["P1", 12, dt.datetime(2025, 9, 3), True], ["P2", 14.5, dt.datetime(2025, 9, 4), False]],
                 "C": []})


def test_list_sheets():
    assert list_sheets(three_sheets()) == ["A", "B", "C"]


def test_multi_sheet_workbook_needs_a_sheet():
    err = refused(lambda: read_table(three_sheets(), "r.xlsx"), "Sheet")
    assert err.message == "this workbook has 3 sheets (A, B, C): choose which one to import."


def test_chosen_sheet_is_read_with_excel_types():
    table = read_table(three_sheets(), "r.xlsx", sheet="B")
    assert (table.sheet, table.sheets, table.encoding, table.delimiter) == ("B", ["A", "B", "C"], None, None)
    assert [c.dtype for c in table.columns] == ["text", "number", "date", "boolean"]
    assert table.frame.loc[1, "Tested"] == pd.Timestamp(2025, 9, 4)
    assert table.frame["PP"].tolist() == [True, False]


def test_unknown_sheet_is_refused():
    refused(lambda: read_table(three_sheets(), "r.xlsx", sheet="D"), "Sheet", "no sheet called 'D'", "A, B, C")


def test_empty_sheet_is_refused():
    refused(lambda: read_table(three_sheets(), "r.xlsx", sheet="C"), "Sheet", "'C' is empty")


def test_single_sheet_needs_no_choice():
    table = read_table(xlsx({"Only": [["Pupil ID", "Score"], ["P1", 3], ["P2", None], ["P3", 5]]}), "r.xlsx")
    assert table.sheet == "Only" and table.sheets == ["Only"]
    assert table.frame["Score"].tolist()[::2] == [3, 5] and pd.isna(table.frame.loc[1, "Score"])
    assert column(table, "Score").dtype == "integer"


def test_header_only_sheet_is_refused():
    refused(lambda: read_table(xlsx({"S": [["Pupil ID", "Score"]]}), "r.xlsx"), "File", "no rows")


def test_formulas_in_a_workbook_are_never_evaluated():
    book = Workbook()
    sheet = book.active
    sheet.append(["Pupil ID", "Total", "Note"])
    sheet.append(["P1", "=1+1", "@SUM(A1)"])
    sheet["C2"].data_type = "s"
    sheet.append(["P2", 5, "+fine"])
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "f.xlsx")
    # openpyxl saves no cached result, so the formula reads as missing (it is never run), and says so.
    assert pd.isna(table.frame.loc[0, "Total"])
    assert table.frame["Note"].tolist() == ["@SUM(A1)", "+fine"]
    assert any(w.startswith("2 cells began with = + - or @") for w in table.warnings)
    assert "1 formula cell (e.g. B2) had no saved value, so they were read as blank: open the file in Excel, save " \
           "it, and upload it again." in table.warnings


def _rewrite_sheet(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through ``change`` (as Excel would write it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            body = old.read(info)
            new.writestr(info.filename, change(body) if info.filename == "xl/worksheets/sheet1.xml" else body)
    return out.getvalue()


def test_formulas_with_saved_values_read_their_values_without_a_warning():
    data = xlsx({"S": [["Pupil ID", "Total", "Flag"], ["P1", "=1+1", '=IF(B2>1,"","x")'], ["P2", 5, "y"]]})
    data = _rewrite_sheet(data, lambda xml: xml.replace(b"<f>1+1</f><v></v>", b"<f>1+1</f><v>2</v>").replace(
        b'<c r="C2">', b'<c r="C2" t="str">'))
    table = read_table(data, "f.xlsx")
    assert table.frame["Total"].tolist() == [2, 5]
    assert not any("formula" in w for w in table.warnings), table.warnings


def test_excel_errors_in_a_workbook_are_reported():
    table = read_table(xlsx({"S": [["Pupil ID", "Score"], ["P1", "#DIV/0!"], ["P2", "#N/A"], ["P3", 4]]}), "e.xlsx")
    assert table.frame["Score"].isna().tolist() == [True, True, False]
    assert any(w.startswith("2 cells held an Excel error") for w in table.warnings), table.warnings


def test_merged_cells_are_reported_not_silently_blank():
    book = Workbook()
    sheet = book.active
    for row in (["Pupil ID", "Group", "Score"], ["P1", "Intervention", 3], ["P2", None, 4], ["P3", "Comparison", 5]):
        sheet.append(row)
    sheet.merge_cells("B2:B3")
    out = io.BytesIO()
    book.save(out)
    table = read_table(out.getvalue(), "m.xlsx")
    assert pd.isna(table.frame.loc[1, "Group"])
    assert any(w.startswith("1 group of merged cells (B2:B3): only the first cell of each holds the value")
               for w in table.warnings), table.warnings


def test_a_chart_sheet_is_refused():
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    for row in (["Pupil ID", "Score"], ["P1", 3], ["P2", 4]):
        sheet.append(row)
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=3))
    book.create_chartsheet("Chart").add_chart(chart)
    out = io.BytesIO()
    book.save(out)
    refused(lambda: read_table(out.getvalue(), "c.xlsx", sheet="Chart"), "Sheet", "'Chart' is a chart", "choose")
    assert read_table(out.getvalue(), "c.xlsx", sheet="Data").frame["Score"].tolist() == [3, 4]


def test_a_small_workbook_inflating_to_hundreds_of_mb_is_refused_quickly():
    """A workbook of about 2 MB whose sheet unpacks to 480 MB (a "zip bomb"), under the 20 MB limit:
    refused from the zip's directory before anything is decompressed."""
    small = xlsx({"S": [["Pupil ID", "Score"], ["P1", 1]]})
    out = io.BytesIO()
    row = b"<row><c><v>0</v></c></row>" * 40_000  # about 1 MB
    with zipfile.ZipFile(io.BytesIO(small)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as new:
        for info in old.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                new.writestr(info.filename, old.read(info))
        with new.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(480):
                sheet.write(row)
    data = out.getvalue()
    assert len(data) < 4 * 1048576
    started = time.perf_counter()
    refused(lambda: read_table(data, "bomb.xlsx"), "File", "unpacks to 476 MB", "CSV UTF-8")
    assert time.perf_counter() - started < 1.0
    refused(lambda: list_sheets(data), "File", "unpacks to")


# --- types ---------------------------------------------------------------------------------------

def test_type_inference_and_conversion():
    table = csv("Pupil ID,Year,Score,ISO date,UK date,PP,Done,Code\n"
                "P1,7,12.5,2025-09-03,03/09/2025,Y,yes,0123\n"
                "P2,8,-3,2025-09-04,31/01/2025,n,No,0456\n"
                "P3,,1e2,,1/2/2025,,TRUE,\n")
    kinds = {c.name: c.dtype for c in table.columns}
    assert kinds == {"Pupil ID": "text", "Year": "integer", "Score": "number", "ISO date": "date",
                     "UK date": "date", "PP": "boolean", "Done": "boolean", "Code": "text"}
    frame = table.frame
    assert str(frame["Year"].dtype) == "Int64" and pd.isna(frame.loc[2, "Year"])
    assert frame["Score"].dtype == "float64" and frame["Score"].tolist() == [12.5, -3.0, 100.0]
    assert frame["UK date"].tolist() == [pd.Timestamp(2025, 9, 3), pd.Timestamp(2025, 1, 31),
                                         pd.Timestamp(2025, 2, 1)]
    assert pd.api.types.is_datetime64_any_dtype(frame["ISO date"])
    assert frame["Done"].tolist() == [True, False, True]
    assert isinstance(frame["Pupil ID"].dtype, pd.StringDtype)
    assert frame["Code"].tolist()[:2] == ["0123", "0456"]  # leading zeros kept
    assert column(table, "Year").non_missing == 2


def test_us_dates_are_never_read_month_first():
    table = csv("Pupil ID,Tested\nP1,01/31/2025\nP2,02/15/2025\n")
    assert column(table, "Tested").dtype == "text"
    assert table.frame["Tested"].tolist() == ["01/31/2025", "02/15/2025"]


def test_impossible_dates_stay_text():
    assert column(csv("Pupil ID,Tested\nP1,31/02/2025\nP2,01/02/2025\n"), "Tested").dtype == "text"


def test_missing_markers_in_a_number_column():
    table = csv("Pupil ID,Score\nP1,12\nP2,N/A\nP3,-\nP4,#DIV/0!\nP5,14\n")
    assert column(table, "Score").dtype == "integer"
    assert column(table, "Score").non_missing == 2
    assert any("3 cells" in w and "treated as missing" in w for w in table.warnings)


def test_missing_markers_stay_verbatim_in_text():
    table = csv("Pupil ID,SEN status\nP1,None\nP2,K\nP3,EHCP\n")
    assert table.frame["SEN status"].tolist() == ["None", "K", "EHCP"]


def test_mostly_numbers_warns_which_cells_are_not():
    table = csv("Pupil ID,Score\n" + "".join(f"P{i},{i}\n" for i in range(9)) + "P9,twelve\n")
    assert column(table, "Score").dtype == "text"
    assert any("'Score' is mostly numbers" in w and "'twelve'" in w for w in table.warnings)


def test_percentages_are_numbers():
    table = csv("Pupil ID,Attendance\nP1,94.5%\nP2,100%\n")
    assert table.frame["Attendance"].tolist() == [94.5, 100.0]


def test_all_empty_column_is_text_with_no_values():
    table = csv("Pupil ID,Comment\nP1,\nP2,\n")
    assert column(table, "Comment").dtype == "text" and column(table, "Comment").non_missing == 0


# --- roles ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,values,role", [
    ("Pupil ID", "P1 P2", "pupil_id"), ("Pseudonym", "P1 P2", "pupil_id"), ("ID", "1 2", "pupil_id"),
    ("Pupil", "P1 P2", "pupil_id"), ("PupilID", "P1 P2", "pupil_id"),
    ("Pupil premium", "Y N", "group"), ("PP", "Y N", "group"), ("FSM", "1 0", "group"),
    ("Disadvantaged", "Y N", "group"), ("EAL", "Y N", "group"), ("SEND", "K E", "group"),
    ("SEN status", "K N", "group"), ("Gender", "F M", "group"), ("Sex", "F M", "group"),
    ("Year group", "7 8", "group"), ("Class", "7A 7B", "group"), ("Ethnicity", "WBRI AIND", "group"),
    ("Reading score", "3 4", "measure"), ("Attendance", "3 4", "measure"), ("Comment", "a b", "ignore"),
    ("Tested on", "2025-09-01 2025-09-02", "ignore"),
])
def test_suggested_role(name, values, role):
    a, b = values.split()
    table = csv(f"Other,{name}\nx,{a}\ny,{b}\n")
    assert column(table, name).suggested_role == role


@pytest.mark.parametrize("pre,post", [("Pre score", "Post score"), ("Baseline", "Follow-up"),
                                      ("Autumn reading", "Summer reading"), ("Pre-test", "End of year")])
def test_pre_and_post(pre, post):
    table = csv(f"Pupil ID,{pre},{post}\nP1,3,4\nP2,5,6\n")
    assert [c.suggested_role for c in table.columns] == ["pupil_id", "pre", "post"]


def test_suggestions_are_valid_together():
    table = csv("Pupil ID,Pseudonym,Autumn,Baseline,Summer,Post\nP1,A,1,2,3,4\nP2,B,1,2,3,4\n")
    assert [c.suggested_role for c in table.columns] == ["pupil_id", "ignore", "pre", "measure", "post", "measure"]
    lone = csv("Pupil ID,Autumn score\nP1,3\nP2,4\n")
    assert column(lone, "Autumn score").suggested_role == "measure"  # pre needs a post


def test_text_column_named_pre_is_not_a_pre_score():
    table = csv("Pupil ID,Autumn comment,Summer comment\nP1,good,better\nP2,ok,fine\n")
    assert [c.suggested_role for c in table.columns] == ["pupil_id", "ignore", "ignore"]


def test_default_suggestions_pass_the_data_set_import_checks():
    from research_cycle.datasets import plan_columns

    table = csv("Pupil ID,PP,Autumn score,Summer score,Extra score,Comment\nP1,Y,3,4,5,x\nP2,N,4,6,7,y\n")
    plan = plan_columns(table, {})
    assert [p["role"] for p in plan] == ["pupil_id", "group", "pre", "post", "measure", "ignore"]


# --- privacy -------------------------------------------------------------------------------------

def test_identifying_fixture_is_flagged():
    table = read_table(fixture("identifying.csv"), "pupils.csv")
    flags = {c.name: c.flags for c in table.columns}
    assert flags == {"Pupil": ["looks like pupil names"], "Student": ["looks like pupil names"],
                     "Born": ["looks like dates of birth"], "Ref": ["looks like UPNs"]}


@pytest.mark.parametrize("name", ["Name", "First name", "Surname", "Forename", "Pupil name", "LastName"])
def test_name_headers_are_flagged(name):
    assert privacy_flags(name, pd.Series(["P1", "P2"])) == ["looks like pupil names"]


@pytest.mark.parametrize("name", ["School name", "Class name", "Intervention name"])
def test_other_names_are_not_pupil_names(name):
    assert privacy_flags(name, pd.Series(["Oakfield", "Riverside"])) == []


def test_group_labels_in_capitals_are_not_names():
    ethnicity = pd.Series(["White British", "Black African", "White British", "Mixed White", "White British",
                           "Black African", "White British", "White British"], dtype="str")
    assert privacy_flags("Ethnicity", ethnicity) == []
    assert privacy_flags("Comment", pd.Series(["reads well", "needs help", "good effort"], dtype="str")) == []


def test_dob_header_is_flagged():
    for name in ("DOB", "Date of birth", "Birthday", "date_of_birth"):
        assert privacy_flags(name, pd.Series(["2025-01-01"])) == ["looks like dates of birth"]


def test_birth_dates_by_value_but_not_assessment_dates():
    births = pd.Series(pd.to_datetime([f"2016-{m:02d}-{d:02d}" for m in range(1, 13) for d in (3, 17)]))
    assert privacy_flags("Date", births) == ["looks like dates of birth"]
    tests = pd.Series(pd.to_datetime(["2019-09-10"] * 10 + ["2019-09-11"] * 10 + ["2020-06-20"] * 10))
    assert privacy_flags("Date", tests) == []
    recent = pd.Series(pd.to_datetime([f"2026-{m:02d}-{d:02d}" for m in range(1, 11) for d in (3, 17)]))
    assert privacy_flags("Observed", recent) == []


def test_birth_dates_as_text_by_value():
    values = pd.Series([f"{d:02d}/{m:02d}/2014" for m in range(1, 13) for d in (5, 20)], dtype="str")
    assert privacy_flags("D", values) == ["looks like dates of birth"]


def test_upns():
    # Valid DfE check letters (A123456789012: 2x1 + 3x2 + ... + 13x2 = 368 = 16 x 23, remainder 0 -> A).
    upns = pd.Series(["A123456789012", "J987654321098", "w98765432109a", "N00000000001A"], dtype="str")
    assert privacy_flags("Reference", upns) == ["looks like UPNs"]
    mostly_not = pd.Series(["A123456789012", "P1", "P2", "P3"], dtype="str")
    assert privacy_flags("Reference", mostly_not) == []
    assert privacy_flags("UPN", pd.Series(["P1"], dtype="str")) == ["looks like UPNs"]


def test_upns_written_with_spaces_or_dashes_are_flagged():
    upns = pd.Series(["M820 6123 45001", "B820-6123-45002", "q820 6123 45003", "E 820612345004"], dtype="str")
    assert privacy_flags("Reference", upns) == ["looks like UPNs"]


def test_ordinary_codes_of_a_letter_and_twelve_digits_are_not_upns():
    # The same shape as a UPN, but the first letter is not the check letter: stock codes, not pupils.
    codes = pd.Series(["B123456789012", "K987654321098", "A820612345001", "C000000000010"], dtype="str")
    assert privacy_flags("Reference", codes) == []


def test_names_in_any_case_are_flagged_by_their_values():
    table = read_table(fixture("names_any_case.csv"), "pupils.csv")
    flags = {c.name: c.flags for c in table.columns}
    assert flags == {"Pupil": ["looks like pupil names"],  # lower-case full names
                     "First": ["looks like pupil names"],  # first names only
                     "Child": ["looks like pupil names"],  # ALL CAPS
                     "Ref no": ["looks like UPNs"],  # UPNs with spaces, dashes, lower case
                     "Code": [], "Comment": [], "Class": [], "Score": []}


def test_a_pupil_column_of_names_is_not_suggested_as_the_pupil_id():
    table = read_table(fixture("names_any_case.csv"), "pupils.csv")
    assert column(table, "Pupil").suggested_role == "ignore"
    codes = csv("Pupil,Score\n" + "".join(f"P{i:03d},{i}\n" for i in range(30)))
    assert column(codes, "Pupil").suggested_role == "pupil_id"


@pytest.mark.parametrize("values", [
    ["Pupil A", "Pupil B", "Pupil C", "Pupil D", "Pupil E", "Pupil F"],  # pseudonyms share a word
    ["needs help", "good effort", "reads well", "making progress", "very good", "not yet"],  # comments
    ["P0001", "P0002", "P0003", "P0004", "P0005", "P0006"],
    ["Oak", "Ash", "Elm", "Oak", "Ash", "Elm", "Oak", "Ash", "Elm", "Oak"],  # few different values
])
def test_labels_comments_and_codes_are_not_names(values):
    assert privacy_flags("Pupil", pd.Series(values, dtype="str")) == []


def test_pseudonymous_columns_are_not_flagged():
    table = csv("Pupil ID,PP,Score\nP0001,Y,3\nP0002,N,4\nP0003,N,6\n")
    assert all(c.flags == [] for c in table.columns)


# --- hostile text --------------------------------------------------------------------------------

def test_hostile_text_is_kept_verbatim_and_formulas_counted():
    table = read_table(fixture("hostile.csv"), "h.csv")
    assert table.frame["Comment"].tolist() == [
        "<script>alert('x')</script>", '=HYPERLINK("http://evil.example","Click")', "'; DROP TABLE pupils; --",
        "@SUM(A1:A9)", "+44 7700 900123", "-vote for me"]
    assert column(table, "Change").dtype == "number"
    assert table.frame["Change"].tolist() == [-3.0, 2.5, 4.0, -1.0, 0.0, 2.0]
    assert any(w.startswith("4 cells began with = + - or @") for w in table.warnings)
    exported = table.frame["Comment"].map(neutralise_formula).tolist()
    assert exported[1].startswith("'=") and exported[3] == "'@SUM(A1:A9)" and exported[0].startswith("<script>")
