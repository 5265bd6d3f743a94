"""Forms of ideas: they render the fields and carry CSRF; the services validate."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField

from .models import ALT_MAX
from .services import ANSWER_MAX, BODY_MAX, LOCATION_MAX, TEMPLATE_TITLE_MAX, TITLE_MAX
from .states import ANSWER_STATES, STATE_LABELS


class IdeaForm(FlaskForm):
    title = StringField(_l("Your idea in one sentence"), render_kw={"maxlength": TITLE_MAX},
                        description=_l("At most %(n)d characters.", n=TITLE_MAX))
    body = TextAreaField(_l("Explain your idea"), render_kw={"rows": 6, "maxlength": BODY_MAX})
    location = StringField(_l("Where in the wijk (optional)"), render_kw={"maxlength": LOCATION_MAX},
                           description=_l("A street, a square or a building."))
    lat = StringField(_l("Latitude"), render_kw={"inputmode": "decimal"})
    lon = StringField(_l("Longitude"), render_kw={"inputmode": "decimal"})
    photo = FileField(_l("A photo (optional)"), render_kw={"accept": "image/jpeg,image/png,image/webp,image/heic"},
                      description=_l("JPEG, PNG, WebP or HEIC, at most 10 MB. We remove the location from it."))
    alt = StringField(_l("What the photo shows (required with a photo)"), render_kw={"maxlength": ALT_MAX})
    confirm = HiddenField()  # "1" once the similar ideas were shown and the resident still submits theirs


def _state_choices():
    return [(state, STATE_LABELS[state]) for state in ANSWER_STATES]


class AnswerForm(FlaskForm):
    state = SelectField(_l("Answer"), choices=_state_choices)
    body = TextAreaField(_l("The answer and its reason"), render_kw={"rows": 5, "maxlength": ANSWER_MAX})


class TemplateForm(FlaskForm):
    title = StringField(_l("Name of the saved answer"), render_kw={"maxlength": TEMPLATE_TITLE_MAX})
    state = SelectField(_l("Answer"), choices=_state_choices)
    body = TextAreaField(_l("The answer and its reason"), render_kw={"rows": 4, "maxlength": ANSWER_MAX})
