"""Idempotency keys: the same write sent twice (a double click, a retry after a lost answer) happens once.

The API: a POST with an `Idempotency-Key` header (any 1 to 255 visible ASCII characters, unique per user)
is done once; sending it again with the same method, path and body replays the first answer (with
`Idempotent-Replayed: true`); the same key with a different request is a 422; while the first is still
running, a 409. Only successful answers (2xx) are kept, for KEEP_HOURS: a refused or failed request may be
sent again with its key. Anonymous calls (such as `POST /api/v1/tokens`) have no one to key on and are
simply done. `register_api` wraps every POST view of the API with `idempotent`.

Forms: the new-post form carries a one-time key in a hidden field; `run_once` answers the second
submission of the same form with the first one's result (`Done.location`) instead of creating again.

The key's row is written and committed before the write itself (so a second request waiting for it sees
it at once, and the unique constraint stops two at the same moment), and filled in or removed after it.
"""
import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps

from flask import Response, make_response, request
from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from core.errors import AppError, Conflict, ValidationError
from core.extensions import db
from core.timeutil import utcnow

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
KEEP_HOURS = 24
RUNNING_SECONDS = 120  # a first request that has not finished by then died with its process


@dataclass
class Done:
    status: int
    body: str | None
    location: str | None


def fingerprint(*parts: str | bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def begin(user_id: int, key: str, print_: str) -> tuple[int | None, Done | None]:
    """Claim `key` for this user: (the row's id, None) to go ahead, or (None, Done) for a request done
    before. Raises Conflict while it runs elsewhere, ValidationError when the key was used for another
    request."""
    now = utcnow()
    db.session.execute(delete(IdempotentRequest).where(
        IdempotentRequest.user_id == user_id, IdempotentRequest.created_at < now - timedelta(hours=KEEP_HOURS)))
    db.session.execute(delete(IdempotentRequest).where(
        IdempotentRequest.user_id == user_id, IdempotentRequest.key == key, IdempotentRequest.status.is_(None),
        IdempotentRequest.created_at < now - timedelta(seconds=RUNNING_SECONDS)))
    found = db.session.scalar(select(IdempotentRequest).where(IdempotentRequest.user_id == user_id,
                                                              IdempotentRequest.key == key))
    if found is None:
        row = IdempotentRequest(user_id=user_id, key=key, fingerprint=print_)
        db.session.add(row)
        try:
            db.session.commit()
        except IntegrityError:  # the same key at the same moment: the other one goes ahead
            db.session.rollback()
            found = db.session.scalar(select(IdempotentRequest).where(IdempotentRequest.user_id == user_id,
                                                                      IdempotentRequest.key == key))
        else:
            return row.id, None
    db.session.commit()
    if found is None or found.status is None:
        raise Conflict(_("This request is still being handled. Please wait a moment."), code="request_in_progress")
    if found.fingerprint != print_:
        raise ValidationError(_("This idempotency key was used for another request."),
                              fields={HEADER: _("Use a new key for a new request.")}, code="idempotency_key_reused")
    return None, Done(found.status, found.body, found.location)


def finish(row_id: int, status: int, body: str | None = None, location: str | None = None) -> None:
    """Keep the answer of a request that succeeded."""
    row = db.session.get(IdempotentRequest, row_id)
    if row is not None:
        row.status, row.body, row.location = status, body, location and location[:500]
        db.session.commit()


def abandon(row_id: int) -> None:
    """The request failed or was refused: forget the key, so it may be sent again."""
    db.session.rollback()
    db.session.execute(delete(IdempotentRequest).where(IdempotentRequest.id == row_id))
    db.session.commit()


def run_once(user, key, action) -> tuple[Done | None, object]:
    """For forms: do `action()` (which returns (result, location)) once per key; a second submission gets
    (Done, None) with the first one's location. Without a usable key, it just runs."""
    if not isinstance(key, str) or not KEY.match(key):
        return None, action()[0]
    row_id, done = begin(user.id, "form:" + key, fingerprint(request.method, request.path))
    if done is not None:
        return done, None
    try:
        result, location = action()
    except BaseException:
        abandon(row_id)
        raise
    finish(row_id, 303, None, location)
    return None, result


def idempotent(view, user_of):
    """Wrap an API view: POSTs with an Idempotency-Key happen once per key (`user_of()` is the caller)."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST":
            return view(*args, **kwargs)
        user = user_of()
        if not user.is_authenticated:
            return view(*args, **kwargs)
        if not KEY.match(key):
            raise AppError(_("An idempotency key is 1 to 255 visible ASCII characters."), code="bad_idempotency_key")
        row_id, done = begin(user.id, key, fingerprint(request.method, request.path, request.get_data()))
        if done is not None:
            replay = Response(done.body, status=done.status, mimetype="application/json")
            replay.headers["Idempotent-Replayed"] = "true"
            if done.location:
                replay.headers["Location"] = done.location
            return replay
        try:
            response = make_response(view(*args, **kwargs))
        except BaseException:
            abandon(row_id)
            raise
        if 200 <= response.status_code < 300:
            finish(row_id, response.status_code, response.get_data(as_text=True), response.headers.get("Location"))
        else:
            abandon(row_id)
        return response
    return wrapped
