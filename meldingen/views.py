"""The pages of meldingen: "Meld een probleem" (category, a spot on the wijk map or typed coordinates, text; open
meldingen within 50 m offered first), the wijk's open meldingen as a map and a list (no JavaScript needed), the
melding's panel on its post (status strip, follow, the handler's form, "tevreden?"), turning a post or comment into
a melding, and an organisation's inbox and webhook."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from core.errors import ValidationError, attempt, require
from core.extensions import db
from core.ratelimits import write_limit
from core.timeutil import utcnow
from core.validation import Fields
from media.services import accepts_images
from partners.permissions import POSTING_ROLES, can_manage_organisation, membership_role
from partners.services import organisation_by_slug
from wijken.geo import read_point, svg_map
from wijken.models import Comment, Post
from wijken.permissions import can_view
from wijken.photos import uploads_from
from wijken.services import wijk_by_slug
from wijken.views import post_extras, wijk_page_extra, wijk_page_section

from . import services, webhooks, workflow
from .permissions import can_report

bp = Blueprint("meldingen", __name__)
limited = write_limit(lambda: f"user:{current_user.id}")
FORM_FIELDS = ("category", "lat", "lon", "location", "body")
STRIP = ("gemeld", "in_behandeling", "ingepland", "afgehandeld")  # the status strip's steps


# --- on the wijk page and in the feed ----------------------------------------------------------------------

wijk_page_section("meldingen/_wijk_section.html")


@wijk_page_extra
def _wijk_section(wijk) -> dict:
    return {"report_count": services.open_count(wijk)}


@post_extras(services.KIND)
def _extras(posts, viewer) -> dict:
    reports = services.reports_for_posts([p.id for p in posts])
    return {post_id: {"card": "meldingen/_card.html", "page": "meldingen/_panel.html", "report": report,
                      "strip": STRIP, "label": workflow.label} for post_id, report in reports.items()}


def dots(map_, reports) -> list[dict]:
    """Where each melding goes on the wijk's SVG map (the same projection as wijken.geo.svg_map)."""
    west, south, east, north = map_.bounds
    return [{"report": r, "x": round((r.lon - west) / max(east - west, 1e-9) * map_.width, 1),
             "y": round((north - r.lat) / max(north - south, 1e-9) * map_.height, 1)} for r in reports]


# --- reporting ----------------------------------------------------------------------------------------------

@bp.route("/w/<slug>/probleem-melden", methods=["GET", "POST"])
@login_required
@limited
@accepts_images(services.PHOTOS_PER_REPORT)
def new(slug):
    """Step 1: the form. Step 2 (only when there are open meldingen within 50 m): "Is het deze? Volg hem dan", or
    send it anyway."""
    wijk = _wijk_with_geometry(slug)
    require(can_report(current_user, wijk), _("You cannot report a problem here."))
    data = {name: request.form.get(name, "") for name in FORM_FIELDS} | {"private": "private" in request.form}
    errors, similar = {}, []
    if request.method == "POST":
        try:
            if "send" not in request.form:
                similar = _similar(wijk, data)
            if not similar:
                report = services.create_report(current_user, wijk, data, photos=uploads_from(
                    request.files.getlist("photos"), request.form.getlist("alt")))
                flash(_("Thank you: your melding is sent to %(organisation)s.",
                        organisation=report.organisation.name), "success")
                return redirect(services.link(report))
        except ValidationError as exc:
            errors = exc.fields
            flash(exc.message, "error")
    return render_template("meldingen/new.html", wijk=wijk, data=data, errors=errors, similar=similar,
                           categories=services.categories_for(wijk), map=svg_map([wijk]),
                           alts=request.form.getlist("alt")), 422 if errors else 200


def _wijk_with_geometry(slug):
    wijk = wijk_by_slug(slug)
    wijk.geometry  # noqa: B018  (deferred: the map and the point check need it)
    return wijk


def _similar(wijk, data) -> list:
    """Open meldingen within 50 m in the same category, once category and spot are valid (else the errors)."""
    fields = Fields(data)
    category = services.read_category(fields, wijk)
    point = read_point(fields)
    if category is None or point is None:
        return []
    return services.nearby(*point, category=category)


@bp.get("/w/<slug>/meldingen")
def wijk_map(slug):
    """The wijk's open meldingen: a map with a dot per melding, and the same as a list."""
    wijk = _wijk_with_geometry(slug)
    reports = services.open_reports(wijk)
    map_ = svg_map([wijk])
    return render_template("meldingen/map.html", wijk=wijk, reports=reports, map=map_,
                           dots=dots(map_, reports) if map_ else [], label=workflow.label)


# --- a melding -----------------------------------------------------------------------------------------------

