"""Account forms: rendering and CSRF; services validate."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField

from .schemas import DISPLAY_NAME_MAX, PASSWORD_MIN


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Stay logged in"))


class RegisterForm(FlaskForm):
    email = EmailField(_l("E-mail address"), render_kw={"autocomplete": "email"})
    display_name = StringField(_l("Your name as others see it"),
                               render_kw={"autocomplete": "nickname", "maxlength": DISPLAY_NAME_MAX})
    password = PasswordField(_l("Password"), render_kw={"autocomplete": "new-password", "minlength": PASSWORD_MIN},
                             description=_l("At least 10 characters."))


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Display name"), render_kw={"maxlength": DISPLAY_NAME_MAX})
    locale = SelectField(_l("Language"), choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")],
                         validate_choice=False)


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), render_kw={"autocomplete": "one-time-code", "inputmode": "numeric",
                                              "maxlength": 20, "autofocus": True},
                       description=_l("The six digits from your authenticator app, or one of your recovery codes."))


class EmailForm(FlaskForm):
    email = EmailField(_l("E-mail address"), render_kw={"autocomplete": "email"})


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), render_kw={"autocomplete": "new-password",
                                                            "minlength": PASSWORD_MIN},
                             description=_l("At least 10 characters."))


class EmailChangeForm(FlaskForm):
    email = EmailField(_l("New e-mail address"), render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Your password"), render_kw={"autocomplete": "current-password"})
