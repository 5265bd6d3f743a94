"""Who keeps a voorziening: an admin, or the admin or poster of the organisation that owns it."""
from accounts.permissions import is_admin
from partners.permissions import membership_role


def can_manage_places(user, organisation) -> bool:
    return is_admin(user) or (organisation is not None and membership_role(user, organisation) in ("admin", "poster"))


def can_edit_place(user, place) -> bool:
    return can_manage_places(user, place.organisation)


TEMPLATE_PREDICATES = {"can_edit_place": can_edit_place}
