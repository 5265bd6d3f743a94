"""Account use cases: registration, password login, e-mail verification, password reset, address change,
profile, API tokens.

Answers never tell whether an address has an account: registering a known
address, or asking a reset for an unknown one, gets the same answer as the
normal case, and a mail to that address explains what happened instead.
"""
import functools
import hashlib
import secrets
from datetime import timedelta

from email_validator import EmailNotValidError
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from core.emails import checked_email, normalise_email
from core.errors import Conflict, NotFound, ValidationError
from core.extensions import db
from core.i18n import LANGUAGES
from core.mail import MAIL_ERRORS, MailUnavailable, send_templated
from core.timeutil import utcnow
from core.transactions import commit, unit_of_work
from core.urls import external_url
from core.validation import Fields, comparable

from . import links
from .models import ApiToken, User
from .schemas import DISPLAY_NAME_MAX, EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN


def find_user(email) -> User | None:
    """The account with this address, however it is written (normalise_email)."""
    if not comparable(email):
        return None
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _email(fields: Fields) -> str | None:
    email = fields.text("email", max_length=EMAIL_MAX, required=True)
    if email is None:
        return None
    email = normalise_email(email)
    try:
        checked_email(email)
    except EmailNotValidError:
        fields.error("email", _("Not a valid e-mail address."))
        return None
    return email


def _password(fields: Fields, name: str = "password") -> str | None:
    password = fields.data.get(name)
    if not isinstance(password, str) or len(password) < PASSWORD_MIN:
        fields.error(name, _("At least %(n)d characters.", n=PASSWORD_MIN))
        return None
    if len(password) > PASSWORD_MAX:
        fields.error(name, _("At most %(n)d characters.", n=PASSWORD_MAX))
        return None
    return password


def create_user(data, *, is_admin: bool = False, verified: bool = False) -> User:
    """Create an account (command line, tests, `register`); the e-mail address is unique regardless of case."""
    fields = Fields(data)
    email = _email(fields)
    display_name = fields.text("display_name", max_length=DISPLAY_NAME_MAX, required=True)
    password = _password(fields)
    fields.check()
    if find_user(email):
        raise ValidationError(_("Some fields need attention."),
                              fields={"email": _("An account with this address already exists.")})
    user = User(email=email, display_name=display_name, is_admin=is_admin,
                email_verified_at=utcnow() if verified else None, locale=data.get("locale"))
    user.set_password(password)
    db.session.add(user)
    try:
        commit()
    except IntegrityError:
        db.session.rollback()
        raise ValidationError(_("Some fields need attention."),
                              fields={"email": _("An account with this address already exists.")}) from None
    return user


def _dummy_hash() -> str:
    """A password hash nobody knows, checked for unknown addresses so they take as long as known ones."""
    return _hash_nobody_knows(current_app.config["PASSWORD_HASH_METHOD"])


@functools.cache
def _hash_nobody_knows(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def authenticate(email, password) -> User | None:
    """The active user with this address and password; None otherwise, in about the same time."""
    user = find_user(email)
    if not isinstance(password, str) or len(password) > PASSWORD_MAX:
        return None
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


def _account_mail(to: str, locale: str | None, subject, lines: list, link: str | None = None,
                  link_label=None, name: str | None = None) -> None:
    send_templated(to, "account", subject, locale, lines=lines, link=link, link_label=link_label, name=name,
                   note=_l("Did you not ask for this? Then you can ignore this e-mail."))


def _send_or_fail(send, *args) -> None:
    """Send an account mail; an unreachable mail server rolls the write back and says so."""
    try:
        send(*args)
    except MAIL_ERRORS:
        db.session.rollback()
        raise MailUnavailable(_("We could not send you an e-mail right now. Please try again later.")) from None


def send_verification(user: User, next_url: str | None = None) -> None:
    """Mail the verification link; `next_url` (a local path) is where the link leads after confirming."""
    _account_mail(user.email, user.locale, _l("Confirm your e-mail address for Wijkpagina"),
                  [_l("Welcome to Wijkpagina! Confirm your e-mail address to post, comment and react.")],
                  links.link(user, "verify", **({"n": next_url} if next_url else {})), _l("Confirm my address"),
                  user.display_name)


def _send_already_registered(email: str, user: User) -> None:
    _account_mail(email, user.locale, _l("You already have a Wijkpagina account"),
                  [_l("Someone (you?) tried to register with this address, but it already has an account."),
                   _l("Forgot your password? Choose a new one here:")],
                  external_url("accounts.forgot_password"), _l("Choose a new password"), user.display_name)


def register(data, next_url: str | None = None) -> User | None:
    """Register and mail a verification link; for a known address, mail its owner instead.

    Returns the new user, or None when the address already had an account; callers
    answer both the same way ("check your mailbox").
    """
    existing = find_user(data.get("email")) if isinstance(data, dict) else None
    if existing is None:
        with unit_of_work():
            user = create_user(data)
            _send_or_fail(send_verification, user, next_url)
        return user
    fields = Fields(data)
    fields.text("display_name", max_length=DISPLAY_NAME_MAX, required=True)
    _password(fields)
    fields.check()
    check_password_hash(_dummy_hash(), data["password"])  # as long as hashing a new account's password
    _send_or_fail(_send_already_registered, existing.email, existing)
    return None


def verify_email(token) -> tuple[User, str | None]:
    """Mark the address verified; NotFound for a broken, expired or already used link.

    Returns the user and where the link leads next (the page they registered from), if anywhere.
    """
    found = links.read_token(token, "verify")
    if found is None:
        raise NotFound(_("This link is not valid (any more). Log in and ask for a new one."), code="invalid_link")
    user, payload = found
    user.email_verified_at = utcnow()
    user.page_state_changed()
    commit()
    return user, payload.get("n")


def resend_verification(user: User) -> None:
    if user.email_verified_at is not None:
        raise ValidationError(_("Your e-mail address is already confirmed."))
    _send_or_fail(send_verification, user)


def request_password_reset(data) -> None:
    """Mail a reset link, or for an unknown address a note that it has no account; the answer is the same."""
    fields = Fields(data)
    email = _email(fields)
    fields.check()
    user = find_user(email)
    if user is not None and user.is_active:
        _send_or_fail(_account_mail, user.email, user.locale, _l("Choose a new password for Wijkpagina"),
                      [_l("Choose a new password with the button below. The link works once, for one hour.")],
                      links.link(user, "reset"), _l("Choose a new password"), user.display_name)
    else:
        _send_or_fail(_account_mail, email, None, _l("Password reset for Wijkpagina"),
                      [_l("Someone (you?) asked to reset the password for this address, but there is no "
                          "Wijkpagina account with it. You can register with this address.")],
                      external_url("accounts.register"), _l("Register"))


def user_for_reset(token) -> User:
    found = links.read_token(token, "reset")
    if found is None:
        raise NotFound(_("This link is not valid (any more). Ask for a new one."), code="invalid_link")
    return found[0]


def reset_password(token, data) -> User:
    """Set a new password through a reset link; it also confirms the address (the mail arrived)."""
    user = user_for_reset(token)
    fields = Fields(data)
    password = _password(fields)
    fields.check()
    user.set_password(password)
    user.email_verified_at = user.email_verified_at or utcnow()
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id, ApiToken.client_id.is_(None)))
    user.page_state_changed()
    user.end_sessions()  # whoever knew the old password is logged out everywhere
    commit()
    return user


