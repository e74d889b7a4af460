"""A large synthetic alliance for benchmarks and scale tests, deterministic by seed.

Schools get realistic, skewed context figures; about four in five schools run an enquiry in a
given cycle (the most disadvantaged a little less often, as the research warns); questions are
drawn from the programme's typical foci and some are revised after the first cross-school
meeting. Every row goes through the domain functions, so it is validated and logged.
"""

from __future__ import annotations

import datetime as dt
import random

from .. import codebook, enquiries, people, teams
from .. import cycles as cycles_mod
from .. import schools as schools_mod
from ..store import clock, db, permissions
from ..store.actors import SYSTEM
from ..store.vocab import CRITIQUE_KINDS, SCHOOL_TYPES, WRITEUP_SECTIONS

FIRST = ("Amara", "Ben", "Chloe", "Daniel", "Ella", "Farah", "George", "Hannah", "Imran", "Jess", "Kofi",
         "Laura", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sophie", "Tom", "Uzma", "Wiktoria", "Yusuf",
         "Zara", "Aisha", "Callum", "Deborah", "Eilidh", "Femi", "Grace", "Harriet")
LAST = ("Ahmed", "Brennan", "Clarke", "Dlamini", "Evans", "Fraser", "Gill", "Hughes", "Iqbal", "Jones",
        "Kowalski", "Lewis", "Mensah", "Nowak", "O'Connor", "Patel", "Quinn", "Roberts", "Shah", "Taylor",
        "Usman", "Vaughan", "Walsh", "Xu", "Young", "Zielinski")
PLACES = ("Ashby", "Brook", "Castle", "Dene", "Elm", "Fairfield", "Greenbank", "Hollins", "Ivy", "Kingsway",
          "Lark", "Meadow", "Northgate", "Oakwood", "Parkside", "Queens", "Riverside", "St Anne's", "St Luke's",
          "Thornley", "Upton", "Victoria", "Westfield", "Wood End", "Yew Tree")

# (focus, first question, revised question, hunch, target groups, year groups by phase)
FOCI = (
    ("How our pupil premium funding is spent and whether it reaches the pupils it is meant for.",
     "Which pupil premium interventions improve attainment?",
     "How do our disadvantaged pupils experience the support bought with pupil premium, and what do they say helps?",
     "We suspect much of the funding goes on withdrawal groups that take pupils out of the lessons they most need.",
     ["Disadvantaged / pupil premium"]),
    ("Newly arrived pupils with little English take a long time to join in with class learning.",
     "How can we help newly arrived pupils catch up with English?",
     "What in our classrooms helps or hinders newly arrived pupils from taking part in learning in their first term?",
     "Pupils learn English fastest when they talk with peers, but our timetable keeps them in separate groups.",
     ["Newly arrived", "English as an additional language"]),
    ("Many children start Reception with speech and language well below what is typical.",
     "Why are so many children behind in speech and language?",
     "How do adult–child conversations in our early years classrooms build children's talk, and for whom?",
     "Busy routines leave little time for sustained back-and-forth talk with the quietest children.",
     ["Disadvantaged / pupil premium", "Special educational needs (SEND)"]),
    ("Attendance of disadvantaged pupils is falling behind their peers.",
     "How can we raise attendance for pupil premium pupils?",
     "What makes school feel worth coming to for pupils who are often absent, and what do their families say?",
     "Absence is less about parents not caring than about pupils not feeling they belong.",
     ["Persistent absentees", "Disadvantaged / pupil premium"]),
    ("Some pupils struggle with the move from primary to secondary school.",
     "How can we make transition smoother?",
     "What do vulnerable pupils find hardest in their first term at secondary, and what would have prepared them?",
     "Information passed between schools is about attainment, not about what each child needs to feel safe.",
     ["Disadvantaged / pupil premium", "Special educational needs (SEND)", "Looked-after children"]),
    ("Parents of some groups rarely come into school or engage with learning at home.",
     "How can we get hard-to-reach parents involved?",
     "How do our ways of communicating with families shut some of them out, and what would open the door?",
     "It is the school that is hard to reach for some families, not the other way round.",
     ["English as an additional language", "Disadvantaged / pupil premium"]),
    ("Pupils arrive at lessons not ready to learn, especially after breaks.",
     "What can we do about low readiness for learning?",
     "What happens in the transitions of the school day that unsettles some pupils, and how could adults respond?",
     "Unstructured times are where some pupils' difficulties start, and lessons inherit them.",
     ["Special educational needs (SEND)", "All pupils"]),
    ("Disadvantaged pupils read far less for pleasure than their classmates.",
     "How can we increase reading for pleasure?",
     "What shapes the reading choices and habits of pupils who say they do not like reading?",
     "Our book stock and reading time do not reflect the interests of the pupils who read least.",
     ["Disadvantaged / pupil premium", "Boys"]),
)
PRIMARY_YEARS = ("Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6")
SECONDARY_YEARS = ("Year 7", "Year 8", "Year 9", "Year 10", "Year 11")


