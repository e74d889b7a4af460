"""Controlled vocabularies shared by forms, validation, sample data and documents.

Words are the users' own (British English), and the same on screen, in code and in the store.
"""

ROLES = ("teacher", "facilitator", "senior_leader", "administrator")
ROLE_LABELS = {
    "teacher": "Teacher",
    "facilitator": "University facilitator",
    "senior_leader": "Senior leader",
    "administrator": "Administrator",
}

PHASES = ("primary", "secondary", "special", "all-through", "nursery")
SCHOOL_TYPES = (
    "community (maintained)",
    "foundation (maintained)",
    "voluntary aided (faith)",
    "voluntary controlled (faith)",
    "academy (single)",
    "academy (multi-academy trust)",
    "free school",
)

TARGET_GROUPS = (
    "Disadvantaged / pupil premium",
    "English as an additional language",
    "Newly arrived",
    "Special educational needs (SEND)",
    "Looked-after children",
    "Young carers",
    "Persistent absentees",
    "Boys",
    "Girls",
    "Higher attainers",
    "All pupils",
)

YEAR_GROUPS = (
    "Nursery", "Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6",
    "Year 7", "Year 8", "Year 9", "Year 10", "Year 11", "Year 12", "Year 13",
)

STAGES = ("Question", "Evidence", "Critique", "Action", "Conference")

ENQUIRY_STATUSES = ("active", "paused", "completed", "withdrawn")

MILESTONE_KINDS = (
    "launch", "question", "meeting", "evidence", "clinic", "action", "conference", "other",
)

EVIDENCE_KINDS = (
    "lesson observation", "learning walk", "interview", "focus group", "pupil voice", "parent/carer voice",
    "survey", "assessment data", "attendance or behaviour data", "work scrutiny", "document or policy review",
    "photo or artefact", "reflective journal", "research literature", "other",
)
ORIGINS = ("our practice", "wider research")
VOICES = ("pupils", "parents and carers", "teachers", "support staff", "leaders", "community partners")
CONSENT = ("not needed", "obtained", "pending", "withdrawn")
SENSITIVITY = ("none", "personal data", "special category")
TAG_STATUSES = ("approved", "proposed", "rejected")

# Column roles in an uploaded data set (DESIGN §3): how each column is used in analyses.
COLUMN_ROLES = ("pupil_id", "group", "measure", "pre", "post", "ignore")
# Score columns can also be marked as an attainment measure (a test or assessment score): only
# those get EEF months of additional progress, and only in an intervention vs comparison design.
SCORE_ROLES = ("measure", "pre", "post")
# Kinds of literature reference (RIS and BibTeX types are mapped onto these).
REFERENCE_KINDS = ("article", "book", "chapter", "report", "webpage", "thesis", "other")
# Reference styles an alliance may choose: official CSL style names; the first is the default.
# Critique: what kind of feedback, and where it was given.
CRITIQUE_KINDS = ("warm", "cool", "question", "suggestion")
CRITIQUE_SOURCES = ("meeting", "clinic", "written")
# Actions (the Action stage): where each strategy stands. "stopped" needs a reason.
ACTION_STATUSES = ("planned", "in progress", "done", "stopped")
# The write-up (DESIGN §5): each section's key and heading, in the order of the paper (the
# reference list is built from the library, not written); and the states of a write-up.
WRITEUP_SECTIONS = {
    "title": "Title",
    "abstract": "Abstract",
    "context": "1 Context and focus",
    "question": "2 Our question and how it changed",
    "research": "3 What the research says",
    "methods": "4 What we did",
    "findings": "5 What we found",
    "critique": "6 Critique",
    "actions": "7 Actions and impact",
    "limitations": "8 Limitations and next steps",
}
WRITEUP_STATUSES = ("draft", "ready")
