"""The outbox: mail is written in the transaction that causes it and delivered after commit, once.

`queue_mail` adds a message with an idempotency key (a second message with the
same key is dropped by the database: ON CONFLICT DO NOTHING), so whatever is
retried writes each message once. `deliver_due` claims pending messages one at a
time (UPDATE ... WHERE status = 'pending' RETURNING: two workers never claim the
same one), sends it, and records the outcome:

- sent: done, never sent again;
- a temporary failure (server unreachable, 4xx): back to pending, retried with
  backoff (MAIL_RETRY_DELAYS) and marked failed after the last delay, visible to
  site admins, who can retry it;
- a permanent refusal (5xx for the recipient): bounced, and the address is
  suppressed so it is not tried again and again;
- about a post that is no longer published: cancelled.

A worker that dies between the SMTP server accepting a message and the commit
that marks it sent leaves it `sending`; after MAIL_CLAIM_TIMEOUT it is tried
again. That window, milliseconds wide, is the only way a message can arrive twice.
"""
import smtplib
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite

from core.extensions import db
from core.mail import MAIL_ERRORS, MailNotBuildable, send_mail
from core.timeutil import utcnow
from core.transactions import collect, commit
from wijken.models import Post

from .models import OutboundMail, SuppressedAddress

# A message's states as site admins read them on /beheer/mail (the code stays in the database and the API).
STATUS_LABELS = {"pending": _l("waiting"), "sending": _l("being sent"), "sent": _l("sent"), "failed": _l("failed"),
                 "bounced": _l("bounced"), "cancelled": _l("cancelled")}

DELIVER = "deliver"  # the after-commit work (reach.jobs) a transaction that queued mail asks for


def queue_mail(key: str, recipient: str, kind: str, subject: str, text: str, html: str, *,
               headers: dict | None = None, post_id: int | None = None) -> None:
    """Add a message to the outbox in the current transaction, unless one with this key exists."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    db.session.execute(dialect.insert(OutboundMail).values(
        key=key[:300], recipient=recipient, kind=kind, subject=subject[:300], text=text, html=html,
        headers=headers or {}, post_id=post_id, status="pending", attempts=0, next_attempt_at=utcnow(),
        created_at=utcnow()).on_conflict_do_nothing(index_elements=["key"]))
    collect("reach.jobs", DELIVER)


def is_suppressed(email: str) -> bool:
    return bool(suppressed_among([email]))


def suppressed_among(emails: list[str]) -> set[str]:
    """Which of these addresses bounced before (one query)."""
    if not emails:
        return set()
    return set(db.session.scalars(select(SuppressedAddress.email).where(SuppressedAddress.email.in_(emails))))


def _claim() -> OutboundMail | None:
    """Take the oldest due message, or one a dead worker left `sending` too long ago."""
    now = utcnow()
    stale = now - timedelta(seconds=current_app.config["MAIL_CLAIM_TIMEOUT"])
    due = ((OutboundMail.status == "pending") & (OutboundMail.next_attempt_at <= now)) | (
        (OutboundMail.status == "sending") & (OutboundMail.claimed_at < stale))
    candidate = select(OutboundMail.id).where(due).order_by(OutboundMail.id).limit(1).scalar_subquery()
    claimed = db.session.execute(
        update(OutboundMail).where(OutboundMail.id == candidate, due)
        .values(status="sending", claimed_at=now, attempts=OutboundMail.attempts + 1)
        .returning(OutboundMail.id).execution_options(synchronize_session=False)).scalar()
    commit()
    return db.session.get(OutboundMail, claimed) if claimed else None


def _still_relevant(message: OutboundMail) -> bool:
    if message.post_id is None:
        return True
    post = db.session.get(Post, message.post_id)
    return post is not None and post.status == "published"


def _permanent(exc: Exception) -> bool:
    """A 5xx refusal of the recipient or message: trying again will not help."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def _record_failure(message: OutboundMail, exc: Exception) -> None:
    message.last_error = f"{type(exc).__name__}: {exc}"[:500]
    if _permanent(exc):
        message.status = "bounced"
        if not is_suppressed(message.recipient):
            db.session.add(SuppressedAddress(email=message.recipient, reason=message.last_error))
        return
    delays = current_app.config["MAIL_RETRY_DELAYS"]
    if message.attempts > len(delays):
        message.status = "failed"
        return
    message.status = "pending"
    message.next_attempt_at = utcnow() + timedelta(seconds=delays[message.attempts - 1])


def deliver(message: OutboundMail) -> None:
    """Send one claimed message and record what happened."""
    if not _still_relevant(message):
        message.status = "cancelled"
    elif is_suppressed(message.recipient):
        message.status, message.last_error = "bounced", "address suppressed after an earlier bounce"
    else:
        try:
            send_mail(message.recipient, message.subject, message.text, message.html, headers=message.headers)
        except MAIL_ERRORS as exc:
            _record_failure(message, exc)
        except MailNotBuildable as exc:  # trying again will not help: failed at once, for the admins to see
            current_app.logger.error("mail %s to %s cannot be built: %s", message.id, message.recipient, exc)
            message.status, message.last_error = "failed", str(exc)[:500]
        else:
            message.status, message.sent_at = "sent", utcnow()
    commit()


def deliver_due(limit: int = 500) -> int:
    """Deliver due messages until none is left (or `limit`); returns how many were tried."""
    tried = 0
    while tried < limit and (message := _claim()) is not None:
        deliver(message)
        tried += 1
    return tried


def unsuppress(email: str) -> None:
    """Site admins: an address that bounced may get mail again (say, after its owner fixed their mailbox)."""
    db.session.execute(delete(SuppressedAddress).where(SuppressedAddress.email == email))
    commit()


def retry_failed(ids: list[int]) -> int:
    """Site admins: give failed messages another round of attempts."""
    result = db.session.execute(
        update(OutboundMail).where(OutboundMail.id.in_(ids), OutboundMail.status == "failed")
        .values(status="pending", attempts=0, next_attempt_at=utcnow(), last_error=None)
        .execution_options(synchronize_session=False))
    collect("reach.jobs", DELIVER)
    commit()
    return result.rowcount
