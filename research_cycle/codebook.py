"""The alliance's codebook of tags, so themes can be compared across schools. Facilitators curate
it (add, rename, approve or reject); teams propose new tags, which can be used at once by the
team that proposed them and by everyone once approved."""

from __future__ import annotations

import pandas as pd

from .store import changelog, clock, db, search, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import Action, can, require
from .store.vocab import TAG_STATUSES


def list_tags(con, *, statuses=("approved",)) -> pd.DataFrame:
    """Tags by name with how many (not deleted) evidence items use each."""
    return db.frame(con, "codebook/list_tags", [list(statuses)])


def usable_tags(con, person: Person) -> pd.DataFrame:
    """Approved tags, plus the proposed ones this person put forward."""
    return db.frame(con, "codebook/usable_tags", [person.id])


def _clean_name(con, name, tag_id=None) -> str:
    name = validate.text("Tag", name, required=True, limit=60)
    other = db.one(con, "codebook/get_tag_by_name", [name])
    if other and other["id"] != tag_id:
        raise ValidationError("Tag", f"'{other['name']}' is already in the codebook ({other['status']}); use it instead.")
    return name


def add_tag(con, actor: Person, name, description="") -> int:
    """Add a tag: approved when a curator adds it, proposed when a team member does."""
    curator = can(con, actor, Action.CURATE_CODEBOOK)
    if not curator:
        require(con, actor, Action.PROPOSE_TAG)
    status = "approved" if curator else "proposed"
    with db.transaction(con):
        clean = {"name": _clean_name(con, name), "description": validate.text("Description", description, limit=500),
                 "status": status}
        tag_id = db.scalar(con, "codebook/insert_tag", [clean["name"], clean["description"], status, actor.id, clock.now()])
        changelog.record(con, actor.id, "codebook_tag", tag_id, "create", None, clean)
    return tag_id


def update_tag(con, actor: Person, tag_id: int, *, name, description="", status="approved") -> None:
    """Rename, describe, approve or reject a tag (curators only)."""
    require(con, actor, Action.CURATE_CODEBOOK)
    before = db.one(con, "codebook/get_tag", [tag_id])
    if before is None:
        raise NotFound("That tag no longer exists.")
    with db.transaction(con):
        clean = {"name": _clean_name(con, name, tag_id), "description": validate.text("Description", description, limit=500),
                 "status": validate.choice("Status", status, TAG_STATUSES)}
        con.execute(db.sql("codebook/update_tag"), [clean["name"], clean["description"], clean["status"], tag_id])
        for (evidence_id,) in con.execute(db.sql("codebook/tagged_evidence"), [tag_id]).fetchall():
            search.index_evidence(con, evidence_id)  # the tag's name is part of their search text
        changelog.record(con, actor.id, "codebook_tag", tag_id, "update",
                         {k: before[k] for k in clean}, clean)
