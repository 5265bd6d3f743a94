"""Participations: create a draft, publish it as a wijk post, answer, close, publish the outcome and keep
the result items up to date. Each use case validates, checks its predicate and commits once."""
from datetime import timedelta

from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update

from accounts.models import User
from accounts.permissions import is_user
from core.errors import Conflict, NotFound, PermissionDenied, ValidationError, require
from core.extensions import db
from core.mail import render_mail
from core.markup import render_markdown
from core.timeutil import to_local, utcnow
from core.transactions import collect, commit, lock, unit_of_work
from core.urls import external_url, path_for
from core.validation import Fields, comparable
from notifications.services import notify
from partners.models import Organisation
from reach.outbox import queue_mail
from wijken import live
from wijken.kinds import PostKind, register_kind
from wijken.models import Follow, Wijk
from wijken.permissions import can_participate
from wijken.services import add_comment, create_tool_post

from . import codes
from .levels import DECISIONS, ELIGIBILITY, IDENTITIES, LEVELS, ORIGINS, RESULT_STATUSES, RESULTS_VISIBILITY
from .models import Participant, Participation, PollOption, PollSettings, Response, ResultItem
from .permissions import (
    can_create_participation,
    can_manage_participation,
    can_see_results,
    can_view_participation,
    is_eligible,
    is_open,
)
from .phases import read_phases
from .survey_models import has_drafts
from .tools import TOOLS, Tool, register_tool

TITLE_MAX, BODY_MAX, OPTION_MAX, OPTIONS_MAX, OTHER_MAX = 140, 10_000, 200, 20, 200
TALLIES_CHANGED = "participation.tallies"  # collected per write; participation.live sends after commit
FEEDBACK_AFTER = timedelta(weeks=6)  # the default promise: you hear back within six weeks of closing
# Identity and eligibility from open to strict, like RESULTS_VISIBILITY: once open, a rule only gets stricter.
STRICTNESS = {"results_visibility": RESULTS_VISIBILITY, "identity": IDENTITIES, "eligibility": ELIGIBILITY}

register_kind(PostKind("vraag", _l("Question to the neighbourhood"), partner_only=True, important=True,
                       by_tool=True))


def get_participation(viewer, participation_id: int) -> Participation:
    participation = db.session.get(Participation, participation_id)
    if participation is None or not can_view_participation(viewer, participation):
        raise NotFound(_("Not found."))
    return participation


def wijk_participations(wijk: Wijk, status: str | None = None) -> list[Participation]:
    """The wijk's published participations, open first, newest next."""
    query = (select(Participation).join(Participation.wijken).where(Wijk.id == wijk.id,
                                                                    Participation.status != "draft"))
    if status:
        query = query.where(Participation.status == status)
    return list(db.session.scalars(query.order_by(Participation.status.desc(), Participation.id.desc()).limit(100)))


# --- creating and changing ---------------------------------------------------------------------------------

def create_participation(actor, data) -> Participation:
    """A draft: nothing is public until `publish`."""
    fields = Fields(data)
    tool = fields.choice("tool", tuple(TOOLS), required=True)
    organisation = _organisation(fields)
    wijken = _wijken(fields)
    fields.check()
    require(can_create_participation(actor, organisation, wijken),
            _("Only posters of a verified organisation that serves these wijken may ask this."))
    participation = Participation(tool=tool, organisation=organisation, created_by=actor, wijken=wijken,
                                  status="draft")
    _apply_frame(fields, participation, creating=True)
    TOOLS[tool].define(fields, participation, data.get("definition"), True)
    fields.check()
    db.session.add(participation)
    commit()
    return participation


def update_participation(actor, participation: Participation, data) -> Participation:
    """Change a participation. Once open, its rules only get stricter; the question freezes at the first answer."""
    require(can_manage_participation(actor, participation), _("You may not change this participation."))
    fields = Fields(data)
    if participation.status != "draft":
        for name in ("wijken", "organisation", "tool", "level", "opens_at"):
            if fields.present(name):
                fields.error(name, _("This cannot change once the participation is published."))
    _apply_frame(fields, participation, creating=False)
    if "definition" in data:
        if participation.participant_count or has_drafts(participation):
            raise Conflict(_("The question cannot change after the first answer."), code="frozen")
        TOOLS[participation.tool].define(fields, participation, data.get("definition"), False)
    fields.check()
    if participation.post is not None and participation.status != "draft":
        _refresh_post(participation)
    commit()
    return participation


