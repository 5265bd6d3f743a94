"""Meldingen, shared by the pages, the API and the partner systems: report a problem at a point in the wijk, find
the open ones nearby and follow one (+1), move a melding through the workflow table as its handler (each change
a thread entry, live, and the reporter and followers told), ask the reporter "tevreden?", turn a post or comment
into a melding, and the wijk's map. Each use case validates, checks its predicate and commits once."""
import math

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from accounts.models import User
from core.errors import Conflict, NotFound, PermissionDenied, require
from core.extensions import db
from core.timeutil import to_local, utcnow
from core.transactions import commit, unit_of_work
from core.urls import path_for
from core.validation import Fields, comparable
from core.workdays import add_working_days
from notifications.services import notify
from partners.models import Organisation
from partners.permissions import POSTING_ROLES
from wijken import live, signals
from wijken.geo import in_wijk, read_point
from wijken.kinds import PostKind, register_kind
from wijken.models import Comment, Post, Wijk
from wijken.photos import read_photos
from wijken.services import add_tool_comment, create_tool_post

from . import webhooks, workflow
from .models import Category, Report, ReportFollower, ReportUpdate
from .permissions import (
    can_answer_satisfaction,
    can_convert,
    can_follow_report,
    can_report,
    can_view_report,
    is_handler,
)
from .serializers import live_report

BODY_MAX, TEXT_MAX, PLACE_MAX, REASON_MAX = 5_000, 5_000, 200, 1_000
NEARBY_METRES = 50
PHOTOS_PER_REPORT = 1
METRES_PER_DEGREE = 111_320  # of latitude; of longitude times cos(latitude)
TITLE_MAX = 140

KIND = "melding"
register_kind(PostKind(KIND, _l("Public space report"), by_tool=True))
live.register_event("report_status_changed")


# --- reading ----------------------------------------------------------------------------------------------

def _public():
    """Meldingen anyone may see: not private, and their post not hidden or removed by a moderator."""
    return select(Report).join(Post, Post.id == Report.post_id).where(Report.private.is_(False),
                                                                      Post.status == "published")


def categories_for(wijk: Wijk) -> list[Category]:
    """What can be reported in the wijk's municipality."""
    return list(db.session.scalars(select(Category).where(Category.municipality == wijk.municipality_name,
                                                          Category.active.is_(True)).order_by(Category.name)))


def get_report(viewer, report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    if report is None or not can_view_report(viewer, report):
        raise NotFound(_("Not found."))
    return report


def reports_for_posts(post_ids) -> dict[int, Report]:
    if not post_ids:
        return {}
    return {r.post_id: r for r in db.session.scalars(select(Report).where(Report.post_id.in_(post_ids)))}


def is_following(user, report: Report) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(ReportFollower.id).where(ReportFollower.report_id == report.id,
                                                             ReportFollower.user_id == user.id)) is not None


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine: plenty for 50 m."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def nearby(lat: float, lon: float, category: Category | None = None, metres: int = NEARBY_METRES) -> list[Report]:
    """Open public meldingen within `metres` of the point (nearest first): a bounding box on the (open, lat, lon)
    index, then the exact distance."""
    dlat = metres / METRES_PER_DEGREE
    dlon = metres / (METRES_PER_DEGREE * max(math.cos(math.radians(lat)), 0.01))
    query = _public().where(Report.open.is_(True), Report.lat.between(lat - dlat, lat + dlat),
                            Report.lon.between(lon - dlon, lon + dlon))
    if category is not None:
        query = query.where(Report.category_id == category.id)
    found = [(distance_metres(lat, lon, r.lat, r.lon), r) for r in db.session.scalars(query.limit(200))]
    return [r for d, r in sorted(found, key=lambda pair: pair[0]) if d <= metres]


def open_reports(wijk: Wijk, limit: int = 500) -> list[Report]:
    """The wijk's open public meldingen, newest first (the map and its list)."""
    return list(db.session.scalars(_public().where(Report.wijk_id == wijk.id, Report.open.is_(True))
                                   .order_by(Report.id.desc()).limit(limit)))


