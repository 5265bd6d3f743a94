"""JSON API for privacy: the caller's data export and deleting their account."""
from flask import Blueprint, jsonify, request

from accounts.auth import api_user, token_required
from core.api import json_body
from core.apidoc import operation
from core.ratelimits import auth_limit

from . import schemas
from .services import delete_account, export_filename, export_user_data

bp = Blueprint("privacy_api", __name__, url_prefix="/api/v1")


@operation(bp, "get", "/me/export", "exportMe", "Everything stored about the caller, as a download", tag="accounts",
           ok=schemas.UserExport, errors=(401,))
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


@operation(bp, "delete", "/me", "deleteMe", "Delete the caller's account", tag="accounts",
           ok_description="Deleted; the token no longer works.", errors=(400, 401, 403, 409, 413, 422, 429),
           body=schemas.AccountDelete,
           description="Personal data are erased and every token, role and follow ends; the account's posts and "
                       "comments stay signed \"deleted user\" or are removed, as `content` says. 422 for a wrong "
                       "password (nothing changed); 409 with code `last_admin` for the last site admin.")
@token_required
@auth_limit("per_account", key_func=_deletion_key, methods=("DELETE",))
def delete_me():
    """Delete the caller's account: {"password" (or "email" without one), "content": "keep" | "remove"}."""
    delete_account(api_user(), json_body())
    return "", 204