def _organisation(fields: Fields):
    slug = fields.text("organisation", max_length=80, required=True)
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug)) if slug else None
    if slug and organisation is None:
        fields.error("organisation", _("No such organisation."))
    return organisation


def _wijken(fields: Fields) -> list[Wijk]:
    slugs = fields.data.get("wijken") if isinstance(fields.data, dict) else None
    if not isinstance(slugs, list) or not slugs or not all(map(comparable, slugs)) or len(slugs) > 50:
        fields.error("wijken", _("Give one or more wijken."))
        return []
    found = list(db.session.scalars(select(Wijk).where(Wijk.slug.in_(slugs))))
    if len(found) != len(set(slugs)):
        fields.error("wijken", _("No such wijk."))
    return found


def _apply_frame(fields: Fields, participation: Participation, creating: bool) -> None:
    def given(name):
        return creating or fields.present(name)

    if given("title"):
        participation.title = fields.text("title", max_length=TITLE_MAX, required=True)
    if given("body"):
        body = fields.text("body", max_length=BODY_MAX, required=True, multiline=True)
        if body is not None:
            participation.body, participation.body_html = body, render_markdown(body)
    if creating:
        participation.level = fields.choice("level", tuple(LEVELS), required=True)
        participation.opens_at = fields.datetime("opens_at")
    if given("decision_owner"):
        participation.decision_owner = fields.text("decision_owner", max_length=140, required=True)
    for name in ("kaders", "promise_extra"):
        if given(name):
            setattr(participation, name, fields.text(name, max_length=BODY_MAX, multiline=True) or "")
    if given("closes_at"):
        participation.closes_at = fields.datetime("closes_at", required=True)
    if given("feedback_due"):
        participation.feedback_due = fields.datetime("feedback_due")
    if participation.feedback_due is None and participation.closes_at is not None:  # empty: the default
        participation.feedback_due = participation.closes_at + FEEDBACK_AFTER
    if given("phases"):
        participation.phases = read_phases(fields, fields.data.get("phases"))
    for name, order in STRICTNESS.items():
        if given(name):
            _apply_rule(fields, participation, name, order, creating)
    _check_dates(fields, participation, creating)


def _apply_rule(fields: Fields, participation: Participation, name: str, order: tuple, creating: bool) -> None:
    value = fields.choice(name, order, required=False) or (order[0] if creating else None)
    if value is None:
        return
    current = getattr(participation, name)
    if participation.status != "draft" and name == "eligibility" and value != current \
            and "code" in (value, current):
        fields.error(name, _("Answering with letter codes cannot be switched on or off once published."))
        return
    if participation.status != "draft" and current and order.index(value) < order.index(current):
        fields.error(name, _("Once published, this may only get stricter."))
        return
    setattr(participation, name, value)


def _check_dates(fields: Fields, participation: Participation, creating: bool) -> None:
    opens, closes, due = participation.opens_at, participation.closes_at, participation.feedback_due
    if closes is None:
        return
    if opens is not None and closes <= opens:
        fields.error("closes_at", _("The end must be after the start."))
    if creating and closes <= utcnow():
        fields.error("closes_at", _("The end must be in the future."))
    if due is not None and due < closes:
        fields.error("feedback_due", _("Feedback cannot be due before the participation closes."))


