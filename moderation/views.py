"""The review queue (/moderatie), its actions, wijk settings and the audit log pages; the moderation buttons
and the flag form on a wijk's post pages."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from core.errors import AppError, Conflict, ValidationError
from core.extensions import db
from core.validation import id_before
from moderation import services as moderation
from partners.models import Organisation
from wijken.models import Post, Wijk
from wijken.permissions import can_manage_wijk, moderation_scope
from wijken.services import wijk_by_slug
from wijken.views import back_to, get_post_or_404, write_limit

bp = Blueprint("moderation", __name__)
# What else waits for a moderator in the areas above this one (e.g. residents' stellingen waiting for review),
# shown on the queue page under the queue: `fn(user) -> (template, context) | None`, registered with
# `queue_section`; the template gets its context as `section`.
_QUEUE_SECTIONS: list = []


def queue_section(fn):
    _QUEUE_SECTIONS.append(fn)
    return fn


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
    return render_template("moderation/queue.html", items=moderation.review_queue(current_user, wijk), wijk=wijk,
                           managed=_managed_wijken(current_user),
                           organisations=_moderated_organisations(current_user),
                           open_flags=moderation.open_flags, status_labels=moderation.STATUS_LABELS,
                           sections=[s for s in (fn(current_user) for fn in _QUEUE_SECTIONS) if s])


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
    try:
        before = id_before(request.args.get("before"))
    except ValueError:
        before = None
    entries, next_cursor = moderation.audit_log(current_user, wijk, before=before)
    return render_template("moderation/audit.html", entries=entries, next_cursor=next_cursor, wijk=wijk)


# --- on the wijk's pages: moderating a post, flagging ---------------------------------

@bp.post("/w/<slug>/p/<int:post_id>/modereren")
@login_required
def moderate_post(slug, post_id):
    """The moderation buttons on a post page (hide, remove, pin, unpin), each with a reason."""
    post = get_post_or_404(slug, post_id)
    try:
        moderation.moderate(current_user, {"action": request.form.get("action"), "target": "post", "id": post.id,
                                           "reason": request.form.get("reason")})
    except ValidationError as exc:
        flash(exc.summary, "error")
    else:
        flash(_("Done."), "success")
    if post.status == "removed":
        return redirect(url_for("wijken.wijk", slug=slug))
    return back_to(post)


@bp.post("/w/<slug>/melden")
@login_required
@write_limit
def flag(slug):
    """Report a post or comment of this wijk."""
    try:
        created = moderation.flag(current_user, {"target": request.form.get("target"), "id": request.form.get("id"),
                                                 "reason": request.form.get("reason"),
                                                 "text": request.form.get("text")})
    except (ValidationError, Conflict) as exc:
        flash(exc.summary, "error")
        return redirect(url_for("wijken.wijk", slug=slug))
    flash(_("Thank you. A moderator will look at it."), "success")
    post = db.session.get(Post, created.post_id)
    return redirect(url_for("wijken.post", slug=post.wijk.slug, post_id=post.id))