def _report(report_id):
    return services.get_report(current_user, report_id)


def _back(report, anchor: str = "#melding"):
    return redirect(services.link(report) + anchor)


def _act(report, action, success: str):
    attempt(action, success)
    return _back(report)


@bp.post("/meldingen/<int:report_id>/volgen")
@login_required
@limited
def follow(report_id):
    report = _report(report_id)
    if request.form.get("action") == "unfollow":
        return _act(report, lambda: services.unfollow(current_user, report), _("You no longer follow this melding."))
    return _act(report, lambda: services.follow(current_user, report),
                _("You follow this melding: you hear of every change."))


@bp.post("/meldingen/<int:report_id>/status")
@login_required
@limited
def change_status(report_id):
    report = _report(report_id)
    data = {name: request.form.get(name) or None for name in ("state", "text", "planned_for", "organisation")}
    return _act(report, lambda: services.change_status(current_user, report, data), _("The status is changed."))


@bp.post("/meldingen/<int:report_id>/tevreden")
@login_required
@limited
def satisfaction(report_id):
    report = _report(report_id)
    data = {"satisfied": request.form.get("satisfied") == "yes" if request.form.get("satisfied") else None,
            "reason": request.form.get("reason") or None}
    return _act(report, lambda: services.answer_satisfaction(current_user, report, data),
                _("Thank you for your answer."))


@bp.route("/w/<slug>/<any(p, c):what>/<int:item_id>/melding", methods=["GET", "POST"])
@login_required
@limited
def convert(slug, what, item_id):
    """Turn a post (p) or comment (c) into a melding: choose category and spot; the text comes along."""
    item = db.session.get(Post if what == "p" else Comment, item_id)
    post = item.post if isinstance(item, Comment) else item
    if item is None or post.wijk.slug != slug or not can_view(current_user, item):
        abort(404)
    return report_form(slug, item, lambda data: services.convert(current_user, item, data))


def report_form(slug, converting, make):
    """The report form for something that becomes a melding (a post, a comment, a question): its text comes along;
    `make(data)` makes the melding."""
    wijk = _wijk_with_geometry(slug)
    data = {name: request.form.get(name, "") for name in FORM_FIELDS} | {"private": "private" in request.form}
    data["body"] = data["body"] or converting.body
    errors = {}
    if request.method == "POST":
        try:
            report = make(data)
        except ValidationError as exc:
            errors = exc.fields
            flash(exc.message, "error")
        else:
            flash(_("This is now a melding for %(organisation)s.", organisation=report.organisation.name), "success")
            return redirect(services.link(report))
    return render_template("meldingen/new.html", wijk=wijk, data=data, errors=errors, similar=[],
                           converting=converting, categories=services.categories_for(wijk), map=svg_map([wijk])), \
        422 if errors else 200


# --- the organisation's side ---------------------------------------------------------------------------------

@bp.get("/organisaties/<slug>/meldingen")
@login_required
def inbox(slug):
    """The meldingen the organisation handles, open first, with their clocks."""
    organisation = organisation_by_slug(slug)
    require(membership_role(current_user, organisation) in POSTING_ROLES
            or can_manage_organisation(current_user, organisation), _("Only the organisation's staff see this."))
    state = request.args.get("state", "open")
    reports = services.organisation_reports(organisation, state if state in ("open", *workflow.STATES) else "open",
                                            limit=200)
    return render_template("meldingen/inbox.html", organisation=organisation, reports=reports, state=state,
                           label=workflow.label, states=workflow.STATES, now=utcnow())


@bp.route("/organisaties/<slug>/webhook", methods=["GET", "POST"])
@login_required
def webhook(slug):
    organisation = organisation_by_slug(slug)
    require(can_manage_organisation(current_user, organisation), _("Only the organisation's admins set its webhook."))
    errors = {}
    if request.method == "POST":
        try:
            if request.form.get("action") == "remove":
                webhooks.remove_webhook(current_user, organisation)
                flash(_("The webhook is removed."), "success")
            else:
                webhooks.save_webhook(current_user, organisation, {"url": request.form.get("url", "")})
                flash(_("The webhook is saved."), "success")
            return redirect(url_for("meldingen.webhook", slug=slug))
        except ValidationError as exc:
            errors = exc.fields
    hook = webhooks.webhook_of(organisation)
    return render_template("meldingen/webhook.html", organisation=organisation, hook=hook, errors=errors,
                           deliveries=webhooks.recent_deliveries(hook) if hook else [],
                           url=request.form.get("url", hook.url if hook else "")), 422 if errors else 200


TEMPLATE_HELPERS = {"report_following": services.is_following, "report_next_states": workflow.next_states,
                    "report_state_label": workflow.label}
