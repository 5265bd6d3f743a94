"""Following a wijk by e-mail only (double opt-in), and stopping a wijk's mail from a link in it.

Subscribing answers the same whatever the address: the confirmation link, or for
an address that is already subscribed a note saying so, goes to the address
itself. Nothing counts until the link in the mail is used.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from accounts.models import User
from accounts.services import _email as validated_email
from core.errors import NotFound
from core.extensions import db
from core.mail import render_mail
from core.timeutil import utcnow
from core.transactions import commit
from core.urls import external_url
from core.validation import Fields
from wijken.kinds import DIGEST_FREQUENCIES
from wijken.models import Follow

from . import tokens
from .models import EmailSubscription
from .outbox import queue_mail


def subscribe(wijk, data, locale: str | None = None) -> EmailSubscription:
    """Ask to get the wijk's digest (and its warnings) at an address; mails the confirmation link."""
    fields = Fields(data)
    email = validated_email(fields)
    frequency = fields.choice("frequency", DIGEST_FREQUENCIES) or "weekly"
    fields.check()
    subscription = db.session.scalar(select(EmailSubscription).where(
        EmailSubscription.wijk_id == wijk.id, EmailSubscription.email == email))
    if subscription is None:
        subscription = EmailSubscription(wijk_id=wijk.id, email=email, frequency=frequency, locale=locale)
        db.session.add(subscription)
        db.session.flush()
    elif subscription.confirmed_at is None:
        subscription.frequency, subscription.locale = frequency, locale
    _queue_confirmation(subscription)
    commit()
    return subscription


def _queue_confirmation(subscription: EmailSubscription) -> None:
    wijk = subscription.wijk
    if subscription.confirmed_at is None:
        lines = [_l("Someone (you?) asked to get the news of %(wijk)s on Wijkpagina at this address.", wijk=wijk.name),
                 _l("Confirm with the button below; until then you get nothing more from us.")]
        link = external_url("mail.confirm_subscription", slug=wijk.slug, token=tokens.for_confirmation(subscription))
        label = _l("Yes, send me the news of %(wijk)s", wijk=wijk.name)
    else:
        lines = [_l("This address already gets the news of %(wijk)s. Nothing has changed.", wijk=wijk.name)]
        link, label = external_url("wijken.wijk", slug=wijk.slug), wijk.name
    subject, text, html = render_mail("account", _l("The news of %(wijk)s by e-mail", wijk=wijk.name),
                                      subscription.locale, lines=lines, link=link, link_label=label, name=None,
                                      note=_l("Did you not ask for this? Then you can ignore this e-mail."))
    # One confirmation mail per address and minute: asking again soon after sends nothing more.
    queue_mail(f"subscribe:{subscription.id}:{utcnow():%Y%m%d%H%M}", subscription.email, "subscribe", subject, text,
               html)


def confirm(token) -> EmailSubscription:
    subscription = tokens.subscription_to_confirm(token)
    if subscription is None:
        raise NotFound(_("This link is not valid (any more). Subscribe again on the wijk page."), code="invalid_link")
    if subscription.confirmed_at is None:
        subscription.confirmed_at = utcnow()
        commit()
    return subscription


def unsubscription(token) -> Follow | EmailSubscription:
    """What an unsubscribe link stops, or a NotFound that changes nothing."""
    target = tokens.unsubscribe_target(token)
    if target is None:
        raise NotFound(_("This unsubscribe link is not valid. Nothing was changed."), code="invalid_link")
    return target


def unsubscribe(token):
    """Stop that wijk's mail (a follow keeps following on the site, without mail); returns the wijk."""
    target = unsubscription(token)
    wijk = target.wijk
    if isinstance(target, Follow):
        target.level = "none"
        db.session.get(User, target.user_id).page_state_changed()
    else:
        db.session.delete(target)
    commit()
    return wijk
