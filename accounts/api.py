"""JSON API for accounts: tokens, the caller's profile, their data export and account deletion."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from errors import AppError, Unauthenticated
from extensions import db
from partners.serializers import notification_json
from ratelimits import account_key, auth_limit, write_limit
from timeutil import isoformat
from wijken.feeds import parse_limit
from wijken.models import Follow
from wijken.serializers import organisation_brief

from . import notifications, two_factor
from .auth import api_user, token_required
from .privacy import delete_account, export_filename, export_user_data
from .services import authenticate, issue_token

bp = Blueprint("accounts_api", __name__, url_prefix="/api/v1")


def json_body(*, optional: bool = False) -> dict:
    """The request's JSON object, or a 400 in the contract's error shape; `optional`: an empty body is {}."""
    if optional and not request.content_length:
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise AppError(_("The body must be a JSON object."), code="malformed")
    return data


@bp.post("/tokens")
@auth_limit("per_ip")
@auth_limit("per_account", key_func=account_key)
def create_token():
    """A bearer token for a person; with two-factor authentication on, `otp` must hold a current code."""
    data = json_body()
    user = authenticate(data.get("email"), data.get("password"))
    if user is None:
        raise Unauthenticated(_("Wrong e-mail address or password."), code="invalid_credentials")
    if user.two_factor_enabled and not two_factor.verify(user, data.get("otp")):
        code = "invalid_otp" if data.get("otp") else "otp_required"
        raise Unauthenticated(_("Give the current code of your authenticator app as otp."), code=code)
    token, record = issue_token(user)
    return jsonify({"token": token, "expires_at": isoformat(record.expires_at)}), 201


@bp.get("/me")
@token_required
def me():
    user = api_user()
    follows = db.session.scalars(select(Follow).where(Follow.user_id == user.id)).all()
    return jsonify({
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "locale": user.locale,
        "is_admin": user.is_admin,
        "created_at": isoformat(user.created_at),
        "roles": {
            "organisations": [organisation_brief(m.organisation) | {"role": m.role} for m in user.memberships],
            "wijken": [{"wijk": r.wijk.slug, "role": r.role} for r in user.wijk_roles],
        },
        "follows": [{"wijk": f.wijk.slug, "level": f.level} for f in follows],
    })


@bp.get("/me/export")
@token_required
def export_me():
    """Everything stored about the caller (AVG/GDPR), as a dated download."""
    response = jsonify(export_user_data(api_user()))
    response.headers["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _deletion_key() -> str:
    """Password attempts through account deletion count per account (the limit runs before token_required)."""
    user = api_user()
    return f"delete-account:{user.id if user.is_authenticated else request.remote_addr}"


@bp.delete("/me")
@token_required
@auth_limit("per_account", key_func=_deletion_key, methods=("DELETE",))
def delete_me():
    """Delete the caller's account: {"password" (or "email" without one), "content": "keep" | "remove"}."""
    delete_account(api_user(), json_body())
    return "", 204


@bp.get("/me/notifications")
@token_required
def my_notifications():
    """The caller's notifications, newest first, keyset-paginated by id (`before`), with the unread count."""
    user = api_user()
    items, next_cursor = notifications.page(user, before=notifications.parse_before(request.args.get("before")),
                                            limit=parse_limit(request.args.get("limit"), 50))
    return jsonify({"items": [notification_json(n) for n in items], "next": next_cursor,
                    "unread": notifications.unread_count(user)})


@bp.post("/me/notifications/read")
@token_required
@write_limit(lambda: f"user:{api_user().id}")
def read_notifications():
    """`{"ids": [...]}` marks those read, `{"all": true}` (or no body) all of them."""
    notifications.mark_read_request(api_user(), json_body(optional=True))
    return "", 204