def _apply_poll(fields: Fields, participation: Participation, definition, creating: bool) -> None:
    if not isinstance(definition, dict):
        fields.error("definition", _("Give the poll's options."))
        return
    options = definition.get("options")
    if not isinstance(options, list) or not 2 <= len(options) <= OPTIONS_MAX:
        fields.error("definition.options", _("Give between 2 and %(n)d options.", n=OPTIONS_MAX))
        return
    labels = []
    for index, label in enumerate(options):
        option = Fields({"label": label})
        cleaned = option.text("label", max_length=OPTION_MAX, required=True)
        for message in option.errors.values():
            fields.error(f"definition.options.{index}", message)
        labels.append(cleaned)
    if len({(label or "").casefold() for label in labels}) != len(labels):
        fields.error("definition.options", _("Each option must be different."))
    poll_fields = Fields(definition)
    max_choices = poll_fields.integer("max_choices", minimum=1, maximum=len(options)) or 1
    allow_other = bool(poll_fields.boolean("allow_other"))
    for name, message in poll_fields.errors.items():
        fields.error(f"definition.{name}", message)
    if fields.errors:
        return
    participation.options = [PollOption(position=i, label=label) for i, label in enumerate(labels)]
    if participation.poll is None:
        participation.poll = PollSettings()
    participation.poll.max_choices, participation.poll.allow_other = max_choices, allow_other


# --- publishing, answering, closing ------------------------------------------------------------------------

def promise_text(participation: Participation) -> str:
    return str(LEVELS[participation.level].promise)


def _post_body(participation: Participation) -> str:
    """The wijk post: the question, the level's promise, who decides, until when, when you hear back."""
    lines = [participation.body, "",
             f"**{LEVELS[participation.level].label}.** {promise_text(participation)}"]
    if participation.promise_extra:
        lines.append(participation.promise_extra)
    lines += ["", _("Decided by: %(owner)s.", owner=participation.decision_owner),
              _("Open until %(date)s. You will hear from %(organisation)s by %(due)s at the latest.",
                date=format_date(to_local(participation.closes_at), "long"),
                organisation=participation.organisation.name,
                due=format_date(to_local(participation.feedback_due), "long")),
              "", f"[{_('Take part')}]({_link(participation)})"]
    return "\n".join(lines)


def _link(participation: Participation) -> str:
    return path_for("participation.page", participation_id=participation.id)


def publish(actor, participation: Participation) -> Participation:
    """Open the participation: its wijk post appears in the feed and followers hear of it (it is important)."""
    require(can_manage_participation(actor, participation), _("You may not publish this participation."))
    if participation.status != "draft":
        raise Conflict(_("This participation is already published."), code="published")
    with unit_of_work():
        participation.post = create_tool_post(actor, participation.wijken[0], participation.organisation, "vraag",
                                              participation.title, _post_body(participation))
        participation.status, participation.published_at = "open", utcnow()
    return participation


def _refresh_post(participation: Participation) -> None:
    post = participation.post
    post.title, post.body = participation.title, _post_body(participation)
    post.body_html = render_markdown(post.body)
    post.seq = live.next_seq(post.wijk)


def has_answered(user, participation: Participation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return db.session.scalar(select(Participant.id).where(Participant.participation_id == participation.id,
                                                          Participant.user_id == user.id)) is not None


def followed_wijk_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.scalars(select(Follow.wijk_id).where(Follow.user_id == user.id)))


def record_participant(user, participation: Participation) -> bool:
    """Count `user` as taking part (a tool's first contribution: an idea, a vote); they hear the outcome.
    False when they were counted before."""
    if has_answered(user, participation):
        return False
    db.session.add(Participant(participation_id=participation.id, user_id=user.id))
    participation.participant_count += 1
    return True


def _require_ballot(participation: Participation) -> None:
    if TOOLS[participation.tool].ballot is None:
        raise Conflict(_("This participation has no ballot."), code="no_ballot")


def respond(user, participation: Participation, data) -> Response:
    """The caller's one answer; the tallies are kept on write."""
    participation = lock(Participation, participation.id)
    _require_ballot(participation)
    if not is_open(participation):
        raise Conflict(_("This participation is not open."), code="closed")
    if not is_eligible(user, participation, followed_wijk_ids(user)):
        raise PermissionDenied(_("You may not take part in this participation."))
    if has_answered(user, participation):
        raise Conflict(_("You have already taken part."), code="already_answered")
    ballot = read_ballot(participation, data)
    if participation.eligibility == "code":
        codes.claim(participation, data.get("code"))
    person = user.id if is_user(user) else None  # with a letter code, someone without an account may answer
    if person is not None:
        db.session.add(Participant(participation_id=participation.id, user_id=person))
    named = participation.identity != "anonymous"
    response = _record(participation, ballot, "online", person if named else None)
    commit()
    return response


