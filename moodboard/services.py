"""Use cases of the moodboard, shared by its pages and its API: defining a board, the design drawing, pinning
(with near-duplicates offered first), dots within a budget, flags and review, and the results.

Each function validates, checks its predicate, writes and commits once; a refusal changes nothing.
"""
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from audit.services import audit, audit_actions
from core.errors import Conflict, NotFound, PermissionDenied, require
from core.extensions import db
from core.transactions import commit, lock
from core.validation import Fields, row_id
from media.images import ImageRefused, near
from media.models import StoredImage
from media.services import discard, prepare, store
from moderation.models import FLAG_REASONS, FLAG_TEXT_MAX
from participation.models import Participation
from participation.permissions import can_manage_participation
from participation.services import followed_wijk_ids, record_participant, response_rate

from .models import ALT_MAX, CAPTION_MAX, CATEGORY_MAX, Board, BoardCategory, Dot, Pin, PinFlag
from .permissions import can_delete_pin, can_flag_pin, can_review, can_take_part, can_view_pin

CATEGORIES_MAX = 12
DOTS_MAX = 20
PAGE_SIZE = 48
TOP_PER_CATEGORY = 6
SIMILAR_DISTANCE = 8
REVIEW_BOARDS_MAX = 200

audit_actions(moodboard_hide="pin hidden", moodboard_restore="pin restored", moodboard_remove="pin removed",
              moodboard_dismiss="flags on a pin dismissed")


# --- the board's definition (the participation frame calls this) --------------------------------------------

def define(fields, participation: Participation, definition, creating: bool) -> None:
    """`definition`: {"categories": [labels], "dots_per_person": 5, "max_per_pin": 2}, all optional."""
    definition = definition if isinstance(definition, dict) else {}
    board_fields = Fields(definition)
    dots = board_fields.integer("dots_per_person", minimum=1, maximum=DOTS_MAX) or 5
    per_pin = board_fields.integer("max_per_pin", minimum=1, maximum=DOTS_MAX) or min(2, dots)
    if per_pin > dots:
        board_fields.error("max_per_pin", _("At most the number of dots per person."))
    labels = _categories(board_fields, definition.get("categories") or [])
    for name, message in board_fields.errors.items():
        fields.error(f"definition.{name}", message)
    if fields.errors:
        return
    board = participation.board or Board()
    participation.board = board
    board.dots_per_person, board.max_per_pin = dots, per_pin
    if [c.label for c in board.categories] != labels:
        board.categories = [BoardCategory(position=i, label=label) for i, label in enumerate(labels)]


def _categories(fields: Fields, given) -> list[str]:
    if not isinstance(given, list) or len(given) > CATEGORIES_MAX:
        fields.error("categories", _("Give at most %(n)d categories.", n=CATEGORIES_MAX))
        return []
    labels = []
    for index, label in enumerate(given):
        one = Fields({"label": label})
        cleaned = one.text("label", max_length=CATEGORY_MAX, required=True)
        for message in one.errors.values():
            fields.error(f"categories.{index}", message)
        labels.append(cleaned)
    if len({(label or "").casefold() for label in labels}) != len(labels):
        fields.error("categories", _("Each category must be different."))
    return labels


def describe(participation: Participation) -> dict:
    board = participation.board
    return {"categories": [{"id": c.id, "label": c.label} for c in board.categories],
            "dots_per_person": board.dots_per_person, "max_per_pin": board.max_per_pin,
            "has_drawing": board.drawing is not None}


# --- the design drawing -------------------------------------------------------------------------------------

def set_drawing(actor, participation: Participation, upload, alt) -> Board:
    """The owner's design drawing (replacing an earlier one), on which residents place their comments."""
    require(can_manage_participation(actor, participation), _("Only the owner can change the drawing."))
    fields = Fields({"alt": alt})
    alt = fields.text("alt", max_length=ALT_MAX, required=True)
    processed = _image(fields, upload, "drawing")
    fields.check()
    board = participation.board
    if board.drawing is not None:
        discard([board.drawing])
    board.drawing, board.drawing_alt = store(actor, processed), alt
    board.version += 1
    commit()
    return board


def _image(fields, upload, name: str):
    """The upload through the media pipeline, or an error on `name`."""
    if upload is None or getattr(upload, "filename", None) == "":
        fields.error(name, _("Choose an image."))
        return None
    try:
        return prepare(upload)
    except ImageRefused as exc:
        fields.error(name, exc.message)
        return None


# --- pins ---------------------------------------------------------------------------------------------------

class SimilarPins(Conflict):
    """The image looks like pins already on the board: give one of those your dot, or pin it anyway."""
    code = "similar_pins"

    def __init__(self, pins: list[Pin]):
        super().__init__(_("This image looks like one already on the board: give that one your dot, or pin "
                           "yours anyway."), fields={"similar": ",".join(str(p.id) for p in pins)})
        self.pins = pins


