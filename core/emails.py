"""E-mail addresses in one form: the form that is stored, compared, looked up and rate limited.

Every lookup by address (login, registration, reset, address change, invitations, single sign-on,
subscriptions, rate-limit keys) normalises first with `normalise_email`, the same function that made the stored
form, so two spellings of one address can never be two accounts, and no answer depends on how it was written.
"""
import unicodedata

from email_validator import EmailNotValidError, validate_email
from flask import current_app, has_app_context


def checked_email(email: str) -> str:
    """email-validator's normalised form of a valid address; raises EmailNotValidError otherwise."""
    testing = has_app_context() and current_app.testing  # allows the .test domains of the test suite
    return validate_email(email, check_deliverability=False, test_environment=testing).normalized


def normalise_email(email: str) -> str:
    """NFKC (full-width and other compatibility letters become plain ones), trimmed, email-validator's form
    (the domain in IDNA's form), lower-cased. Text that is no valid address is only NFKC'd, trimmed and
    lower-cased: it finds nothing, but is compared and counted the same way however it was written."""
    text = unicodedata.normalize("NFKC", email).strip()
    try:
        text = checked_email(text)
    except EmailNotValidError:
        pass
    return text.lower()
