"""The person's own profile (`/me` and `GET /api/v1/me`): the account's fields, and what each area adds.

An area registers `@profile_fields` (`fn(user) -> dict` merged into the JSON profile) and
`@profile_panel(template)` (`fn(user) -> dict`, the context of a template included on the /me page,
under the name `panel`), so the profile grows with the areas without this module knowing them.
"""
from collections.abc import Callable

from core.timeutil import isoformat

_FIELDS: list[Callable] = []
_PANELS: list[tuple[str, Callable]] = []


def profile_fields(fn: Callable) -> Callable:
    _FIELDS.append(fn)
    return fn


def profile_panel(template: str):
    def register(fn: Callable) -> Callable:
        _PANELS.append((template, fn))
        return fn
    return register


def profile_json(user) -> dict:
    data = {"id": user.id, "email": user.email, "display_name": user.display_name, "locale": user.locale,
            "is_admin": user.is_admin, "created_at": isoformat(user.created_at)}
    for fn in _FIELDS:
        data |= fn(user)
    return data


def profile_panels(user) -> list[tuple[str, dict]]:
    """(template, context) of each area's panel on the /me page, in the areas' order."""
    return [(template, fn(user)) for template, fn in _PANELS]
