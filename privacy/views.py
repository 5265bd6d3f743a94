"""Privacy pages: the privacy statement, downloading one's data, deleting one's account."""
import json
from datetime import timedelta

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user
from flask_login.config import COOKIE_DURATION
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, EmailField, PasswordField, RadioField, SelectChoice

from core.errors import Conflict, ValidationError
from core.extensions import db
from core.ratelimits import auth_limit
from core.validation import apply_errors
from partners.invitations import INVITATION_DAYS
from privacy.services import delete_account as delete_account_service
from privacy.services import export_filename, export_user_data
from wijken.models import Municipality

bp = Blueprint("privacy", __name__)

LANGUAGE_COOKIE_DAYS = 365  # wijken.views.set_language


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), render_kw={"autocomplete": "current-password"})
    email = EmailField(_l("Your e-mail address"), render_kw={"autocomplete": "email"},
                       description=_l("Your account has no password: type its e-mail address to confirm."))
    content = RadioField(_l("Your posts and comments"), default="keep", validate_choice=False, choices=[
        SelectChoice("keep", _l("Keep them: they stay where they are, signed “deleted user”.")),
        SelectChoice("remove", _l("Remove them: they disappear from every page, feed and the API.")),
    ])
    confirm = BooleanField(_l("I understand that deleting my account cannot be undone."))


@bp.get("/privacy")
def statement():
    """What is stored, why, for how long, who sees it, and the visitor's rights."""
    config = current_app.config
    remember = config.get("REMEMBER_COOKIE_DURATION") or COOKIE_DURATION
    if isinstance(remember, int | float):
        remember = timedelta(seconds=remember)
    municipalities = db.session.scalars(select(Municipality.name).order_by(Municipality.name)).all()
    return render_template("privacy/privacy.html", municipalities=municipalities,
                           event_days=config["EVENT_LOG_RETENTION_DAYS"], token_days=config["API_TOKEN_DAYS"],
                           invitation_days=INVITATION_DAYS, remember_days=remember.days,
                           language_days=LANGUAGE_COOKIE_DAYS)


@bp.get("/me/gegevens")
@login_required
def export():
    """Everything stored about the current user, as a JSON download."""
    body = json.dumps(export_user_data(current_user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{export_filename()}"', "Cache-Control": "no-store"})


@bp.route("/me/verwijderen", methods=["GET", "POST"])
@login_required
@auth_limit("per_ip")
@auth_limit("per_account", key_func=lambda: f"delete-account:{current_user.id}")
def delete_account():
    form = DeleteAccountForm()
    status = 422 if request.method == "POST" else 200
    if form.validate_on_submit():
        if not form.confirm.data:
            form.confirm.errors = [_("Tick this box to confirm.")]
        else:
            try:
                delete_account_service(current_user, {"password": form.password.data, "email": form.email.data,
                                                      "content": form.content.data})
            except ValidationError as exc:
                apply_errors(form, exc.fields)
            except Conflict as exc:
                flash(exc.message, "error")
                status = exc.status
            else:
                logout_user()
                flash(_("Your account has been deleted. Thank you for taking part in your wijk."), "success")
                return redirect(url_for("wijken.index"))
    return render_template("privacy/delete_account.html", form=form), status