def _require_taking_part(user, participation: Participation) -> None:
    if not can_take_part(user, participation, followed_wijk_ids(user)):
        raise PermissionDenied(_("You cannot take part in this moodboard (now)."))


def add_pin(user, participation: Participation, data, upload=None) -> Pin:
    """Pin an image with a caption (and category), or a comment on a point of the drawing, or both.

    Unless `data["anyway"]`, an image that looks like one already on the board raises SimilarPins first.
    """
    _require_taking_part(user, participation)
    board = participation.board
    fields = Fields(data)
    caption = fields.text("caption", max_length=CAPTION_MAX, required=True, multiline=True)
    category = _category(fields, board)
    x, y = _point(fields, board)
    has_image = upload is not None and getattr(upload, "filename", None) != ""
    if not has_image and x is None:
        fields.error("image", _("Choose an image, or a point on the drawing."))
    alt = fields.text("alt", max_length=ALT_MAX, required=has_image)
    processed = _image(fields, upload, "image") if has_image else None
    fields.check()
    if processed is not None and fields.data.get("anyway") not in (True, "1", "true", "on"):
        similar = similar_pins(participation, processed.phash)
        if similar:
            raise SimilarPins(similar)
    pin = Pin(participation_id=participation.id, author=user, caption=caption, category=category, x=x, y=y,
              alt=alt if processed else None, image=store(user, processed) if processed else None)
    db.session.add(pin)
    record_participant(user, participation)
    board.version += 1
    commit()
    return pin


def _category(fields: Fields, board: Board) -> BoardCategory | None:
    value = fields.data.get("category")
    if value in (None, ""):
        return None
    found = next((c for c in board.categories if str(c.id) == str(value)), None)
    if found is None:
        fields.error("category", _("Choose one of the board's categories."))
    return found


def _point(fields: Fields, board: Board) -> tuple[float | None, float | None]:
    x, y = fields.data.get("x"), fields.data.get("y")
    if x in (None, "") and y in (None, ""):
        return None, None
    try:
        x, y = float(x), float(y)
    except (TypeError, ValueError):
        x = y = -1.0
    if board.drawing is None:
        fields.error("x", _("This board has no drawing."))
    elif not (0 <= x <= 1 and 0 <= y <= 1):  # NaN fails both
        fields.error("x", _("Choose a point on the drawing."))
    else:
        return x, y
    return None, None


def similar_pins(participation: Participation, phash: str) -> list[Pin]:
    """Published pins of the board whose image looks like the one with this perceptual hash."""
    rows = db.session.execute(select(Pin.id, StoredImage.phash).join(StoredImage, StoredImage.id == Pin.image_id)
                              .where(Pin.participation_id == participation.id, Pin.status == "published"))
    ids = [pin_id for pin_id, other in rows if near(phash, other, SIMILAR_DISTANCE)][:3]
    return list(db.session.scalars(select(Pin).where(Pin.id.in_(ids)).order_by(Pin.dot_count.desc()))) if ids else []


def get_pin(viewer, pin_id) -> tuple[Pin, Participation]:
    pin = db.session.get(Pin, pin_id) if row_id(pin_id) is not None else None
    participation = db.session.get(Participation, pin.participation_id) if pin else None
    if pin is None or not can_view_pin(viewer, pin, participation):
        raise NotFound(_("Not found."))
    return pin, participation


def delete_pin(actor, pin: Pin, participation: Participation) -> None:
    """The author takes their pin back (its dots go back to their givers); a reviewer's removal is `review`."""
    require(can_delete_pin(actor, pin, participation), _("You may not delete this."))
    if pin.author_id != actor.id:
        return review(actor, pin, participation, "remove", _("Removed by a reviewer."))
    _remove(pin, participation)
    commit()


def _remove(pin: Pin, participation: Participation) -> None:
    pin.status = "removed"
    if pin.image is not None:
        discard([pin.image])
        pin.image = None
    db.session.execute(delete(Dot).where(Dot.pin_id == pin.id))
    pin.dot_count = 0
    participation.board.version += 1


