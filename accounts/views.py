"""Login (with the second factor), registration, e-mail verification, password reset, address change,
two-factor set-up, logout and the profile page."""
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from accounts.login_flow import account_key, pending_key, tell_owner_of_lockout
from accounts.permissions import holds_privileged_role
from core.errors import AppError, ValidationError
from core.ratelimits import auth_limit, write_limit
from core.urls import safe_next
from core.validation import apply_errors

from . import services, two_factor
from .forms import CodeForm, EmailChangeForm, EmailForm, LoginForm, NewPasswordForm, ProfileForm, RegisterForm
from .login_flow import (
    PENDING_KEY,
    begin_login,
    finish_login,
    other_sign_in_options,
    pending_user,
    renew_session,
)
from .profile import profile_panels

bp = Blueprint("accounts", __name__)
writes = write_limit(lambda: f"user:{getattr(current_user, 'id', None)}")
# Codes typed while setting up, renewing or switching off two-factor authentication, per account.
two_factor_attempts = auth_limit("per_account", key_func=lambda: f"2fa-setup:{current_user.id}")


def _status() -> int:
    return 422 if request.method == "POST" else 200


def _next_url() -> str:
    return safe_next(request.args.get("next")) or url_for("wijken.index")


@bp.route("/login", methods=["GET", "POST"])
@auth_limit("per_ip")
@auth_limit("per_account", key_func=account_key, on_breach=tell_owner_of_lockout)
def login():
    if current_user.is_authenticated:
        return redirect(_next_url())
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            return begin_login(user, form.remember.data, request.args.get("next"))
        form.password.errors = [_("Wrong e-mail address or password.")]
    return render_template("accounts/login.html", form=form, sso_providers=other_sign_in_options()), _status()


