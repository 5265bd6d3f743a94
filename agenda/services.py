"""The wijkagenda: agendapunten proposed by residents (an idea that reached its threshold), promoted by a
coordinator from a broadly supported stelling, or added by a partner; each with its owner, status, next
meeting (an evenement post with RSVP) and feedback date. Each use case validates, checks its predicate and
commits once."""
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from core.errors import Conflict, NotFound, require
from core.extensions import db
from core.markup import render_markdown
from core.timeutil import utcnow
from core.transactions import unit_of_work
from core.urls import path_for
from core.validation import Fields
from ideas.models import Idea
from ideas.signals import threshold_reached
from notifications.services import notify
from participation.models import Participation, participation_wijk
from partners.models import Organisation
from partners.permissions import POSTING_ROLES, membership_role
from stellingen.models import Statement
from stellingen.services import latest_snapshot
from wijken import live
from wijken.kinds import KINDS
from wijken.live import register_event
from wijken.models import Post, Wijk
from wijken.services import create_post

from .models import AgendaItem
from .permissions import can_add_agenda_item, can_change_agenda_item
from .serializers import agenda_json

STATUSES = ("proposed", "scheduled", "in_progress", "done")
OPEN = STATUSES[:3]
STATUS_LABELS = {"proposed": _l("proposed"), "scheduled": _l("on the agenda"), "in_progress": _l("in progress"),
                 "done": _l("done")}
SOURCES = ("resident", "stelling", "partner")
TITLE_MAX, BODY_MAX = 140, 5_000
LIST_MAX, CANDIDATES_MAX = 200, 20
ID_MAX = 2**31 - 1


register_event("agenda_changed")

def status_label(status: str) -> str:
    return str(STATUS_LABELS[status])


# --- reading ------------------------------------------------------------------------------------------------

def wijk_agenda(wijk: Wijk, *, only_open: bool = False, limit: int = LIST_MAX) -> list[AgendaItem]:
    """The wijk's agendapunten: open ones first (on the agenda, in progress, proposed), then done; newest next."""
    order = case({"scheduled": 0, "in_progress": 1, "proposed": 2, "done": 3}, value=AgendaItem.status)
    query = (select(AgendaItem).where(AgendaItem.wijk_id == wijk.id)
             .options(selectinload(AgendaItem.idea), selectinload(AgendaItem.statement))
             .order_by(order, AgendaItem.id.desc()).limit(limit))
    if only_open:
        query = query.where(AgendaItem.status.in_(OPEN))
    return list(db.session.scalars(query))


