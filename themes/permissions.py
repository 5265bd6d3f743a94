"""Who sees (and names) themes: site admins all, coordinators their wijk, members of an organisation the wijken
it serves; a municipality's themes whoever sees every one of its wijken. Roles count with two-factor
authentication only, as everywhere."""
from accounts.permissions import is_admin, is_user
from partners.permissions import roles_count
from wijken.permissions import is_coordinator, serves


def _organisations(user) -> list:
    if not is_user(user) or not roles_count(user):
        return []
    return [m.organisation for m in user.memberships]


def can_see_wijk_themes(user, wijk) -> bool:
    if not is_user(user):
        return False
    return is_admin(user) or is_coordinator(user, wijk) or any(serves(o, wijk) for o in _organisations(user))


def can_see_scope_themes(user, wijken) -> bool:
    """`wijken`: every wijk of the scope (one wijk, or a municipality's). Whoever sees them may name them."""
    return bool(wijken) and all(can_see_wijk_themes(user, w) for w in wijken)


def can_see_themes(user) -> bool:
    """Sees the themes of some wijk (the link to the themes page)."""
    if not is_user(user):
        return False
    return (is_admin(user) or any(is_coordinator(user, r.wijk) for r in user.wijk_roles)
            or any(o.wijken for o in _organisations(user)))


TEMPLATE_PREDICATES = {f.__name__: f for f in (can_see_themes,)}
