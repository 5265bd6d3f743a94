"""Who may act for an organisation: plain predicates over memberships (roles are data)."""
from accounts.permissions import has_two_factor, is_admin, is_user, privileged_role

POSTING_ROLES = ("poster", "moderator", "admin")
MODERATING_ROLES = ("moderator", "admin")


def membership_role(user, organisation) -> str | None:
    """The user's role in the organisation; a moderating role without two-factor authentication counts as poster."""
    if not is_user(user) or organisation is None:
        return None
    role = next((m.role for m in user.memberships if m.organisation_id == organisation.id), None)
    return "poster" if role in MODERATING_ROLES and not has_two_factor(user) else role


@privileged_role
def holds_moderating_membership(user) -> bool:
    return any(m.role in MODERATING_ROLES for m in user.memberships)


def can_manage_organisation(user, organisation) -> bool:
    return is_admin(user) or membership_role(user, organisation) == "admin"


def moderated_organisation_ids(user) -> set[int]:
    """The organisations whose posts (and the comments under them) this user moderates."""
    if not has_two_factor(user):
        return set()
    return {m.organisation_id for m in user.memberships if m.role in MODERATING_ROLES}


TEMPLATE_PREDICATES = {f.__name__: f for f in (can_manage_organisation,)}
