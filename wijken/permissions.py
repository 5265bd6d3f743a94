"""Who may do what in a wijk: plain predicates with explicit arguments over posts, comments and roles.

Builds on the account and organisation rules (`accounts.permissions`, `partners.permissions`). Views,
the API, socket handlers and templates (as Jinja globals) call these same functions, so every rule is
written once; nothing here reads the request. A coordinator's role only counts with two-factor
authentication on.
"""
from collections.abc import Callable

from flask import g

from accounts.permissions import has_two_factor, is_admin, is_author, is_user, is_verified, privileged_role
from core.registries import keyed
from core.timeutil import utcnow
from partners.permissions import (
    MODERATING_ROLES,
    POSTING_ROLES,
    membership_role,
    moderated_organisation_ids,
    roles_count,
)

from .kinds import KINDS


def serves(organisation, wijk) -> bool:
    """The organisation works in this wijk."""
    return any(w.id == wijk.id for w in organisation.wijken)


def is_coordinator(user, wijk) -> bool:
    return has_two_factor(user) and any(r.wijk_id == wijk.id and r.role == "coordinator" for r in user.wijk_roles)


@privileged_role
def holds_coordinator_role(user) -> bool:
    return any(r.role == "coordinator" for r in user.wijk_roles)


def is_municipality_admin(user, municipality) -> bool:
    """Admin of this municipality (its branding, its wijken's settings, its admins); counts with two-factor."""
    return (municipality is not None and has_two_factor(user)
            and any(r.municipality_id == municipality.id and r.role == "admin" for r in user.municipality_roles))


@privileged_role
def holds_municipality_role(user) -> bool:
    return bool(user.municipality_roles)


def can_manage_municipality(user, municipality) -> bool:
    """Change a municipality's branding and admins: site admins and its own admins, nobody else."""
    return is_admin(user) or is_municipality_admin(user, municipality)


def can_configure_wijk(user, wijk) -> bool:
    """Change a wijk's settings (households, description): site admins and admins of its municipality."""
    return is_admin(user) or is_municipality_admin(user, wijk.municipality)


def posting_organisations(user, wijk) -> list:
    """Organisations the user may post as in this wijk (none without two-factor authentication)."""
    if not is_user(user) or not roles_count(user):
        return []
    return [m.organisation for m in user.memberships if m.role in POSTING_ROLES and serves(m.organisation, wijk)]


def muted_until(user, wijk):
    """Until when the user may not write in this wijk, or None."""
    if not is_user(user):
        return None
    now = utcnow()
    return next((m.until for m in user.mutes if m.wijk_id == wijk.id and m.until > now), None)


def can_post(user, wijk, kind: str, organisation=None) -> bool:
    """May `user` post a `kind` post in `wijk`, as `organisation` (None: as a resident)?"""
    info = KINDS.get(kind)
    if info is None or not is_verified(user) or muted_until(user, wijk):
        return False
    if organisation is None:  # a partner system's service account only ever posts as its organisation
        return not info.partner_only and not user.is_service
    if membership_role(user, organisation) not in POSTING_ROLES or not serves(organisation, wijk):
        return False
    return info.organisation_kinds is None or organisation.kind in info.organisation_kinds


def can_comment_as(user, post, organisation) -> bool:
    """Reply on behalf of an organisation (with its badge): its staff, where it serves the wijk."""
    return any(o.id == organisation.id for o in posting_organisations(user, post.wijk))


def can_post_anything(user, wijk) -> bool:
    return any(can_post(user, wijk, kind, org)
               for kind in KINDS for org in [None, *posting_organisations(user, wijk)])


def _post_of(item):
    return getattr(item, "post", None) or item


def can_moderate(user, item) -> bool:
    """Hide, restore or remove a post or comment (the CONTRACT's moderation scope)."""
    if is_admin(user):
        return True
    post = _post_of(item)
    if is_coordinator(user, post.wijk):
        return True
    return membership_role(user, post.organisation) in MODERATING_ROLES