def enter_paper_responses(actor, participation: Participation, data) -> int:
    """Answers from paper, booth or phone, entered by the owner: counted per origin, naming nobody."""
    require(can_manage_participation(actor, participation), _("You may not enter answers here."))
    participation = lock(Participation, participation.id)
    _require_ballot(participation)
    if participation.status != "open":
        raise Conflict(_("This participation is not open."), code="closed")
    fields = Fields(data)
    origin = fields.choice("origin", ORIGINS[1:], required=True)
    answers = data.get("responses") if isinstance(data, dict) else None
    if not isinstance(answers, list) or not 1 <= len(answers) <= 500:
        fields.error("responses", _("Give between 1 and 500 answers."))
    fields.check()
    ballots = [read_ballot(participation, answer, prefix=f"responses.{i}.") for i, answer in enumerate(answers)]
    for ballot in ballots:
        _record(participation, ballot, origin, None)
    commit()
    return len(ballots)


def read_ballot(participation: Participation, data, prefix: str = ""):
    """One answer checked by its tool; answers entered in a batch name their fields with `prefix`."""
    try:
        return TOOLS[participation.tool].ballot(participation, data)
    except ValidationError as error:
        if prefix:
            error.fields = {prefix + name: message for name, message in error.fields.items()}
        raise


def _record(participation: Participation, ballot, origin: str, user_id):
    """Store an answer through its tool; the frame counts the participant and tells the post's room."""
    row = TOOLS[participation.tool].record(participation, ballot, origin, user_id)
    participation.participant_count += 1
    db.session.flush()
    _announce(participation)
    return row


def _poll_ballot(participation: Participation, data) -> tuple[list[int], str | None]:
    fields = Fields(data)
    poll = participation.poll
    chosen = data.get("choices") if isinstance(data, dict) else None
    known = {o.id for o in participation.options}
    other = fields.text("other", max_length=OTHER_MAX) if poll.allow_other else None
    if not poll.allow_other and fields.present("other"):
        fields.error("other", _("This poll has no 'other' answer."))
    if not isinstance(chosen, list) or not all(type(c) is int for c in chosen) or len(set(chosen)) != len(chosen):
        fields.error("choices", _("Choose one or more options."))
    elif not set(chosen) <= known:
        fields.error("choices", _("No such option."))
    elif not chosen and not other:
        fields.error("choices", _("Choose one or more options."))
    elif len(chosen) + bool(other) > poll.max_choices:
        fields.error("choices", _("Choose at most %(n)d.", n=poll.max_choices))
    fields.check()
    return chosen, other


def _record_poll(participation: Participation, ballot: tuple[list[int], str | None], origin: str,
                 user_id) -> Response:
    choices, other = ballot
    response = Response(participation_id=participation.id, user_id=user_id, origin=origin, choices=choices,
                        other_text=other)
    db.session.add(response)
    if choices:
        db.session.execute(update(PollOption).where(PollOption.id.in_(choices))
                           .values(votes=PollOption.votes + 1).execution_options(synchronize_session=False))
    if other:
        participation.poll.other_votes += 1
    return response


def close(actor, participation: Participation) -> Participation:
    """Close early: the thread says how many took part and when they hear back."""
    require(can_manage_participation(actor, participation), _("You may not close this participation."))
    if participation.status != "open":
        raise Conflict(_("This participation is not open."), code="closed")
    with unit_of_work():
        _close(actor, participation)
    return participation


def _close(actor, participation: Participation) -> None:
    participation.status, participation.closed_at = "closed", utcnow()
    _tell_thread(actor, participation, _(
            "Closed: %(n)d participants. Feedback by %(due)s at the latest.", n=participation.participant_count,
            due=format_date(to_local(participation.feedback_due), "long")))
    _announce(participation)


