"""Webcare: "Stel een vraag aan <organisatie>" on the wijk page. A resident asks an organisation serving the wijk a
question, in the open (a wijk post of kind `vraag`, answered in its thread) or privately when it holds personal
data; it lands in the organisation's inbox with two clocks: a first reaction within N business hours (the
organisation's opening hours on working days, default 8) and an answer within M working days (default 5). A holding
reply ("we zoeken het uit") stops only the first clock. Staff answer as the organisation with its badge (also in the
ordinary thread form: such a comment counts as an answer), assign a question to a colleague, and may turn it into a
melding; the asker marks the answer that helped ("dit helpt"). Each use case validates, checks its predicate and
commits once; the stored times feed the scorecards."""
from contextvars import ContextVar
from datetime import time

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accounts.models import User
from core.errors import NotFound, PermissionDenied, require
from core.extensions import db
from core.timeutil import utcnow
from core.transactions import commit, unit_of_work
from core.urls import path_for
from core.validation import Fields
from core.workdays import add_business_minutes, add_working_days, business_minutes_between
from notifications.services import notify
from partners.models import Membership, Organisation
from partners.permissions import POSTING_ROLES, can_manage_organisation
from wijken import signals
from wijken.kinds import PostKind, register_kind
from wijken.models import Comment, Wijk, organisation_wijk
from wijken.services import add_tool_comment, create_tool_post

from . import services
from .models import Question, QuestionReply, Report, WebcareSettings
from .permissions import can_accept_answer, can_ask, can_convert_question, can_view_question, is_webcare_staff

KIND = "vraag_aan"
TITLE_MAX, BODY_MAX, REPLY_MAX = 140, 5_000, 5_000
STATES = {"open": _l("waiting for an answer"), "answered": _l("answered"), "accepted": _l("answer helped"),
          "converted": _l("became a melding")}
DEFAULTS = {"first_reaction_hours": 8, "answer_days": 5, "opens": time(9), "closes": time(17)}
register_kind(PostKind(KIND, _l("Question to an organisation"), by_tool=True))
_answering: ContextVar[bool] = ContextVar("webcare_answering", default=False)


# --- settings ------------------------------------------------------------------------------------------------

def settings_of(organisation: Organisation) -> WebcareSettings:
    """The organisation's clock settings (the defaults, unsaved, when it has none)."""
    found = db.session.get(WebcareSettings, organisation.id)
    return found or WebcareSettings(organisation_id=organisation.id, **DEFAULTS)


def _read_time(fields: Fields, name: str) -> time | None:
    value = fields.text(name, max_length=5, required=True)
    try:
        hours, minutes = (int(part) for part in (value or "").split(":"))
        return time(hours, minutes)
    except ValueError:
        fields.error(name, _("Give a time like 09:00."))
        return None


def save_settings(actor, organisation: Organisation, data) -> WebcareSettings:
    """The organisation's admins set the clock: hours for a first reaction, days for an answer, opening hours."""
    require(can_manage_organisation(actor, organisation), _("Only the organisation's admins change this."))
    fields = Fields(data)
    hours = fields.integer("first_reaction_hours", minimum=1, maximum=200, required=True)
    days = fields.integer("answer_days", minimum=1, maximum=60, required=True)
    opens, closes = _read_time(fields, "opens"), _read_time(fields, "closes")
    if opens and closes and closes <= opens:
        fields.error("closes", _("Closing comes after opening."))
    fields.check()
    settings = db.session.get(WebcareSettings, organisation.id)
    if settings is None:
        settings = WebcareSettings(organisation_id=organisation.id)
        db.session.add(settings)
    settings.first_reaction_hours, settings.answer_days, settings.opens, settings.closes = hours, days, opens, closes
    commit()
    return settings


# --- reading ---------------------------------------------------------------------------------------------------

def organisations_for(wijk: Wijk) -> list[Organisation]:
    """The organisations serving the wijk: whom one can ask."""
    return list(db.session.scalars(select(Organisation).join(
        organisation_wijk, organisation_wijk.c.organisation_id == Organisation.id)
        .where(organisation_wijk.c.wijk_id == wijk.id).order_by(Organisation.name)))


