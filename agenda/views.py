"""The wijkagenda page (/w/<slug>/wijkagenda): the agendapunten, what may go on the agenda next, and the forms of
the coordinators and the partners; a section on the wijk page links to it."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from core.errors import AppError, NotFound, attempt
from core.extensions import db
from core.ratelimits import write_limit
from core.timeutil import utcnow
from partners.models import Organisation
from wijken.kinds import KINDS
from wijken.models import Post
from wijken.services import wijk_by_slug
from wijken.views import wijk_page_section

from . import services
from .permissions import can_add_agenda_item

bp = Blueprint("agenda", __name__)
limited = write_limit(lambda: f"user:{current_user.id}")
EVENT_KINDS = tuple(k.name for k in KINDS.values() if k.is_event)
FORM_FIELDS = ("title", "body", "organisation", "status", "idea", "statement", "meeting", "feedback_due")
MEETING_FIELDS = ("title", "starts_at", "ends_at", "location")


def _upcoming_meetings(wijk) -> list[Post]:
    return list(db.session.scalars(select(Post).where(
        Post.wijk_id == wijk.id, Post.kind.in_(EVENT_KINDS), Post.status == "published",
        Post.starts_at >= utcnow()).order_by(Post.starts_at).limit(20)))


def _own_organisations(user, wijk) -> list[Organisation]:
    """The organisations serving the wijk this user may add agendapunten for."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [m.organisation for m in user.memberships if can_add_agenda_item(user, wijk, m.organisation)]


@bp.get("/w/<slug>/wijkagenda")
def wijk_agenda(slug):
    wijk = wijk_by_slug(slug)
    organisations = _own_organisations(current_user, wijk)
    adding = can_add_agenda_item(current_user, wijk) or bool(organisations)
    return render_template(
        "agenda/wijk.html", wijk=wijk, items=services.wijk_agenda(wijk), adding=adding, organisations=organisations,
        candidates=services.candidates(wijk) if adding else None,
        meetings=_upcoming_meetings(wijk) if adding else [], status_label=services.status_label,
        statuses=services.STATUSES, chosen={"idea": request.args.get("idee", ""),
                                            "statement": request.args.get("stelling", "")})


def _form_data() -> dict:
    data = {name: request.form[name] for name in FORM_FIELDS if request.form.get(name, "") != ""}
    if request.form.get("meeting_title", "").strip():
        data["new_meeting"] = {name: request.form.get(f"meeting_{name}", "") for name in MEETING_FIELDS}
    return data


@bp.post("/w/<slug>/wijkagenda")
@login_required
@limited
def add(slug):
    wijk = wijk_by_slug(slug)
    attempt(lambda: services.add_item(current_user, wijk, _form_data()), _("The agendapunt is on the wijkagenda."))
    return redirect(url_for("agenda.wijk_agenda", slug=wijk.slug))


@bp.post("/w/<slug>/wijkagenda/<int:item_id>")
@login_required
@limited
def change(slug, item_id):
    wijk = wijk_by_slug(slug)
    item = services.get_item(item_id)
    data = _form_data()
    if "meeting" not in data and "meeting" in request.form:
        data["meeting"] = None  # "no meeting" chosen
    try:
        if item.wijk_id != wijk.id:
            raise NotFound(_("Not found."))
        services.change_item(current_user, item, data)
    except AppError as error:
        flash(error.summary, "error")
    else:
        flash(_("Saved."), "success")
    return redirect(url_for("agenda.wijk_agenda", slug=wijk.slug, _anchor=f"punt-{item.id}"))


wijk_page_section("agenda/_wijk_section.html")  # a link only: the wijk page's queries stay as they are
