"""JSON API for accounts: tokens and the caller's profile."""
from flask import Blueprint, jsonify, request
from flask_babel import gettext as _
from sqlalchemy import select

from errors import AppError, Unauthenticated
from extensions import db, limiter
from timeutil import isoformat
from wijken.models import Follow
from wijken.serializers import organisation_brief

from .auth import api_user, token_required
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
@limiter.limit("10 per minute")
def create_token():
    data = json_body()
    user = authenticate(data.get("email"), data.get("password"))
    if user is None:
        raise Unauthenticated(_("Wrong e-mail address or password."), code="invalid_credentials")
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