ACTIONS = (
    "Talk partners and sentence stems in every lesson",
    "A key adult for each of the target pupils, meeting weekly",
    "Support inside lessons instead of withdrawal groups",
    "Shorter letters home, translated into the main home languages",
    "A catch-up session with a tutor after any absence of three days or more",
)


def _start_year(today: dt.date) -> int:
    return today.year if today.month >= 9 else today.year - 1


def generate(con, *, schools: int = 40, cycles: int = 5, seed: int = 2026, evidence_per_enquiry: int = 12) -> dict[str, int]:
    """Fill an empty store with a synthetic alliance. Returns counts of what was made.

    Each enquiry gets about ``evidence_per_enquiry`` evidence items (varied kinds, origins and
    voices, some tagged, a few with consent withdrawn), two or three literature references, a
    pseudonymous data set and findings linked to its evidence."""
    rng = random.Random(seed)
    made = {"schools": 0, "people": 0, "cycles": 0, "teams": 0, "revisions": 0, "evidence items": 0,
            "references": 0, "data sets": 0, "findings": 0}
    names_used: set[str] = set()

    def new_name() -> str:
        while True:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            if name not in names_used or len(names_used) > len(FIRST) * len(LAST) - 5:
                names_used.add(name)
                return name

    def email(name: str, domain: str, n: int) -> str:
        first, last = name.lower().replace("'", "").split(" ", 1)
        return f"{first[0]}.{last.replace(' ', '')}{n}@{domain}"

    # Earlier cycles have finished: their history is replayed, which only loaders may do.
    with db.transaction(con), permissions.recording_history():
        school_rows = []
        for i in range(schools):
            phase = rng.choices(["primary", "secondary", "special", "all-through"], [70, 20, 6, 4])[0]
            place = PLACES[i % len(PLACES)] + ("" if i < len(PLACES) else f" {i // len(PLACES) + 1}")
            kind = {"primary": "Primary School", "secondary": "Academy", "special": "School",
                    "all-through": "All-through School"}[phase]
            pp = round(min(75.0, max(3.0, rng.gammavariate(2.2, 12))), 1)
            school_id = schools_mod.create_school(
                con, SYSTEM, urn=f"{200000 + i * 37 + rng.randrange(30):06d}", name=f"{place} {kind}", phase=phase,
                type=rng.choice(SCHOOL_TYPES),
                pupils={"primary": rng.randint(90, 630), "secondary": rng.randint(600, 1600),
                        "special": rng.randint(40, 180), "all-through": rng.randint(900, 1900)}[phase],
                pct_pupil_premium=pp,
                pct_eal=round(min(80.0, max(0.5, rng.gammavariate(1.3, 12))), 1),
                pct_send=round(rng.uniform(85, 100) if phase == "special" else rng.uniform(8, 24), 1))
            school_rows.append((school_id, phase, pp, place.lower().replace(" ", "").replace("'", "")))
        made["schools"] = schools
        schools_mod.save_alliance(con, SYSTEM, name="Synthetic Teaching School Alliance",
                                  university_partner="University School of Education",
                                  local_authority="Synthetic Borough Council", lead_school_id=school_rows[0][0])

        staff: dict[int, list[int]] = {}
        counter = 0
        for school_id, _phase, _, domain in school_rows:
            staff[school_id] = []
            for k in range(rng.randint(4, 6)):
                counter += 1
                name = new_name()
                roles = ["teacher", "senior_leader"] if k == 0 else ["teacher"]
                pid = people.create_person(con, SYSTEM, name=name, email=email(name, f"{domain}.example.sch.uk", counter),
                                           school_id=school_id, roles=roles)
                staff[school_id].append(pid)
        for _ in range(max(2, schools // 10)):
            counter += 1
            name = new_name()
            people.create_person(con, SYSTEM, name=f"Dr {name}", email=email(name, "uni.example.ac.uk", counter),
                                 roles=["facilitator"])
        counter += 1
        people.create_person(con, SYSTEM, name="Alliance Administrator", email=f"admin{counter}@example.sch.uk",
                             school_id=school_rows[0][0], roles=["administrator"])
        made["people"] = counter
        curator = people.get_person(con, int(people.list_people(con, SYSTEM).query("name.str.startswith('Dr ')")["id"].iloc[0]))
        tags = [codebook.add_tag(con, curator, name) for name in TAGS]

        last_year = _start_year(clock.today())
        for year in range(last_year - cycles + 1, last_year + 1):
            cycle_id = cycles_mod.create_cycle(con, SYSTEM, label=f"{year}/{(year + 1) % 100:02d}",
                                               starts_on=dt.date(year, 9, 1), ends_on=dt.date(year + 1, 7, 31))
            made["cycles"] += 1
            current = year == last_year
            plans: dict[int, tuple[int, dt.date]] = {}  # enquiry -> its action and the day it began
            for school_id, phase, pp, _ in school_rows:
                if rng.random() > (0.85 - pp / 300):
                    continue
                team_id = teams.create_team(con, SYSTEM, cycle_id=cycle_id, school_id=school_id,
                                            name=f"Research team {year}/{(year + 1) % 100:02d}")
                made["teams"] += 1
                members = rng.sample(staff[school_id], rng.randint(2, min(5, len(staff[school_id]))))
                for n, pid in enumerate(members):
                    teams.add_member(con, SYSTEM, team_id, pid, is_lead=n == 0)
                lead = people.get_person(con, members[0])
                focus, first, revised, hunch, groups = rng.choice(FOCI)
                years = SECONDARY_YEARS if phase == "secondary" else PRIMARY_YEARS
                enquiry_id = teams.get_team(con, team_id)["enquiry_id"]
                has_question = not current or rng.random() > 0.1
                agreed = dt.datetime(year, 10, 14, 16, 0)
                enquiries.update_enquiry(con, lead, enquiry_id, {
                    "focus": focus, "question": first if has_question else "", "hunch": hunch,
                    "why_it_matters": f"About {pp:.0f}% of our pupils are eligible for pupil premium, and this "
                                      "is where we see the widest gaps.",
                    "context": f"A {phase} school; the team includes class teachers and support staff.",
                    "target_groups": groups, "year_groups": rng.sample(years, 2),
                    "ethics_plan": "Parents and carers give informed consent, pupils give assent and may withdraw "
                                   "at any time; data is pseudonymised and kept on the school's secure drive, "
                                   "following BERA guidelines.",
                    "ethics_agreed": rng.random() > 0.15, "status": "active" if current else "completed",
                }, reason="First version agreed by the team", when=agreed)
                made["revisions"] += has_question
                if has_question and rng.random() < 0.6:
                    by = people.get_person(con, rng.choice(members))
                    enquiries.update_enquiry(
                        con, by, enquiry_id, {"question": revised},
                        reason="Critical friends asked whose problem this really was; we turned the question "
                               "towards our own practice and what pupils experience.",
                        prompted_by="Cross-school meeting 1", when=dt.datetime(year, 11, 20, 17, 0))
                    made["revisions"] += 1
                begun = _enquiry_evidence(con, rng, enquiry_id, members, year, current, evidence_per_enquiry, tags,
                                          made)
                if begun:
                    plans[enquiry_id] = begun
            _cycle_critique(con, rng, cycle_id, year, made, plans)
    return made


CRITIQUE_TEXT = {
    "warm": ("The evidence you gathered from pupils themselves makes your question feel real.",
             "Your action follows closely from what you found, which makes its review easy to read."),
    "cool": ("Whose voices are missing from your evidence so far?",
             "How will you know the change came from your action and not from the time of year?"),
    "question": ("What would success look like in a pupil's book or in a lesson?",
                 "Which pupils in the target group does this not reach yet?"),
    "suggestion": ("Could you ask the pupils before deciding what to change?",
                   "Try the same observation before and after, so the two can be compared."),
}
ANSWERS = {True: ("We added pupil interviews and narrowed the question.", "We now compare the same lessons each term.",
                  "We kept the action going and reviewed it with this in mind."),
           False: ("Thank you: nothing to change.", "We considered it, but there is no time left in the year.")}
LIMITATIONS = ("We studied a small group over one year, so what we saw describes these pupils rather than proving a "
               "general effect. Next year we will look at the same group over a longer time.")


def _cycle_critique(con, rng, cycle_id: int, year: int, made: dict, plans: dict[int, tuple[int, dt.date]]) -> None:
    """Meetings held so far with critical-friend groups, and critique at each from facilitators or
    critical friends of another team, dated that afternoon; answers a week later (every item of
    a finished year, some of the running year's; an answer may name the action it led to).
    Clinics, most booked, with advice and follow-ups (done in a finished year); a finished
    year's write-ups saved from their drafts and marked ready before its summer, the running
    year's few begun."""
    from .. import clinics, critique, meetings, writeups

    facilitators = [people.get_person(con, int(r.id)) for r in people.list_people(con, SYSTEM).itertuples()
                    if "facilitator" in r.roles]
    roster = teams.list_teams(con, SYSTEM, cycle_id)
    team_ids = [int(t) for t in roster["id"]]
    if len(team_ids) < 2:
        return
    today, now = clock.today(), clock.now()
    finished = dt.date(year + 1, 7, 31) < today
    members = {int(t): [int(m["person_id"]) for m in teams.members(con, SYSTEM, int(t))] for t in team_ids}
    leads = {t: people.get_person(con, ids[0]) for t, ids in members.items()}
    enquiry_of = {int(r.id): int(r.enquiry_id) for r in roster.itertuples()}
    for day in (cycles_mod._nth_weekday(year, 11, 3, 2), cycles_mod._nth_weekday(year + 1, 3, 3, 2),
                cycles_mod._nth_weekday(year + 1, 6, 3, 2)):
        if day > today:
            break
        meeting = meetings.schedule(con, facilitators[0], cycle_id=cycle_id, title=f"Cross-school meeting {day:%B}",
                                    held_on=day, team_ids=team_ids)
        groups = meetings.propose_groups(con, facilitators[0], meeting)
        made["meetings"] = made.get("meetings", 0) + 1
        for n, team_id in enumerate(team_ids):
            friends = [p for group in groups if team_id in group for t in group if t != team_id for p in members[t]]
            giver = people.get_person(con, rng.choice(friends)) if friends and rng.random() < 0.6 else rng.choice(facilitators)
            kind = rng.choice(CRITIQUE_KINDS)
            said = dt.datetime.combine(day, dt.time(15, 30)) + dt.timedelta(minutes=n)
            item = critique.add_critique(con, giver, enquiry_of[team_id], kind=kind, source="meeting",
                                         meeting_id=meeting, text=rng.choice(CRITIQUE_TEXT[kind]), when=said)
            made["critique items"] = made.get("critique items", 0) + 1
            answered = said + dt.timedelta(days=7, hours=1)
            if answered > now or not (finished or rng.random() < 0.6):
                continue
            accepted = rng.random() < 0.75
            action_id, began = plans.get(enquiry_of[team_id], (None, None))
            led = accepted and action_id is not None and began <= answered.date() and rng.random() < 0.5
            critique.answer_critique(con, leads[team_id], item, accepted=accepted, text=rng.choice(ANSWERS[accepted]),
                                     action_id=action_id if led else None, when=answered)
            made["critique answers"] = made.get("critique answers", 0) + 1
    for n in range(6):
        starts = dt.datetime.combine(dt.date(year, 12, 1) + dt.timedelta(days=14 * n), dt.time(15, 45))
        runner = facilitators[n % len(facilitators)]
        slot = clinics.publish_slot(con, runner, cycle_id=cycle_id, starts_at=starts, minutes=45, place="University",
                                    when=starts - dt.timedelta(days=30))
        if rng.random() < (0.85 if finished else 0.6):
            team_id = team_ids[(n + rng.randrange(2)) % len(team_ids)]
            booking = clinics.book(con, leads[team_id], slot, team_id=team_id, topic="Planning our interviews",
                                   when=starts - dt.timedelta(days=7))
            if starts < now:
                clinics.record_advice(con, runner, booking, notes="", advice="Pilot the questions with two pupils.")
                follow = clinics.add_follow_up(con, runner, booking, what="Send interview guide", who=runner.name,
                                               due_on=starts.date() + dt.timedelta(days=7))
                if finished:
                    clinics.set_follow_up_done(con, runner, follow)
            made["clinic bookings"] = made.get("clinic bookings", 0) + 1
    for n, team_id in enumerate(team_ids):
        lead, enquiry_id = leads[team_id], enquiry_of[team_id]
        if finished:
            ready = dt.datetime(year + 1, 6, 22, 17, 0) + dt.timedelta(days=n % 5)
            drafted = writeups.drafts(con, lead, enquiry_id)
            for k, section in enumerate(WRITEUP_SECTIONS):
                body = drafted[section].strip() or (LIMITATIONS if section == "limitations" else "To follow.")
                if section == "abstract":
                    body = " ".join(body.split()[:writeups.ABSTRACT_WORDS - 10])
                writeups.save_section(con, lead, enquiry_id, section, body, expected_updated_at=None,
                                      when=ready - dt.timedelta(days=7) + dt.timedelta(minutes=10 * k))
            writeups.mark_ready(con, lead, enquiry_id, when=ready)
            made["ready write-ups"] = made.get("ready write-ups", 0) + 1
        elif n % 3 == 0 and enquiries.get_enquiry(con, SYSTEM, enquiry_id).question:
            drafted = writeups.drafts(con, lead, enquiry_id)  # this year's: a few teams have begun theirs
            for section in ("title", "context"):
                writeups.save_section(con, lead, enquiry_id, section, drafted[section] or "To follow.",
                                      expected_updated_at=None)
            made["write-ups begun"] = made.get("write-ups begun", 0) + 1


EVIDENCE_TEXT = (
    ("Lesson observation: paired talk", "lesson observation", "our practice", ["teachers", "pupils"],
     "Pupils explained their thinking to a partner before sharing with the class; quieter pupils spoke more."),
    ("Pupil voice focus group", "pupil voice", "our practice", ["pupils"],
     "Pupils said they learn best when they know what the lesson is for and can ask a friend for help."),
    ("Interview with the SENCo", "interview", "our practice", ["leaders"],
     "The SENCo described how support plans are shared with class teachers and where information gets lost."),
    ("Parent and carer questionnaire", "survey", "our practice", ["parents and carers"],
     "Families preferred short messages and phone calls to long letters; several asked for translated information."),
    ("Attendance figures by group", "attendance or behaviour data", "our practice", [],
     "Attendance of disadvantaged pupils fell in the second half of the autumn term, mostly on Mondays and Fridays."),
    ("Work scrutiny of writing books", "work scrutiny", "our practice", ["teachers"],
     "Writing after structured talk was longer and used more subject vocabulary than writing without it."),
    ("Learning walk notes", "learning walk", "our practice", ["leaders", "teachers"],
     "Most classrooms displayed key vocabulary, but pupils rarely used the displays during independent work."),
    ("Teaching assistant reflections", "reflective journal", "our practice", ["support staff"],
     "Assistants noticed they often answered for pupils to keep the lesson moving and tried waiting longer."),
    ("Research review on oral language", "research literature", "wider research", [],
     "Reviews of oral language approaches report a high average impact when talk is structured and linked to the curriculum."),
    ("Research on parental engagement", "research literature", "wider research", [],
     "Studies suggest supporting learning at home matters more than attendance at school events."),
)
TAGS = ("Oracy", "Belonging", "Attendance", "Home-school communication", "Staff practice", "Pupil voice", "Transition")
REFERENCES = (
    (["Education Endowment Foundation"], 2021, "Teaching and Learning Toolkit", "report"),
    (["Kerr, K.", "Ainscow, M."], 2017, "Equity in Education: Time to stop and think", "report"),
    (["Alexander, R."], 2020, "A Dialogic Teaching Companion", "book"),
    (["Goodall, J.", "Vorhaus, J."], 2011, "Review of Best Practice in Parental Engagement", "report"),
    (["Galton, M.", "McLellan, R."], 2018, "A transition Odyssey: pupils' experiences of transfer to secondary school across five decades", "article"),
)


def _enquiry_evidence(con, rng, enquiry_id, members, year, current, count, tags, made) -> tuple[int, dt.date] | None:
    """The enquiry's evidence, literature, data set and findings; returns its action (see
    ``_enquiry_action``)."""
    from .. import datasets, evidence, findings, literature
    from ..lib import tabular
    from ..lib.references import Reference

    authors = [people.get_person(con, pid) for pid in members]
    start = dt.date(year, 10, 1)
    days = (min(clock.today(), dt.date(year + 1, 6, 30)) - start).days if current else 250
    ids, citable = [], []
    for n in range(count):
        title, kind, origin, voices, summary = EVIDENCE_TEXT[(n + rng.randrange(3)) % len(EVIDENCE_TEXT)]
        by = authors[n % len(authors)]
        day = start + dt.timedelta(days=rng.randrange(max(days, 1)))
        consent = "withdrawn" if rng.random() < 0.03 else ("obtained" if voices else "not needed")
        ids.append(evidence.add_evidence(con, by, enquiry_id, {
            "title": f"{title} ({day:%d %b})", "kind": kind, "origin": origin, "voices": voices, "collected_on": day,
            "collected_by": by.id, "summary": summary, "participant_count": rng.randint(3, 30) if voices else None,
            "consent": consent,
        }, tag_ids=rng.sample(tags, rng.randint(0, 2)), when=dt.datetime.combine(day, dt.time(16, 0))))
        if consent != "withdrawn":  # withdrawn evidence cannot support a finding or be cited
            citable.append(ids[-1])
    made["evidence items"] += count
    for ref_authors, ref_year, ref_title, ref_kind in rng.sample(REFERENCES, rng.randint(2, 3)):
        literature.add_reference(con, authors[0], enquiry_id, Reference(
            authors=ref_authors, year=ref_year, title=ref_title, source="", kind=ref_kind,
            key_points="Key points recorded by the team.", bearing="How this bears on our question."))
        made["references"] += 1
    if ids:
        pupils = rng.randint(40, 160)
        lines = ["pupil,pupil_premium,eal,year_group,score_autumn,score_summer"]
        for p in range(1, pupils + 1):
            pp = rng.random() < 0.35
            pre = rng.gauss(95 if pp else 101, 12)
            lines.append(f"P{p:03d},{'Yes' if pp else 'No'},{'Yes' if rng.random() < 0.3 else 'No'},"
                         f"Year {rng.randint(3, 6)},{pre:.1f},{pre + rng.gauss(3, 6):.1f}")
        table = tabular.read_table("\n".join(lines).encode(), "assessment.csv")
        datasets.import_dataset(con, authors[0], ids[0], table, name="Reading scores, autumn and summer",
                                filename="assessment.csv")
        made["data sets"] += 1
        for claim in ("Structured talk helps quieter pupils take part.", "Families want shorter, clearer messages."):
            findings.add_finding(con, authors[0], enquiry_id, claim=claim,
                                 evidence_ids=rng.sample(citable, min(3, len(citable))))
            made["findings"] += 1
        return _enquiry_action(con, rng, enquiry_id, authors[0], year, current, citable, made)
    return None


def _enquiry_action(con, rng, enquiry_id, lead, year, current, citable, made) -> tuple[int, dt.date] | None:
    """One action per enquiry, linked to its findings: a finished year's is reviewed (most with
    the data set's pre/post chart) and done; this year's starts in November, if that has come.
    Returns the action and the day it began (None when none began)."""
    from .. import actions, findings

    start = dt.date(year, 11, 2) if current else dt.date(year + 1, 3, 2)
    if start > clock.today():
        return None
    claims = [int(i) for i in findings.list_findings(con, SYSTEM, enquiry_id)["id"]]
    review = start + dt.timedelta(weeks=rng.choice((2, 6, 10)) if current else 10)
    action_id = actions.add_action(
        con, lead, enquiry_id, strategy=rng.choice(ACTIONS), finding_ids=claims[:1], owner=lead.name,
        starts_on=start, review_on=review, success_criteria="More of the target pupils take part, and say so.",
        status="in progress", when=dt.datetime.combine(start, dt.time(16, 0)))
    made["actions"] = made.get("actions", 0) + 1
    if current:
        return action_id, start
    sets = _prepost_datasets(con, enquiry_id, citable)
    chart = sets[0] if sets and rng.random() < 0.7 else None
    actions.add_impact_review(
        con, lead, action_id, what_changed="Target pupils took part more often, and staff changed how they plan.",
        for_whom=["Disadvantaged / pupil premium"], evidence_ids=rng.sample(citable, min(2, len(citable))),
        dataset_id=chart, chart="Pre/post change by group" if chart else None,
        chart_options={"group": "pupil_premium"} if chart else None, reviewed_on=review,
        when=dt.datetime.combine(review, dt.time(16, 30)))
    made["impact reviews"] = made.get("impact reviews", 0) + 1
    actions.update_action(con, lead, action_id, status="done", when=dt.datetime.combine(review, dt.time(17, 0)))
    return action_id, start


def _prepost_datasets(con, enquiry_id, citable) -> list[int]:
    """The enquiry's data sets with pre and post scores and a pupil premium column, on evidence
    whose consent stands."""
    from .. import datasets

    found = []
    for row in datasets.list_datasets(con, SYSTEM, enquiry_id).itertuples():
        if int(row.evidence_id) not in citable:
            continue
        meta, _ = datasets.get_dataset(con, SYSTEM, int(row.id))
        roles = datasets.columns_by_role(meta)
        if roles["pre"] and roles["post"] and "pupil_premium" in roles["group"]:
            found.append(int(row.id))
    return found

