"""A debate: a forum with an end. A question on a wijk (an organisation's, or a resident's where the wijk allows
it), an optional time box, arguments for, against or neutral whose strongest surface by "useful" votes, and a
close that requires written conclusions — what was heard, what happens next — shown above the thread and sent
to everyone who took part."""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.errors import Conflict, require
from core.extensions import db
from core.markup import render_markdown
from core.schemas import Input
from core.timeutil import utcnow
from core.transactions import commit, unit_of_work
from partners.models import Organisation
from wijken.kinds import PostKind, register_kind
from wijken.permissions import can_manage_wijk, posting_organisations
from wijken.services import create_tool_post

from . import schemas
from .models import STANCES, Conversation, DebateSetting, Entry
from .permissions import can_close_debate, can_start_debate
from .services import announce_state, page_link, participants, refresh_post, tell

register_kind(PostKind("debat", _l("Debate"), by_tool=True))

STRONGEST = 3  # arguments per side shown above the thread


def residents_may_start(wijk) -> bool:
    setting = db.session.get(DebateSetting, wijk.id)
    return bool(setting and setting.residents_may_start)


def set_residents_may_start(actor, wijk, allowed: bool) -> None:
    """The coordinator's choice for their wijk."""
    require(can_manage_wijk(actor, wijk), _("Only the wijk coordinator can change this."))
    setting = db.session.get(DebateSetting, wijk.id) or DebateSetting(wijk_id=wijk.id)
    setting.residents_may_start, setting.updated_at = bool(allowed), utcnow()
    db.session.add(setting)
    commit()


def starting_options(user, wijk) -> list[Organisation | None]:
    """As whom `user` may start a debate here: their organisations, and themselves (None) where allowed."""
    allowed = residents_may_start(wijk)
    return [org for org in [*posting_organisations(user, wijk), None] if can_start_debate(user, wijk, org, allowed)]


def create_debate(actor, wijk, data) -> Conversation:
    fields = Input(schemas.DebateCreate, data)
    slug = fields["organisation"]
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == slug)) if slug else None
    if slug and organisation is None:
        fields.error("organisation", _("No such organisation."))
    fields.check()
    require(can_start_debate(actor, wijk, organisation, residents_may_start(wijk)),
            _("You may not start a debate here."))
    ends = fields["ends_at"]
    if ends is not None and ends <= utcnow():
        fields.error("ends_at", _("The end must be in the future."))
    body = fields["body"] or ""
    conversation = Conversation(kind="debat", wijk=wijk, organisation=organisation, created_by=actor,
                                title=fields["title"], body=body, body_html=render_markdown(body) if body else "",
                                starts_at=utcnow(), ends_at=ends)
    fields.check()
    with unit_of_work():
        db.session.add(conversation)
        db.session.flush()
        conversation.post = create_tool_post(actor, wijk, organisation, "debat", conversation.title,
                                             post_body(conversation))
    return conversation


def post_body(conversation: Conversation) -> str:
    lines = [conversation.body, ""] if conversation.body else []
    go = _("Go to the debate")  # (outside the f-string: babel does not extract from one)
    lines.append(f"[{go}]({page_link(conversation)})")
    if conversation.closing:
        lines += ["", f"## {_('Conclusions')}", "", f"**{_('What was heard')}**", "", conversation.closing, "",
                  f"**{_('What happens next')}**", "", conversation.next_steps]
    return "\n".join(lines)


def strongest(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Per stance, the arguments most found useful (at least one vote), strongest first."""
    best = {}
    for stance in STANCES:
        side = [e for e in entries if e.kind == "argument" and e.stance == stance and e.votes
                and e.comment.status == "published"]
        best[stance] = sorted(side, key=lambda e: (-e.votes, e.comment_id))[:STRONGEST]
    return best


def close_debate(actor, conversation: Conversation, data) -> Conversation:
    """Close with written conclusions: shown above the thread, and every participant is told."""
    require(can_close_debate(actor, conversation), _("You may not close this debate."))
    if conversation.closing is not None:
        raise Conflict(_("This debate is already closed."), code="closed")
    fields = Input(schemas.DebateClose, data)
    heard, next_steps = fields["heard"], fields["next_steps"]
    fields.check()
    with unit_of_work():
        conversation.status, conversation.closed_at = "closed", utcnow()
        conversation.closing, conversation.closing_html = heard, render_markdown(heard)
        conversation.next_steps, conversation.next_steps_html = next_steps, render_markdown(next_steps)
        refresh_post(conversation, post_body(conversation))
        announce_state(conversation)

        def compose():
            return (_("The debate “%(title)s” is closed with conclusions", title=conversation.title),
                    [_("What was heard"), heard, _("What happens next"), next_steps])
        tell(participants(conversation), conversation, "conclusions", compose, actor=actor)
    return conversation