@bp.route("/login/code", methods=["GET", "POST"])
@auth_limit("per_ip")
@auth_limit("per_account", key_func=pending_key, on_breach=tell_owner_of_lockout)
def two_factor_login():
    """The second step: a code from the authenticator app or a recovery code."""
    user = pending_user()
    if user is None:
        flash(_("Please log in again."), "error")
        return redirect(url_for("accounts.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify(user, form.code.data):
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return finish_login(user)
        form.code.errors = [_("That code is not right.")]
    return render_template("accounts/two_factor_login.html", form=form), _status()


@bp.route("/register", methods=["GET", "POST"])
@auth_limit("per_ip")
def register():
    """Always the same answer for a valid form, new address or not: check your mailbox."""
    if current_user.is_authenticated:
        return redirect(url_for("wijken.index"))
    form = RegisterForm()
    return _mailing_form(form, "accounts/register.html", "register", lambda: services.register(
        {"email": form.email.data, "display_name": form.display_name.data, "password": form.password.data,
         "locale": str(get_locale())}, safe_next(request.args.get("next"))))


def _mailing_form(form, template: str, reason: str, send):
    """A form whose valid submission sends mail (`send`) and is answered "check your mailbox", whatever
    the address; field errors go next to the fields, an unreachable mail server gets a message."""
    if form.validate_on_submit():
        try:
            send()
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        except AppError as exc:
            flash(exc.message, "error")
        else:
            return render_template("accounts/check_mail.html", email=services.normalise_email(form.email.data),
                                   reason=reason)
    return render_template(template, form=form), _status()


@bp.get("/email/bevestigen/<token>")
def verify_email(token):
    user, next_url = services.verify_email(token)
    flash(_("Thank you, your e-mail address is confirmed."), "success")
    next_url = safe_next(next_url)
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect(next_url or url_for("accounts.me"))
    return redirect(url_for("accounts.login", next=next_url))


@bp.post("/email/opnieuw")
@login_required
@auth_limit("per_account", key_func=lambda: f"resend:{current_user.id}")
def resend_verification():
    try:
        services.resend_verification(current_user)
    except AppError as exc:
        flash(exc.message, "error")
    else:
        flash(_("We sent a new link to %(email)s.", email=current_user.email), "success")
    return redirect(safe_next(request.form.get("next")) or url_for("accounts.me"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@auth_limit("per_ip")
@auth_limit("per_account", key_func=account_key, on_breach=tell_owner_of_lockout)
def forgot_password():
    form = EmailForm()
    return _mailing_form(form, "accounts/forgot_password.html", "reset",
                         lambda: services.request_password_reset({"email": form.email.data}))


@bp.route("/wachtwoord/<token>", methods=["GET", "POST"])
@auth_limit("per_ip")
def reset_password(token):
    services.user_for_reset(token)  # a broken or used link: a clear page before anyone types a password
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, {"password": form.password.data})
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            logout_user()
            flash(_("Your new password is set. Log in with it."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form), _status()


@bp.post("/me/email")
@login_required
@auth_limit("per_account", key_func=lambda: f"email-change:{current_user.id}")
def change_email():
    form = EmailChangeForm()
    try:
        services.request_email_change(current_user, {"email": form.email.data, "password": form.password.data})
    except ValidationError as exc:
        apply_errors(form, exc.fields)
        return _profile_page(email_form=form), 422
    except AppError as exc:
        flash(exc.message, "error")
    else:
        flash(_("We sent a link to %(email)s. Your address changes when you click it.",
                email=services.normalise_email(form.email.data)), "success")
    return redirect(url_for("accounts.me"))


@bp.get("/email/wijzigen/<token>")
def confirm_email_change(token):
    here = current_user.id if current_user.is_authenticated else None  # (read before the sessions end)
    user = services.confirm_email_change(token)
    if here == user.id:
        renew_session(user)  # this browser stays logged in; the person's other sessions have ended
    flash(_("Your e-mail address is changed."), "success")
    return redirect(url_for("accounts.me") if current_user.is_authenticated else url_for("accounts.login"))


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        services.log_out(current_user)
    logout_user()
    session.pop(PENDING_KEY, None)
    flash(_("You are logged out."), "success")
    return redirect(url_for("wijken.index"))


def _profile_page(form=None, email_form=None):
    return render_template("accounts/me.html", form=form or ProfileForm(obj=current_user),
                           email_form=email_form or EmailChangeForm(formdata=None),
                           panels=profile_panels(current_user),
                           recovery_left=two_factor.unused_recovery_codes(current_user)
                           if current_user.two_factor_enabled else None)


@bp.route("/me", methods=["GET", "POST"])
@login_required
def me():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(current_user, {"display_name": form.display_name.data,
                                                   "locale": form.locale.data})
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("accounts.me"))
    return _profile_page(form=form), _status()


@bp.route("/me/tweestaps", methods=["GET", "POST"])
@login_required
@two_factor_attempts
def two_factor_setup():
    """Turn two-factor authentication on: make a key (a POST), scan its QR code, type the first code, keep the
    recovery codes. A GET only shows: the key waiting to be confirmed, or the button that makes one."""
    if current_user.two_factor_enabled:
        return redirect(url_for("accounts.me"))
    form = CodeForm()
    if request.method == "POST" and request.form.get("action") == "new_key":  # (CSRF-checked, like every form)
        two_factor.begin_setup(current_user)
        return redirect(url_for("accounts.two_factor_setup"))
    if not current_user.totp_secret:
        return render_template("accounts/two_factor_setup.html", form=form, qr=None, secret=None)
    if request.method == "POST" and form.validate_on_submit():
        try:
            codes = two_factor.confirm_setup(current_user, form.code.data)
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            renew_session(current_user)
            return render_template("accounts/recovery_codes.html", codes=codes)
    return render_template("accounts/two_factor_setup.html", form=form, qr=two_factor.qr_data_uri(current_user),
                           secret=current_user.totp_secret), _status()


@bp.post("/me/tweestaps/herstelcodes")
@login_required
@two_factor_attempts
def regenerate_recovery_codes():
    try:
        codes = two_factor.regenerate_recovery_codes(current_user, request.form.get("code"))
    except ValidationError as exc:
        flash(exc.summary, "error")
        return redirect(url_for("accounts.me"))
    renew_session(current_user)
    return render_template("accounts/recovery_codes.html", codes=codes)


@bp.post("/me/tweestaps/uit")
@login_required
@two_factor_attempts
def disable_two_factor():
    try:
        two_factor.disable(current_user, request.form.get("code"), required=holds_privileged_role(current_user))
    except ValidationError as exc:
        flash(exc.summary, "error")
    else:
        renew_session(current_user)
        flash(_("Two-factor authentication is off."), "success")
    return redirect(url_for("accounts.me"))
