"""Signs that a value names a pupil (DESIGN §7): a full name, a date of birth or a Unique Pupil
Number. Pure: no store, no Streamlit, no clock.

- ``is_upn``: a UPN as the DfE defines it (check letter, 12 characters, the last a letter for a
  temporary UPN), written with or without spaces and dashes, so that ordinary codes are not taken
  for one;
- ``looks_like_names``: a column whose values look like people's names in any case (lower-case,
  ALL CAPS, first names only): one to three alphabetic words per cell, with many different values;
- ``text_warnings``: what in a piece of free text (a summary, a quote, a critique) looks like a
  pupil's full name, date of birth or UPN, as messages to show BEFORE saving. A warning, not a
  refusal: the writer may know better, so pages ask them to edit or save anyway.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

# DfE, "Unique pupil numbers (UPN)": characters 2-13 are weighted 2-13, their sum taken modulo
# 23 gives the check letter (character 1) from this alphabet, which leaves out I, O and S. A
# temporary UPN ends in a letter, which counts as its place in the same alphabet.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_SHAPE = re.compile(rf"[{UPN_LETTERS}]\d{{11}}[0-9{UPN_LETTERS}]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")
_UPN_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])[A-Za-z](?:[ \-\u2013]?\d){11}[ \-\u2013]?[0-9A-Za-z](?![A-Za-z0-9])")


def normalise_upn(value) -> str:
    """The value in capitals without spaces or dashes ("a123 4567-89012" -> "A123456789012")."""
    return _SEPARATORS.sub("", str(value)).upper()


def upn_check_letter(body: str) -> str:
    """The check letter of a UPN whose characters 2-13 are ``body`` (12 digits, or 11 digits and a
    letter). Raises ValueError for anything else."""
    if not re.fullmatch(rf"\d{{11}}[0-9{UPN_LETTERS}]", body):
        raise ValueError(f"{body!r} is not the body of a UPN")
    total = sum(weight * (int(ch) if ch.isdigit() else UPN_LETTERS.index(ch)) for weight, ch in zip(range(2, 14), body))
    return UPN_LETTERS[total % 23]


def is_upn(value) -> bool:
    """True for a UPN with a correct check letter, ignoring case, spaces and dashes."""
    upn = normalise_upn(value)
    return bool(_UPN_SHAPE.fullmatch(upn)) and upn_check_letter(upn[1:]) == upn[0]


# --- names in a column ---------------------------------------------------------------------------

_LETTERS = r"[^\W\d_]"
_NAME_WORD = rf"{_LETTERS}+(?:['’\-]{_LETTERS}+)*\.?"
_NAME_CELL = re.compile(rf"{_NAME_WORD}(?:,?\s+{_NAME_WORD}){{0,2}}")

# Words that are common in short comments and labels but rare in names. Names that are also words
# (Will, May, Grace, Hope, Rose, Joy, Mark, Bill...) are deliberately left out.
COMMON_WORDS = frozenset("""
a about above after again against all almost also always am an and any are as at away back bad be been before
being below best better between big both but by can cannot could did do does doing done down during each
easy effort either enough every excellent expected few for from full fully further getting gets given go goes
going good great had half hard has have having he help helped her here high him his how however i if in into
is it its just late less little low made make many me more most much my need needs never new next nice no
none nor not now of off often ok okay on once one only or other our out over own part partly poor quite
rarely reads really same she should so some sometimes still such support sure than that the their them then
there these they this those through to too try trying under until up us usually very was we well were what
when where which while who why with within without working would yes yet you your absent present missing
improving improved progress secure emerging developing exceeding meeting below above greater depth working
towards pass fail passed failed none unknown other boy girl male female
""".split())


def looks_like_names(values: pd.Series) -> bool:
    """True when a column's values look like people's names, in any case: at least 80% of the
    (first 1,000) non-empty cells are one to three alphabetic words, the values are mostly
    different (or there are at least 50 of them), no one word is in most cells (as "Pupil" is in
    "Pupil A"), and few cells hold common words (as comments such as "needs help" do)."""
    text = values.dropna().astype("str").str.strip()
    sample = text[text.ne("")].head(1000)
    n = len(sample)
    if n < 5:
        return False
    shaped = sample[sample.str.fullmatch(_NAME_CELL)]
    if len(shaped) < 0.8 * n:
        return False
    distinct = shaped.str.lower().nunique()
    if distinct < 0.5 * n and distinct < 50:
        return False
    cells = [set(re.findall(rf"{_LETTERS}+(?:['’\-]{_LETTERS}+)*", v.lower())) for v in shaped]
    counts = Counter(word for cell in cells for word in cell)
    if counts and counts.most_common(1)[0][1] > 0.5 * len(cells):
        return False
    if not any(len(word) > 1 for word in counts):
        return False
    common = sum(bool(cell & COMMON_WORDS) for cell in cells)
    return common < 0.2 * len(cells)


# --- free text -----------------------------------------------------------------------------------

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december"
           "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})\b|\d{{4}}-\d{{1,2}}-\d{{1,2}}\b"
         rf"|{_ORDINAL}\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+\d{{4}}\b|(?:{_MONTHS})\.?\s+{_ORDINAL},?\s+\d{{4}}\b)")
_BIRTH = (r"\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth|birth\s*date|birthday|born)"
          r"(?:\s+(?:on|is|was|in))?(?:\s+the)?\s*[:=\-\u2013]?\s*")
_DOB_IN_TEXT = re.compile(_BIRTH + _DATE, re.IGNORECASE)

_CAPITALISED = r"(?:Mc|Mac|O['’]|D['’])?[A-Z][a-zà-öø-ÿ]+(?:-[A-Z][a-zà-öø-ÿ]+)?"
_ALL_CAPS = r"[A-Z]{2,}(?:['’\-][A-Z]+)*"
_NAME_RUN = re.compile(rf"\b{_CAPITALISED}(?:\s+(?:{_CAPITALISED}|{_ALL_CAPS}\b))+")
_PUPIL_CONTEXT = re.compile(r"\b(?:pupils?|students?|child(?:ren)?|boys?|girls?|learners?|kids?|son|daughter|"
                            r"year\s?\d{1,2}|y\d{1,2}|reception|nursery|aged?\s+\d{1,2}|classmates?)\b", re.IGNORECASE)
_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "prof", "professor", "lord", "lady", "rev", "saint", "st"}
# Capitalised words that start sentences or name subjects, places, times and organisations in a
# school's notes, never a pupil's first name or surname here.
_NOT_NAMES = COMMON_WORDS | frozenset("""
january february march july september october november december monday tuesday wednesday thursday friday
saturday sunday maths mathematics english science history geography art music computing french spanish german
phonics reading writing literacy numeracy drama design technology spelling grammar re pshe rshe pe year key
stage reception nursery pupil pupils premium send sen eal senco teacher teachers teaching assistant assistants
head deputy school schools academy primary secondary infant junior trust college university council department
ofsted eef education endowment foundation toolkit research evidence enquiry project programme group groups class
autumn spring summer term week lesson lessons unit assessment test tests sats gcse talk learning walk book books
library homework breakfast club lunchtime playground hall canteen england british london uk bera parents parent
carers family families staff governors governor leadership team leaders network alliance local authority
national curriculum guide guidance report review survey interview observation questionnaire focus session
sessions workshop meeting conference children child students student learners boys girls
""".split())
_ORGANISATIONS = {"school", "academy", "primary", "trust", "college", "university", "foundation", "council",
                  "press", "institute", "centre", "center", "partnership", "federation", "hub", "network"}
_CITATION = re.compile(r"\s*(?:\(\s*\d{4}|,\s*\d{4}\b|et\s+al\b|'s\s+\(\d{4})")


def _full_names(text: str, about_pupils: bool) -> list[str]:
    """Runs of two or three capitalised words, none of them a common or school word, that are not
    after a title (Mrs Khan), before a year (Hattie, 2009) or part of an organisation's name."""
    found = []
    for run in _NAME_RUN.finditer(text):
        words = list(re.finditer(r"\S+", run.group()))
        if any(w.group().lower() in _ORGANISATIONS for w in words):
            continue
        candidate: list[re.Match] = []
        for word in [*words, None]:
            if word is not None and word.group().lower().strip("'’") not in _NOT_NAMES | _TITLES:
                candidate.append(word)
                continue
            start = run.start() + candidate[0].start() if candidate else 0
            if len(candidate) == 3 and re.search(r"(?:^|[.!?:;]\s*|\n\s*)$", text[:start]):
                candidate = candidate[1:]  # "Mostly Jayden O'Neill": the first word only starts the sentence
            if 2 <= len(candidate) <= 3:
                start, end = run.start() + candidate[0].start(), run.start() + candidate[-1].end()
                before = text[max(0, start - 12): start].lower()
                titled = re.search(r"\b(?:" + "|".join(_TITLES) + r")\.?\s*$", before)
                window = text[max(0, start - 120): end + 120]
                if not titled and not _CITATION.match(text, end) and (about_pupils or _PUPIL_CONTEXT.search(window)):
                    found.append(text[start:end])
            candidate = []
    return found