def get_question(viewer, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or not can_view_question(viewer, question):
        raise NotFound(_("Not found."))
    return question


def questions_for_posts(post_ids) -> dict[int, Question]:
    if not post_ids:
        return {}
    return {q.post_id: q for q in db.session.scalars(select(Question).where(Question.post_id.in_(post_ids)))}


INBOX_FILTERS = ("open", "mine", "unassigned", "answered", "all")


def inbox(organisation: Organisation, viewer, which: str = "open", before: int | None = None,
          limit: int = 50) -> list[Question]:
    """The organisation's questions, newest first (keyset by id), on the (organisation, open, id) index."""
    query = select(Question).where(Question.organisation_id == organisation.id)
    if which in ("open", "mine", "unassigned"):
        query = query.where(Question.open.is_(True))
    if which == "mine":
        query = query.where(Question.assignee_id == viewer.id)
    elif which == "unassigned":
        query = query.where(Question.assignee_id.is_(None))
    elif which == "answered":
        query = query.where(Question.open.is_(False))
    if before:
        query = query.where(Question.id < before)
    return list(db.session.scalars(query.order_by(Question.id.desc()).limit(limit)))


def staff_of(organisation: Organisation) -> list[User]:
    """Who can be assigned a question: the organisation's posting staff."""
    return list(db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.organisation_id == organisation.id, Membership.role.in_(POSTING_ROLES))
        .order_by(User.display_name)))


def label(state: str) -> str:
    return str(STATES.get(state, state))


def link(question: Question) -> str:
    if question.post_id is not None and not question.private:
        return path_for("wijken.post", slug=question.wijk.slug, post_id=question.post_id)
    return path_for("meldingen.question", question_id=question.id)


# --- asking --------------------------------------------------------------------------------------------------

def _read_organisation(fields: Fields, wijk: Wijk) -> Organisation | None:
    slug = fields.text("organisation", max_length=64, required=True)
    if slug is None:
        return None
    found = next((o for o in organisations_for(wijk) if o.slug == slug), None)
    if found is None:
        fields.error("organisation", _("Choose one of the organisations of this wijk."))
        fields.errors.setdefault("wijk", fields.errors["organisation"])
    return found


def read_wijk(data) -> Wijk:
    """The `wijk` (slug) of an API request that names its organisation in the path; 422 when unknown."""
    fields = Fields(data if isinstance(data, dict) else {})
    slug = fields.text("wijk", max_length=64, required=True)
    wijk = db.session.scalar(select(Wijk).where(Wijk.slug == slug)) if slug else None
    if slug and wijk is None:
        fields.error("wijk", _("Unknown wijk."))
    fields.check()
    return wijk


def ask(user, wijk: Wijk, data) -> Question:
    """A new question with its clocks; public ones are a `vraag_aan` post in the feed with an open thread."""
    require(can_ask(user, wijk), _("You cannot ask a question here."))
    fields = Fields(data)
    organisation = _read_organisation(fields, wijk)
    title = fields.text("title", max_length=TITLE_MAX, required=True)
    body = fields.text("body", max_length=BODY_MAX, required=True, multiline=True)
    private = bool(fields.boolean("private"))
    fields.check()
    settings, now = settings_of(organisation), utcnow()
    with unit_of_work():
        question = Question(
            wijk=wijk, organisation=organisation, asker=user, title=title, body=body, private=private,
            created_at=now, answer_due_at=add_working_days(now, settings.answer_days),
            reaction_due_at=add_business_minutes(now, settings.first_reaction_hours * 60, settings.opens,
                                                 settings.closes))
        if not private:
            question.post = create_tool_post(user, wijk, None, KIND, title, _public_body(question))
        db.session.add(question)
        db.session.flush()
        _tell_staff(question, lambda: _("New question for %(organisation)s in %(wijk)s: “%(title)s”",
                                        organisation=organisation.name, wijk=wijk.name, title=title))
    return question


def _public_body(question: Question) -> str:
    return f"{question.body}\n\n*{_('Question to %(organisation)s', organisation=question.organisation.name)}*"


def _tell_staff(question: Question, write, only=None) -> None:
    for user in [only] if only is not None else staff_of(question.organisation):
        with force_locale(user.locale or "nl"):
            notify(user, "webcare", write(), link(question))


def _tell_asker(question: Question, write) -> None:
    if question.asker is not None:
        with force_locale(question.asker.locale or "nl"):
            notify(question.asker, "webcare", write(), link(question))


# --- answering -------------------------------------------------------------------------------------------------

