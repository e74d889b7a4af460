"""The alliance and its schools, with the context figures that drive the equity views."""

from __future__ import annotations

from .lib import disclosure
from .lib.references import REFERENCE_STYLES
from .store import changelog, db, validate
from .store.actors import Person
from .store.errors import NotFound, ValidationError
from .store.permissions import require_manage
from .store.vocab import PHASES, SCHOOL_TYPES


def get_alliance(con) -> dict | None:
    return db.one(con, "schools/get_alliance")


def disclosure_threshold(con) -> int:
    """The smallest group of pupils the alliance shows in any figure (5 unless raised)."""
    return max(int(db.scalar(con, "schools/get_disclosure_threshold")), disclosure.MINIMUM)


def save_alliance(con, actor: Person, *, name, university_partner="", local_authority="",
                  lead_school_id=None, disclosure_threshold=None) -> None:
    """Create or update the (single) alliance record. ``disclosure_threshold`` (the smallest
    group shown; 5 to 50) keeps its current value when not given."""
    require_manage(con, actor, "alliance")
    current = get_alliance(con) or {}
    if disclosure_threshold is None:
        disclosure_threshold = current.get("disclosure_threshold") or disclosure.MINIMUM
    clean = {
        "name": validate.text("Alliance name", name, required=True, limit=validate.SHORT),
        "university_partner": validate.text("University partner", university_partner, limit=validate.SHORT),
        "local_authority": validate.text("Local authority", local_authority, limit=validate.SHORT),
        "lead_school_id": int(lead_school_id) if lead_school_id not in (None, "") else None,
        "disclosure_threshold": disclosure.check_threshold(disclosure_threshold),
    }
    if clean["lead_school_id"] is not None and get_school(con, clean["lead_school_id"], missing_ok=True) is None:
        raise ValidationError("Lead school", "that school does not exist; choose one from the list.")
    with db.transaction(con):
        before = get_alliance(con)
        params = [clean["name"], clean["lead_school_id"], clean["university_partner"], clean["local_authority"],
                  clean["disclosure_threshold"]]
        con.execute(db.sql("schools/upsert_alliance"), params)
        changelog.record(con, actor.id, "alliance", 1, "update" if before else "create", before, clean)


def list_schools(con):
    """All schools with their context figures (DataFrame, by name)."""
    return db.frame(con, "schools/list_schools")


def get_school(con, school_id: int, *, missing_ok: bool = False) -> dict | None:
    found = db.one(con, "schools/get_school", [school_id])
    if found is None and not missing_ok:
        raise NotFound(f"No school with id {school_id}.")
    return found


def _clean(urn, name, phase, type, pupils, pct_pupil_premium, pct_eal, pct_send) -> dict:
    return {
        "urn": validate.urn("URN", urn),
        "name": validate.text("School name", name, required=True, limit=validate.SHORT),
        "phase": validate.choice("Phase", phase, PHASES),
        "type": validate.choice("Type", type, SCHOOL_TYPES),
        "pupils": validate.whole_number("Pupils on roll", pupils, minimum=0, maximum=5000),
        "pct_pupil_premium": validate.percentage("% pupil premium", pct_pupil_premium),
        "pct_eal": validate.percentage("% EAL", pct_eal),
        "pct_send": validate.percentage("% SEND", pct_send),
    }


def create_school(con, actor: Person, **fields) -> int:
    require_manage(con, actor, "schools")
    clean = _clean(**fields)
    with db.transaction(con):
        if db.one(con, "schools/get_school_by_urn", [clean["urn"]]):
            raise ValidationError("URN", f"{clean['urn']} is already recorded for another school; check the number.")
        school_id = db.scalar(con, "schools/insert_school", list(clean.values()))
        changelog.record(con, actor.id, "school", school_id, "create", None, clean)
    return school_id


def update_school(con, actor: Person, school_id: int, **fields) -> None:
    require_manage(con, actor, "schools")
    clean = _clean(**fields)
    with db.transaction(con):
        before = get_school(con, school_id)
        other = db.one(con, "schools/get_school_by_urn", [clean["urn"]])
        if other and other["id"] != school_id:
            raise ValidationError("URN", f"{clean['urn']} is already recorded for another school; check the number.")
        con.execute(db.sql("schools/update_school"), [*clean.values(), school_id])
        changelog.record(con, actor.id, "school", school_id, "update", before, clean)


def reference_style(con) -> str:
    """The style of every reference list and citation in the alliance: an official CSL style
    name, 'harvard-cite-them-right' (Cite Them Right) unless the alliance chose 'apa' (APA 7)."""
    style = (get_alliance(con) or {}).get("reference_style")
    return style if style in REFERENCE_STYLES else next(iter(REFERENCE_STYLES))


def set_reference_style(con, actor: Person, style: str) -> None:
    """Choose the alliance's reference style (administrators), one of REFERENCE_STYLES."""
    require_manage(con, actor, "alliance")
    style = validate.choice("Reference style", style, REFERENCE_STYLES)
    with db.transaction(con):
        before = get_alliance(con)
        if before is None:
            raise ValidationError("Reference style", "save the alliance's name first, then choose its reference style.")
        con.execute(db.sql("schools/set_reference_style"), [style])
        changelog.record(con, actor.id, "alliance", 1, "update", {"reference_style": before.get("reference_style")},
                         {"reference_style": style})
