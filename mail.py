"""Outgoing e-mail: one message over SMTP, built with the standard library's EmailMessage."""
import smtplib
from email.message import EmailMessage

from flask import current_app


def send_mail(to: str, subject: str, text: str, html: str | None = None) -> None:
    """Send one message to `to` through MAIL_SERVER:MAIL_PORT (plain text, with an HTML alternative)."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        smtp.send_message(message)
