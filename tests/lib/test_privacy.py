"""Signs that a value names a pupil (DESIGN §7): UPNs with the DfE check letter, names in a column
in any case, and full names, dates of birth and UPNs in free text, warned about before saving."""

from __future__ import annotations

import pandas as pd
import pytest

from research_cycle.lib.privacy import is_upn, looks_like_names, normalise_upn, text_warnings, upn_check_letter

# --- UPNs ----------------------------------------------------------------------------------------

def test_check_letter_worked_by_hand():
    # 8x2 + 2x3 + 0x4 + 6x5 + 1x6 + 2x7 + 3x8 + 4x9 + 5x10 + 0x11 + 0x12 + 1x13 = 195; 195 mod 23 = 11 -> M
    assert upn_check_letter("820612345001") == "M"
    # A temporary UPN ends in a letter, worth its place in the alphabet without I, O, S (A = 0):
    # 9x2 + 8x3 + 7x4 + 6x5 + 5x6 + 4x7 + 3x8 + 2x9 + 1x10 + 0x11 + 9x12 + 0x13 = 318; mod 23 = 19 -> W
    assert upn_check_letter("98765432109A") == "W"
    with pytest.raises(ValueError):
        upn_check_letter("12345")


@pytest.mark.parametrize("value", ["M820612345001", "m820612345001", "M820 6123 45001", "M820-6123-45001",
                                   "M 820 612 345 001", "W98765432109A", "w98765432109a"])
def test_upns_as_people_write_them(value):
    assert is_upn(value)


@pytest.mark.parametrize("value", ["B820612345001",  # wrong check letter
                                   "I820612345001",  # I is never a check letter
                                   "M82061234500",  # too short
                                   "M8206123450011", "P0001", "", "820612345001M", "M82061234500S"])
def test_other_codes_are_not_upns(value):
    assert not is_upn(value)


def test_normalise_upn():
    assert normalise_upn(" m820 6123–45001 ") == "M820612345001"


# --- names in a column ---------------------------------------------------------------------------

FIRST = ["olivia", "amelia", "isla", "ava", "noah", "oliver", "george", "leo", "muhammad", "amira", "kacper", "priya"]
SURNAMES = ["smith", "jones", "patel", "khan", "o'neill", "nowak", "begum", "taylor", "brown", "wilson", "ali", "hughes"]
MORE_FIRST = """Freya Grace Lily Ivy Florence Rosie Evie Poppy Ella Sophia Aisha Zara Maryam Hannah Chloe Ruby Erin Maisie
Jessica Layla Harry Oscar Archie Henry Arthur Theo Jack Charlie Thomas Jacob Alfie Freddie Ethan Isaac Adam Yusuf
Ibrahim Ravi Tomasz Jakub Filip Mason Logan Lucas Reuben Dylan Kai Elijah Finley Ronan Aaron Joshua Samuel Daniel""".split()


@pytest.mark.parametrize("values", [
    [f"{f} {s}" for f, s in zip(FIRST, SURNAMES)],  # lower case
    [f"{s.upper()} {f.upper()}" for f, s in zip(FIRST, SURNAMES)],  # ALL CAPS, surname first
    [f"{s.upper()}, {f.capitalize()}" for f, s in zip(FIRST, SURNAMES)],
    [f.capitalize() for f in FIRST],  # first names only
    MORE_FIRST * 4,  # first names repeat in a big file, but there are many of them
])
def test_names_in_any_case(values):
    assert looks_like_names(pd.Series(values, dtype="str"))


@pytest.mark.parametrize("values", [
    [f"Pupil {c}" for c in "ABCDEFGHIJ"],  # pseudonyms share a word
    ["needs help", "good effort", "reads well", "making progress", "very good", "not yet", "working towards"],
    ["Boy", "Girl", "Girl", "Boy", "Girl", "Boy", "Boy", "Girl"],  # few different values
    ["P001", "P002", "P003", "P004", "P005", "P006"],  # codes
    ["Olivia Smith", "Ava Khan", "Leo Patel"],  # too few to judge by values (the header still counts)
    ["The pupils talked in pairs before writing their answers", "Most of the class finished early today"] * 3,
])
def test_labels_comments_codes_and_sentences_are_not_names(values):
    assert not looks_like_names(pd.Series(values, dtype="str"))


# --- free text -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text,found", [
    ("Olivia Smith (Year 4) still finds fractions hard.", "'Olivia Smith' looks like a pupil's full name"),
    ("Then Jayden O'Neill read aloud; the other pupils listened.", "'Jayden O'Neill' looks like a pupil's full name"),
    ("Olivia SMITH, a pupil in Y4, joined the group.", "'Olivia SMITH' looks like a pupil's full name"),
    ("DOB 12/03/2016, so the youngest in the class.", "'DOB 12/03/2016' looks like a date of birth"),
    ("He was born 12 March 2016.", "'born 12 March 2016' looks like a date of birth"),
    ("Date of birth: 2016-03-12", "'Date of birth: 2016-03-12' looks like a date of birth"),
    ("d.o.b. 3rd May 2015", "'d.o.b. 3rd May 2015' looks like a date of birth"),
    ("Her UPN is M820 6123 45001.", "'M820 6123 45001' looks like a Unique Pupil Number (UPN)"),
])
def test_free_text_that_names_a_pupil_is_warned_about(text, found):
    warnings = text_warnings("Summary", text)
    assert any(w.startswith("Summary: ") and found in w for w in warnings), warnings


def test_several_names_are_listed_together():
    warnings = text_warnings("Notes", "Year 4 pupils Amira Khan-Patel and Noah McDonald worked together.")
    assert warnings == ["Notes: 'Amira Khan-Patel', 'Noah McDonald' look like pupils' full names."]


@pytest.mark.parametrize("text", [
    "Newly arrived pupils played alone near the fence.",
    "Mrs Sarah Khan said the pupils were calmer after the change.",  # staff, with a title
    "Black and Wiliam (1998) found pupils gain from formative feedback.",
    "Dylan Wiliam (2011) on embedded formative assessment for pupils.",  # an author, cited
    "The Education Endowment Foundation toolkit says pupils make four months' progress.",
    "Talk Partners helped the quieter pupils in Year 4.",
    "Pupils in Oak Class worked on Key Stage 2 reading in the Autumn Term.",
    "Olivia Smith from the local authority visited.",  # a name, but nothing about pupils nearby
    "Assessment on 12/03/2026 showed the pupils had improved.",  # a date, but not of birth
    "Stock code B820612345001 was ordered for the pupils.",  # a letter and 12 digits, wrong check letter
    "", None,
])
def test_ordinary_text_is_not_warned_about(text):
    assert text_warnings("Summary", text) == []


def test_quotes_from_pupils_need_no_pupil_word_nearby():
    assert text_warnings("Quote 1", "I sat with Olivia Smith at lunch") == []
    assert text_warnings("Quote 1", "I sat with Olivia Smith at lunch", about_pupils=True) == [
        "Quote 1: 'Olivia Smith' looks like a pupil's full name."]


def test_a_capitalised_word_starting_a_sentence_is_not_part_of_the_name():
    assert text_warnings("Answer", "Mostly Jayden O'Neill, a pupil in Year 5.") == [
        "Answer: 'Jayden O'Neill' looks like a pupil's full name."]
    assert text_warnings("Answer", "The pupils agreed. Usually Amira Khan leads.") == [
        "Answer: 'Amira Khan' looks like a pupil's full name."]
