"""JSON API for privacy: the caller's data export and deleting their account."""
from flask import Blueprint, jsonify, request

from accounts.auth import api_user, token_required
from core.api import json_body
from core.ratelimits import auth_limit

from .services import delete_account, export_filename, export_user_data

bp = Blueprint("privacy_api", __name__, url_prefix="/api/v1")


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
