"""The conference programme as a Word document (.docx): the day, venue and hours, then each
session under a real heading (so Word's navigation pane and a contents field work) with its time,
room and theme and a table of who presents (school, team, question), and an index of schools.
Built with :mod:`research_cycle.lib.documents`. Pure work on values:
:mod:`research_cycle.conference` gathers them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from . import documents

WIDTHS_CM = (0.8, 4.0, 4.0, 7.2)  # order, school, team, question (A4 less margins)


@dataclass(frozen=True)
class Presenter:
    school: str
    team: str
    question: str


@dataclass(frozen=True)
class Session:
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    room: str
    theme: str = ""
    presenters: list[Presenter] = field(default_factory=list)


@dataclass(frozen=True)
class Programme:
    alliance: str
    cycle: str
    held_on: dt.date
    venue: str
    starts_at: dt.time
    ends_at: dt.time
    sessions: list[Session] = field(default_factory=list)


def _hm(value) -> str:
    return value.strftime("%H:%M")


def _day(value: dt.date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def build(programme: Programme) -> bytes:
    """The .docx of a conference programme."""
    doc = documents.Document(title=f"{programme.alliance} conference programme {programme.cycle}",
                             author=programme.alliance, subject="Conference programme")
    doc.paragraph(f"{programme.alliance}: annual conference {programme.cycle}", style="Title")
    doc.paragraph(f"{_day(programme.held_on)}, {_hm(programme.starts_at)}–{_hm(programme.ends_at)}", bold=True)
    doc.paragraph(programme.venue)
    doc.paragraph("Each school's research team presents what it asked, found, did and changed this year. "
                  "Times are UK time.")
    if not programme.sessions:
        doc.paragraph("The sessions have not been arranged yet.", italic=True)
    for session in programme.sessions:
        doc.heading(f"{_hm(session.starts_at)}–{_hm(session.ends_at)}  {session.title}", 1)
        doc.paragraph(f"Room: {session.room}" + (f" · Theme: {session.theme}" if session.theme else ""))
        if not session.presenters:
            doc.paragraph("No presentations in this session.", italic=True)
            continue
        doc.table(["", "School", "Team", "Question"],
                  [[n, p.school, p.team, p.question or "Question not written yet"]
                   for n, p in enumerate(session.presenters, start=1)], widths_cm=WIDTHS_CM)
    where = sorted({(p.school, _hm(s.starts_at), s.room, s.title) for s in programme.sessions for p in s.presenters})
    if where:
        doc.heading("Where to find each school", 1)
        doc.bullets(f"{school}: {at}, {room} ({title})" for school, at, room, title in where)
    return doc.to_bytes()
