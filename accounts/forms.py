"""Account forms: rendering and CSRF; services validate."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectChoice, SelectField, StringField


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail address"), render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), render_kw={"autocomplete": "current-password"})
    remember = BooleanField(_l("Stay logged in"))


class RegisterForm(FlaskForm):
    email = EmailField(_l("E-mail address"), render_kw={"autocomplete": "email"})
    display_name = StringField(_l("Your name as others see it"),
                               render_kw={"autocomplete": "nickname", "maxlength": 80})
    password = PasswordField(_l("Password"), render_kw={"autocomplete": "new-password", "minlength": 10},
                             description=_l("At least 10 characters."))


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Display name"), render_kw={"maxlength": 80})
    locale = SelectField(_l("Language"), choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")],
                         validate_choice=False)
