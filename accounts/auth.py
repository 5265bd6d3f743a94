"""Who is calling the API: a bearer token, never the browser's session cookie.

Keeping the API on tokens alone means a logged-in browser cannot be tricked
into writing through the API (no CSRF surface), while forms keep CSRF tokens.
"""
from functools import wraps

from flask import g, request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import Unauthorized

from .services import user_for_token


def api_user():
    """The token's user, or an anonymous user (who can only read)."""
    if "api_user" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        user = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if header and user is None:
            raise Unauthorized(_("The token is missing, invalid or expired."))
        g.api_user = user or AnonymousUserMixin()
    return g.api_user


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not api_user().is_authenticated:
            raise Unauthorized(_("Log in with a bearer token."))
        return view(*args, **kwargs)
    return wrapped