def request_email_change(user: User, data) -> None:
    """Mail a confirmation link to the new address; it changes nothing until that link is used."""
    fields = Fields(data)
    email = _email(fields)
    if user.password_hash and not user.check_password(data.get("password") or ""):
        fields.error("password", _("Wrong password."))
    if email == user.email:
        fields.error("email", _("That is already your address."))
    fields.check()
    taken = find_user(email)
    if taken is not None:
        _send_or_fail(_send_already_registered, email, taken)
        return
    _send_or_fail(_account_mail, email, user.locale, _l("Confirm your new e-mail address for Wijkpagina"),
                  [_l("Confirm that this is your new address for Wijkpagina. Until you do, we keep using the "
                      "old one.")],
                  links.link(user, "change_email", e=email), _l("Confirm my new address"), user.display_name)


def confirm_email_change(token) -> User:
    """Switch to the new, now verified address and tell the old one."""
    found = links.read_token(token, "change_email")
    if found is None or not isinstance(found[1].get("e"), str):
        raise NotFound(_("This link is not valid (any more). Ask for a new one."), code="invalid_link")
    user, payload = found
    if find_user(payload["e"]) is not None:
        raise Conflict(_("This address is already in use by another account."), code="email_taken")
    old = user.email
    user.email = payload["e"]
    user.email_verified_at = utcnow()
    user.page_state_changed()
    user.end_sessions()
    db.session.flush()
    try:
        _account_mail(old, user.locale, _l("Your Wijkpagina e-mail address was changed"),
                      [_l("The e-mail address of your Wijkpagina account is now %(email)s.", email=user.email),
                       _l("Was this not you? Reply to this e-mail or contact the municipality at once.")],
                      name=user.display_name)
    except MAIL_ERRORS:
        current_app.logger.warning("could not tell %s about the address change of user %s", old, user.id)
    commit()
    return user


def log_out(user: User) -> None:
    """Logging out ends every session of the person, also copies of this one and remember-me cookies."""
    user.end_sessions()
    commit()


def update_profile(user: User, data) -> User:
    fields = Fields(data)
    display_name = fields.text("display_name", max_length=DISPLAY_NAME_MAX, required=True)
    locale = fields.choice("locale", LANGUAGES)
    fields.check()
    user.display_name = display_name
    user.locale = locale
    user.page_state_changed()
    commit()
    return user


def set_locale(user: User, code: str) -> None:
    """The language a logged-in person chose from the language switch (an unknown code changes nothing)."""
    if code in LANGUAGES and user.locale != code:
        user.locale = code
        user.page_state_changed()
        commit()


def token_hash(secret: str) -> str:
    """What is stored of a high-entropy secret (tokens, client secrets, recovery codes): its SHA-256.

    A fast hash is enough for random secrets of 128 bits and more; passwords get scrypt instead."""
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(user: User) -> tuple[str, ApiToken]:
    """A new bearer token; the caller sees it once, only its hash is stored."""
    token = secrets.token_urlsafe(32)
    record = ApiToken(user_id=user.id, token_hash=token_hash(token),
                      expires_at=utcnow() + timedelta(days=current_app.config["API_TOKEN_DAYS"]))
    db.session.add(record)
    commit()
    return token, record


def user_for_token(token: str) -> tuple[User, frozenset[str] | None] | None:
    """The token's user and scopes, or None for an unknown or expired token.

    A person's token has no scopes (None): it may do what the person may. A partner system's token
    (POST /oauth/token) belongs to the client's service account and carries the scopes it was issued with.
    """
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash(token)))
    if record is None or record.expires_at <= utcnow():
        return None
    scopes = frozenset((record.scope or "").split()) if record.client_id is not None else None
    return record.user, scopes
