"""Domain errors and the one error handler.

Services raise the domain errors below; views may catch them to show a form
error. Whatever escapes reaches `handle_error`, which answers in the JSON error
shape of the contract for API clients and with a friendly page otherwise.
"""
from collections.abc import Callable

from flask import Flask, flash, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class AppError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, fields: dict[str, str] | None = None, code: str | None = None,
                 details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.details = details or {}  # more keys of the JSON error, e.g. `retry_at` of a refusal that passes
        if code:
            self.code = code

    @property
    def summary(self) -> str:
        """One line for a flash message: the first field's problem, else the general message."""
        return next(iter(self.fields.values()), self.message)


class ValidationError(AppError):
    status = 422
    code = "validation_failed"


class Unauthenticated(AppError):
    status = 401
    code = "unauthorized"


class PermissionDenied(AppError):
    status = 403
    code = "forbidden"


class NotFound(AppError):
    status = 404
    code = "not_found"


class Conflict(AppError):
    status = 409
    code = "conflict"


def require(allowed: bool, message: str | None = None) -> None:
    """Raise PermissionDenied unless `allowed`: the one way routes enforce a predicate."""
    if not allowed:
        raise PermissionDenied(message or _("You are not allowed to do this."))


def attempt(action: Callable[[], object], success: str) -> bool:
    """Run a form's service call: a refusal (an AppError) becomes an error message on the next page and
    changes nothing, else `success` is shown. Whether it went through."""
    try:
        action()
    except AppError as error:
        flash(error.summary, "error")
        return False
    flash(success, "success")
    return True


def wants_json() -> bool:
    """API paths always get JSON; elsewhere the client's Accept header decides."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


def _http_code(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


# A refused form (not allowed, muted, too many tries, an expired form) keeps what was typed: the error page
# shows these fields again, in a form that sends everything once more. Other fields go along hidden; secrets never.
TYPED_FIELDS = {"title": _l("Title"), "body": _l("Your text"), "text": _l("Explanation")}
NEVER_RESENT = ("csrf_token", "password", "code", "otp", "secret", "token")


KEEPS_TYPED = (400, 403, 409, 429)  # refused, not broken (a 413's body is not read again)


def _typed_form(status: int) -> dict | None:
    if request.method != "POST" or request.path.startswith("/api/") or status not in KEEPS_TYPED:
        return None
    try:
        form = request.form
    except HTTPException:
        return None
    typed = [(name, str(label), value) for name, label in TYPED_FIELDS.items()
             if (value := form.get(name, "")).strip()]
    if not typed:
        return None
    hidden = [(name, value) for name, value in form.items(multi=True)
              if name not in TYPED_FIELDS and not any(secret in name for secret in NEVER_RESENT)]
    return {"action": request.full_path.rstrip("?"), "typed": typed, "hidden": hidden}


def error_response(status: int, code: str, message: str, fields: dict | None = None, details: dict | None = None):
    if wants_json():
        body = {"error": {**(details or {}), "code": code, "message": message}}
        if fields:
            body["error"]["fields"] = fields
        return jsonify(body), status
    return render_template("errors/error.html", status=status, message=message, kept=_typed_form(status)), status


def handle_app_error(exc: AppError):
    return error_response(exc.status, exc.code, exc.message, exc.fields, exc.details)


def handle_http_error(exc: HTTPException):
    messages = {
        400: _("The request could not be understood."),
        401: _("Please log in first."),
        403: _("You are not allowed to do this."),
        404: _("This page does not exist (any more)."),
        405: _("This method is not allowed here."),
        413: _("That is too large."),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Please try again later."),
    }
    if isinstance(exc, CSRFError):  # Flask-WTF's English reason ("The CSRF session token is missing.")
        return error_response(400, "bad_request", _("This form was open too long or came from another browser "
                                                    "window. Send it again."))
    # Flask-Limiter describes a 429 by its limit ("5 per 1 minute"): people get the friendly sentence.
    custom = exc.code != 429 and exc.description and exc.description != type(exc).description
    message = exc.description if custom else messages.get(exc.code, exc.description or "")
    return error_response(exc.code or 500, _http_code(exc), message)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(AppError, handle_app_error)
    app.register_error_handler(HTTPException, handle_http_error)
