"""A spreekuur: an organisation's named host chats live with the wijk in a set window.

It is a wijk post of its own kind (an event: RSVP, the agenda and its .ics), announced in the feed beforehand;
those who said they would come are reminded; during the window its thread is a live chat; afterwards the
thread is the transcript and the host's summary goes above it, to the followers and everyone who took part.
"""
from datetime import timedelta

from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accounts.models import User
from core.errors import Conflict, require
from core.extensions import db
from core.markup import render_markdown
from core.schemas import Input
from core.timeutil import utcnow
from core.transactions import commit, unit_of_work
from partners.models import Organisation
from partners.services import function_title
from wijken.kinds import PostKind, register_kind
from wijken.models import Rsvp
from wijken.permissions import posting_organisations
from wijken.services import create_tool_post

from . import schemas
from .models import Conversation
from .permissions import can_hold_spreekuur, can_manage_conversation, can_summarise, window_state
from .services import announce_state, followers, page_link, participants, refresh_post, tell

register_kind(PostKind("spreekuur", _l("Spreekuur"), partner_only=True, is_event=True, needs_end=True,
                       important=True, by_tool=True, chat=True))

MAX_LENGTH = timedelta(hours=4)
REMIND_BEFORE = timedelta(hours=1)


def host_candidates(organisation: Organisation) -> list[User]:
    """Who may host: the organisation's members (any role)."""
    return sorted((m.user for m in organisation.memberships if not m.user.is_service), key=lambda u: u.display_name)


def organisations_for(user, wijk) -> list[Organisation]:
    return [org for org in posting_organisations(user, wijk) if can_hold_spreekuur(user, wijk, org)]


def create_spreekuur(actor, wijk, data, now=None) -> Conversation:
    """Schedule a spreekuur: its post appears in the feed and the agenda, and followers hear of it."""
    now = now or utcnow()
    fields = Input(schemas.SpreekuurCreate, data)
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == fields["organisation"])) \
        if fields["organisation"] else None
    if fields["organisation"] and organisation is None:
        fields.error("organisation", _("No such organisation."))
    fields.check()
    require(can_hold_spreekuur(actor, wijk, organisation),
            _("Only posters of an organisation serving this wijk may hold a spreekuur here."))
    host = db.session.get(User, fields["host"]) if fields["host"] else None
    if host is None or host not in host_candidates(organisation):
        fields.error("host", _("Choose a member of the organisation."))
    function = fields["host_function"] or (function_title(host, organisation) if host is not None else None)
    if not function:
        fields.error("host_function", _("Say what the host is, e.g. wethouder Wonen or wijkagent."))
    starts, ends = fields["starts_at"], fields["ends_at"]
    if starts is not None and starts <= now:
        fields.error("starts_at", _("The start must be in the future."))
    if starts is not None and ends is not None and not starts < ends <= starts + MAX_LENGTH:
        fields.error("ends_at", _("The end must be after the start, at most four hours later."))
    body = fields["body"] or ""
    conversation = Conversation(kind="spreekuur", wijk=wijk, organisation=organisation, created_by=actor, host=host,
                                host_function=function or "", title=fields["title"], body=body,
                                body_html=render_markdown(body) if body else "", starts_at=starts, ends_at=ends,
                                slow_mode_seconds=fields["slow_mode_seconds"])
    fields.check()
    with unit_of_work():
        db.session.add(conversation)
        db.session.flush()
        conversation.post = create_tool_post(actor, wijk, organisation, "spreekuur", conversation.title,
                                             post_body(conversation), starts_at=starts, ends_at=ends,
                                             location=_("Online, on Wijkpagina"))
    return conversation


def post_body(conversation: Conversation) -> str:
    """The wijk post: what it is about, who answers, when, the link; afterwards the summary."""
    host = conversation.host
    lines = [conversation.body, ""] if conversation.body else []
    if host is not None:
        lines.append(_("**%(name)s**, %(function)s (%(organisation)s), answers your questions live.",
                       name=host.display_name, function=conversation.host_function,
                       organisation=conversation.organisation.name))
    go = _("Go to the spreekuur")  # (outside the f-string: babel does not extract from one)
    lines += ["", f"[{go}]({page_link(conversation)})"]
    if conversation.closing:
        lines += ["", f"## {_('Summary')}", "", conversation.closing]
    return "\n".join(lines)


def end_now(actor, conversation: Conversation) -> Conversation:
    """End a live spreekuur early: it becomes read-only at once."""
    require(can_manage_conversation(actor, conversation), _("You may not end this spreekuur."))
    if window_state(conversation, utcnow()) != "live":
        raise Conflict(_("This spreekuur is not live."), code="not_live")
    conversation.status, conversation.closed_at = "closed", utcnow()
    announce_state(conversation)
    commit()
    return conversation


def publish_summary(actor, conversation: Conversation, data) -> Conversation:
    """The host's short summary after the spreekuur: above the transcript, to followers and participants."""
    require(can_summarise(actor, conversation, utcnow()),
            _("Only the host or the organisation can add the summary, once, after the spreekuur."))
    fields = Input(schemas.SummaryCreate, data)
    body = fields["body"]
    fields.check()
    with unit_of_work():
        conversation.closing, conversation.closing_html = body, render_markdown(body)
        conversation.closed_at = conversation.closed_at or utcnow()
        refresh_post(conversation, post_body(conversation))
        announce_state(conversation)

        def compose():
            return (_("Summary of the spreekuur “%(title)s”", title=conversation.title),
                    [_("%(name)s wrote a summary:", name=actor.display_name), body])
        tell([*participants(conversation), *followers(conversation)], conversation, "summary", compose, actor=actor)
    return conversation


def remind(now=None) -> int:
    """Those who said they would come hear an hour before the start (once); returns how many spreekuren."""
    now = now or utcnow()
    due = db.session.scalars(select(Conversation).where(
        Conversation.kind == "spreekuur", Conversation.status == "open", Conversation.reminded_at.is_(None),
        Conversation.starts_at > now, Conversation.starts_at <= now + REMIND_BEFORE)).all()
    for conversation in due:
        coming = db.session.scalars(select(User).join(Rsvp, Rsvp.user_id == User.id).where(
            Rsvp.post_id == conversation.post_id, Rsvp.status.in_(("going", "maybe")), User.deleted_at.is_(None))
            .order_by(User.id)).all()

        def compose(conversation=conversation):
            when = format_datetime(conversation.starts_at, "HH:mm")
            return (_("The spreekuur “%(title)s” starts at %(time)s", title=conversation.title, time=when),
                    [_("You said you would come. Ask your question on the page, or read along.")])
        tell(coming, conversation, "reminder", compose)
        conversation.reminded_at = now
    commit()
    return len(due)