def _tell_thread(actor, participation: Participation, text: str) -> None:
    """A message in the participation's thread, by the owner who acted (left out where they may not write)."""
    post = participation.post
    if post is not None and can_participate(actor, post):
        add_comment(actor, post, {"body": text})


# --- outcome and result items ----------------------------------------------------------------------------

def publish_outcome(actor, participation: Participation, data) -> Participation:
    """What was done with the input, and why; every participant is told."""
    require(can_manage_participation(actor, participation), _("You may not publish the outcome."))
    if participation.status != "closed":
        raise Conflict(_("Close the participation before publishing its outcome."), code="not_closed")
    if participation.outcome_at is not None:
        raise Conflict(_("The outcome is already published."), code="outcome_published")
    fields = Fields(data)
    decision = fields.choice("decision", DECISIONS, required=True)
    body = fields.text("body", max_length=BODY_MAX, required=True, multiline=True)
    fields.check()
    with unit_of_work():
        participation.decision, participation.outcome = decision, body
        participation.outcome_html, participation.outcome_at = render_markdown(body), utcnow()
        if TOOLS[participation.tool].outcome is not None:
            TOOLS[participation.tool].outcome(actor, participation)
        _tell_thread(actor, participation, _("Outcome: %(decision)s.", decision=decision_label(decision))
                     + "\n\n" + body)
        _tell_participants(participation)
    return participation


def _tell_participants(participation: Participation) -> None:
    """In the app and by e-mail, each in their own language: the outcome is there."""
    link = _link(participation)
    users = db.session.scalars(select(User).join(Participant, Participant.user_id == User.id).where(
        Participant.participation_id == participation.id, User.deleted_at.is_(None)).order_by(Participant.id))
    for user in users:
        with force_locale(user.locale or "nl"):
            message = _("The outcome of “%(title)s” is published.", title=participation.title)
            notify(user, "outcome", message, link)
            lines = [message, _("Outcome: %(decision)s.", decision=decision_label(participation.decision)),
                     participation.outcome]
        subject, text, html = render_mail("account", message, user.locale, name=user.display_name, lines=lines,
                                          link=external_url("participation.page", participation_id=participation.id))
        queue_mail(f"outcome:{participation.id}:to:{user.email}", user.email, "outcome", subject, text, html)


REMIND_BEFORE = timedelta(days=7)


def tick(now=None) -> tuple[int, int]:
    """Daily work (`flask participation tick`): close what reached its end, and remind owners of feedback due
    in a week and due today. Returns (closed, reminded)."""
    now = now or utcnow()
    closed = 0
    for participation in db.session.scalars(select(Participation).where(
            Participation.status == "open", Participation.closes_at <= now)):
        _close(participation.created_by, participation)
        closed += 1
    reminded = 0
    for participation in db.session.scalars(select(Participation).where(
            Participation.status != "draft", Participation.outcome_at.is_(None), Participation.reminders_sent < 2,
            Participation.feedback_due <= now + REMIND_BEFORE)):
        stage = 2 if participation.feedback_due <= now else 1
        if stage > participation.reminders_sent:
            _remind_owner(participation, stage)
            participation.reminders_sent = stage
            reminded += 1
    commit()
    reminded += sum(tool.daily(now) for tool in TOOLS.values() if tool.daily is not None)
    return closed, reminded


def _remind_owner(participation: Participation, stage: int) -> None:
    owners = [m.user for m in participation.organisation.memberships
              if can_manage_participation(m.user, participation)]
    for user in owners:
        with force_locale(user.locale or "nl"):
            due = format_date(to_local(participation.feedback_due), "long")
            message = (_("Feedback on “%(title)s” is due today: publish the outcome.", title=participation.title)
                       if stage == 2 else
                       _("Feedback on “%(title)s” is due on %(date)s.", title=participation.title, date=due))
            notify(user, "reminder", message, _link(participation))


def decision_label(decision: str) -> str:
    return {"adopted": _("adopted"), "partly": _("partly adopted"), "not_adopted": _("not adopted"),
            "postponed": _("postponed")}[decision]


