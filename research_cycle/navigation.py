"""Which screens each person sees: the one table behind the app's navigation, ``bench`` and the
page tests. Plain data (no Streamlit): ``app.py`` turns it into ``st.Page`` objects.

Navigation is grouped into sections and depends on the signed-in person's roles (a person may
hold several). Hiding a page is never the only protection: the domain checks every read and
write again.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Screen:
    file: str  # the page file, relative to the project root
    title: str
    icon: str
    url_path: str


SCREENS: dict[str, Screen] = {
    "my_enquiry": Screen("pages/my_enquiry.py", "My enquiry", ":material/home:", "my-enquiry"),
    "question": Screen("pages/question.py", "Question", ":material/help:", "question"),
    "evidence": Screen("pages/evidence.py", "Evidence", ":material/folder_open:", "evidence"),
    "literature": Screen("pages/literature.py", "Literature", ":material/library_books:", "literature"),
    "datasets": Screen("pages/datasets.py", "Data sets", ":material/table_chart:", "data-sets"),
    "findings": Screen("pages/findings.py", "Findings", ":material/lightbulb:", "findings"),
    "action": Screen("pages/action_plan.py", "Action", ":material/flag:", "action"),
    "writeup": Screen("pages/writeup.py", "Write-up", ":material/description:", "write-up"),
    "meetings": Screen("pages/meetings.py", "Meetings", ":material/groups:", "meetings"),
    "critique": Screen("pages/critique.py", "Critique", ":material/forum:", "critique"),
    "clinics": Screen("pages/clinics.py", "Clinics", ":material/event:", "clinics"),
    "conference": Screen("pages/conference.py", "Conference", ":material/co_present:", "conference"),
    "overview": Screen("pages/programme_overview.py", "Programme overview", ":material/map:", "overview"),
    "enquiries": Screen("pages/enquiries.py", "Enquiries", ":material/menu_book:", "enquiries"),
    "admin": Screen("pages/administration.py", "Administration", ":material/settings:", "administration"),
    "digest": Screen("pages/digest.py", "Alliance digest", ":material/summarize:", "digest"),
    "equity": Screen("pages/equity.py", "Equity", ":material/diversity_3:", "equity"),
    "school": Screen("pages/school_summary.py", "Schools", ":material/school:", "school"),
}
SUMMARY_SCREENS = ("digest", "equity", "school")

EVIDENCE_SCREENS = ("evidence", "literature", "datasets", "findings")

# Role -> (section, screens) in the order they appear. A person with several roles gets the union,
# each screen once, in the first section that names it.
BY_ROLE: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "teacher": (("Our enquiry", ("my_enquiry", "question", *EVIDENCE_SCREENS, "action", "critique", "writeup",
                                 "clinics", "conference")),),
    "facilitator": (("Programme", ("overview", "meetings", "critique", "clinics", "conference", "enquiries")),
                    ("Evidence across the programme", (*EVIDENCE_SCREENS, "action", "writeup")), ("Summaries", SUMMARY_SCREENS)),
    "senior_leader": (("Summaries", ("digest", "school", "equity")), ("Programme", ("enquiries", "conference"))),
    "administrator": (("Programme", ("overview", "enquiries", "conference")), ("Alliance", ("admin",)), ("Summaries", SUMMARY_SCREENS)),
}
ROLE_ORDER = ("teacher", "facilitator", "senior_leader", "administrator")


def sections_for(roles) -> dict[str, list[str]]:
    """The navigation of a person with ``roles``: section -> screen keys, each screen once.

    An administrator who holds no teaching or facilitating role starts on Administration."""
    sections: dict[str, list[str]] = {}
    seen: set[str] = set()
    for role in ROLE_ORDER:
        if role not in roles:
            continue
        for section, keys in BY_ROLE[role]:
            fresh = [k for k in keys if k not in seen]
            if fresh:
                sections.setdefault(section, []).extend(fresh)
                seen.update(fresh)
    if "administrator" in roles and not ({"teacher", "facilitator"} & set(roles)):
        sections = {"Alliance": sections.pop("Alliance"), **sections}
    return sections


def screens_for(roles) -> list[Screen]:
    """Every screen a person with ``roles`` can open, in navigation order."""
    return [SCREENS[k] for keys in sections_for(roles).values() for k in keys]


def roles_by_page() -> dict[str, tuple[str, ...]]:
    """Page file -> the single roles whose navigation has it (for ``bench`` and the page tests)."""
    out: dict[str, list[str]] = {}
    for role in ROLE_ORDER:
        for screen in screens_for((role,)):
            out.setdefault(screen.file, []).append(role)
    return {page: tuple(roles) for page, roles in out.items()}
