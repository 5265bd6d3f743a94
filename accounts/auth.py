"""Who is calling the API: a bearer token, never the browser's session cookie.

Keeping the API on tokens alone means a logged-in browser cannot be tricked
into writing through the API (no CSRF surface), while forms keep CSRF tokens.

A partner system's token (OAuth2 client credentials, partners/oauth.py) acts as
the client's service account and only within its scopes: `check_token_scope`
runs before every API request and holds it to CLIENT_OPERATIONS, so no view has
to know about scopes.
"""
from functools import wraps

from flask import g, request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import Unauthorized

from errors import PermissionDenied

from .services import user_for_token

# What a partner system's token may call, by endpoint, and the scope each needs; anything else is refused.
CLIENT_OPERATIONS = {
    **dict.fromkeys(("wijken_api.list_wijken", "wijken_api.show_wijk", "wijken_api.lookup",
                     "wijken_api.list_posts", "wijken_api.show_post", "wijken_api.list_comments",
                     "wijken_api.events", "openapi.openapi_json"), "posts:read"),
    **dict.fromkeys(("wijken_api.create_post", "wijken_api.edit_post", "wijken_api.delete_post"), "posts:write"),
}


def api_user():
    """The token's user, or an anonymous user (who can only read)."""
    if "api_user" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _sep, token = header.partition(" ")
        found = user_for_token(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if header and found is None:
            raise Unauthorized(_("The token is missing, invalid or expired."))
        g.api_user, g.api_scopes = found or (AnonymousUserMixin(), None)
    return g.api_user


def token_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not api_user().is_authenticated:
            raise Unauthorized(_("Log in with a bearer token."))
        return view(*args, **kwargs)
    return wrapped


def require_scope(scope: str | None) -> None:
    """Refuse a partner system's token that lacks `scope` (None: nothing a partner system may call).

    A person's token and anonymous calls have no scopes and pass.
    """
    api_user()
    scopes = g.api_scopes
    if scopes is not None and scope not in scopes:
        message = (_("This token's scope does not allow this: it needs %(scope)s.", scope=scope) if scope else
                   _("A partner system's token cannot be used for this."))
        raise PermissionDenied(message, code="insufficient_scope")


def check_token_scope() -> None:
    """Before every API request: a bad token is a 401 at once, a partner token outside its scopes a 403."""
    if request.headers.get("Authorization"):
        require_scope(CLIENT_OPERATIONS.get(request.endpoint))
