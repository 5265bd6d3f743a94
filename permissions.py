"""Who may do what: plain predicates with explicit arguments, one module for all rules.

Views, the API, socket handlers and templates (as Jinja globals) call these same
functions, so every rule is written once. Roles are data (Membership, WijkRole,
User.is_admin); nothing here reads the request.

Privileged roles (site admin, wijk coordinator, an organisation's moderator or
admin) only count once their holder has two-factor authentication on: until
then such a user may do what a resident or poster may, nothing more. Writing
(posting, commenting, reacting, flagging) needs a verified e-mail address.
"""
from timeutil import utcnow
from wijken.kinds import KINDS

POSTING_ROLES = ("poster", "moderator", "admin")
MODERATING_ROLES = ("moderator", "admin")


def _is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def has_two_factor(user) -> bool:
    return _is_user(user) and user.two_factor_enabled


def is_verified(user) -> bool:
    """The user confirmed their e-mail address (partner systems' service accounts are created verified)."""
    return _is_user(user) and user.email_verified_at is not None


def membership_role(user, organisation) -> str | None:
    """The user's role in the organisation; a moderating role without two-factor authentication counts as poster."""
    if not _is_user(user) or organisation is None:
        return None
    role = next((m.role for m in user.memberships if m.organisation_id == organisation.id), None)
    return "poster" if role in MODERATING_ROLES and not has_two_factor(user) else role


def is_coordinator(user, wijk) -> bool:
    return has_two_factor(user) and any(r.wijk_id == wijk.id and r.role == "coordinator" for r in user.wijk_roles)


def is_admin(user) -> bool:
    return has_two_factor(user) and user.is_admin


def holds_privileged_role(user) -> bool:
    """Site admin, coordinator, or an organisation's moderator or admin: roles that require two-factor."""
    return _is_user(user) and (user.is_admin or any(r.role == "coordinator" for r in user.wijk_roles)
                               or any(m.role in MODERATING_ROLES for m in user.memberships))


def needs_two_factor(user) -> bool:
    """Holds a role that only counts with two-factor authentication, which is not on yet."""
    return holds_privileged_role(user) and not has_two_factor(user)


def posting_organisations(user, wijk) -> list:
    """Organisations the user may post as in this wijk."""
    if not _is_user(user):
        return []
    return [m.organisation for m in user.memberships
            if m.role in POSTING_ROLES and m.organisation.serves(wijk)]


def muted_until(user, wijk):
    """Until when the user may not write in this wijk, or None."""
    if not _is_user(user):
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
    if membership_role(user, organisation) not in POSTING_ROLES or not organisation.serves(wijk):
        return False
    return info.organisation_kinds is None or organisation.kind in info.organisation_kinds


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
    org_ids = {m.organisation_id for m in user.memberships if m.role in MODERATING_ROLES}
    return user.is_admin, wijk_ids, org_ids


def is_moderator(user) -> bool:
    everything, wijk_ids, org_ids = moderation_scope(user)
    return everything or bool(wijk_ids or org_ids)


def can_flag(user, item) -> bool:
    """Anyone logged in may flag published content of others that they can see."""
    return (is_verified(user) and item.status == "published" and _post_of(item).status == "published"
            and item.author_id != user.id)


def can_manage_organisation(user, organisation) -> bool:
    return is_admin(user) or membership_role(user, organisation) == "admin"


def is_author(user, item) -> bool:
    return _is_user(user) and item.author_id == user.id


def can_edit(user, item) -> bool:
    """The author edits; an organisation's moderators also edit its posts. Never removed content."""
    if item.status == "removed" or not _is_user(user):
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
    """Comment, react or RSVP: any logged-in user who is not muted there, on a published post."""
    return is_verified(user) and post.status == "published" and not muted_until(user, post.wijk)


def can_see_attendees(user, post) -> bool:
    """The names of who is coming: the organising organisation and moderators."""
    return (membership_role(user, post.organisation) is not None
            or is_author(user, post) or can_moderate(user, post))


def can_print_flyer(user, wijk) -> bool:
    """Download the wijk's printable flyer: site admins, the wijk's coordinators, and members (any role) of
    an organisation serving the wijk."""
    if not _is_user(user):
        return False
    return (any(m.organisation.serves(wijk) for m in user.memberships) or is_admin(user)
            or is_coordinator(user, wijk))


TEMPLATE_PREDICATES = {f.__name__: f for f in (
    can_post_anything, can_moderate, can_pin, can_edit, can_delete, can_view, can_participate,
    can_see_attendees, is_author, can_flag, can_manage_wijk, is_moderator, muted_until, needs_two_factor,
    is_verified, is_admin, holds_privileged_role, can_print_flyer,
)}