def pins_page(viewer, participation: Participation, *, before: int | None = None, category: int | None = None,
              limit: int | None = None) -> tuple[list[Pin], int | None]:
    """Newest first, `limit` (PAGE_SIZE) at a time (keyset on id); hidden pins only for who may see them."""
    limit = limit or PAGE_SIZE
    query = select(Pin).where(Pin.participation_id == participation.id, Pin.status.in_(("published", "hidden")))
    if not can_review(viewer, participation):
        visible = Pin.status == "published"
        if getattr(viewer, "is_authenticated", False):
            visible = visible | (Pin.author_id == viewer.id)
        query = query.where(visible)
    if before is not None:
        query = query.where(Pin.id < before)
    if category is not None:
        query = query.where(Pin.category_id == category)
    pins = list(db.session.scalars(query.order_by(Pin.id.desc()).limit(limit + 1)).unique())
    return pins[:limit], pins[limit - 1].id if len(pins) > limit else None


def drawing_pins(participation: Participation) -> list[Pin]:
    """The published comments on points of the drawing, oldest first (numbered in that order)."""
    return list(db.session.scalars(select(Pin).where(
        Pin.participation_id == participation.id, Pin.status == "published", Pin.x.is_not(None))
        .order_by(Pin.id)).unique())


# --- dots ---------------------------------------------------------------------------------------------------

def my_dots(user, participation: Participation) -> dict[int, int]:
    """The caller's dots by pin, on published pins: dots on a pin hidden for review are frozen (they count again
    if it is restored) and do not use up the budget meanwhile."""
    if not getattr(user, "is_authenticated", False):
        return {}
    return dict(db.session.execute(select(Dot.pin_id, Dot.count).join(Pin, Pin.id == Dot.pin_id).where(
        Dot.participation_id == participation.id, Dot.user_id == user.id, Pin.status == "published")).all())


def set_dots(user, pin: Pin, participation: Participation, count) -> dict:
    """Put `count` of the caller's dots on `pin` (0 takes them off), within the board's budget; changeable
    until the participation closes. Returns the caller's dots on the pin, the pin's total and the dots left."""
    _require_taking_part(user, participation)
    board = participation.board
    fields = Fields({"count": count})
    count = fields.integer("count", minimum=0, maximum=board.max_per_pin, required=True)
    fields.check()
    if pin.status != "published":
        raise Conflict(_("This pin cannot get dots."), code="not_published")
    lock(Board, board.participation_id)  # one change of dots on this board at a time: the budget holds
    mine = my_dots(user, participation)
    left = board.dots_per_person - sum(n for pin_id, n in mine.items() if pin_id != pin.id)
    if count > left:
        db.session.rollback()
        raise Conflict(ngettext("You have %(num)d dot left: take one from another image first.",
                                "You have %(num)d dots left: take some from other images first.", left),
                       code="no_dots_left")
    db.session.execute(delete(Dot).where(Dot.pin_id == pin.id, Dot.user_id == user.id))
    if count:
        db.session.add(Dot(pin_id=pin.id, participation_id=participation.id, user_id=user.id, count=count))
    db.session.flush()
    pin.dot_count = db.session.scalar(select(func.coalesce(func.sum(Dot.count), 0)).where(Dot.pin_id == pin.id))
    record_participant(user, participation)
    board.version += 1
    commit()
    return {"pin_id": pin.id, "mine": count, "dot_count": pin.dot_count, "dots_left": left - count}


# --- flags and review ---------------------------------------------------------------------------------------

def flag_pin(user, pin: Pin, participation: Participation, data) -> PinFlag:
    """Report a pin; as many reports as the wijk's flag threshold hide it until a reviewer looks."""
    require(can_flag_pin(user, pin), _("You cannot report this."))
    fields = Fields(data)
    reason = fields.choice("reason", FLAG_REASONS, required=True)
    text = fields.text("text", max_length=FLAG_TEXT_MAX, multiline=True)
    if reason == "anders" and not text:
        fields.error("text", _("Tell us what is wrong."))
    fields.check()
    if db.session.scalar(select(PinFlag.id).where(PinFlag.pin_id == pin.id, PinFlag.user_id == user.id)):
        raise Conflict(_("You have already reported this."), code="already_flagged")
    flag = PinFlag(pin_id=pin.id, user_id=user.id, reason=reason, text=text)
    db.session.add(flag)
    db.session.flush()
    threshold = min(w.flag_threshold for w in participation.wijken)
    if _open_flags(pin) >= threshold:
        pin.status = "hidden"
        participation.board.version += 1
    commit()
    return flag


def _open_flags(pin: Pin) -> int:
    return db.session.scalar(select(func.count()).select_from(PinFlag)
                             .where(PinFlag.pin_id == pin.id, PinFlag.status == "open"))


REVIEW_ACTIONS = ("hide", "restore", "remove", "dismiss")


