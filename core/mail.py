"""Outgoing e-mail through Flask-Mailman: plain text with an HTML alternative, in the recipient's language."""
import smtplib

from flask import current_app, render_template
from flask_babel import force_locale
from flask_mailman import EmailMultiAlternatives

from core.errors import AppError
from core.extensions import mail

# What a failed delivery raises (connection refused, timeouts, SMTP refusals).
MAIL_ERRORS = (OSError, smtplib.SMTPException)


class MailUnavailable(AppError):
    status = 503
    code = "mail_unavailable"


class MailNotBuildable(ValueError):
    """The message itself is broken (a header with a line break, text that cannot be encoded): no attempt
    will ever send it."""


def send_mail(to: str, subject: str, text: str, html: str | None = None, headers: dict | None = None) -> None:
    """Send one message to `to` through MAIL_SERVER:MAIL_PORT; raises one of MAIL_ERRORS when that fails, and
    MailNotBuildable, before connecting, when the message cannot be built at all."""
    message = EmailMultiAlternatives(subject, text, current_app.config["MAIL_FROM"], [to], headers=headers)
    if html is not None:
        message.attach_alternative(html, "text/html")
    try:
        message.message()  # build it now: a broken message fails here, not half-way through an SMTP session
    except (ValueError, TypeError, LookupError) as exc:  # flask-mailman's BadHeaderError is a ValueError
        raise MailNotBuildable(f"{type(exc).__name__}: {exc}") from exc
    with mail.get_connection() as connection:  # closed also when the server refuses the message
        message.connection = connection
        message.send()


def render_mail(template: str, subject, locale: str | None = None, **context) -> tuple[str, str, str]:
    """(subject, text, html): mail/<template>.txt and .html (autoescaped) in `locale` (Dutch by default).

    `subject` and context values may be lazy strings (lazy_gettext): they are translated in that locale.
    The subject is one line, whatever the names in it hold.
    """
    with force_locale(locale or "nl"):
        return (" ".join(str(subject).split()), render_template(f"mail/{template}.txt", **context),
                render_template(f"mail/{template}.html", **context))


def send_templated(to: str, template: str, subject, locale: str | None = None, **context) -> None:
    """Render a mail (`render_mail`) and send it at once."""
    send_mail(to, *render_mail(template, subject, locale, **context))