def can_pin(user, wijk) -> bool:
    return is_admin(user) or is_coordinator(user, wijk)


def can_manage_wijk(user, wijk) -> bool:
    """Mute people, purge a spammer, change moderation settings, read the audit log."""
    return is_admin(user) or is_coordinator(user, wijk)


def moderation_scope(user):
    """(everything, wijk ids, organisation ids) this user moderates; (False, set(), set()) for none."""
    if not has_two_factor(user):
        return False, set(), set()
    wijk_ids = {r.wijk_id for r in user.wijk_roles if r.role == "coordinator"}
    return user.is_admin, wijk_ids, moderated_organisation_ids(user)


def is_moderator(user) -> bool:
    everything, wijk_ids, org_ids = moderation_scope(user)
    return everything or bool(wijk_ids or org_ids)


def can_flag(user, item) -> bool:
    """Anyone logged in may flag published content of others that they can see."""
    return (is_verified(user) and item.status == "published" and _post_of(item).status == "published"
            and item.author_id != user.id)


def can_edit(user, item) -> bool:
    """The author edits; an organisation's moderators also edit its posts. Never removed content."""
    if item.status == "removed" or not is_user(user):
        return False
    if is_author(user, item):
        return True
    organisation = getattr(item, "organisation", None)
    return organisation is not None and membership_role(user, organisation) in MODERATING_ROLES


def can_delete(user, item) -> bool:
    return item.status != "removed" and (is_author(user, item) or can_moderate(user, item))


def can_view(user, item) -> bool:
    """Published content is public; hidden and pending content only for its author and moderators."""
    if item.status == "published":
        return True
    if item.status in ("hidden", "pending"):
        return is_author(user, item) or can_moderate(user, item)
    return False


def can_participate(user, post) -> bool:
    """Comment, react or RSVP: any logged-in user who is not muted there, on a published post with a thread."""
    return (is_verified(user) and post.status == "published" and post.thread_open
            and not muted_until(user, post.wijk))


_THREAD_RULES: dict[str, Callable] = {}


def thread_rule(kind: str):
    """Register `rule(user, post) -> str | None` for the threads of `kind` posts: why `user` may not write there
    now (a tool's window, slow mode, a mute for one session), or None. Comments through any channel obey it."""
    return keyed(_THREAD_RULES, kind, unique="thread rules")


def thread_refusal(user, post) -> str | None:
    rule = _THREAD_RULES.get(post.kind)
    return rule(user, post) if rule else None


def can_comment(user, post) -> bool:
    """Write in the post's thread: take part there, and the post's own rule (if its kind has one) agrees now.

    Asked once per comment of a page (the reply forms): the rule's answer is kept for the rest of the request.
    Writing itself (`wijken.services.add_comment`) asks `thread_refusal` afresh."""
    if not can_participate(user, post):
        return False
    if post.kind not in _THREAD_RULES:
        return True
    answers = g.setdefault("thread_refusals", {})
    key = (post.id, getattr(user, "id", None))
    if key not in answers:
        answers[key] = thread_refusal(user, post)
    return answers[key] is None


def can_see_attendees(user, post) -> bool:
    """The names of who is coming: the organising organisation and moderators."""
    return (membership_role(user, post.organisation) is not None
            or is_author(user, post) or can_moderate(user, post))


def can_print_flyer(user, wijk) -> bool:
    """Download the wijk's printable flyer: site admins, the wijk's coordinators, and members (any role) of
    an organisation serving the wijk."""
    if not is_user(user):
        return False
    return (any(serves(m.organisation, wijk) for m in user.memberships) or is_admin(user)
            or is_coordinator(user, wijk))


TEMPLATE_PREDICATES = {f.__name__: f for f in (
    can_post_anything, can_moderate, can_pin, can_edit, can_delete, can_view, can_participate, can_comment,
    can_see_attendees, can_flag, can_manage_wijk, is_moderator, muted_until, can_print_flyer,
    can_manage_municipality, can_configure_wijk,
)}
