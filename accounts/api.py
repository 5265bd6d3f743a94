"""JSON API for accounts: tokens and the caller's profile."""
from flask import Blueprint, jsonify
from flask_babel import gettext as _

from accounts import two_factor
from accounts.login_flow import account_key, tell_owner_of_lockout
from core.api import json_body
from core.apidoc import operation
from core.errors import Unauthenticated
from core.ratelimits import auth_limit

from . import schemas
from .auth import api_user, token_required
from .profile import me_schema, profile_json
from .services import authenticate, issue_token

bp = Blueprint("accounts_api", __name__, url_prefix="/api/v1")


@operation(bp, "post", "/tokens", "createToken", "Log in: a bearer token", tag="accounts", ok=schemas.Token, status=201,
           errors=(400, 401, 413, 429), body=schemas.TokenRequest)
@auth_limit("per_ip")
@auth_limit("per_account", key_func=account_key, on_breach=tell_owner_of_lockout)
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
    return jsonify(schemas.Token(token=token, expires_at=record.expires_at).dump()), 201


@operation(bp, "get", "/me", "getMe", "The caller's profile, roles and follows", tag="accounts", ok=me_schema,
           errors=(401,))
@token_required
def me():
    """The caller's profile, roles and follows (each area adds its part: accounts.profile)."""
    return jsonify(profile_json(api_user()))


