"""Account use cases: registration, password login, profile, API tokens."""
import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from errors import ValidationError
from extensions import db
from i18n import LANGUAGES
from timeutil import utcnow
from validation import Fields

from .models import ApiToken, User

PASSWORD_MIN = 10


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email) -> User | None:
    if not isinstance(email, str):
        return None
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def _email(fields: Fields) -> str | None:
    from email_validator import EmailNotValidError, validate_email

    email = fields.text("email", max_length=254, required=True)
    if email is None:
        return None
    try:
        return normalise_email(validate_email(email, check_deliverability=False,
                                               test_environment=current_app.testing).normalized)
    except EmailNotValidError:
        fields.error("email", _("Not a valid e-mail address."))
        return None


def create_user(data, *, is_admin: bool = False, verified: bool = False) -> User:
    """Register an account; the e-mail address is unique regardless of case."""
    fields = Fields(data)
    email = _email(fields)
    display_name = fields.text("display_name", max_length=80, required=True)
    password = data.get("password")
    if not isinstance(password, str) or len(password) < PASSWORD_MIN:
        fields.error("password", _("At least %(n)d characters.", n=PASSWORD_MIN))
    fields.check()
    if find_user(email):
        raise ValidationError(_("Some fields need attention."),
                              fields={"email": _("An account with this address already exists.")})
    user = User(email=email, display_name=display_name, is_admin=is_admin,
                email_verified_at=utcnow() if verified else None)
    user.set_password(password)
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ValidationError(_("Some fields need attention."),
                              fields={"email": _("An account with this address already exists.")}) from None
    return user


def authenticate(email, password) -> User | None:
    user = find_user(email)
    if user is None or not isinstance(password, str) or not user.check_password(password):
        return None
    return user


def update_profile(user: User, data) -> User:
    fields = Fields(data)
    display_name = fields.text("display_name", max_length=80, required=True)
    locale = fields.choice("locale", LANGUAGES)
    fields.check()
    user.display_name = display_name
    user.locale = locale
    user.page_state_changed()
    db.session.commit()
    return user


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User) -> tuple[str, ApiToken]:
    """A new bearer token; the caller sees it once, only its hash is stored."""
    token = secrets.token_urlsafe(32)
    record = ApiToken(user_id=user.id, token_hash=_hash(token),
                      expires_at=utcnow() + timedelta(days=current_app.config["API_TOKEN_DAYS"]))
    db.session.add(record)
    db.session.commit()
    return token, record


def user_for_token(token: str) -> User | None:
    record = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(token)))
    if record is None or record.expires_at <= utcnow():
        return None
    return record.user
