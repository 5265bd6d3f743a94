"""Who keeps the wijkagenda: plain predicates on the wijk's and the organisations' roles."""
from partners.permissions import POSTING_ROLES, membership_role
from wijken.permissions import can_manage_wijk, serves


def can_add_agenda_item(user, wijk, organisation=None) -> bool:
    """The wijk's coordinators (and admins); an organisation's posters and admins, for an organisation that
    serves the wijk, add items it owns."""
    if can_manage_wijk(user, wijk):
        return True
    return (organisation is not None and organisation.verified and serves(organisation, wijk)
            and membership_role(user, organisation) in POSTING_ROLES)


def can_change_agenda_item(user, item) -> bool:
    """The coordinators, and the owning organisation's posters and admins."""
    return can_manage_wijk(user, item.wijk) or (
        item.organisation is not None and membership_role(user, item.organisation) in POSTING_ROLES)


TEMPLATE_PREDICATES = {f.__name__: f for f in (can_add_agenda_item, can_change_agenda_item)}
