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


def send_mail(to: str, subject: str, text: str, html: str | None = None, headers: dict | None = None) -> None:
    """Send one message to `to` through MAIL_SERVER:MAIL_PORT; raises one of MAIL_ERRORS when that fails."""
    with mail.get_connection() as connection:  # closed also when the server refuses the message
        message = EmailMultiAlternatives(subject, text, current_app.config["MAIL_FROM"], [to], headers=headers,
                                         connection=connection)
        if html is not None:
            message.attach_alternative(html, "text/html")
        message.send()


def render_mail(template: str, subject, locale: str | None = None, **context) -> tuple[str, str, str]:
    """(subject, text, html): mail/<template>.txt and .html (autoescaped) in `locale` (Dutch by default).

    `subject` and context values may be lazy strings (lazy_gettext): they are translated in that locale.
    """
    with force_locale(locale or "nl"):
        return (str(subject), render_template(f"mail/{template}.txt", **context),
                render_template(f"mail/{template}.html", **context))


def send_templated(to: str, template: str, subject, locale: str | None = None, **context) -> None:
    """Render a mail (`render_mail`) and send it at once."""
    send_mail(to, *render_mail(template, subject, locale, **context))
