"""Who is calling the API: a bearer token, never the browser's session cookie.

Keeping the API on tokens alone means a logged-in browser cannot be tricked
into writing through the API (no CSRF surface), while forms keep CSRF tokens.

A partner system's token (OAuth2 client credentials, partners/oauth.py) acts as
the client's service account and only within its scopes: `check_token_scope`
runs before every API request and holds it to the scope the view was marked with
(`client_scope`); a view without a mark is refused to partner systems.
"""
from functools import wraps

from flask import Blueprint, Flask, current_app, g, request
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import Unauthorized

from core.errors import PermissionDenied
from core.extensions import csrf

from .idempotency import idempotent
from .services import user_for_token


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
    wrapped.needs_token = True  # core.apidoc: the operation's security
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


def client_scope(scope: str):
    """Mark an API view as open to partner systems' tokens that hold `scope`."""
    def mark(view):
        view.client_scope = scope
        return view
    return mark


def check_token_scope() -> None:
    """Before every API request: a bad token is a 401 at once, a partner token outside its scopes a 403."""
    if request.headers.get("Authorization"):
        view = current_app.view_functions.get(request.endpoint)
        require_scope(getattr(view, "client_scope", None))


def register_api(app: Flask, bp: Blueprint) -> None:
    """Register a JSON API blueprint: bearer tokens only (so no CSRF), scopes checked before every call, and
    every POST honours an Idempotency-Key (accounts/idempotency.py)."""
    csrf.exempt(bp)
    app.register_blueprint(bp)
    app.before_request_funcs.setdefault(bp.name, []).append(check_token_scope)
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(bp.name + ".") and "POST" in (rule.methods or ()):
            view = app.view_functions[rule.endpoint]
            if not getattr(view, "idempotent", False):
                app.view_functions[rule.endpoint] = idempotent(view, api_user)
                app.view_functions[rule.endpoint].idempotent = True
