"""Forms for following a wijk by e-mail only."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField

FREQUENCY_CHOICES = [SelectChoice("weekly", _l("Once a week")), SelectChoice("daily", _l("Every day"))]


class SubscribeForm(FlaskForm):
    email = EmailField(_l("Your e-mail address"), render_kw={"autocomplete": "email"})
    frequency = SelectField(_l("How often"), choices=FREQUENCY_CHOICES, validate_choice=False)
