"""Notices to a person about their account that go through the outbox (retried, sent once per key)."""
from flask_babel import force_locale, format_datetime
from flask_babel import lazy_gettext as _l

from accounts.models import User
from accounts.signals import account_locked
from core.mail import render_mail
from core.timeutil import isoformat
from core.transactions import commit
from core.urls import external_url

from .outbox import queue_mail


@account_locked.connect
def tell_owner_of_lockout(user: User, until) -> None:
    """Logging in to this account is paused after too many wrong attempts: tell its owner, once per lockout
    window (the key names the window's end), in their language, with the way to a new password."""
    with force_locale(user.locale or "nl"):
        when = format_datetime(until, "HH:mm")
    lines = [_l("Someone (you?) tried to log in to your account several times with a wrong password or code. To "
                "protect your account, logging in is paused until %(time)s.", time=when),
             _l("Was this you? Wait until then, or choose a new password with the button below."),
             _l("Was this not you? Your account is safe as long as nobody guesses your password. To be sure, "
                "choose a new, strong password.")]
    subject, text, html = render_mail("account", _l("Too many attempts to log in to your Wijkpagina account"),
                                      user.locale, lines=lines, link=external_url("accounts.forgot_password"),
                                      link_label=_l("Choose a new password"), name=user.display_name, note=None)
    queue_mail(f"lockout:{user.id}:{isoformat(until)}", user.email, "lockout", subject, text, html)
    commit()
