"""Which language a request is answered in: Dutch first, English second."""
from flask import has_request_context, request
from flask_login import current_user

LANGUAGES = ("nl", "en")


def choose_locale(user_locale: str | None) -> str:
    """The user's chosen language, else the `lang` cookie, else Dutch."""
    for choice in (user_locale, request.cookies.get("lang")):
        if choice in LANGUAGES:
            return choice
    return "nl"


def select_locale() -> str:
    """Flask-Babel's locale selector."""
    if not has_request_context():
        return "nl"
    return choose_locale(current_user.locale if current_user.is_authenticated else None)
