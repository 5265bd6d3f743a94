"""Ideas: an idea round is a participation with tool `ideas`. Residents submit ideas (similar ones offered
first) and support them; an idea that reaches the threshold must be answered within the round's response time;
every idea gets an answer (adopted, partly, rejected, or merged into another), one by one or in bulk with a
saved template; duplicates are merged with their supporters; an idea may become a result item of the outcome.
Each use case validates, checks its predicate and commits once."""
import math
from datetime import timedelta

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, func, insert, select, tuple_

from accounts.models import User
from audit.services import audit, audit_actions, audit_reason
from core.errors import Conflict, NotFound, require
from core.extensions import db
from core.mail import render_mail
from core.markup import render_markdown
from core.timeutil import utcnow
from core.transactions import commit, lock, unit_of_work
from core.urls import external_url, path_for
from core.validation import Fields
from media.images import ImageRefused
from media.services import prepare, store
from moderation.targets import ContentTarget, content_target
from notifications.services import notify
from participation.models import Participation
from participation.permissions import can_manage_participation
from participation.services import (
    announce_to_post,
    followed_wijk_ids,
    record_participant,
    save_result_item,
)
from participation.tools import Tool, register_tool
from partners.models import Organisation
from reach.outbox import queue_mail
from wijken.geo import in_wijk, read_point, svg_map
from wijken.live import register_event

from .deadlines import overdue_condition
from .models import ALT_MAX, AnswerTemplate, Idea, IdeaRound, Support
from .permissions import (
    can_answer_ideas,
    can_curate_ideas,
    can_submit_idea,
    can_support,
    can_view_idea,
)
from .serializers import idea_json
from .signals import threshold_reached
from .similar import similar_ideas
from .states import ANSWER_STATES, ANSWERED, CLOSED_STATES, WAITING, state_label

TITLE_MAX, BODY_MAX, LOCATION_MAX, ANSWER_MAX, TEMPLATE_TITLE_MAX = 140, 5_000, 200, 5_000, 80
MIN_THRESHOLD, THRESHOLD_SHARE = 10, 0.01  # at least 10 supporters, or 1 % of the households
DEFAULT_RESPONSE_DAYS = 28
PAGE = 30
SORTS = ("support", "new")
BULK_MAX = 100

audit_actions(idea_hide=_l("idea hidden"), idea_restore=_l("idea restored"), idea_merge=_l("ideas merged"))


# --- the round (the tool's definition) ---------------------------------------------------------------------

register_event("idea_changed")
register_event("idea_removed")

def default_threshold(wijken) -> int:
    """1 % of the households of the round's wijken, at least MIN_THRESHOLD."""
    households = sum(w.households or 0 for w in wijken)
    return max(MIN_THRESHOLD, math.ceil(households * THRESHOLD_SHARE))


def define_round(fields: Fields, participation: Participation, definition, creating: bool) -> None:
    definition = {} if definition is None else definition
    if not isinstance(definition, dict):
        fields.error("definition", _("Give the round's rules as an object."))
        return
    rules = Fields(definition)
    threshold = rules.integer("threshold", minimum=1, maximum=1_000_000)
    days = rules.integer("response_days", minimum=1, maximum=365)
    standing = rules.boolean("standing")
    for name, message in rules.errors.items():
        fields.error(f"definition.{name}", message)
    if fields.errors:
        return
    round_ = participation.idea_round
    if round_ is None:
        round_ = participation.idea_round = IdeaRound(threshold=default_threshold(participation.wijken),
                                                      response_days=DEFAULT_RESPONSE_DAYS)
    round_.threshold = threshold or round_.threshold
    round_.response_days = days or round_.response_days
    if standing is not None:
        round_.standing = standing


def round_definition(participation: Participation) -> dict:
    round_ = participation.idea_round
    return {"threshold": round_.threshold, "response_days": round_.response_days, "standing": round_.standing}


def round_of(participation: Participation) -> IdeaRound:
    if participation.tool != "ideas":
        raise NotFound(_("This participation takes no ideas."))
    return participation.idea_round


# --- reading ---------------------------------------------------------------------------------------------------