def save_result_item(actor, participation: Participation, data, item: ResultItem | None = None) -> ResultItem:
    """Add a result item, or update its status and progress; each change is posted into the thread."""
    require(can_manage_participation(actor, participation), _("You may not change the results."))
    if participation.outcome_at is None:
        raise Conflict(_("Publish the outcome first."), code="no_outcome")
    fields = Fields(data)
    creating = item is None
    item = item or ResultItem(participation_id=participation.id)
    if creating or fields.present("title"):
        item.title = fields.text("title", max_length=TITLE_MAX, required=True)
    if creating or fields.present("status"):
        item.status = fields.choice("status", RESULT_STATUSES) or item.status or "planned"
    if creating or fields.present("progress"):
        progress = fields.integer("progress", minimum=0, maximum=100)
        item.progress = progress if progress is not None else (item.progress or 0)
    note = fields.text("update", max_length=BODY_MAX, multiline=True)
    fields.check()
    with unit_of_work():
        item.updated_at = utcnow()
        db.session.add(item)
        text = _("%(title)s: %(progress)d%% done.", title=item.title, progress=item.progress)
        _tell_thread(actor, participation, text + (f"\n\n{note}" if note else ""))
    return item


def result_item(participation: Participation, item_id: int) -> ResultItem:
    item = db.session.get(ResultItem, item_id)
    if item is None or item.participation_id != participation.id:
        raise NotFound(_("Not found."))
    return item


# --- results --------------------------------------------------------------------------------------------

def results(participation: Participation) -> dict | None:
    """The tool's tallies (None for a tool without any)."""
    tool = TOOLS[participation.tool]
    return tool.results(participation) if tool.results else None


def _poll_results(participation: Participation) -> dict:
    """Tallies per option and per origin (kept on write; one query for the origins)."""
    origins = dict(db.session.execute(select(Response.origin, func.count()).where(
        Response.participation_id == participation.id).group_by(Response.origin)).all())
    return {
        "participant_count": participation.participant_count,
        "options": [{"id": o.id, "label": o.label, "votes": o.votes} for o in participation.options],
        "other": participation.poll.other_votes if participation.poll.allow_other else None,
        "origins": {origin: origins.get(origin, 0) for origin in ORIGINS},
        **response_rate(participation),
    }


def response_rate(participation: Participation) -> dict:
    """Participants against the households of the participation's wijken (null while one of them is unknown)."""
    counts = [w.households for w in participation.wijken]
    households = sum(counts) if counts and None not in counts else None
    rate = round(participation.participant_count / households, 4) if households else None
    return {"households": households, "response_rate": rate}


def overdue_days(participation: Participation) -> int:
    """Days past the promised feedback date without an outcome (0 when on time)."""
    if participation.outcome_at is not None or participation.status == "draft":
        return 0
    return max(0, (utcnow() - participation.feedback_due).days)


def _announce(participation: Participation) -> None:
    """The participation's counts changed: once this transaction commits, participation.live sends them (at most
    once a second per participation, coalesced; tallies only where everyone may see them)."""
    if participation.post_id is not None:
        collect(TALLIES_CHANGED, participation.id)


def announce_to_post(participation: Participation, name: str, payload: dict, logged: dict | None = None) -> None:
    """A live event of the participation (or its tool) to the rooms of its wijk post (nothing without a post);
    `logged`: what the wijk's event log keeps instead of the payload."""
    post = participation.post
    if post is not None:
        live.publish(post.wijk, live.next_seq(post.wijk), name, payload, post_id=post.id, logged=logged)


def visible_results(viewer, participation: Participation) -> dict | None:
    answered = has_answered(viewer, participation)
    return results(participation) if can_see_results(viewer, participation, answered) else None


def _poll_definition(participation: Participation) -> dict:
    return {"options": [{"id": o.id, "label": o.label} for o in participation.options],
            "max_choices": participation.poll.max_choices, "allow_other": participation.poll.allow_other}


register_tool(Tool("poll", _l("Poll"), define=_apply_poll, page="participation/_poll.html",
                   describe=_poll_definition, results=_poll_results, ballot=_poll_ballot, record=_record_poll))
