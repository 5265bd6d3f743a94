"""Who may do what, as far as accounts alone decide: plain predicates with explicit arguments.

Every area keeps its rules in its own `permissions.py` and builds on these; views, the API, socket
handlers and templates (as Jinja globals) call the same functions, so a rule is written once. Nothing
here reads the request.

Privileged roles (site admin, and whatever roles higher areas register with `privileged_role`) only
count once their holder has two-factor authentication on: until then such a user may do what a
resident may. Writing needs a verified e-mail address.
"""
from collections.abc import Callable

_PRIVILEGED_ROLES: list[Callable] = []


def is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def has_two_factor(user) -> bool:
    return is_user(user) and user.two_factor_enabled


def is_verified(user) -> bool:
    """The user confirmed their e-mail address (partner systems' service accounts are created verified)."""
    return is_user(user) and user.email_verified_at is not None


def is_admin(user) -> bool:
    return has_two_factor(user) and user.is_admin


def is_author(user, item) -> bool:
    return is_user(user) and item.author_id == user.id


def privileged_role(holds: Callable) -> Callable:
    """Register `holds(user) -> bool`: a role (held, whether or not it counts yet) that requires
    two-factor authentication."""
    _PRIVILEGED_ROLES.append(holds)
    return holds


def holds_privileged_role(user) -> bool:
    """Site admin, or any role an area registered as privileged (coordinator, organisation moderator...)."""
    return is_user(user) and (user.is_admin or any(holds(user) for holds in _PRIVILEGED_ROLES))


def needs_two_factor(user) -> bool:
    """Holds a role that only counts with two-factor authentication, which is not on yet."""
    return holds_privileged_role(user) and not has_two_factor(user)


TEMPLATE_PREDICATES = {f.__name__: f for f in (is_author, needs_two_factor, is_verified, is_admin,
                                                holds_privileged_role)}
