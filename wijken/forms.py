"""Forms of the wijk side. They render fields and carry CSRF; services validate."""
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, StringField, TextAreaField

from core.timeutil import to_local

from .schemas import (
    BODY_MAX,
    CAPACITY_MAX,
    COMMENT_MAX,
    EVENT_FIELDS,
    LOCATION_MAX,
    ROUTE_MAX,
    TITLE_MAX,
    WARNING_FIELDS,
)

DATETIME = {"type": "datetime-local"}


def kind_field_names(info) -> tuple[str, ...]:
    return (EVENT_FIELDS if info.is_event else ()) + (WARNING_FIELDS if info.expires else ())


class PostForm(FlaskForm):
    kind = SelectField(_l("Kind of post"), validate_choice=False)
    organisation = SelectField(_l("Post as"), validate_choice=False)
    title = StringField(_l("Title"), render_kw={"maxlength": TITLE_MAX})
    body = TextAreaField(_l("Message"), render_kw={"rows": 8, "maxlength": BODY_MAX},
                         description=_l("You can use Markdown: **bold**, *italic*, [link](https://...)."))
    starts_at = StringField(_l("Starts"), render_kw=DATETIME)
    ends_at = StringField(_l("Ends"), render_kw=DATETIME)
    location = StringField(_l("Location or meeting point"), render_kw={"maxlength": LOCATION_MAX})
    route = TextAreaField(_l("Route"), render_kw={"rows": 3, "maxlength": ROUTE_MAX},
                          description=_l("For a wijkschouw: the streets you will walk."))
    capacity = StringField(_l("Maximum number of participants"),
                           render_kw={"type": "number", "min": 1, "max": CAPACITY_MAX, "inputmode": "numeric"})
    expires_at = StringField(_l("Show as warning until"), render_kw=DATETIME,
                             description=_l("Empty: 14 days from now."))
    # One key per form shown: the same form sent twice (a double click) creates one post.
    form_key = HiddenField(default=lambda: secrets.token_urlsafe(16))

    def submitted_data(self, post=None) -> dict:
        """What the user filled in, as the service's plain dict.

        New post: every non-empty field. Edit: title, body and the post kind's own
        fields, where an emptied optional field clears it.
        """
        if post is None:
            names = ("kind", "organisation", "title", "body", *EVENT_FIELDS, *WARNING_FIELDS)
            return {name: self[name].data for name in names if self[name].data not in (None, "")}
        names = ("title", "body", *kind_field_names(post.kind_info))
        return {name: self[name].data or None for name in names}

    def fill_from(self, post) -> None:
        self.title.data, self.body.data = post.title, post.body
        for name in ("starts_at", "ends_at", "expires_at"):
            value = getattr(post, name)
            self[name].data = to_local(value).strftime("%Y-%m-%dT%H:%M") if value else ""
        self.location.data, self.route.data = post.location, post.route
        self.capacity.data = str(post.capacity) if post.capacity else ""


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Your comment"), render_kw={"rows": 3, "maxlength": COMMENT_MAX})
    parent_id = HiddenField()



LEVEL_CHOICES = [
    SelectChoice("all", _l("Every new post at once")),
    SelectChoice("important", _l("Warnings, wijkschouwen and announcements at once, the rest in a summary")),
    SelectChoice("digest", _l("Only a summary")),
    SelectChoice("none", _l("No e-mail")),
]
DIGEST_CHOICES = [SelectChoice("weekly", _l("Summary once a week")), SelectChoice("daily", _l("Summary every day"))]


class FollowSettingsForm(FlaskForm):
    """The e-mail a follower gets from one wijk (services.follow validates)."""
    class Meta:
        csrf = False  # one page holds a form per wijk inside one <form> with one CSRF token

    level = SelectField(_l("E-mail"), choices=LEVEL_CHOICES, validate_choice=False)
    digest_frequency = SelectField(_l("Summary"), choices=DIGEST_CHOICES, validate_choice=False)
