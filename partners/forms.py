"""Forms of the admin and member pages: rendering and CSRF; services validate."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)

from .models import MEMBERSHIP_ROLES

KIND_LABELS = {"gemeente": _l("Municipality"), "politie": _l("Police"),
               "woningcorporatie": _l("Housing corporation"), "welzijn": _l("Welfare organisation"),
               "bewonersorganisatie": _l("Residents' association"), "overig": _l("Other")}
ROLE_LABELS = {"poster": _l("Poster"), "moderator": _l("Moderator"), "admin": _l("Admin"),
               "coordinator": _l("Coordinator")}
ROLE_CHOICES = [SelectChoice(r, ROLE_LABELS[r]) for r in MEMBERSHIP_ROLES]
REASON_HINT = _l("Optional; stored in the audit log.")


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class LogoForm(FlaskForm):
    logo = FileField(_l("Logo"), validators=[FileAllowed(["png", "jpg", "jpeg", "webp"],
                                                         _l("Upload a PNG, JPEG or WebP image."))],
                     render_kw={"accept": "image/png,image/jpeg,image/webp"},
                     description=_l("Optional. PNG, JPEG or WebP, at most 1 MB; shown at most 256×256 pixels."))
    remove_logo = BooleanField(_l("Remove the logo"))


class OrganisationForm(LogoForm):
    slug = StringField(_l("Short name in addresses (slug)"), render_kw={"maxlength": 64},
                       description=_l("Lower-case letters, digits and hyphens, e.g. gemeente-waalwijk. "
                                      "Cannot be changed later."))
    name = StringField(_l("Name"), render_kw={"maxlength": 120})
    kind = SelectField(_l("Kind"), choices=[SelectChoice(k, label) for k, label in KIND_LABELS.items()],
                       validate_choice=False)
    verified = BooleanField(_l("Verified: shows the verified badge on its posts"))
    description = TextAreaField(_l("Description"), render_kw={"maxlength": 2000, "rows": 4})
    wijken = CheckboxesField(_l("Wijken served"), validate_choice=False)


class MemberForm(FlaskForm):
    email = EmailField(_l("E-mail address"), render_kw={"autocomplete": "off"})
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validate_choice=False)
    reason = StringField(_l("Reason"), render_kw={"maxlength": 1000}, description=REASON_HINT)


class InviteForm(FlaskForm):
    """Invite a colleague by e-mail: own ids, as it shares the members page with MemberForm."""
    email = EmailField(_l("E-mail address"), id="invite-email", render_kw={"autocomplete": "off"})
    role = SelectField(_l("Role"), id="invite-role", choices=ROLE_CHOICES, validate_choice=False)


class RoleForm(FlaskForm):
    """Change or remove one member's role: the row forms of the member list."""
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, validate_choice=False)
    reason = StringField(_l("Reason"), render_kw={"maxlength": 1000})


class CoordinatorForm(FlaskForm):
    wijk = SelectField(_l("Wijk"), validate_choice=False)
    email = EmailField(_l("E-mail address"), render_kw={"autocomplete": "off"})
    reason = StringField(_l("Reason"), render_kw={"maxlength": 1000}, description=REASON_HINT)


class ReasonForm(FlaskForm):
    reason = StringField(_l("Reason"), render_kw={"maxlength": 1000})


class IdentityProviderForm(FlaskForm):
    """An organisation's OpenID Connect provider (accounts/sso.py validates); the secret is never shown back."""
    issuer = StringField(_l("Issuer URL"), render_kw={"maxlength": 300, "autocomplete": "off"},
                         description=_l("As the provider names itself, e.g. https://login.example.nl/realms/staff; "
                                        "its settings are read from /.well-known/openid-configuration there."))
    client_id = StringField(_l("Client ID"), render_kw={"maxlength": 200, "autocomplete": "off"})
    client_secret = PasswordField(_l("Client secret"), render_kw={"maxlength": 500, "autocomplete": "new-password"})
    email_domain = StringField(_l("E-mail domain"), render_kw={"maxlength": 253},
                               description=_l("E.g. waalwijk.nl. Only verified addresses in this domain may log in, "
                                              "and only they are linked to an existing account with that address."))
    groups_claim = StringField(_l("Groups claim"), render_kw={"maxlength": 64},
                               description=_l("The claim that lists a person's groups, e.g. groups. Optional."))
    role_map = TextAreaField(_l("Groups and roles"), render_kw={"rows": 4},
                             description=_l("One group per line: group=role, with role poster, moderator or admin. "
                                            "The highest role of someone's groups counts."))
    default_role = SelectField(_l("Role for everyone else in the e-mail domain"),
                               choices=[SelectChoice("", _l("None: only the groups above get in")), *ROLE_CHOICES],
                               validate_choice=False)
    enabled = BooleanField(_l("Enabled: staff can log in this way"))
