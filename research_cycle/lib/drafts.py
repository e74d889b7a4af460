"""The drafts of a write-up's sections, assembled only from the enquiry's records: values in,
text out. Every sentence comes from a record (the enquiry, its question's versions, the library,
the evidence, findings, critique, actions and impact reviews); nothing is invented, and evidence
is cited by the code the caller gave it (E1, E2...). The team then rewrites each draft.

The caller gathers the records (leaving out evidence whose consent was withdrawn, and quotes of
special-category evidence) and passes them as ``records``, a dict with: enquiry (an object with
focus, question, hunch, why_it_matters, context, target_groups, year_groups, ethics_plan,
ethics_agreed), revisions, evidence, withdrawn, findings, critique (a DataFrame), actions (a
DataFrame), reviews, references, library, evidence_by_id (see ``writeups._records``).

Plain text with a light structure that documents and the page both understand: blank lines
separate paragraphs, lines starting with "- " are bullets.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd


def uk_date(value: dt.date | dt.datetime | None) -> str:
    """'22 Nov 2026', as everywhere in the app."""
    return "" if value is None else f"{value.day} {value.strftime('%b %Y')}"


def joined(items) -> str:
    """The items as "a, b and c"."""
    items = [str(i) for i in items if str(i)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def count_items(n: int) -> str:
    """'1 item', '3 items'."""
    return f"{n} item" if n == 1 else f"{n} items"


def cite(items: list[dict]) -> str:
    """Evidence items by code and title: "E1 Lesson observations; E3 Pupil survey"."""
    return "; ".join(f"{e['code']} {e['title']}" for e in items)


def assemble(r: dict, *, sections, voices) -> dict[str, str]:
    """Each section's draft (key -> text, for every key of ``sections``), from the records;
    ``voices`` in the order they are named."""
    e = r["enquiry"]
    out = {key: "" for key in sections}
    out["title"] = e.question or e.focus
    out["context"] = _draft_context(e)
    out["question"] = _draft_question(r["revisions"])
    out["research"] = _draft_research(r)
    out["methods"] = _draft_methods(r, voices)
    out["findings"] = _draft_findings(r)
    out["critique"] = _draft_critique(r["critique"])
    out["actions"] = _draft_actions(r)
    out["limitations"] = _draft_limitations(r)
    out["abstract"] = _draft_abstract(r)
    return out


def _draft_context(e) -> str:
    parts = []
    if e.focus:
        parts.append(f"Our focus: {e.focus}")
    if e.why_it_matters:
        parts.append(f"Why it matters here: {e.why_it_matters}")
    if e.context:
        parts.append(e.context)
    if e.hunch:
        parts.append(f"What we believed was going on (our hunch): {e.hunch}")
    if e.target_groups:
        parts.append("Target groups:\n" + "\n".join(f"- {g}" for g in e.target_groups))
    if e.year_groups:
        parts.append(f"Year groups: {joined(e.year_groups)}.")
    return "\n\n".join(parts)


def _draft_question(revisions: list[dict]) -> str:
    parts = []
    for rev in revisions:
        line = f"Version {rev['revision_no']} ({uk_date(rev['revised_at'])}, {rev['revised_by']}): {rev['question']}"
        if rev["revision_no"] > 1 and rev["reason"]:
            line += f"\nWhy it changed: {rev['reason']}"
        prompts = [p for p in (rev.get("prompted_by_meeting"), rev.get("prompted_by") or None) if p]
        if rev.get("prompted_by_critique"):
            prompts.append(f"critique: “{rev['prompted_by_critique']}”")
        if prompts:
            line += f"\nWhat prompted it: {'; '.join(dict.fromkeys(prompts))}"
        parts.append(line)
    return "\n\n".join(parts)


def _draft_research(r: dict) -> str:
    parts = []
    for entry in r["references"]:
        row = r["library"].get(entry.id)
        text = f"{entry.formatted.citation}: {entry.formatted.reference.title}."
        if row is not None and row.key_points:
            text += f" Key points: {row.key_points}"
        if row is not None and row.bearing:
            text += f"\nHow it bears on our enquiry: {row.bearing}"
        parts.append(text)
    research = [e for e in r["evidence"] if e["origin"] == "wider research"]
    if research:
        parts.append("Wider research in our evidence log:\n" + "\n".join(
            f"- {e['code']} {e['title']}" + (f": {e['summary']}" if e["summary"] else "") for e in research))
    return "\n\n".join(parts)


def evidence_table(evidence: list[dict], *, origins, voices) -> pd.DataFrame:
    """Evidence items by kind (rows) against ``origins`` and ``voices`` (columns): how many items
    of each."""
    rows = []
    for kind in dict.fromkeys(e["kind"] for e in evidence):
        items = [e for e in evidence if e["kind"] == kind]
        row = {"Kind": kind, "Items": len(items)}
        row.update({o.capitalize(): sum(e["origin"] == o for e in items) for o in origins})
        row.update({f"Voice: {v}": sum(v in e["voices"] for e in items) for v in voices})
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    # Voices nobody recorded are left out of the table.
    return frame[[c for c in frame.columns if not c.startswith("Voice: ") or frame[c].sum() > 0]]


def _draft_methods(r: dict, vocabulary) -> str:
    e, evidence = r["enquiry"], r["evidence"]
    parts = []
    if evidence:
        kinds = pd.Series([x["kind"] for x in evidence]).value_counts()
        parts.append(f"We collected {count_items(len(evidence))} of evidence: "
                     + joined(f"{n} {kind}" for kind, n in kinds.items()) + ".")
        voices = [v for v in vocabulary if any(v in x["voices"] for x in evidence)]
        if voices:
            parts.append(f"Voices heard: {joined(voices)}.")
        parts.append("\n".join(
            f"- {x['code']} {x['title']} ({x['kind']}, {x['origin']}; {uk_date(x['collected_on'])})"
            + (f": {x['participants']}" if x["participants"] else "")
            + (f" ({x['participant_count']} participant{'s' if x['participant_count'] != 1 else ''})"
               if x["participant_count"] else "") for x in evidence))
    if r["withdrawn"]:
        parts.append(f"{count_items(r['withdrawn'])} of evidence {'is' if r['withdrawn'] == 1 else 'are'} left out because "
                     "participants withdrew consent.")
    if e.ethics_plan:
        parts.append(f"Ethics: {e.ethics_plan}" + (" (agreed)" if e.ethics_agreed else ""))
    return "\n\n".join(parts)


def _draft_findings(r: dict) -> str:
    parts = []
    for f in r["findings"]:
        text = f"Finding {f['number']}: {f['claim']}"
        if f["detail"]:
            text += f"\n{f['detail']}"
        if f["evidence"]:
            text += f"\nEvidence: {cite(f['evidence'])}."
        if f["warning"]:
            text += f"\nTriangulation: {f['warning'].lower()}."
        quotes = [(q, x["code"]) for x in f["evidence"] for q in x["quotes"]]
        if quotes:
            text += "\n\n" + "\n".join(f"- “{q}” ({code})" for q, code in quotes[:6])
        parts.append(text)
    return "\n\n".join(parts)


def _draft_critique(items: pd.DataFrame) -> str:
    parts = []
    for c in items.itertuples():
        where = c.meeting if isinstance(c.meeting, str) else c.source
        who = f" from {c.from_name}" if isinstance(c.from_name, str) else ""
        text = f"{c.kind.capitalize()}{who} ({where}, {uk_date(c.created_at)}): {c.text}"
        if isinstance(c.response, str):
            text += f"\nOur answer ({c.response}): {c.response_text}"
            if pd.notna(c.revision_no):
                text += f" It led to version {int(c.revision_no)} of our question."
        else:
            text += "\nNot answered yet."
        parts.append(text)
    return "\n\n".join(parts)


def _draft_actions(r: dict) -> str:
    parts = []
    numbers = {f["id"]: f["number"] for f in r["findings"]}
    for a in r["actions"].itertuples():
        text = (f"{a.strategy} ({a.status}; led by {a.owner}; from {uk_date(a.starts_on)}, "
                f"review {uk_date(a.review_on)})")
        if a.success_criteria:
            text += f"\nSuccess criteria: {a.success_criteria}"
        if a.stop_reason:
            text += f"\nWhy it stopped: {a.stop_reason}"
        linked = [f"Finding {numbers[i]}" for i in a.finding_ids if i in numbers]
        if linked:
            text += f"\nPrompted by: {joined(linked)}."
        for review in r["reviews"].get(int(a.id), []):
            cited = [r["evidence_by_id"][i]["code"] for i in review["evidence_ids"] if i in r["evidence_by_id"]]
            text += (f"\nImpact ({uk_date(review['reviewed_on'])}): {review['what_changed']} For: "
                     f"{joined(review['for_whom'])}." + (f" Evidence: {', '.join(cited)}." if cited else ""))
        parts.append(text)
    return "\n\n".join(parts)


def _draft_limitations(r: dict) -> str:
    parts = [f"Finding {f['number']} ({f['claim']}): {f['warning'].lower()}." for f in r["findings"] if f["warning"]]
    open_items = r["critique"][r["critique"]["response"].isna()]
    parts += [f"Critique still to answer: {c.text}" for c in open_items.itertuples()]
    if r["withdrawn"]:
        parts.append(f"{count_items(r['withdrawn'])} of evidence could not be used because participants withdrew consent.")
    going = r["actions"][r["actions"]["status"].isin(["planned", "in progress"])] if len(r["actions"]) else []
    if len(going):
        parts.append("Next steps:\n" + "\n".join(f"- {a.strategy} (review {uk_date(a.review_on)})"
                                                 for a in going.itertuples()))
    return "\n\n".join(parts)


def _draft_abstract(r: dict) -> str:
    e = r["enquiry"]
    sentences = []
    if e.question:
        sentences.append(f"Our question: {e.question}")
    if e.target_groups:
        sentences.append(f"Target groups: {joined(e.target_groups)}.")
    if r["evidence"]:
        kinds = dict.fromkeys(x["kind"] for x in r["evidence"])
        sentences.append(f"Evidence: {count_items(len(r['evidence']))} ({joined(kinds)}).")
    claims = [f["claim"] for f in r["findings"][:3]]
    if claims:
        sentences.append("We found: " + " ".join(claims))
    strategies = list(r["actions"]["strategy"][:2]) if len(r["actions"]) else []
    if strategies:
        sentences.append("We acted: " + " ".join(strategies))
    return " ".join(s if s.rstrip().endswith((".", "?", "!")) else s + "." for s in sentences)