def reply(actor, question: Question, data) -> QuestionReply:
    """Staff reply as the organisation (its badge): `holding` is a first reaction that stops only the first
    clock; any other reply answers the question (both clocks)."""
    if not is_webcare_staff(actor, question):
        raise PermissionDenied(_("Only %(organisation)s answers this question.",
                                 organisation=question.organisation.name))
    fields = Fields(data)
    body = fields.text("body", max_length=REPLY_MAX, required=True, multiline=True)
    holding = bool(fields.boolean("holding"))
    if question.state == "converted":
        fields.error("body", _("This question became a melding: answer there."))
    fields.check()
    token = _answering.set(True)
    try:
        with unit_of_work():
            entry = _record(question, actor, body, holding)
            if question.post is not None and not question.private:
                entry.comment_id = add_tool_comment(actor, question.post, question.organisation, body).id
    finally:
        _answering.reset(token)
    return entry


def _record(question: Question, actor, body: str, holding: bool, comment: Comment | None = None) -> QuestionReply:
    """A staff reply and the clocks it stops."""
    now = utcnow()
    entry = QuestionReply(question=question, author=actor, organisation=question.organisation, body=body,
                          holding=holding, created_at=now, comment_id=comment.id if comment else None)
    db.session.add(entry)
    if question.first_reaction_at is None:
        settings = settings_of(question.organisation)
        question.first_reaction_at, question.reaction_in_time = now, now <= question.reaction_due_at
        question.reaction_minutes = business_minutes_between(question.created_at, now, settings.opens,
                                                             settings.closes)
    if not holding and question.answered_at is None:
        question.answered_at, question.answer_in_time = now, now <= question.answer_due_at
        question.state = "answered" if question.state == "open" else question.state
        question.open = False
    db.session.flush()
    _tell_asker(question, lambda: _("%(organisation)s answered your question “%(title)s”.",
                                    organisation=question.organisation.name, title=question.title))
    return entry


@signals.comment_added.connect
def _thread_answer(comment: Comment, **_extra) -> None:
    """A staff member answering a public question in its ordinary thread, as the organisation, answers it too."""
    if _answering.get() or comment.organisation_id is None or comment.post.kind != KIND:
        return
    question = db.session.scalar(select(Question).where(Question.post_id == comment.post_id))
    if question is not None and question.organisation_id == comment.organisation_id:
        _record(question, comment.author, comment.body, False, comment)


def assign(actor, question: Question, data) -> Question:
    """Give the question to a colleague (or to nobody); they are told."""
    if not is_webcare_staff(actor, question):
        raise PermissionDenied(_("Only %(organisation)s answers this question.",
                                 organisation=question.organisation.name))
    fields = Fields(data)
    raw = fields.data.get("assignee")
    assignee = None
    if raw not in (None, "", 0, "0"):
        try:
            wanted = int(raw)
        except (TypeError, ValueError):
            wanted = None
        assignee = next((u for u in staff_of(question.organisation) if u.id == wanted), None)
        if assignee is None:
            fields.error("assignee", _("Choose a colleague of %(organisation)s.",
                                       organisation=question.organisation.name))
    fields.check()
    question.assignee = assignee
    if assignee is not None and assignee.id != actor.id:
        _tell_staff(question, lambda: _("You were given the question “%(title)s”.", title=question.title),
                    only=assignee)
    commit()
    return question


def accept(user, question: Question, data) -> Question:
    """The asker's "dit helpt" on one of the organisation's answers."""
    require(can_accept_answer(user, question), _("You cannot mark an answer here."))
    fields = Fields(data)
    raw = fields.data.get("reply")
    chosen = next((r for r in question.replies if str(r.id) == str(raw) and not r.holding), None)
    if chosen is None:
        fields.error("reply", _("Choose one of the answers."))
    fields.check()
    question.accepted_reply_id, question.accepted_at = chosen.id, utcnow()
    question.state, question.open = "accepted", False
    if chosen.author is not None:
        _tell_staff(question, lambda: _("“%(title)s”: the asker says your answer helps.", title=question.title),
                    only=chosen.author)
    commit()
    return question


def convert(actor, question: Question, data) -> Report:
    """Turn the question into a melding (the asker is its reporter): the question is then answered by it."""
    require(can_convert_question(actor, question), _("You cannot turn this into a melding."))
    data = {"body": question.body} | dict(data or {})
    data["private"] = bool(data.get("private")) or question.private
    with unit_of_work():
        report = services.create_report(actor, question.wijk, data, source="question",
                                        reporter=question.asker or actor)
        question.report_id, question.state, question.open = report.id, "converted", False
        if question.answered_at is None:
            now = utcnow()
            question.answered_at, question.answer_in_time = now, now <= question.answer_due_at
        if question.post is not None and question.post.thread_open:
            add_tool_comment(actor, question.post, None, _("This is now a melding: [%(title)s](%(link)s)",
                                                           title=report.post.title, link=services.link(report)))
    return report