def map_rows(wijk: Wijk, limit: int = 10_000) -> list:
    """What the map shows of the wijk's open public meldingen, as plain rows (no objects: 10,000 must take well under
    300 ms): id, post_id, lat, lon, state, open, planned_for, follower_count, created_at and the category's name and
    slug, newest first, on the (wijk, open, id) index."""
    query = (_public().with_only_columns(
        Report.id, Report.post_id, Report.lat, Report.lon, Report.state, Report.open, Report.planned_for,
        Report.follower_count, Report.created_at, Category.name.label("category_name"),
        Category.slug.label("category_slug"))
        .join(Category, Category.id == Report.category_id)
        .where(Report.wijk_id == wijk.id, Report.open.is_(True)).order_by(Report.id.desc()).limit(limit))
    return list(db.session.execute(query))


def open_count(wijk: Wijk) -> int:
    return db.session.scalar(select(func.count()).select_from(_public().where(
        Report.wijk_id == wijk.id, Report.open.is_(True)).subquery()))


def wijk_reports(wijk: Wijk, state: str | None = None, before: int | None = None, limit: int = 50) -> list[Report]:
    """The wijk's public meldingen (open or closed), newest first, keyset by id."""
    query = _public().where(Report.wijk_id == wijk.id)
    if state:
        query = query.where(Report.open.is_(state == "open"))
    if before:
        query = query.where(Report.id < before)
    return list(db.session.scalars(query.order_by(Report.id.desc()).limit(limit)))


def organisation_reports(organisation: Organisation, state: str | None = None, before: int | None = None,
                         limit: int = 50) -> list[Report]:
    """An organisation's meldingen (its inbox and its partner system), newest first, keyset by id."""
    query = select(Report).where(Report.organisation_id == organisation.id)
    if state == "open":
        query = query.where(Report.open.is_(True))
    elif state:
        query = query.where(Report.state == state)
    if before:
        query = query.where(Report.id < before)
    return list(db.session.scalars(query.order_by(Report.id.desc()).limit(limit)))


# --- reporting --------------------------------------------------------------------------------------------

def read_category(fields: Fields, wijk: Wijk) -> Category | None:
    slug = fields.text("category", max_length=64, required=True)
    if slug is None:
        return None
    category = db.session.scalar(select(Category).where(
        Category.municipality == wijk.municipality_name, Category.slug == slug, Category.active.is_(True)))
    if category is None:
        fields.error("category", _("Unknown category: choose one from the list."))
    return category


def _read_report(wijk: Wijk, data, photos=()) -> dict:
    fields = Fields(data)
    category = read_category(fields, wijk)
    point = read_point(fields)
    if point is not None and not in_wijk(wijk, *point):
        fields.error("lat", _("This spot is not in %(wijk)s. Choose a spot inside the wijk.", wijk=wijk.name))
    body = fields.text("body", max_length=BODY_MAX, required=True, multiline=True)
    place = fields.text("location", max_length=PLACE_MAX) or ""
    private = bool(fields.boolean("private"))
    pictures = read_photos(fields, list(photos), PHOTOS_PER_REPORT)
    if private and photos:
        fields.error("photos", _("A private melding has no photo: its post is public. Leave the photo out, or the "
                                 "personal data."))
    fields.check()
    return {"category": category, "lat": point[0], "lon": point[1], "body": body, "location_text": place,
            "private": private, "pictures": pictures}


def create_report(user, wijk: Wijk, data, *, source: str = "web", reporter=None, photos=()) -> Report:
    """A new melding at a point in the wijk. Public: a `melding` post with the text; private (personal data): a
    post that only says "a melding about <category>", without a thread. The handling organisation hears of it
    (its staff in the app, its back office by webhook)."""
    require(can_report(user, wijk), _("You cannot report a problem here."))
    values = _read_report(wijk, data, photos)
    pictures = values.pop("pictures")
    reporter = reporter or user
    category, now = values["category"], utcnow()
    with unit_of_work():
        report = Report(wijk=wijk, reporter=reporter, organisation=category.organisation, source=source,
                        due_at=add_working_days(now, category.target_days), created_at=now, **values)
        report.post = create_tool_post(reporter, wijk, None, KIND, _post_title(report), _post_body(report),
                                       thread_open=not report.private, pictures=pictures)
        db.session.add(report)
        db.session.flush()
        db.session.add(ReportFollower(report_id=report.id, user_id=reporter.id))
        db.session.add(ReportUpdate(report=report, from_state=None, to_state="gemeld", actor=reporter))
        _tell_staff(report, lambda: _("New melding about %(category)s in %(wijk)s.",
                                      category=report.category.name, wijk=wijk.name))
        webhooks.announce(report, "melding.created")
    return report


