"""Two-factor authentication: TOTP codes (RFC 6238, pyotp) and one-time recovery codes.

Setting up takes two steps: `begin_setup` stores a fresh secret that does not
count yet, `confirm_setup` turns it on once the user proves their authenticator
app shows the right code, and hands out recovery codes (shown once, stored as
hashes). A code is accepted at most once: the last accepted time step is kept.
"""
import hmac
import secrets
import time

import pyotp
import segno
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from core.errors import ValidationError
from core.extensions import db
from core.timeutil import utcnow
from core.transactions import commit

from .models import RecoveryCode, User
from .services import token_hash

ISSUER = "Wijkpagina"
RECOVERY_CODES = 10
STEP = 30  # seconds per TOTP code
# Accept the code of the previous and next step too: clocks drift and people type slowly.
DRIFT_STEPS = 1


def _normalise(code) -> str:
    return "".join(str(code or "").split()).replace("-", "").lower()


def provisioning_uri(user: User) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(user: User) -> str:
    """The provisioning URI as a QR code, an SVG data: URI for an <img>."""
    return segno.make(provisioning_uri(user), error="m").svg_data_uri(scale=5)


def valid_secret(secret) -> bool:
    try:
        return isinstance(secret, str) and len(secret) >= 16 and bool(pyotp.TOTP(secret).now())
    except (ValueError, TypeError):  # not base32
        return False


def begin_setup(user: User) -> None:
    """A new, not yet active secret (replacing an unconfirmed one)."""
    if user.two_factor_enabled:
        raise ValidationError(_("Two-factor authentication is already on."))
    user.totp_secret = pyotp.random_base32()
    commit()


def _accept_totp(user: User, code: str) -> bool:
    """Check a six-digit code against the secret; a step once accepted is never accepted again."""
    if not (user.totp_secret and code.isdigit() and len(code) == 6):
        return False
    totp, now = pyotp.TOTP(user.totp_secret), int(time.time())
    for offset in range(-DRIFT_STEPS, DRIFT_STEPS + 1):
        step = now // STEP + offset
        if hmac.compare_digest(totp.at(step * STEP), code) and step > (user.totp_last_step or -1):
            user.totp_last_step = step
            return True
    return False


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(4)}-{secrets.token_hex(4)}" for _i in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=token_hash(_normalise(c))) for c in codes)
    return codes


def confirm_setup(user: User, code) -> list[str]:
    """Turn two-factor authentication on with the first code from the app; returns the recovery codes."""
    if user.two_factor_enabled:
        raise ValidationError(_("Two-factor authentication is already on."))
    if not _accept_totp(user, _normalise(code)):
        db.session.rollback()
        raise ValidationError(_("That code is not right."), fields={"code": _("That code is not right.")})
    user.totp_enabled_at = utcnow()
    codes = _new_recovery_codes(user)
    user.page_state_changed()
    user.end_sessions()  # a second factor now guards the account: sessions begun without it end
    commit()
    return codes


def provision(user: User, secret: str) -> None:
    """Turn two-factor authentication on with a known secret (command line; the person already has it)."""
    if not valid_secret(secret):
        raise ValidationError(_("The TOTP secret must be base32, at least 16 characters."),
                              fields={"totp_secret": _("Not a valid base32 secret.")})
    user.totp_secret = secret.upper()
    user.totp_enabled_at = utcnow()
    user.totp_last_step = None


def verify(user: User, code) -> bool:
    """A current TOTP code or an unused recovery code (which is then used up). Commits what it accepts."""
    if not user.two_factor_enabled:
        return False
    code = _normalise(code)
    if _accept_totp(user, code):
        commit()
        return True
    recovery = db.session.scalar(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == token_hash(code), RecoveryCode.used_at.is_(None)))
    if recovery is None:
        db.session.rollback()
        return False
    recovery.used_at = utcnow()
    commit()
    return True


def unused_recovery_codes(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


def regenerate_recovery_codes(user: User, code) -> list[str]:
    """New recovery codes (the old ones stop working); needs a current code."""
    if not verify(user, code):
        raise ValidationError(_("That code is not right."), fields={"code": _("That code is not right.")})
    codes = _new_recovery_codes(user)
    user.end_sessions()
    commit()
    return codes


def disable(user: User, code, *, required: bool) -> None:
    """Turn two-factor authentication off with a current code; refused while a role requires it."""
    if required:
        raise ValidationError(_("Your role requires two-factor authentication, so it stays on."))
    if not verify(user, code):
        raise ValidationError(_("That code is not right."), fields={"code": _("That code is not right.")})
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.page_state_changed()
    user.end_sessions()
    commit()
