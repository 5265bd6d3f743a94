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


KINDS: dict[str, PostKind] = {k.name: k for k in (
    PostKind("bericht", _l("Message")),
    PostKind("oproep", _l("Call for help")),
    PostKind("evenement", _l("Event"), is_event=True, needs_end=True),
    PostKind("aankondiging", _l("Announcement"), partner_only=True),
    PostKind("wijkschouw", _l("Neighbourhood inspection"), partner_only=True, is_event=True),
    PostKind("inbraakwaarschuwing", _l("Burglary warning"), partner_only=True,
             organisation_kinds=frozenset({"politie", "gemeente"}), expires=True),
)}

# What a follower at level "important" hears at once (by e-mail and in the app); the rest waits for the digest.
IMPORTANT_KINDS = frozenset({"inbraakwaarschuwing", "wijkschouw", "aankondiging"})


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