def review(actor, pin: Pin, participation: Participation, action: str, reason) -> Pin:
    """A reviewer's decision, with its reason in the audit log: hide, restore, remove (final: the image and
    its dots go) or dismiss the flags."""
    require(can_review(actor, participation), _("You may not review this board."))
    fields = Fields({"action": action, "reason": reason})
    action = fields.choice("action", REVIEW_ACTIONS, required=True)
    reason = fields.text("reason", max_length=500, required=True)
    fields.check()
    allowed = {"hide": ("published",), "restore": ("hidden",), "remove": ("published", "hidden"),
               "dismiss": ("published", "hidden")}[action]
    if pin.status not in allowed:
        raise Conflict(_("This cannot be done with this pin now."), code="wrong_status")
    if action == "remove":
        _remove(pin, participation)
    elif action != "dismiss":
        pin.status = "hidden" if action == "hide" else "published"
        participation.board.version += 1
    status = "dismissed" if action in ("dismiss", "restore") else "upheld"
    for flag in db.session.scalars(select(PinFlag).where(PinFlag.pin_id == pin.id, PinFlag.status == "open")):
        flag.status = status
    audit(actor, f"moodboard_{action}", "pin", pin.id, reason, wijk=participation.wijken[0],
          organisation=participation.organisation, participation=participation.id)
    commit()
    return pin


def review_queue(participation: Participation) -> list[tuple[Pin, int]]:
    """Pins with open flags, and hidden pins, most reported first."""
    flags = (select(PinFlag.pin_id, func.count().label("n")).where(PinFlag.status == "open")
             .group_by(PinFlag.pin_id).subquery())
    rows = db.session.execute(
        select(Pin, func.coalesce(flags.c.n, 0)).outerjoin(flags, flags.c.pin_id == Pin.id)
        .where(Pin.participation_id == participation.id, (flags.c.n > 0) | (Pin.status == "hidden"))
        .order_by(func.coalesce(flags.c.n, 0).desc(), Pin.id).limit(100))
    return [(pin, n) for pin, n in rows.unique()]


def boards_to_review(user) -> list[tuple[Participation, int]]:
    """(board, how many pins) with open reports, for the review queue of `user` (two queries)."""
    rows = db.session.execute(
        select(Pin.participation_id, func.count(func.distinct(Pin.id))).join(PinFlag, PinFlag.pin_id == Pin.id)
        .where(PinFlag.status == "open", Pin.status != "removed").group_by(Pin.participation_id)
        .order_by(Pin.participation_id).limit(REVIEW_BOARDS_MAX)).all()
    if not rows:
        return []
    found = {p.id: p for p in db.session.scalars(select(Participation).where(
        Participation.id.in_([row[0] for row in rows])))}
    return [(found[pid], count) for pid, count in rows if can_review(user, found[pid])]


# --- results ------------------------------------------------------------------------------------------------

def results(participation: Participation) -> dict:
    """Per category (and "without a category"), the pins with the most dots; the totals."""
    pins = list(db.session.scalars(select(Pin).where(
        Pin.participation_id == participation.id, Pin.status == "published", Pin.dot_count > 0)
        .order_by(Pin.dot_count.desc(), Pin.id)).unique())
    groups = [{"category": {"id": c.id, "label": c.label}, "pins": [p for p in pins if p.category_id == c.id]}
              for c in participation.board.categories]
    groups.append({"category": None, "pins": [p for p in pins if p.category_id is None]})
    dots, voters = db.session.execute(select(func.coalesce(func.sum(Dot.count), 0), func.count(Dot.user_id.distinct()))
                                      .where(Dot.participation_id == participation.id)).one()
    return {"dots": dots, "voters": voters, "pin_count": _pin_count(participation),
            # The frame's results export: one row per pin with dots (its caption and category), no ballot origins.
            "participant_count": participation.participant_count, "other": None, "origins": {},
            "options": [{"id": p.id, "label": f"{p.caption} ({p.category.label})" if p.category else p.caption,
                         "votes": p.dot_count} for p in pins],
            "categories": [{"category": g["category"], "top": [{"pin_id": p.id, "dots": p.dot_count}
                                                                for p in g["pins"][:TOP_PER_CATEGORY]]}
                           for g in groups if g["pins"] or g["category"] is not None],
            "top": [{"pin_id": p.id, "dots": p.dot_count} for p in pins[:TOP_PER_CATEGORY]],
            **response_rate(participation)}


def _pin_count(participation: Participation) -> int:
    return db.session.scalar(select(func.count()).select_from(Pin).where(
        Pin.participation_id == participation.id, Pin.status == "published"))


def top_pins(participation: Participation, limit: int = TOP_PER_CATEGORY) -> list[Pin]:
    """The published pins with images that got the most dots (for the share image and the print)."""
    return list(db.session.scalars(select(Pin).where(
        Pin.participation_id == participation.id, Pin.status == "published", Pin.image_id.is_not(None))
        .order_by(Pin.dot_count.desc(), Pin.id).limit(limit)).unique())

