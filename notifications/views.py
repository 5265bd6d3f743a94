"""The notifications page (/notificaties; the old address /meldingen leads there): a page at a time, opening one,
marking them read."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.ratelimits import write_limit
from core.urls import safe_next

from . import services as inbox

bp = Blueprint("notifications", __name__)
writes = write_limit(lambda: f"user:{getattr(current_user, 'id', None)}")


@bp.route("/notificaties", methods=["GET", "POST"])
@login_required
@writes
def notifications():
    """My notifications, newest first, a page at a time (`?before=`); POST marks them all read."""
    if request.method == "POST":
        inbox.mark_read(current_user)
        return redirect(url_for("notifications.notifications"))
    before = inbox.parse_before(request.args.get("before"))
    items, next_cursor = inbox.page(current_user, before=before)
    return render_template("notifications/notifications.html", items=items, next_cursor=next_cursor, before=before,
                           unread_count=inbox.unread_count(current_user))


@bp.post("/notificaties/<int:note_id>")
@login_required
@writes
def open_notification(note_id):
    """Mark one notification read and go where it leads (a POST, so no other site can make it happen)."""
    entry = inbox.own(current_user, note_id)
    inbox.mark_read(current_user, [entry.id])
    if safe_next(entry.link):
        return redirect(entry.link)
    flash(_("What this was about is no longer available."), "info")
    return redirect(url_for("notifications.notifications"))


@bp.post("/notificaties/<int:note_id>/gelezen")
@login_required
@writes
def read_notification(note_id):
    inbox.mark_read(current_user, [inbox.own(current_user, note_id).id])
    return redirect(safe_next(request.form.get("next")) or url_for("notifications.notifications"))


@bp.get("/meldingen")
def old_address():
    """Notifications were at /meldingen until "melding" came to mean a report about the public space (issue 18)."""
    return redirect(url_for("notifications.notifications", **request.args), 301)