def _quoted(values: list[str]) -> str:
    shown = [f"'{v}'" for v in dict.fromkeys(values)]
    return ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")


def text_warnings(field: str, text: str | None, *, about_pupils: bool = False) -> list[str]:
    """Messages naming what in ``text`` looks like a pupil's full name (a capitalised first name
    and surname near a word about pupils, or anywhere when ``about_pupils``), a date of birth (a
    date after "DOB", "born", "date of birth"...) or a UPN (one with a valid check letter). Empty
    when nothing does. Titles (Mrs Khan), authors (Black and Wiliam, 1998), organisations and
    common words are not taken for pupils."""
    if not text or not text.strip():
        return []
    found = {
        "a pupil's full name": _full_names(text, about_pupils),
        "a date of birth": [m.group().strip() for m in _DOB_IN_TEXT.finditer(text)],
        "a Unique Pupil Number (UPN)": [m.group() for m in _UPN_IN_TEXT.finditer(text) if is_upn(m.group())],
    }
    warnings = []
    for what, values in found.items():
        if len(set(values)) == 1:
            warnings.append(f"{field}: {_quoted(values)} looks like {what}.")
        elif values:
            plural = {"a pupil's full name": "pupils' full names", "a date of birth": "dates of birth"}.get(what, "UPNs")
            warnings.append(f"{field}: {_quoted(values)} look like {plural}.")
    return warnings