def _post_title(report: Report) -> str:
    if report.private:
        return _("A melding about %(category)s", category=report.category.name.lower())[:TITLE_MAX]
    place = f" · {report.location_text}" if report.location_text else ""
    return f"{report.category.name}{place}"[:TITLE_MAX]


def _post_body(report: Report) -> str:
    if report.private:
        return _("This melding holds personal data: only the reporter and the handler see it.")
    return report.body


def link(report: Report) -> str:
    post = report.post
    return path_for("wijken.post", slug=report.wijk.slug, post_id=post.id) if post else ""


def _tell_staff(report: Report, write) -> None:
    """Every staff member of the handling organisation, in their own language."""
    for membership in report.organisation.memberships:
        if membership.role in POSTING_ROLES:
            with force_locale(membership.user.locale or "nl"):
                notify(membership.user, "melding", write(), link(report))


def _tell_followers(report: Report, actor, write) -> None:
    """The reporter and everyone who follows the melding, except whoever made the change."""
    followers = db.session.scalars(select(ReportFollower.user_id).where(ReportFollower.report_id == report.id))
    for user in db.session.scalars(select(User).where(User.id.in_(list(followers)))):
        if actor is None or user.id != actor.id:
            with force_locale(user.locale or "nl"):
                notify(user, "melding", write(), link(report))


# --- following (+1) --------------------------------------------------------------------------------------

def follow(user, report: Report) -> Report:
    """"Is het deze? Volg hem dan": a +1 that brings its updates."""
    require(can_follow_report(user, report), _("You cannot follow this melding."))
    if not is_following(user, report):
        db.session.add(ReportFollower(report_id=report.id, user_id=user.id))
        db.session.flush()
        _recount(report)
        _announce(report)
    commit()
    return report


def unfollow(user, report: Report) -> Report:
    follower = db.session.scalar(select(ReportFollower).where(ReportFollower.report_id == report.id,
                                                              ReportFollower.user_id == user.id))
    if follower is not None and follower.user_id != report.reporter_id:
        db.session.delete(follower)
        db.session.flush()
        _recount(report)
        _announce(report)
    commit()
    return report


def _recount(report: Report) -> None:
    report.follower_count = db.session.scalar(select(func.count()).where(ReportFollower.report_id == report.id))


# --- the workflow -----------------------------------------------------------------------------------------

def change_status(actor, report: Report, data) -> ReportUpdate:
    """The handler moves the melding along the table (workflow.TRANSITIONS), with a text for the thread."""
    if not is_handler(actor, report):
        raise PermissionDenied(_("Only %(organisation)s handles this melding.", organisation=report.organisation.name))
    fields = Fields(data)
    to_state = fields.choice("state", tuple(workflow.STATES), required=True)
    text = fields.text("text", max_length=TEXT_MAX, required=True, multiline=True)
    planned = fields.datetime("planned_for") if fields.present("planned_for") else None
    target = _target_organisation(fields) if to_state in workflow.NEEDS_ORGANISATION else None
    if to_state in workflow.NEEDS_DATE and planned is None:
        fields.error("planned_for", _("Give the date it is planned for."))
    fields.check()
    if workflow.allowed(report.state, to_state) != workflow.HANDLER:  # CONTRACT.md: a 409, not bad input
        raise Conflict(_("A melding that is %(current)s cannot become %(next)s.", current=workflow.label(report.state),
                         next=workflow.label(to_state)), code="transition_not_allowed")
    return _move(report, actor, to_state, text, organisation=target,
                 planned_for=to_local(planned).date() if planned else None)


def _target_organisation(fields: Fields) -> Organisation | None:
    slug = fields.text("organisation", max_length=64, required=True)
    found = db.session.scalar(select(Organisation).where(Organisation.slug == slug)) if comparable(slug) else None
    if slug and found is None:
        fields.error("organisation", _("No such organisation."))
    return found


