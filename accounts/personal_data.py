"""What each area stores about a person: the registry behind the data export and account deletion.

The privacy area (at the top of the layers) asks every area for its part through this registry, so an
area that stores personal data adds its own export and erase functions here, in its own package, and
no other area's code changes. Exporters return JSON-ready data under one key of the export; erasers
run in registration order (lowest layer first, so the account is anonymised before anything else) in
the one transaction of the deletion.
"""
from collections.abc import Callable

from sqlalchemy import delete, select

from core.extensions import db
from core.registries import keyed
from core.timeutil import isoformat, utcnow

from .models import ApiToken, IdempotentRequest, RecoveryCode, User
from .two_factor import unused_recovery_codes

# Stored, like the audit log's default reasons, in the site's language; pages show the translated
# _("deleted user") instead (wijken.serializers.shown_name).
DELETED_NAME = "verwijderde gebruiker"
DELETE_REASON = "account verwijderd"

Exporter = Callable[[User], object]
Eraser = Callable[[User, str], None]  # (user, content): content is "keep" or "remove" for their posts

_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: list[Eraser] = []


def exports(key: str) -> Callable[[Exporter], Exporter]:
    """Register `func(user)` as the export of `key`."""
    return keyed(_EXPORTERS, key, unique="exports")


def erases(func: Eraser) -> Eraser:
    """Register `func(user, content)` to erase or anonymise what its area keeps about a deleted user."""
    _ERASERS.append(func)
    return func


def exported(user: User) -> dict:
    return {key: export(user) for key, export in _EXPORTERS.items()}


def erase(user: User, content: str) -> None:
    for eraser in _ERASERS:
        eraser(user, content)


def rows(query) -> list:
    """The ORM objects of `query`, for exporters and erasers."""
    return list(db.session.scalars(query).unique())


def delete_rows(user: User, *models) -> None:
    """Delete the rows of each model that belong to `user` alone (their `user_id` column)."""
    for model in models:
        db.session.execute(delete(model).where(model.user_id == user.id).execution_options(synchronize_session=False))


def deleted_email(user: User) -> str:
    """The placeholder address of a deleted account: unique, and never deliverable (RFC 2606 .invalid)."""
    return f"deleted-{user.id}@deleted.invalid"


@exports("profile")
def _profile(user: User) -> dict:
    return {
        "id": user.id, "email": user.email, "display_name": user.display_name, "locale": user.locale,
        "is_admin": user.is_admin, "created_at": isoformat(user.created_at),
        "email_verified_at": isoformat(user.email_verified_at),
        "two_factor_enabled": user.two_factor_enabled, "two_factor_enabled_at": isoformat(user.totp_enabled_at),
        "recovery_codes_left": unused_recovery_codes(user), "has_password": bool(user.password_hash),
    }


@exports("api_tokens")
def _api_tokens(user: User) -> list[dict]:
    return [{"created_at": isoformat(created), "expires_at": isoformat(expires)}
            for created, expires in db.session.execute(
                select(ApiToken.created_at, ApiToken.expires_at).where(ApiToken.user_id == user.id)
                .order_by(ApiToken.id))]


@erases
def _anonymise(user: User, content: str) -> None:
    """Keep the row (the audit log and kept content point to it), erase everything that identifies them."""
    user.email = deleted_email(user)
    user.display_name = DELETED_NAME
    user.password_hash = None
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    user.locale = None
    user.is_admin = False
    user.deleted_at = utcnow()
    user.page_state_changed()
    user.end_sessions()
    db.session.flush()
    delete_rows(user, RecoveryCode, ApiToken, IdempotentRequest)
