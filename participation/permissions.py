"""Who may create, manage, answer and see the results of a participation: plain predicates."""
from accounts.permissions import is_admin, is_user, is_verified
from core.timeutil import utcnow
from partners.permissions import POSTING_ROLES, membership_role
from wijken.permissions import muted_until, serves


def can_create_participation(user, organisation, wijken) -> bool:
    """Posters and admins of a verified organisation that serves every listed wijk."""
    return (organisation is not None and organisation.verified and bool(wijken)
            and membership_role(user, organisation) in POSTING_ROLES
            and all(serves(organisation, wijk) for wijk in wijken))


def can_manage_participation(user, participation) -> bool:
    """The owner: the organisation's posters and admins (and site admins)."""
    return is_admin(user) or membership_role(user, participation.organisation) in POSTING_ROLES


def can_view_participation(user, participation) -> bool:
    """Published participations are public; a draft only for its owner."""
    return participation.status != "draft" or can_manage_participation(user, participation)


def is_open(participation, now=None) -> bool:
    now = now or utcnow()
    return (participation.status == "open" and (participation.opens_at is None or participation.opens_at <= now)
            and now < participation.closes_at)


def is_eligible(user, participation, followed_wijk_ids) -> bool:
    """A verified account, not muted there; for `followers`, following one of its wijken. For `code`, anyone
    holding a letter (the code itself is checked when they answer), unless muted there."""
    if participation.eligibility == "code":
        return not is_user(user) or not (user.is_service or any(muted_until(user, w) for w in participation.wijken))
    if not is_verified(user) or user.is_service:
        return False
    if any(muted_until(user, wijk) for wijk in participation.wijken):
        return False
    if participation.eligibility == "followers":
        return any(w.id in followed_wijk_ids for w in participation.wijken)
    return True


def can_see_results(user, participation, answered: bool) -> bool:
    """The owner always; others per the results visibility (and everyone once it is closed)."""
    if can_manage_participation(user, participation):
        return True
    if participation.status == "draft":
        return False
    if participation.status == "closed":
        return True
    visibility = participation.results_visibility
    return visibility == "live" or (visibility == "after_answering" and answered and is_user(user))


TEMPLATE_PREDICATES = {f.__name__: f for f in (can_manage_participation, is_open)}
