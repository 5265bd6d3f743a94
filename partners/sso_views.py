"""Single sign-on pages: "Log in via <organisation>" and its callback, and the site admin's settings page.

A refused login (wrong domain, no role, disabled provider, a state or nonce that does not match, an error
at the provider) always ends the same way: nothing written, a message, and back to /login.
"""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from accounts.login_flow import begin_login
from accounts.permissions import is_admin
from core.errors import ValidationError, require
from core.extensions import db, limiter
from core.urls import safe_next
from core.validation import apply_errors
from partners import sso
from partners.forms import IdentityProviderForm
from partners.services import organisation_by_slug

bp = Blueprint("sso", __name__)

NEXT_KEY = "sso_next"
FORM_FIELDS = ("issuer", "client_id", "client_secret", "email_domain", "groups_claim", "role_map", "default_role",
               "enabled")


def _limit() -> str:
    """Every start and callback talks to a provider: limited per IP address like the other ways in."""
    return current_app.config.get("AUTH_LIMIT_PER_IP", "20 per minute")


def _refused(exc: sso.SsoRefused):
    db.session.rollback()
    flash(exc.message, "error")
    return redirect(url_for("accounts.login"))


@bp.get("/login/sso/<slug>")
@limiter.limit(_limit, scope="auth-sso")
def start(slug):
    """Off to the organisation's identity provider."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("wijken.index"))
    try:
        response = sso.authorization_redirect(sso.usable_provider(slug))
    except sso.SsoRefused as exc:
        return _refused(exc)
    session[NEXT_KEY] = safe_next(request.args.get("next"))
    return response


@bp.get("/login/sso/<slug>/callback")
@limiter.limit(_limit, scope="auth-sso")
def callback(slug):
    """Back from the provider: check its answer, bring the role up to date, log in (or ask for the code)."""
    next_url = session.pop(NEXT_KEY, None)
    try:
        user = sso.finish_login(slug)
    except sso.SsoRefused as exc:
        return _refused(exc)
    return begin_login(user, remember=False, next_url=next_url)


# --- /beheer: site admins configure an organisation's provider ---------------------

def _form_data(provider) -> dict:
    if provider is None:
        return {"enabled": True}
    return {"issuer": provider.issuer, "client_id": provider.client_id, "email_domain": provider.email_domain,
            "groups_claim": provider.groups_claim, "role_map": sso.format_role_map(provider.role_map),
            "default_role": provider.default_role or "", "enabled": provider.enabled}


@bp.route("/beheer/organisaties/<slug>/sso", methods=["GET", "POST"])
@login_required
def settings(slug):
    require(is_admin(current_user))
    org = organisation_by_slug(slug)
    provider = sso.provider_of(org)
    form = IdentityProviderForm(data=_form_data(provider))
    if form.validate_on_submit():
        try:
            provider = sso.save_identity_provider(current_user, org, {name: form[name].data for name in FORM_FIELDS})
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            flash(_("Single sign-on for %(name)s is saved.", name=org.name), "success")
            return redirect(url_for("sso.settings", slug=org.slug))
    return render_template("partners/sso_form.html", form=form, organisation=org, provider=provider,
                           redirect_uri=sso.redirect_uri(org)), 422 if request.method == "POST" else 200