def get_idea(viewer, idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None or not can_view_idea(viewer, idea):
        raise NotFound(_("Not found."))
    return idea


def idea_in_round(viewer, participation: Participation, idea_id: int) -> Idea:
    idea = get_idea(viewer, idea_id)
    if idea.participation_id != participation.id:
        raise NotFound(_("Not found."))
    return idea


def list_ideas(viewer, participation: Participation, *, sort: str = "support", after: tuple | None = None,
               state: str | None = None, waiting: bool = False, limit: int = PAGE) -> tuple[list[Idea], tuple | None]:
    """One page of the round's ideas (most supported or newest first) and the cursor of the next page;
    `waiting`: only those still to be answered.

    Keyset pagination: `after` is (support_count, id) of the last idea shown (for `new`: (0, id))."""
    round_of(participation)
    query = select(Idea).where(Idea.participation_id == participation.id)
    if not can_curate_ideas(viewer, participation):
        query = query.where(Idea.status == "published")
    if state:
        query = query.where(Idea.state == state)
    if waiting:
        query = query.where(Idea.state.in_(WAITING))
    if sort == "new":
        if after:
            query = query.where(Idea.id < after[1])
        query = query.order_by(Idea.id.desc())
    else:
        if after:
            query = query.where(tuple_(Idea.support_count, Idea.id) < tuple_(*after))
        query = query.order_by(Idea.support_count.desc(), Idea.id.desc())
    ideas = list(db.session.scalars(query.limit(limit + 1)))
    more = len(ideas) > limit
    ideas = ideas[:limit]
    last = ideas[-1] if ideas else None
    cursor = ((last.support_count if sort != "new" else 0), last.id) if more and last else None
    return ideas, cursor


def parse_cursor(value) -> tuple | None:
    """`12-345` (support count, id), as list pages and the API give it; None for anything else."""
    if not isinstance(value, str) or value.count("-") != 1:
        return None
    count, _sep, ident = value.partition("-")
    if not (count.isdigit() and ident.isdigit() and len(count) < 10 and len(ident) < 10):
        return None
    return int(count), int(ident)


def format_cursor(cursor: tuple | None) -> str | None:
    return f"{cursor[0]}-{cursor[1]}" if cursor else None


def supported_ids(user, ideas) -> set[int]:
    """Which of these ideas `user` supports (one query)."""
    if not getattr(user, "is_authenticated", False) or not ideas:
        return set()
    return set(db.session.scalars(select(Support.idea_id).where(
        Support.user_id == user.id, Support.idea_id.in_([i.id for i in ideas]))))


def unanswered_count(participation: Participation) -> int:
    return db.session.scalar(select(func.count()).select_from(Idea).where(
        Idea.participation_id == participation.id, Idea.state.in_(WAITING))) or 0


# --- every idea answered: answer dates, overdue ideas, reminders -----------------------------------------------

REMIND_AGAIN = timedelta(days=7)


def answer_counts(participation: Participation, now=None) -> dict:
    """For everyone to see that every idea gets an answer: the round's shown ideas, how many are answered
    (merged counts as answered), how many wait, and how many of those are past their answer date (one query)."""
    now = now or utcnow()
    row = db.session.execute(select(
        func.count(), func.coalesce(func.sum(case((Idea.state.in_(WAITING), 1), else_=0)), 0),
        func.coalesce(func.sum(case((overdue_condition(participation, now), 1), else_=0)), 0)).where(
        Idea.participation_id == participation.id, Idea.status == "published")).one()
    total, waiting, overdue = (int(n) for n in row)
    return {"ideas": total, "answered": total - waiting, "waiting": waiting, "overdue": overdue}


def remind_overdue(now=None) -> int:
    """The daily tick's part for ideas (`flask participation tick`): tell each round's owners how many ideas
    are past their answer date, when there are more than at the last reminder or a week has passed. Returns
    how many rounds were reminded."""
    now = now or utcnow()
    reminded = 0
    rounds = db.session.scalars(select(Participation).join(IdeaRound).where(
        Participation.status != "draft", Participation.tool == "ideas",
        Participation.id.in_(select(Idea.participation_id).where(Idea.state.in_(WAITING)))))
    for participation in rounds:
        round_ = participation.idea_round
        overdue = answer_counts(participation, now)["overdue"]
        if not overdue:
            round_.overdue_reminded_count = 0
            continue
        last = round_.overdue_reminded_at
        if last is not None and overdue <= round_.overdue_reminded_count and now - last < REMIND_AGAIN:
            continue
        round_.overdue_reminded_at, round_.overdue_reminded_count = now, overdue
        _remind(participation, overdue, now)
        reminded += 1
    commit()
    return reminded


def _remind(participation: Participation, overdue: int, now) -> None:
    link = path_for("ideas.answer_many", participation_id=participation.id)
    for user in _owners(participation):
        with force_locale(user.locale or "nl"):
            message = ngettext("%(num)d idea in “%(title)s” is past its answer date: answer it now.",
                               "%(num)d ideas in “%(title)s” are past their answer date: answer them now.",
                               overdue, title=participation.title)
            notify(user, "reminder", message, link)
            subject, text, html = render_mail("account", message, user.locale, name=user.display_name,
                                              lines=[message], link=external_url(
                                                  "ideas.answer_many", participation_id=participation.id))
        queue_mail(f"ideas-overdue:{participation.id}:{now.date().isoformat()}:to:{user.email}", user.email,
                   "reminder", subject, text, html)


def merge_targets(idea: Idea) -> list[Idea]:
    """The ideas of the round this one may be merged into (most supported first)."""
    return list(db.session.scalars(select(Idea).where(
        Idea.participation_id == idea.participation_id, Idea.id != idea.id, Idea.status == "published",
        Idea.state != "merged").order_by(Idea.support_count.desc(), Idea.id.desc()).limit(100)))


def suggestions(participation: Participation, title: str, body: str = "") -> list[Idea]:
    """The round's ideas like this one, offered before submitting."""
    round_of(participation)
    return similar_ideas(participation.id, title, body)


# --- submitting and supporting ------------------------------------------------------------------------------

def submit_idea(user, participation: Participation, data, upload=None) -> Idea:
    """An idea with, optionally, a point inside the round's wijken (`lat`, `lon`) and a photo (`upload`, with
    `alt` text) through the media pipeline; a refused photo or a point elsewhere is a 422 and nothing is stored."""
    round_of(participation)
    require(can_submit_idea(user, participation, followed_wijk_ids(user)),
            _("You may not submit an idea in this round."))
    fields = Fields(data)
    title = fields.text("title", max_length=TITLE_MAX, required=True)
    body = fields.text("body", max_length=BODY_MAX, required=True, multiline=True)
    location = fields.text("location", max_length=LOCATION_MAX) or ""
    point = _point(fields, participation)
    has_photo = upload is not None and bool(getattr(upload, "filename", None))
    alt = fields.text("alt", max_length=ALT_MAX, required=has_photo)
    processed = None
    if has_photo:
        try:
            processed = prepare(upload)
        except ImageRefused as exc:
            fields.error("photo", exc.message)
    fields.check()
    idea = Idea(participation_id=participation.id, participation=participation, author_id=user.id, title=title,
                body=body, body_html=render_markdown(body), location=location,
                lat=point[0] if point else None, lon=point[1] if point else None,
                image=store(user, processed) if processed else None, image_alt=alt if processed else None)
    db.session.add(idea)
    record_participant(user, participation)
    db.session.flush()
    _announce(idea)
    commit()
    return idea


def _point(fields: Fields, participation: Participation) -> tuple[float, float] | None:
    """The optional point (both `lat` and `lon`, or neither), inside one of the round's wijken."""
    if all(fields.data.get(name) in (None, "") for name in ("lat", "lon")):
        return None
    point = read_point(fields)
    if point is not None and not any(in_wijk(wijk, *point) for wijk in participation.wijken):
        fields.error("lat", _("This spot is not in %(wijk)s. Choose a spot inside the wijk.",
                              wijk=", ".join(w.name for w in participation.wijken)))
    return point


def support(user, idea: Idea) -> Idea:
    """Steun: idempotent (a second time changes nothing)."""
    return _set_support(user, idea, True)


def withdraw_support(user, idea: Idea) -> Idea:
    return _set_support(user, idea, False)


def _set_support(user, idea: Idea, wanted: bool) -> Idea:
    require(can_support(user, idea, followed_wijk_ids(user)), _("You may not support this idea."))
    idea = lock(Idea, idea.id)
    has = db.session.get(Support, (idea.id, user.id)) is not None
    if has == wanted:
        return idea
    if wanted:
        db.session.add(Support(idea_id=idea.id, user_id=user.id))
        idea.support_count += 1
        record_participant(user, idea.participation)
        _check_threshold(idea)
    else:
        db.session.execute(delete(Support).where(Support.idea_id == idea.id, Support.user_id == user.id))
        idea.support_count -= 1
    db.session.flush()
    _announce(idea)
    commit()
    return idea


def _check_threshold(idea: Idea) -> None:
    """Reaching the threshold (once; it stays reached): the answer is due within the response time, and the
    owner hears of it."""
    round_ = idea.participation.idea_round
    if idea.threshold_reached_at is not None or idea.support_count < round_.threshold:
        return
    idea.threshold_reached_at = utcnow()
    idea.answer_due = idea.threshold_reached_at + timedelta(days=round_.response_days)
    threshold_reached.send(idea)
    for user in _owners(idea.participation):
        with force_locale(user.locale or "nl"):
            notify(user, "idea", _("“%(title)s” reached the threshold: answer it within %(days)d days.",
                                   title=idea.title, days=round_.response_days), idea_link(idea))


def _owners(participation: Participation) -> list[User]:
    return [m.user for m in participation.organisation.memberships
            if can_manage_participation(m.user, participation)]


# --- answering ------------------------------------------------------------------------------------------------

def answer_idea(actor, idea: Idea, data) -> Idea:
    """The owner's answer: `in_review`, or adopted / partly / rejected with the reason; `merged` with
    `merged_into` merges it. The author and the supporters are told."""
    fields = Fields(data)
    if fields.data.get("state") == "merged":
        into = fields.integer("merged_into", minimum=1, maximum=2**31 - 1, required=True)
        fields.check()
        return merge_ideas(actor, idea, get_idea(actor, into), fields.data.get("body"))
    require(can_answer_ideas(actor, idea.participation), _("You may not answer this idea."))
    state = fields.choice("state", ANSWER_STATES, required=True)
    body = fields.text("body", max_length=ANSWER_MAX, required=state in ANSWERED, multiline=True)
    fields.check()
    _answer(actor, idea, state, body)
    commit()
    return idea


def _answer(actor, idea: Idea, state: str, body: str | None) -> None:
    if idea.state in CLOSED_STATES:
        raise Conflict(_("This idea has been answered already."), code="answered")
    idea.state = state
    if body:
        idea.answer, idea.answer_html = body, render_markdown(body)
    if state in ANSWERED:
        idea.answered_at, idea.answered_by_id = utcnow(), actor.id
    db.session.flush()
    _tell(idea, _("Your idea “%(title)s” is %(state)s.", title=idea.title, state=state_label(state)),
          _("“%(title)s”, which you support, is %(state)s.", title=idea.title, state=state_label(state)))
    _announce(idea)


def require_answerer(actor, participation: Participation) -> None:
    require(can_answer_ideas(actor, participation), _("Only the round's owner answers its ideas."))


def answer_many(actor, participation: Participation, data) -> int:
    """Answer several ideas at once: `ids` with a `template` (its state and text) or a `state` and `body`."""
    round_of(participation)
    require_answerer(actor, participation)
    fields = Fields(data)
    ids = fields.data.get("ids")
    if not isinstance(ids, list) or not 1 <= len(ids) <= BULK_MAX or not all(type(i) is int for i in ids):
        fields.error("ids", _("Choose between 1 and %(n)d ideas.", n=BULK_MAX))
        ids = []
    template_id = fields.integer("template", minimum=1, maximum=2**31 - 1)
    template = _template(participation.organisation, template_id) if template_id else None
    state = template.state if template else fields.choice("state", ANSWER_STATES, required=True)
    body = template.body if template else fields.text("body", max_length=ANSWER_MAX, required=state in ANSWERED,
                                                       multiline=True)
    ideas = list(db.session.scalars(select(Idea).where(Idea.participation_id == participation.id,
                                                       Idea.id.in_(ids)).order_by(Idea.id)))
    if len(ideas) != len(set(ids)):
        fields.error("ids", _("No such idea in this round."))
    elif any(idea.state in CLOSED_STATES for idea in ideas):
        fields.error("ids", _("Some of these ideas have been answered already."))
    fields.check()
    with unit_of_work():
        for idea in ideas:
            _answer(actor, idea, state, body)
    return len(ideas)


def _tell(idea: Idea, to_author: str, to_supporters: str, also: tuple = ()) -> None:
    """The author (in the app and by e-mail) and the supporters (in the app), each in their own language.

    The messages are built in the actor's language; they are rebuilt per person by calling with lazy
    strings where that matters (a short sentence with the idea's title)."""
    link = idea_link(idea)
    authors = [u for u in (idea.author, *also) if u is not None]
    for author in authors:
        with force_locale(author.locale or "nl"):
            notify(author, "idea", to_author, link)
            subject, text, html = render_mail("account", to_author, author.locale, name=author.display_name,
                                              lines=[to_author, idea.answer or ""], link=external_url(
                                                  "ideas.idea", participation_id=idea.participation_id,
                                                  idea_id=idea.id))
        queue_mail(f"idea:{idea.id}:{idea.state}:to:{author.email}", author.email, "idea", subject, text, html)
    skip = {u.id for u in authors}
    supporters = db.session.scalars(select(User).join(Support, Support.user_id == User.id).where(
        Support.idea_id == idea.id, User.deleted_at.is_(None)).order_by(Support.created_at))
    for user in supporters:
        if user.id not in skip:
            notify(user, "idea", to_supporters, link)


# --- merging ---------------------------------------------------------------------------------------------------

def merge_ideas(actor, idea: Idea, into: Idea, body=None) -> Idea:
    """Merge a duplicate into another idea of the same round: its supporters support the other (once each),
    it is answered `merged`, and both authors are told."""
    require(can_curate_ideas(actor, idea.participation), _("You may not merge these ideas."))
    fields = Fields({"body": body})
    text = fields.text("body", max_length=ANSWER_MAX, multiline=True)
    if into.participation_id != idea.participation_id or into.id == idea.id:
        fields.error("merged_into", _("Choose another idea of the same round."))
    elif into.state == "merged" or into.status != "published":
        fields.error("merged_into", _("That idea cannot take others in."))
    fields.check()
    if idea.state in CLOSED_STATES:
        raise Conflict(_("This idea has been answered already."), code="answered")
    with unit_of_work():
        into = lock(Idea, into.id)
        moved = select(Support.user_id).where(Support.idea_id == idea.id, Support.user_id.not_in(
            select(Support.user_id).where(Support.idea_id == into.id)))
        db.session.execute(insert(Support).from_select(["user_id", "idea_id"], moved.add_columns(into.id)))
        db.session.execute(delete(Support).where(Support.idea_id == idea.id))
        into.support_count = db.session.scalar(select(func.count()).where(Support.idea_id == into.id))
        idea.support_count, idea.state, idea.merged_into_id = 0, "merged", into.id
        idea.answer = text or _("Merged into “%(title)s”.", title=into.title)
        idea.answer_html, idea.answered_at, idea.answered_by_id = render_markdown(idea.answer), utcnow(), actor.id
        _check_threshold(into)
        audit(actor, "idea_merge", "idea", idea.id, audit_reason(text), organisation=idea.participation.organisation,
              merged_into=into.id)
        _tell(idea, _("Your idea “%(title)s” is merged into “%(into)s”: its supporters now support that one.",
                      title=idea.title, into=into.title),
              _("“%(title)s”, which you supported, is merged into “%(into)s”; your support went along.",
                title=idea.title, into=into.title), also=(into.author,) if into.author else ())
        _announce(idea)
        _announce(into)
    return into


# --- moderation --------------------------------------------------------------------------------------------------

def moderate_idea(actor, idea: Idea, action: str, reason) -> Idea:
    """Hide or restore an idea (owner, coordinators), with a reason in the audit log; the author is told."""
    require(can_curate_ideas(actor, idea.participation), _("You may not moderate this idea."))
    fields = Fields({"action": action, "reason": reason})
    action = fields.choice("action", ("hide", "restore"), required=True)
    reason = fields.text("reason", max_length=1000, required=True, multiline=True)
    fields.check()
    wanted = "hidden" if action == "hide" else "published"
    if idea.status == wanted:
        return idea
    audit(actor, f"idea_{action}", "idea", idea.id, reason, wijk=idea.participation.wijken[0],
          organisation=idea.participation.organisation)
    if idea.author is not None:
        with force_locale(idea.author.locale or "nl"):
            message = (_("Your idea “%(title)s” has been hidden. Reason: %(reason)s", title=idea.title,
                         reason=reason) if wanted == "hidden" else
                       _("Your idea “%(title)s” is shown again.", title=idea.title))
            notify(idea.author, "idea", message, idea_link(idea))
    _set_shown(idea, wanted == "published")
    commit()
    return idea


def _set_shown(idea: Idea, shown: bool) -> None:
    """Hide or show an idea again (by its curators here, or from the review queue) and say so live."""
    idea.status = "published" if shown else "hidden"
    db.session.flush()
    _announce(idea)


# --- answer templates and result items ------------------------------------------------------------------------

def answer_templates(organisation: Organisation) -> list[AnswerTemplate]:
    return list(db.session.scalars(select(AnswerTemplate).where(
        AnswerTemplate.organisation_id == organisation.id).order_by(AnswerTemplate.title).limit(200)))


def _template(organisation: Organisation, template_id: int) -> AnswerTemplate:
    template = db.session.get(AnswerTemplate, template_id)
    if template is None or template.organisation_id != organisation.id:
        raise NotFound(_("No such answer template."))
    return template


def save_template(actor, participation: Participation, data) -> AnswerTemplate:
    """A saved answer of the round's organisation."""
    require_answerer(actor, participation)
    fields = Fields(data)
    template = AnswerTemplate(organisation_id=participation.organisation_id,
                              title=fields.text("title", max_length=TEMPLATE_TITLE_MAX, required=True),
                              state=fields.choice("state", ANSWER_STATES, required=True),
                              body=fields.text("body", max_length=ANSWER_MAX, required=True, multiline=True))
    fields.check()
    db.session.add(template)
    commit()
    return template


def make_result_item(actor, idea: Idea) -> Idea:
    """The idea becomes a result item of the round's outcome; its progress shows on the idea."""
    if idea.result_item_id is not None:
        raise Conflict(_("This idea is a result item already."), code="result_item")
    if idea.state not in ("adopted", "partly"):
        raise Conflict(_("Only an adopted idea can become a result item."), code="not_adopted")
    with unit_of_work():
        item = save_result_item(actor, idea.participation, {"title": idea.title})
        idea.result_item_id = item.id
    return idea


# --- links, live events, the tool --------------------------------------------------------------------------

def idea_link(idea: Idea) -> str:
    return path_for("ideas.idea", participation_id=idea.participation_id, idea_id=idea.id)


def _announce(idea: Idea) -> None:
    """`idea_changed` with the idea as everyone may see it; a hidden idea by id only (`idea_removed`)."""
    participation = idea.participation
    if idea.status == "published":
        payload = {"participation_id": participation.id, "idea": idea_json(idea)}
        announce_to_post(participation, "idea_changed", payload)
    else:
        announce_to_post(participation, "idea_removed", {"participation_id": participation.id, "idea_id": idea.id})


def may_take_part(viewer, participation: Participation) -> bool:
    """Whether `viewer` may submit and support ideas in this round now."""
    return can_submit_idea(viewer, participation, followed_wijk_ids(viewer))


def round_context(viewer, participation: Participation) -> dict:
    """The round's part of the participation page: the rules and the first page of ideas."""
    ideas, cursor = list_ideas(viewer, participation, limit=PAGE)
    return {"round": participation.idea_round, "ideas": ideas, "next": format_cursor(cursor),
            "counts": answer_counts(participation),
            "supported": supported_ids(viewer, ideas), "may_submit": may_take_part(viewer, participation),
            "limits": {"title": TITLE_MAX, "body": BODY_MAX, "location": LOCATION_MAX, "alt": ALT_MAX},
            "map": svg_map(participation.wijken) if may_take_part(viewer, participation) else None,
            "unanswered": unanswered_count(participation) if can_answer_ideas(viewer, participation) else None}


content_target(ContentTarget(
    "idea", _l("Idea"), _l("Your idea"), Idea, post=lambda idea: idea.participation.post, can_view=can_view_idea,
    can_moderate=lambda user, idea: can_curate_ideas(user, idea.participation),
    is_shown=lambda idea: idea.status == "published", set_shown=_set_shown, title=lambda idea: idea.title,
    body_html=lambda idea: idea.body_html, link=idea_link))
register_tool(Tool("ideas", _l("Ideas"), define=define_round, page="ideas/_round.html", context=round_context,
                   describe=round_definition, daily=remind_overdue))