def get_item(item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None:
        raise NotFound(_("Not found."))
    return item


def _wijk_participations(wijk: Wijk, tool: str):
    """The wijk's published participations of this tool (a subquery of ids)."""
    return (select(Participation.id)
            .join(participation_wijk, participation_wijk.c.participation_id == Participation.id)
            .where(participation_wijk.c.wijk_id == wijk.id, Participation.tool == tool,
                   Participation.status != "draft"))


def candidates(wijk: Wijk) -> dict:
    """What may go on the agenda next: the wijk's ideas that reached their threshold, and the broadly supported
    stellingen of its sets (from their latest opinion groups), not on the agenda yet."""
    on_agenda = select(AgendaItem.idea_id).where(AgendaItem.idea_id.is_not(None))
    ideas = list(db.session.scalars(select(Idea).where(
        Idea.participation_id.in_(_wijk_participations(wijk, "ideas")), Idea.threshold_reached_at.is_not(None),
        Idea.status == "published", Idea.state != "merged", Idea.id.not_in(on_agenda))
        .order_by(Idea.support_count.desc(), Idea.id).limit(CANDIDATES_MAX)))
    wanted = []
    for participation in db.session.scalars(select(Participation).where(
            Participation.id.in_(_wijk_participations(wijk, "stellingen"))).limit(CANDIDATES_MAX)):
        snapshot = latest_snapshot(participation)
        wanted += [c["statement_id"] for c in (snapshot.groups["consensus"] if snapshot else [])]
    promoted = select(AgendaItem.statement_id).where(AgendaItem.statement_id.is_not(None))
    statements = list(db.session.scalars(select(Statement).where(
        Statement.id.in_(wanted), Statement.status == "approved", Statement.id.not_in(promoted))
        .order_by(Statement.id).limit(CANDIDATES_MAX))) if wanted else []
    return {"ideas": ideas, "statements": statements}


# --- adding and changing ----------------------------------------------------------------------------------

def add_item(actor, wijk: Wijk, data) -> AgendaItem:
    """An agendapunt from an idea (`idea`), a broadly supported stelling (`statement`, coordinators only) or an
    organisation (`organisation`), optionally with its meeting (`meeting`: an evenement post of the wijk, or
    `new_meeting`: one to create) and feedback date."""
    fields = Fields(data)
    idea = _idea(fields, wijk)
    statement = _statement(fields, wijk)
    organisation = _organisation(fields) or (idea.participation.organisation if idea else None) or (
        statement.participation.organisation if statement else None)
    fields.check()
    if statement is not None:
        require(can_add_agenda_item(actor, wijk), _("Only the wijk's coordinators promote stellingen."))
    else:
        require(can_add_agenda_item(actor, wijk, organisation), _("You may not add to this wijk's agenda."))
    item = AgendaItem(wijk=wijk, wijk_id=wijk.id, idea=idea, statement=statement, organisation=organisation,
                      created_by=actor, source="resident" if idea else "stelling" if statement else "partner")
    _apply(fields, item, creating=True, default_title=idea.title if idea else statement.text if statement else None)
    with unit_of_work():
        _meeting(actor, fields, item)
        fields.check()
        db.session.add(item)
        db.session.flush()
        _tell_source(item)
        _announce(item)
    return item


def change_item(actor, item: AgendaItem, data) -> AgendaItem:
    """Status, title, text, meeting and feedback date; every change goes out live."""
    require(can_change_agenda_item(actor, item), _("You may not change this agendapunt."))
    fields = Fields(data)
    _apply(fields, item, creating=False)
    with unit_of_work():
        _meeting(actor, fields, item)
        fields.check()
        item.updated_at = utcnow()
        db.session.flush()
        _announce(item)
    return item


def _apply(fields: Fields, item: AgendaItem, creating: bool, default_title: str | None = None) -> None:
    if creating or fields.present("title"):
        title = fields.text("title", max_length=TITLE_MAX, required=default_title is None)
        item.title = title or default_title or item.title
    if creating or fields.present("body"):
        body = fields.text("body", max_length=BODY_MAX, multiline=True) or ""
        item.body, item.body_html = body, render_markdown(body) if body else ""
    if creating or fields.present("status"):
        item.status = fields.choice("status", STATUSES) or item.status or "proposed"
    if fields.present("feedback_due"):
        item.feedback_due = fields.datetime("feedback_due")


def _idea(fields: Fields, wijk: Wijk) -> Idea | None:
    idea_id = fields.integer("idea", minimum=1, maximum=ID_MAX)
    if idea_id is None:
        return None
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.status != "published" or wijk not in idea.participation.wijken:
        fields.error("idea", _("No such idea in this wijk."))
    elif idea.threshold_reached_at is None:
        fields.error("idea", _("This idea has not reached its threshold."))
    elif db.session.scalar(select(AgendaItem.id).where(AgendaItem.idea_id == idea.id)):
        raise Conflict(_("This is on the agenda already."), code="on_agenda")
    return idea


def _statement(fields: Fields, wijk: Wijk) -> Statement | None:
    statement_id = fields.integer("statement", minimum=1, maximum=ID_MAX)
    if statement_id is None:
        return None
    statement = db.session.get(Statement, statement_id)
    if statement is None or statement.status != "approved" or wijk not in statement.participation.wijken:
        fields.error("statement", _("No such stelling in this wijk."))
        return None
    snapshot = latest_snapshot(statement.participation)
    if snapshot is None or statement.id not in {c["statement_id"] for c in snapshot.groups["consensus"]}:
        fields.error("statement", _("Only a broadly supported stelling goes on the agenda."))
    elif db.session.scalar(select(AgendaItem.id).where(AgendaItem.statement_id == statement.id)):
        raise Conflict(_("This is on the agenda already."), code="on_agenda")
    return statement


def _organisation(fields: Fields) -> Organisation | None:
    slug = fields.text("organisation", max_length=80)
    if not slug:
        return None
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if organisation is None:
        fields.error("organisation", _("No such organisation."))
    return organisation


def _meeting(actor, fields: Fields, item: AgendaItem) -> None:
    """The next meeting: an evenement post of the wijk (`meeting`), or a new one (`new_meeting`), posted by the
    actor through the wijk's own rules."""
    if fields.present("new_meeting") and fields.data["new_meeting"]:
        meeting = fields.data["new_meeting"]
        if not isinstance(meeting, dict):
            fields.error("new_meeting", _("Give the meeting's title, start, end and place."))
            return
        fields.check()
        owner = item.organisation
        as_owner = {"organisation": owner.slug} if owner and membership_role(actor, owner) in POSTING_ROLES else {}
        item.meeting = create_post(actor, item.wijk, {**meeting, **as_owner, "kind": "evenement",
                                                      "body": meeting.get("body") or item.title})
        return
    if not fields.present("meeting"):
        return
    post_id = fields.integer("meeting", minimum=1, maximum=ID_MAX)
    if post_id is None:
        item.meeting = None
        return
    post = db.session.get(Post, post_id)
    if post is None or post.wijk_id != item.wijk.id or post.status != "published" or not KINDS[post.kind].is_event:
        fields.error("meeting", _("Choose an activity of this wijk."))
        return
    item.meeting = post


def _tell_source(item: AgendaItem) -> None:
    """The idea's author and supporters' idea, or the stelling's author: it is on the wijkagenda now."""
    author = item.idea.author if item.idea else item.statement.author if item.statement else None
    if author is None:
        return
    with force_locale(author.locale or "nl"):
        notify(author, "agenda", _("“%(title)s” is on the wijkagenda of %(wijk)s.", title=item.title,
                                   wijk=item.wijk.name), path_for("agenda.wijk_agenda", slug=item.wijk.slug))


def _announce(item: AgendaItem) -> None:
    live.publish(item.wijk, live.next_seq(item.wijk), "agenda_changed", agenda_json(item))


@threshold_reached.connect
def _propose_from_standing_round(idea: Idea) -> None:
    """An idea of a wijk's standing round that reaches its threshold is proposed for the wijkagenda at once."""
    participation = idea.participation
    if not participation.idea_round.standing or db.session.scalar(
            select(AgendaItem.id).where(AgendaItem.idea_id == idea.id)):
        return
    wijk = participation.wijken[0]
    item = AgendaItem(wijk=wijk, wijk_id=wijk.id, idea=idea, title=idea.title, source="resident",
                      organisation=participation.organisation, status="proposed")
    db.session.add(item)
    db.session.flush()
    _tell_source(item)
    _announce(item)