def _move(report: Report, actor, to_state: str, text: str, *, organisation=None, planned_for=None,
          by_reporter: bool = False) -> ReportUpdate:
    now, handling = utcnow(), report.organisation
    update = ReportUpdate(report=report, from_state=report.state, to_state=to_state, text=text, actor=actor,
                          organisation=None if by_reporter else handling, planned_for=planned_for, created_at=now)
    with unit_of_work():
        report.state, report.open = to_state, to_state not in workflow.CLOSED_STATES
        if planned_for is not None:
            report.planned_for = planned_for
        if organisation is not None:
            report.organisation = organisation
        if not by_reporter and report.first_reaction_at is None:
            report.first_reaction_at, report.reaction_minutes = now, _minutes(report.created_at, now)
        if to_state == "afgehandeld" and report.closed_at is None:
            report.closed_at, report.within_target = now, now <= report.due_at
            report.closed_minutes = _minutes(report.created_at, now)
        db.session.add(update)
        if not report.private and report.post is not None:
            update.comment_id = _thread_entry(report, update, actor, by_reporter).id
        _announce(report)
        message = _status_message(report, update)
        _tell_followers(report, actor, message)
        if by_reporter or organisation is not None:
            _tell_staff(report, message)
        webhooks.announce(report, "melding.status_changed")
    return update


def _minutes(start, end) -> int:
    return max(0, int((end - start).total_seconds() // 60))


def _thread_entry(report: Report, update: ReportUpdate, actor, by_reporter: bool) -> Comment:
    """The change in the post's thread: the new state (and date, or organisation) in bold, then the text."""
    head = f"**{workflow.label(update.to_state).capitalize()}**"
    if update.planned_for:
        head += " " + _("for %(date)s", date=update.planned_for.strftime("%d-%m-%Y"))
    if update.to_state == "doorgezet":
        head += " " + _("to %(organisation)s", organisation=report.organisation.name)
    return add_tool_comment(actor, report.post, None if by_reporter else update.organisation,
                            f"{head}\n\n{update.text}".strip())


def _status_message(report: Report, update: ReportUpdate):
    return lambda: _("The melding about %(category)s in %(wijk)s is now: %(state)s.",
                     category=report.category.name, wijk=report.wijk.name, state=workflow.label(update.to_state))


def _announce(report: Report) -> None:
    """`report_status_changed` to the wijk's and the post's rooms (a private melding by its state only)."""
    post = report.post
    if post is not None:
        live.publish(report.wijk, live.next_seq(report.wijk), "report_status_changed", live_report(report),
                     post_id=post.id)


# --- tevreden? ---------------------------------------------------------------------------------------------

def answer_satisfaction(user, report: Report, data) -> Report:
    """The reporter's "tevreden?": yes is kept for the figures; no, with a reason, asks to reopen it."""
    require(can_answer_satisfaction(user, report), _("You cannot answer this (any more)."))
    fields = Fields(data)
    satisfied = fields.boolean("satisfied")
    if satisfied is None:
        fields.error("satisfied", _("Say yes or no."))
    reason = fields.text("reason", max_length=REASON_MAX, required=satisfied is False, multiline=True)
    fields.check()
    report.satisfied, report.satisfaction_reason = satisfied, reason
    if satisfied:
        commit()
        return report
    _move(report, user, "verzoek_heropenen", reason, by_reporter=True)
    return report


# --- turning a post or comment into a melding ------------------------------------------------------------

def convert(actor, item, data) -> Report:
    """A post or comment becomes a melding (its author, or a partner's staff, picks category and spot); the
    reporter is the item's author, who hears of its progress, and the original thread links to it."""
    require(can_convert(actor, item), _("You cannot turn this into a melding."))
    post = item.post if isinstance(item, Comment) else item
    data = {"body": item.body} | dict(data or {})
    with unit_of_work():
        report = create_report(actor, post.wijk, data, source="comment" if isinstance(item, Comment) else "post",
                               reporter=item.author)
        if actor.id != item.author_id:
            db.session.add(ReportFollower(report_id=report.id, user_id=actor.id))
            db.session.flush()
            _recount(report)
        if post.thread_open:
            add_tool_comment(actor, post, None, _("This is now a melding: [%(title)s](%(link)s)",
                                                  title=report.post.title, link=link(report)))
        signals.post_converted.send(post, link=link(report))
    return report

