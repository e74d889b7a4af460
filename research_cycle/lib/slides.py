"""The presentation starter: six slides a team finishes for the annual conference (question, why
it mattered, what we did, what we found, what we did about it, what next), built with python-pptx
from plain values. Every slide's speaker notes tell the team what to add or change, because the
deck is a start, not a finished talk.

Pure work on values: the data (already through disclosure control) and the chart's PNG come from
:mod:`research_cycle.conference`. Text is cleaned of characters XML (and so PowerPoint) rejects
(:func:`research_cycle.lib.documents.clean`),
and long text is shortened on the slide and kept whole in the notes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pptx import Presentation
from pptx.util import Emu, Pt

from .documents import clean as xml_safe

TITLES = ("Our question", "Why it mattered", "What we did", "What we found", "What we did about it", "What next")

WORDS_ON_A_SLIDE = 45  # a bullet longer than this is shortened on the slide (whole in the notes)
BULLETS_ON_A_SLIDE = 6


def shorten(text: str, words: int = WORDS_ON_A_SLIDE) -> str:
    """At most ``words`` words, with an ellipsis when cut."""
    parts = xml_safe(text).split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


@dataclass(frozen=True)
class Figure:
    """A chart for the findings slide: its PNG, the alt text read aloud by screen readers (what
    the chart shows, in words), and its footnotes (method, what was withheld, cautions)."""

    png: bytes
    alt_text: str
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Deck:
    school: str
    team: str
    cycle: str
    question: str
    focus: str = ""
    why_it_matters: str = ""
    context: str = ""
    target_groups: list[str] = field(default_factory=list)
    methods: list[str] = field(default_factory=list)  # "3 lesson observations (our practice)"
    voices: list[str] = field(default_factory=list)
    participants: str = ""  # "About 40" or "Fewer than 5" (through disclosure control)
    findings: list[str] = field(default_factory=list)
    figure: Figure | None = None
    figure_withheld: str = ""  # why a data set's chart is not shown (every group too small)
    actions: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


def _bullets(frame, lines: list[str], *, empty: str) -> list[str]:
    """Fill a text frame with bullets (shortened); returns the lines that were cut or left off."""
    lines = [xml_safe(line).strip() for line in lines if line and xml_safe(line).strip()]
    shown = lines[:BULLETS_ON_A_SLIDE] or [empty]
    frame.clear()
    for n, line in enumerate(shown):
        paragraph = frame.paragraphs[0] if n == 0 else frame.add_paragraph()
        paragraph.text = shorten(line)
        paragraph.font.size = Pt(20 if len(shown) > 3 else 24)
    return [line for line in lines if shorten(line) != line] + lines[BULLETS_ON_A_SLIDE:]


def _notes(slide, advice: str, extra: list[str]) -> None:
    text = advice
    if extra:
        text += "\n\nIn full (shortened or left off the slide):\n" + "\n".join(f"- {line}" for line in extra)
    slide.notes_slide.notes_text_frame.text = xml_safe(text)


def _slide(prs, title: str, lines: list[str], *, empty: str, advice: str):
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = title
    cut = _bullets(slide.placeholders[1].text_frame, lines, empty=empty)
    _notes(slide, advice, cut)
    return slide


def _picture(slide, box, figure: Figure) -> None:
    """The chart in ``box`` (left, top, width, height), keeping its shape, with alt text."""
    left, top, width, height = box
    picture = slide.shapes.add_picture(io.BytesIO(figure.png), left, top)
    scale = min(width / picture.width, height / picture.height)
    picture.width, picture.height = Emu(int(picture.width * scale)), Emu(int(picture.height * scale))
    picture.left = Emu(int(left + (width - picture.width) / 2))
    picture.name = "Chart"
    picture._element.nvPicPr.cNvPr.set("descr", xml_safe(figure.alt_text))


def build(deck: Deck) -> bytes:
    """The .pptx of a team's presentation starter."""
    prs = Presentation()
    prs.core_properties.title = xml_safe(f"{deck.school}: {deck.team} — conference presentation")
    prs.core_properties.language = "en-GB"
    who = f"{deck.school} · {deck.team} · {deck.cycle}"

    first = prs.slides.add_slide(prs.slide_layouts[0])
    first.shapes.title.text = TITLES[0]
    body = first.placeholders[1].text_frame
    body.text = shorten(deck.question or "[Write your question here]", 60)
    body.add_paragraph().text = xml_safe(who)
    body.paragraphs[-1].font.size = Pt(16)
    _notes(first, "Say the question as the team finally framed it, and in a sentence how it changed over the year "
           "(your write-up's section 2 has the history).", [deck.question] if shorten(deck.question, 60) != deck.question else [])

    why = [deck.focus, deck.why_it_matters, deck.context]
    if deck.target_groups:
        why.append("Pupils we had most in mind: " + ", ".join(deck.target_groups))
    _slide(prs, TITLES[1], why, empty="[The concern or puzzle in our school, and why it mattered here]",
           advice="Tell the audience what worried or puzzled you in your school and which pupils it matters most "
                  "for. Replace these notes with your own words.")

    did = list(deck.methods)
    if deck.voices:
        did.append("Voices heard: " + ", ".join(deck.voices))
    if deck.participants:
        did.append(f"{deck.participants} participants in all")
    _slide(prs, TITLES[2], did, empty="[The evidence we collected, and from whom]",
           advice="Say how you collected evidence (the methods and whose voices) and what the research literature "
                  "added. Add a photo of an artefact if it helps (never a pupil's face or name).")

    found = prs.slides.add_slide(prs.slide_layouts[3] if deck.figure else prs.slide_layouts[1])
    found.shapes.title.text = TITLES[3]
    cut = _bullets(found.placeholders[1].text_frame, deck.findings, empty="[What we found, with the evidence for it]")
    advice = "Give each finding with the evidence behind it; say where the evidence was thin."
    if deck.figure is not None:
        holder = found.placeholders[2]
        box = (holder.left, holder.top, holder.width, holder.height)
        holder._element.getparent().remove(holder._element)
        _picture(found, box, deck.figure)
        advice += " The chart comes from your data set, with small groups withheld: " + " ".join(deck.figure.notes)
    elif deck.figure_withheld:
        advice += " " + deck.figure_withheld
    _notes(found, advice, cut)

    _slide(prs, TITLES[4], deck.actions, empty="[The actions we took, and what changed for whom]",
           advice="For each action, say what changed and for whom (especially the pupils you had most in mind), "
                  "and how you know.")
    _slide(prs, TITLES[5], deck.next_steps, empty="[What we will do next, and what we would ask the audience]",
           advice="Finish the talk: what you will do next year, what you would do differently, and one question "
                  "for the audience. This starter is yours to change: rewrite, reorder and add slides.")

    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
