"""Post kinds and the rules that come with each."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class PostKind:
    name: str
    label: object
    partner_only: bool = False
    organisation_kinds: frozenset[str] | None = None  # None: any organisation (or none)
    is_event: bool = False      # has starts_at / location, RSVP, .ics
    needs_end: bool = False
    expires: bool = False       # shown as a banner until expires_at, then archived
    important: bool = False     # followers at level "important" hear of it at once
    by_tool: bool = False       # made only by its tool (e.g. a participation's `vraag`), never by the post form
    chat: bool = False          # its thread is a live chat (a spreekuur): a message notifies nobody, unlike a comment


KINDS: dict[str, PostKind] = {k.name: k for k in (
    PostKind("bericht", _l("Message")),
    PostKind("oproep", _l("Call for help")),
    PostKind("evenement", _l("Event"), is_event=True, needs_end=True),
    PostKind("aankondiging", _l("Announcement"), partner_only=True, important=True),
    PostKind("wijkschouw", _l("Neighbourhood inspection"), partner_only=True, is_event=True, important=True),
    PostKind("inbraakwaarschuwing", _l("Burglary warning"), partner_only=True,
             organisation_kinds=frozenset({"politie", "gemeente"}), expires=True, important=True),
)}

# What a follower at level "important" hears at once (by e-mail and in the app); the rest waits for the digest.
IMPORTANT_KINDS = {k.name for k in KINDS.values() if k.important}
# Every kind's name, kept up to date by register_kind: documents that list the kinds (the API's `kind` filter)
# hold this list itself, so they show the kinds registered after they were declared too.
KIND_NAMES = list(KINDS)


def register_kind(kind: PostKind) -> None:
    """A higher area adds a post kind of its own (a tool's post, say); the feed, mail and rules follow it."""
    if kind.name in KINDS:
        raise ValueError(f"post kind {kind.name!r} exists")
    KINDS[kind.name] = kind
    KIND_NAMES.append(kind.name)
    if kind.important:
        IMPORTANT_KINDS.add(kind.name)


def form_kinds() -> list[PostKind]:
    """The kinds a person picks in the post form or the API; a tool's kinds are made by the tool."""
    return [k for k in KINDS.values() if not k.by_tool]


def levels_told_at_once(kind: str) -> tuple[str, ...]:
    """The follow levels that hear about a new post of `kind` at once (by e-mail and in the app)."""
    return ("all", "important") if kind in IMPORTANT_KINDS else ("all",)


REACTION_KINDS = ("like", "thanks", "useful")
RSVP_STATUSES = ("going", "maybe", "not_going")
FOLLOW_LEVELS = ("all", "important", "digest", "none")
# A new follow mails burglary warnings, wijkschouw calls and partner announcements at once, the rest in the
# summary: every post at once is a choice people make, not what following does by itself.
DEFAULT_FOLLOW_LEVEL = "important"
DIGEST_FREQUENCIES = ("daily", "weekly")
