"""Who may see which wijk's dashboard, and who sets goals: plain predicates with explicit arguments.

Site admins see every wijk, coordinators their wijken, members of an organisation the wijken it serves. The goals
page is public; only site admins set goals."""
from sqlalchemy import select

from accounts.permissions import is_admin, is_user
from core.extensions import db
from partners.permissions import membership_role
from wijken.models import Municipality, Wijk, organisation_wijk
from wijken.permissions import is_coordinator, serves


def _organisations(user) -> list:
    return [m.organisation for m in user.memberships if membership_role(user, m.organisation) is not None]


def can_view_insights(user, wijk) -> bool:
    if not is_user(user):
        return False
    return (is_admin(user) or is_coordinator(user, wijk)
            or any(serves(organisation, wijk) for organisation in _organisations(user)))


def can_see_launch_checklist(user, wijk) -> bool:
    return is_admin(user) or is_coordinator(user, wijk)


def can_set_goals(user) -> bool:
    return is_admin(user)


def has_insights(user) -> bool:
    """Anything to see on /inzichten: for the link in the menu."""
    return is_user(user) and bool(is_admin(user) or insight_wijk_ids(user))


def insight_wijk_ids(user) -> set[int]:
    """The wijken whose dashboards a user who is not a site admin may see."""
    coordinated = {r.wijk_id for r in user.wijk_roles if is_coordinator(user, r.wijk)}
    organisations = [o.id for o in _organisations(user)]
    served = set(db.session.scalars(select(organisation_wijk.c.wijk_id).where(
        organisation_wijk.c.organisation_id.in_(organisations)))) if organisations else set()
    return coordinated | served


def insight_wijken(user) -> list[Wijk]:
    query = select(Wijk).outerjoin(Municipality, Municipality.id == Wijk.municipality_id).order_by(
        Municipality.name, Wijk.name)
    if not is_admin(user):
        query = query.where(Wijk.id.in_(insight_wijk_ids(user)))
    return list(db.session.scalars(query))


TEMPLATE_PREDICATES = {f.__name__: f for f in (can_view_insights, can_see_launch_checklist, can_set_goals,
                                               has_insights)}
