"""The review queue (/moderatie), its actions, wijk settings and the audit log pages."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from errors import AppError, ValidationError
from extensions import db
from permissions import can_manage_wijk, moderation_scope
from wijken.models import Wijk
from wijken.services import wijk_by_slug

from . import moderation
from .models import Organisation

bp = Blueprint("moderation", __name__)


def _managed_wijken(user) -> list[Wijk]:
    everything, wijk_ids, _org_ids = moderation_scope(user)
    query = select(Wijk).order_by(Wijk.name)
    if not everything:
        query = query.where(Wijk.id.in_(wijk_ids))
    return [w for w in db.session.scalars(query) if can_manage_wijk(user, w)]


def _moderated_organisations(user) -> list[Organisation]:
    _everything, _wijk_ids, org_ids = moderation_scope(user)
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(org_ids))))


@bp.get("/moderatie")
@login_required
def queue():
    wijk = moderation.require_valid_queue_wijk(current_user, request.args.get("wijk"))
    return render_template("partners/queue.html", items=moderation.review_queue(current_user, wijk), wijk=wijk,
                           managed=_managed_wijken(current_user),
                           organisations=_moderated_organisations(current_user),
                           open_flags=moderation.open_flags, status_labels=moderation.STATUS_LABELS)


@bp.post("/moderatie/acties")
@login_required
def act():
    """One action from the queue; the reason is required, the result shown on the queue page."""
    data = {name: request.form.get(name) for name in ("action", "target", "id", "reason", "wijk", "until")}
    try:
        moderation.moderate(current_user, {k: v for k, v in data.items() if v})
    except ValidationError as exc:
        flash(exc.summary, "error")
    except AppError as exc:
        if exc.status == 403:
            raise
        flash(exc.message, "error")
    else:
        flash(str(moderation.ACTION_DONE[data["action"]]), "success")
    return redirect(url_for("moderation.queue", wijk=request.form.get("back_wijk") or None))


@bp.post("/moderatie/<slug>/instellingen")
@login_required
def settings(slug):
    wijk = wijk_by_slug(slug)
    try:
        moderation.update_wijk_settings(current_user, wijk, {
            "premoderation": request.form.get("premoderation") == "on",
            "premoderation_posts": request.form.get("premoderation_posts"),
            "flag_threshold": request.form.get("flag_threshold"),
            "reason": request.form.get("reason")})
    except ValidationError as exc:
        flash(exc.summary, "error")
    else:
        flash(_("The settings of %(wijk)s are saved.", wijk=wijk.name), "success")
    return redirect(url_for("moderation.queue", wijk=slug))


@bp.get("/moderatie/logboek")
@login_required
def audit():
    wijk = wijk_by_slug(request.args["wijk"]) if request.args.get("wijk") else None
    before = request.args.get("before", type=int)
    entries, next_cursor = moderation.audit_log(current_user, wijk, before=before)
    return render_template("partners/audit.html", entries=entries, next_cursor=next_cursor, wijk=wijk)
