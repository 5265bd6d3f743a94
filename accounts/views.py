"""Login, registration, logout and the profile page."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from errors import ValidationError
from extensions import db, limiter
from partners.moderation import mark_notifications_read
from partners.moderation import notifications as list_notifications
from validation import apply_errors
from wijken.models import Follow

from .forms import LoginForm, ProfileForm, RegisterForm
from .services import authenticate, create_user, update_profile

bp = Blueprint("accounts", __name__)

AUTH_LIMIT = "10 per minute"


def _next_url() -> str:
    target = request.args.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else url_for("wijken.index")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_next_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(_next_url())
        form.password.errors = [_("Wrong e-mail address or password.")]
    return render_template("accounts/login.html", form=form), 422 if request.method == "POST" else 200


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(AUTH_LIMIT, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("wijken.index"))
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = create_user({"email": form.email.data, "display_name": form.display_name.data,
                                "password": form.password.data})
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            login_user(user)
            flash(_("Welcome to Wijkpagina! Find your wijk and follow it."), "success")
            return redirect(_next_url())
    return render_template("accounts/register.html", form=form), 422 if request.method == "POST" else 200


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("You are logged out."), "success")
    return redirect(url_for("wijken.index"))


@bp.route("/meldingen", methods=["GET", "POST"])
@login_required
def notifications():
    """What happened to my content; POST marks everything read."""
    if request.method == "POST":
        mark_notifications_read(current_user)
        return redirect(url_for("accounts.notifications"))
    return render_template("accounts/notifications.html", items=list_notifications(current_user))


@bp.route("/me", methods=["GET", "POST"])
@login_required
def me():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            update_profile(current_user, {"display_name": form.display_name.data, "locale": form.locale.data})
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("accounts.me"))
    follows = db.session.scalars(select(Follow).where(Follow.user_id == current_user.id)).all()
    return render_template("accounts/me.html", form=form, follows=follows)
