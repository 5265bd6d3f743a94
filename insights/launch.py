"""The launch checklist of a new wijk, for its coordinator: what makes a wijk page worth following, each with a link
to do it. Read in one query; the flyer is recorded when it is first printed (LaunchMark), the rest from the rows."""
from dataclasses import dataclass
from datetime import datetime

from flask import request
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, literal, select
from sqlalchemy.dialects import postgresql, sqlite

from core.extensions import db
from core.timeutil import utcnow
from core.transactions import commit
from participation.models import Participation, participation_wijk
from partners.models import Organisation
from wijken.models import Post, Wijk, organisation_wijk

from .models import LaunchMark
from .rollup import public_post

SEED_POSTS = 5
MEETING_KINDS = ("wijkschouw", "spreekuur")
FLYER_ENDPOINT = "flyer.wijk_flyer_pdf"


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    done: bool


LABELS = {
    "partner": _l("At least one verified partner serves the wijk"),
    "posts": _l("Five posts to start with"),
    "participation": _l("A first participation, with a date for its feedback"),
    "meeting": _l("A wijkschouw or spreekuur on the agenda"),
    "flyer": _l("A flyer made"),
}


def checklist(wijk, now: datetime) -> list[Item]:
    partner = exists().where(organisation_wijk.c.wijk_id == wijk.id,
                             organisation_wijk.c.organisation_id == Organisation.id, Organisation.verified.is_(True))
    posts = (select(func.count()).select_from(select(Post.id).where(Post.wijk_id == wijk.id, public_post())
                                              .limit(SEED_POSTS).subquery()).scalar_subquery())
    participation = exists().where(participation_wijk.c.wijk_id == wijk.id,
                                   Participation.id == participation_wijk.c.participation_id,
                                   Participation.status != "draft", Participation.feedback_due.is_not(None))
    meeting = exists().where(Post.wijk_id == wijk.id, Post.kind.in_(MEETING_KINDS), Post.status == "published",
                             Post.starts_at >= now)
    flyer = exists().where(LaunchMark.wijk_id == wijk.id, LaunchMark.item == "flyer")
    row = db.session.execute(select(partner, posts, participation, meeting, flyer)).one()
    done = dict(zip(LABELS, (row[0], row[1] >= SEED_POSTS, row[2], row[3], row[4]), strict=True))
    return [Item(key, str(label), bool(done[key])) for key, label in LABELS.items()]


def mark_flyer(response):
    """After a flyer was printed: remember it for the wijk's checklist (once; one statement)."""
    slug = (request.view_args or {}).get("slug")
    if request.endpoint != FLYER_ENDPOINT or response.status_code != 200 or not slug:
        return response
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    db.session.execute(dialect.insert(LaunchMark).from_select(
        ["wijk_id", "item", "created_at"],
        select(Wijk.id, literal("flyer"), literal(utcnow())).where(Wijk.slug == slug)).on_conflict_do_nothing())
    commit()
    return response
