"""An organisation's API clients (/organisaties/<slug>/api-clients): create, list, revoke.

The secret of a new client is shown on the answer to the form and nowhere else:
it is not flashed, not kept in the session, and the page is not cached.
"""
from flask import Blueprint, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectChoice, StringField

from core.errors import ValidationError, require
from core.urls import external_url
from core.validation import apply_errors
from partners.permissions import can_manage_organisation

from . import api_clients, services
from .forms import CheckboxesField
from .models import API_SCOPES, Organisation

bp = Blueprint("api_clients", __name__)

SCOPE_LABELS = {"posts:read": _l("Read wijken, posts and threads (posts:read)"),
                "posts:write": _l("Publish, edit and delete the organisation's posts (posts:write)"),
                "reports": _l("Read and update the meldingen the organisation handles (reports)")}


class ApiClientForm(FlaskForm):
    name = StringField(_l("Name"), render_kw={"maxlength": api_clients.NAME_MAX},
                       description=_l("Which system posts with it, e.g. “Meldkamer”. Shown with its posts."))
    # Reading and posting are what most clients need; handling meldingen is asked for on purpose.
    scopes = CheckboxesField(_l("What it may do"), validate_choice=False, default=["posts:read", "posts:write"],
                             choices=[SelectChoice(s, SCOPE_LABELS[s]) for s in API_SCOPES])


def _managed_organisation(slug) -> Organisation:
    org = services.organisation_by_slug(slug)
    require(can_manage_organisation(current_user, org),
            _("Only an admin of the organisation can manage its API clients."))
    return org


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/organisaties/<slug>/api-clients", methods=["GET", "POST"])
@login_required
def api_clients_page(slug):
    org = _managed_organisation(slug)
    form = ApiClientForm()
    if form.validate_on_submit():
        try:
            client, secret = api_clients.create_api_client(
                current_user, org, {"name": form.name.data, "scopes": form.scopes.data or []})
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            return _no_store(make_response(render_template(
                "partners/api_client_created.html", organisation=org, client=client, secret=secret,
                token_url=external_url("oauth.token"), scope_labels=SCOPE_LABELS)))
    status = 422 if request.method == "POST" else 200
    return _no_store(make_response(render_template(
        "partners/api_clients.html", organisation=org, clients=api_clients.api_clients_of(org), form=form,
        scope_labels=SCOPE_LABELS), status))


@bp.post("/organisaties/<slug>/api-clients/<int:client_pk>/intrekken")
@login_required
def revoke(slug, client_pk):
    org = _managed_organisation(slug)
    client = api_clients.api_client_of(org, client_pk)  # CSRFProtect has checked the form's token
    already = client.revoked_at is not None
    api_clients.revoke_api_client(current_user, client)
    flash(_("%(name)s was already revoked.", name=client.name) if already else
          _("%(name)s is revoked: its tokens no longer work.", name=client.name), "success")
    return redirect(url_for("api_clients.api_clients_page", slug=org.slug))
