"""The moodboard's pages: its part of the participation page (`context`, `_board.html`), pinning, dots, flags,
the reviewers' page, the design drawing, and the files: pin images and the drawing (only to who may see them),
the share image and the A3 print."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from accounts.auth import api_user
from core.errors import AppError
from core.extensions import cache, db
from core.ratelimits import write_limit
from core.validation import comparable
from media.models import StoredImage
from media.services import accepts_images, image_response
from moderation.services import FLAG_REASON_LABELS
from moderation.views import queue_section
from participation.permissions import can_view_participation
from participation.services import followed_wijk_ids, get_participation, visible_results

from . import outputs, services
from .models import Pin
from .permissions import can_review, can_take_part, can_view_pin

bp = Blueprint("moodboard", __name__)
limited = write_limit(lambda: f"user:{getattr(current_user, 'id', None) or request.remote_addr}")
SHARE_CACHE_SECONDS = 24 * 3600


def context(viewer, participation) -> dict:
    """What `moodboard/_board.html` needs on the participation page (`?voor=<pin id>`: the next page of pins)."""
    board = participation.board
    before = request.args.get("voor", "")
    pins, next_id = services.pins_page(viewer, participation,
                                       before=int(before) if before.isdigit() and len(before) < 10 else None)
    mine = services.my_dots(viewer, participation)
    results = visible_results(viewer, participation)
    notes = services.drawing_pins(participation)
    pins_by_id = {p.id: p for p in services.top_pins(participation, limit=200)} if results else {}
    return {"board": board, "pins": pins, "next_id": next_id, "mine": mine,
            "dots_left": board.dots_per_person - sum(mine.values()),
            "may_pin": can_take_part(viewer, participation, followed_wijk_ids(viewer)),
            "notes": notes, "note_numbers": {note.id: n for n, note in enumerate(notes, start=1)},
            "results": results, "pins_by_id": pins_by_id,
            "reviewer": can_review(viewer, participation), "flag_reasons": FLAG_REASON_LABELS,
            "share_image": _share_meta(participation) if participation.status != "draft" else None}


def _share_meta(participation) -> dict:
    return {"path": url_for("moodboard.share_image", participation_id=participation.id,
                            version=participation.board.version),
            "width": outputs.SHARE_SIZE[0], "height": outputs.SHARE_SIZE[1], "type": "image/jpeg",
            "alt": _("The images with the most dots on the moodboard “%(title)s”", title=participation.title)}


def _board(participation_id: int):
    participation = get_participation(current_user, participation_id)
    if participation.tool != "moodboard":
        abort(404)
    return participation


def _back(participation, anchor: str = "moodboard"):
    return redirect(url_for("participation.page", participation_id=participation.id) + f"#{anchor}")


def _pin_data() -> dict:
    """The pin form's fields; the point on the drawing comes in percent (the drawing's JavaScript fills it)."""
    data = request.form.to_dict()
    for name in ("x", "y"):
        value = data.pop(f"{name}_percent", "").strip()
        if value:
            try:
                data[name] = float(value) / 100
            except ValueError:
                data[name] = value  # the service says what is wrong
    return data


@bp.post("/doe-mee/<int:participation_id>/moodboard/pins")
@login_required
@limited
@accepts_images(1)
def add_pin(participation_id):
    participation = _board(participation_id)
    try:
        pin = services.add_pin(current_user, participation, _pin_data(), request.files.get("image"))
    except services.SimilarPins as similar:
        return render_template("moodboard/similar.html", p=participation, similar=similar.pins,
                               form=request.form.to_dict() | {"anyway": "1"},
                               mine=services.my_dots(current_user, participation)), 409
    except AppError as exc:
        flash(exc.summary, "error")
        return render_template("moodboard/pin_form.html", p=participation, board=participation.board,
                               form=request.form, errors=exc.fields), exc.status
    flash(_("Your pin is on the board."), "success")
    return _back(participation, f"pin-{pin.id}")


@bp.post("/doe-mee/<int:participation_id>/moodboard/pins/<int:pin_id>/stippen")
@login_required
@limited
def dots(participation_id, pin_id):
    pin, participation = services.get_pin(current_user, pin_id)
    if participation.id != participation_id:
        abort(404)
    try:
        result = services.set_dots(current_user, pin, participation, request.form.get("count"))
    except AppError as exc:
        flash(exc.summary, "error")
    else:
        flash(_("You have %(left)d of your %(total)d dots left.", left=result["dots_left"],
                total=participation.board.dots_per_person), "success")
    return _back(participation, f"pin-{pin.id}")


@bp.post("/doe-mee/<int:participation_id>/moodboard/pins/<int:pin_id>/<any(melden, verwijderen, beoordelen):action>")
@login_required
@limited
def pin_action(participation_id, pin_id, action):
    pin, participation = services.get_pin(current_user, pin_id)
    if participation.id != participation_id:
        abort(404)
    try:
        if action == "melden":
            services.flag_pin(current_user, pin, participation, request.form.to_dict())
            message = _("Thank you: a moderator will look at it.")
        elif action == "verwijderen":
            services.delete_pin(current_user, pin, participation)
            message = _("The pin has been deleted.")
        else:
            services.review(current_user, pin, participation, request.form.get("action"), request.form.get("reason"))
            message = _("Done.")
    except AppError as exc:
        flash(exc.summary, "error")
    else:
        flash(message, "success")
    if action == "beoordelen":
        return redirect(url_for("moodboard.review_page", participation_id=participation.id))
    return _back(participation, f"pin-{pin.id}" if action == "melden" else "moodboard")


@bp.get("/doe-mee/<int:participation_id>/moodboard/beoordelen")
@login_required
def review_page(participation_id):
    participation = _board(participation_id)
    if not can_review(current_user, participation):
        abort(403)
    return render_template("moodboard/review.html", p=participation, queue=services.review_queue(participation))


@bp.post("/doe-mee/<int:participation_id>/moodboard/tekening")
@login_required
@limited
@accepts_images(1)
def drawing(participation_id):
    participation = _board(participation_id)
    try:
        services.set_drawing(current_user, participation, request.files.get("image"), request.form.get("alt"))
    except AppError as exc:
        flash(exc.summary, "error")
    else:
        flash(_("The drawing is on the board."), "success")
    return _back(participation, "tekening")


# --- files ----------------------------------------------------------------------------------------------------

@bp.get("/doe-mee/<int:participation_id>/moodboard/beeld/<key>/<int:width>.jpg")
def image(participation_id, key, width):
    """A pin's image or the board's drawing: the same 404 for what does not exist and what is not yours to see
    (a bearer token counts, for API clients)."""
    viewer = api_user() if request.headers.get("Authorization") else current_user
    participation = get_participation(viewer, participation_id)
    if participation.tool != "moodboard":
        abort(404)
    found = db.session.scalar(select(StoredImage).where(StoredImage.key == key)) if comparable(key) else None
    if found is None:
        abort(404)
    board = participation.board
    if found.id != board.drawing_id:
        pin = db.session.scalar(select(Pin).where(Pin.image_id == found.id))
        if pin is None or pin.participation_id != participation.id or not can_view_pin(viewer, pin, participation):
            abort(404)
    return image_response(found, width)


@bp.get("/doe-mee/<int:participation_id>/moodboard/deelbeeld-<int:version>.jpg")
def share_image(participation_id, version):
    """The 1200×630 share image of the board as it is now (its address changes with every pin and dot)."""
    participation = _board(participation_id)
    if version != participation.board.version:
        return redirect(url_for("moodboard.share_image", participation_id=participation.id,
                                version=participation.board.version))
    key = f"moodboard-share:{participation.id}:{version}"
    data = cache.get(key)
    if data is None:
        data = outputs.share_image(participation)
        cache.set(key, data, timeout=SHARE_CACHE_SECONDS)
    response = Response(data, mimetype="image/jpeg")
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.max_age = SHARE_CACHE_SECONDS
    if participation.status == "draft":
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    return response


@bp.get("/doe-mee/<int:participation_id>/moodboard.pdf")
def print_pdf(participation_id):
    """The A3 print of the board for the buurthuis wall."""
    participation = _board(participation_id)
    if not can_view_participation(current_user, participation):
        abort(404)
    body = outputs.board_pdf(participation, visible_results(current_user, participation))
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="moodboard-{participation.id}.pdf"'})


@queue_section
def _boards_to_review(user):
    """On the review queue: the moodboards with reported pins this moderator may review."""
    waiting = services.boards_to_review(user)
    return ("moodboard/_queue_section.html", {"waiting": waiting}) if waiting else None
