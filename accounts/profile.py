"""The person's own profile (`/me` and `GET /api/v1/me`): the account's fields, and what each area adds.

An area registers `@profile_fields(Model)` (`fn(user) -> dict` merged into the JSON profile, its shape declared
by `Model`, which becomes part of the API's `Me`) and `@profile_panel(template)` (`fn(user) -> dict`, the
context of a template included on the /me page, under the name `panel`), so the profile grows with the areas
without this module knowing them.
"""
from collections.abc import Callable
from functools import cache

from pydantic import create_model

from .schemas import MeBase

_FIELDS: list[Callable] = []
_PARTS: list[type] = []
_PANELS: list[tuple[str, Callable]] = []


def profile_fields(model: type):
    def register(fn: Callable) -> Callable:
        _FIELDS.append(fn)
        _PARTS.append(model)
        return fn
    return register


def profile_panel(template: str):
    def register(fn: Callable) -> Callable:
        _PANELS.append((template, fn))
        return fn
    return register


def me_schema() -> type:
    """`Me`: the account's fields and every area's part."""
    return _me(tuple(_PARTS))


@cache
def _me(parts: tuple) -> type:
    fields = {name: (info.annotation, info) for part in parts for name, info in part.model_fields.items()}
    return create_model("Me", __base__=MeBase, **fields)


def profile_json(user) -> dict:
    data = {"id": user.id, "email": user.email, "display_name": user.display_name, "locale": user.locale,
            "is_admin": user.is_admin, "created_at": user.created_at}
    for fn in _FIELDS:
        data |= fn(user)
    return me_schema()(**data).dump()


def profile_panels(user) -> list[tuple[str, dict]]:
    """(template, context) of each area's panel on the /me page, in the areas' order."""
    return [(template, fn(user)) for template, fn in _PANELS]
