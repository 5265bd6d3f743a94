"""Who may act for an organisation: plain predicates over memberships (roles are data)."""
from accounts.permissions import has_two_factor, is_admin, is_user, privileged_role

POSTING_ROLES = ("poster", "moderator", "admin")
MODERATING_ROLES = ("moderator", "admin")


def roles_count(user) -> bool:
    """An organisation role counts only with two-factor authentication: every role may post as the
    organisation, and its announcements, wijkschouw calls and (politie, gemeente) burglary warnings are
    e-mailed to the followers at once. A partner system's service account never logs in: its client
    secret is its proof."""
    return has_two_factor(user) or user.is_service


def membership_role(user, organisation) -> str | None:
    """The user's role in the organisation; without two-factor authentication any role is only "member":
    it neither posts as the organisation, nor moderates, nor manages."""
    if not is_user(user) or organisation is None:
        return None
    role = next((m.role for m in user.memberships if m.organisation_id == organisation.id), None)
    return role if role is None or roles_count(user) else "member"


@privileged_role
def holds_organisation_role(user) -> bool:
    """Poster, moderator or admin of an organisation (a partner system's service account aside)."""
    return not user.is_service and any(m.role in POSTING_ROLES for m in user.memberships)


def can_manage_organisation(user, organisation) -> bool:
    return is_admin(user) or membership_role(user, organisation) == "admin"


def moderated_organisation_ids(user) -> set[int]:
    """The organisations whose posts (and the comments under them) this user moderates."""
    if not has_two_factor(user):
        return set()
    return {m.organisation_id for m in user.memberships if m.role in MODERATING_ROLES}


TEMPLATE_PREDICATES = {f.__name__: f for f in (can_manage_organisation,)}
