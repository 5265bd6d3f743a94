"""Pages for mail: one-click unsubscribe, following by e-mail only, follow settings, the outbox for admins."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from accounts.permissions import is_admin
from core.emails import normalise_email
from core.errors import ValidationError, require
from core.extensions import csrf, db, limiter
from core.validation import apply_errors, row_id
from wijken import services as wijk_services
from wijken.forms import FollowSettingsForm
from wijken.models import Follow
from wijken.views import wijk_page_extra

from . import outbox, subscriptions
from .forms import SubscribeForm
from .models import OutboundMail, SuppressedAddress

bp = Blueprint("mail", __name__)


@wijk_page_extra
def _subscribe_box(wijk) -> dict:
    """The wijk page offers visitors without an account the news by e-mail."""
    return {"subscribe_form": None if current_user.is_authenticated else SubscribeForm(formdata=None)}


@bp.get("/afmelden/<token>")
def unsubscribe_page(token):
    target = subscriptions.unsubscription(token)
    return render_template("reach/unsubscribe.html", wijk=target.wijk, done=False)


@bp.post("/afmelden/<token>")
@csrf.exempt  # RFC 8058 one-click: the mail client posts without a session; the signed link is the proof
@limiter.limit("30 per minute")
def unsubscribe(token):
    return render_template("reach/unsubscribe.html", wijk=subscriptions.unsubscribe(token), done=True)


@bp.post("/w/<slug>/per-mail")
@csrf.exempt  # checked by the form itself, so a stale token gives the form back with the address typed
@limiter.limit("10 per minute")
def subscribe(slug):
    wijk = wijk_services.wijk_by_slug(slug)
    form = SubscribeForm()
    if form.validate_on_submit():
        try:
            subscriptions.subscribe(wijk, {"email": form.email.data, "frequency": form.frequency.data},
                                    locale=str(get_locale()))
        except ValidationError as exc:
            apply_errors(form, exc.fields)
        else:
            return render_template("accounts/check_mail.html", email=normalise_email(form.email.data),
                                   reason="subscribe", wijk=wijk)
    return render_template("reach/subscribe.html", wijk=wijk, form=form), 422


@bp.get("/w/<slug>/per-mail/<token>")
def confirm_subscription(slug, token):
    subscription = subscriptions.confirm(token)
    flash(_("Confirmed: you get the news of %(wijk)s by e-mail.", wijk=subscription.wijk.name), "success")
    return redirect(url_for("wijken.wijk", slug=subscription.wijk.slug))


@bp.route("/me/volgen", methods=["GET", "POST"])
@login_required
def follow_settings():
    """Every followed wijk with its mail level and digest rhythm, in one form."""
    follows = list(db.session.scalars(select(Follow).where(Follow.user_id == current_user.id)
                                      .options(joinedload(Follow.wijk)).order_by(Follow.created_at)))
    forms = {f.id: FollowSettingsForm(prefix=f"f{f.id}", obj=f) for f in follows}
    if request.method == "POST":
        try:
            wijk_services.update_follows(current_user, {
                follow: (forms[follow.id].level.data, forms[follow.id].digest_frequency.data) for follow in follows})
        except ValidationError:
            flash(_("Choose a level and a rhythm from the lists."), "error")
            return render_template("reach/follow_settings.html", follows=follows, forms=forms), 422
        flash(_("Your e-mail settings are saved."), "success")
        return redirect(url_for("mail.follow_settings"))
    return render_template("reach/follow_settings.html", follows=follows, forms=forms)


@bp.route("/beheer/mail", methods=["GET", "POST"])
@login_required
def outbox_admin():
    """Site admins: what the outbox holds, the messages that failed or bounced, retry and unsuppress."""
    require(is_admin(current_user))
    if request.method == "POST":
        if request.form.get("action") == "retry":
            n = outbox.retry_failed([i for i in map(row_id, request.form.getlist("id")) if i is not None])
            flash(_("%(n)d messages will be tried again.", n=n), "success")
        elif request.form.get("action") == "unsuppress":
            outbox.unsuppress(request.form.get("email", ""))
            flash(_("That address gets mail again."), "success")
        return redirect(url_for("mail.outbox_admin"))
    counts = dict(db.session.execute(select(OutboundMail.status, func.count()).group_by(OutboundMail.status)).all())
    problems = list(db.session.scalars(select(OutboundMail).where(OutboundMail.status.in_(("failed", "bounced")))
                                       .order_by(OutboundMail.id.desc()).limit(100)))
    suppressed = list(db.session.scalars(select(SuppressedAddress).order_by(SuppressedAddress.id.desc()).limit(100)))
    return render_template("reach/outbox.html", counts=counts, problems=problems, suppressed=suppressed,
                           status_labels=outbox.STATUS_LABELS)
