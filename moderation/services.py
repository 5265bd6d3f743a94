"""Moderation: flags, the review queue, moderation actions, mutes, notifications and the audit log.

Every action validates its input, loads its target, checks the permission
predicate for that exact target and commits once, together with its audit
entry and the live events. A refused action changes nothing and logs nothing.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import url_for
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.exc import IntegrityError

from accounts.models import User
from accounts.permissions import is_admin
from audit.models import AuditEntry
from audit.services import audit
from core import realtime
from core.errors import Conflict, NotFound, PermissionDenied, require
from core.extensions import db
from core.schemas import Input
from core.timeutil import isoformat, utcnow
from core.transactions import commit, lock
from moderation import schemas
from moderation.events import moderation_room
from moderation.models import Flag
from moderation.schemas import CONTENT_ACTIONS, CONTENT_TARGETS, ITEM_ACTIONS, USER_ACTIONS
from moderation.targets import TARGETS, can_flag_content, target_of
from notifications import services as notifications
from wijken import live, signals
from wijken.models import Comment, Post, Wijk, WijkMute
from wijken.permissions import can_flag, can_manage_wijk, can_moderate, can_pin, can_view, moderation_scope
from wijken.serializers import public_post
from wijken.services import post_became_visible, set_status, wijk_by_slug

FLAG_REASON_LABELS = [("spam", _l("Spam or advertising")), ("intimidatie", _l("Intimidation or threats")),
                      ("persoonsgegevens", _l("Personal data of others")), ("discriminatie", _l("Discrimination")),
                      ("onjuiste_informatie", _l("Incorrect information")), ("anders", _l("Something else"))]
FLAG_STATUS_LABELS = {"open": _l("open"), "dismissed": _l("dismissed"), "upheld": _l("upheld")}
STATUS_LABELS = {"published": _l("published"), "pending": _l("waiting for approval"), "hidden": _l("hidden"),
                 "removed": _l("removed")}
ACTION_DONE = {"hide": _l("Hidden."), "restore": _l("Restored."), "remove": _l("Removed."),
               "dismiss": _l("Flags dismissed."), "approve": _l("Approved."), "pin": _l("Pinned."),
               "unpin": _l("Unpinned."), "mute": _l("Muted."), "unmute": _l("No longer muted."),
               "purge": _l("All their content in this wijk is removed.")}
MUTE_DURATIONS = dict(zip(schemas.MUTE_DURATIONS, (timedelta(days=1), timedelta(weeks=1), timedelta(days=30)),
                          strict=True))


# --- shared pieces ------------------------------------------------------------

def _load_item(target_type: str, target_id: int):
    model = TARGETS[target_type].model if target_type in CONTENT_TARGETS else {"post": Post, "comment": Comment}[
        target_type]
    item = db.session.get(model, target_id)
    if item is None or target_type in CONTENT_TARGETS and TARGETS[target_type].post(item) is None:
        raise NotFound(_("Not found."))
    return item


def _post_of(item) -> Post:
    target = target_of(item)
    if target is not None:
        return target.post(item)
    return item.post if isinstance(item, Comment) else item


def _target_type(item) -> str:
    target = target_of(item)
    if target is not None:
        return target.kind
    return "comment" if isinstance(item, Comment) else "post"


def _status_of(item) -> str:
    """An idea's or stelling's status in the queue's words: published or hidden."""
    target = target_of(item)
    if target is None:
        return item.status
    return "published" if target.is_shown(item) else "hidden"


def item_link(item) -> str:
    target = target_of(item)
    if target is not None:
        return target.link(item)
    return notifications.post_link(_post_of(item), item if isinstance(item, Comment) else None)


def _tell_author(item, status: str, reason: str) -> None:
    """Tell the author, in their own language, what happened to their content and why."""
    author = item.author
    if author is None:
        return
    target = target_of(item)
    with force_locale(author.locale or "nl"):
        if target is not None:
            what, title = str(target.yours), target.title(item)
            outcome = (_("%(what)s “%(title)s” is visible again.", what=what, title=title) if status == "published"
                       else _("%(what)s “%(title)s” has been hidden by a moderator. Reason: %(reason)s", what=what,
                              title=title, reason=reason))
            notifications.notify(author, "moderation", outcome, item_link(item))
            return
        what = _("Your comment") if isinstance(item, Comment) else _("Your post")
        title = _post_of(item).title
        outcome = {"hidden": _("%(what)s on “%(title)s” has been hidden by a moderator. Reason: %(reason)s",
                               what=what, title=title, reason=reason),
                   "removed": _("%(what)s on “%(title)s” has been removed by a moderator. Reason: %(reason)s",
                                what=what, title=title, reason=reason),
                   "published": _("%(what)s on “%(title)s” is visible again.", what=what, title=title)}[status]
    notifications.notify(author, "moderation", outcome, item_link(item))


def open_flags(*, wijk_id: int | None = None, organisation_id: int | None = None) -> int:
    """Open flags in a wijk, or on an organisation's posts and their threads."""
    condition = Flag.wijk_id == wijk_id if wijk_id is not None else Post.organisation_id == organisation_id
    return db.session.scalar(select(func.count()).select_from(Flag).join(Post, Post.id == Flag.post_id)
                             .where(Flag.status == "open", condition))


def _announce_flag_counts(post: Post) -> None:
    """Moderators' screens show the live number of open flags of their wijk and organisation."""
    realtime.queue("flags_changed", {"wijk": post.wijk.slug, "open_flags": open_flags(wijk_id=post.wijk_id)},
                   [moderation_room(post.wijk.slug)])
    if post.organisation is not None:
        org = post.organisation
        realtime.queue("flags_changed", {"organisation": org.slug, "open_flags": open_flags(organisation_id=org.id)},
                       [moderation_room(f"org:{org.slug}")])


def _resolve_flags(item, status: str) -> int:
    flags = db.session.scalars(select(Flag).where(Flag.target_type == _target_type(item),
                                                  Flag.target_id == item.id, Flag.status == "open")).all()
    for flag_row in flags:
        flag_row.status, flag_row.resolved_at = status, utcnow()
    return len(flags)


# --- flags ----------------------------------------------------------------------

def flag(user, data) -> Flag:
    """Report a post or comment; enough reports from different people hide it pending review."""
    fields = Input(schemas.FlagCreate, data)
    target_type, target_id, reason, text = fields["target"], fields["id"], fields["reason"], fields["text"]
    if reason == "anders" and not text:
        fields.error("text", _("Tell us what is wrong."))
    fields.check()
    item = _load_item(target_type, target_id)
    post = _post_of(item)
    content = TARGETS.get(target_type)
    if not (content.can_view(user, item) if content else can_view(user, item)) or not can_view(user, post):
        raise NotFound(_("Not found."))
    require(can_flag_content(user, item) if content else can_flag(user, item), _("You cannot flag this."))
    # Reporters of one item take turns, so the last of three counts three: the wijk first (the order every
    # writer of a wijk keeps), then the item itself, read again as it is now.
    lock(Wijk, post.wijk_id)
    item = lock(type(item), item.id)
    db.session.add(Flag(wijk_id=post.wijk_id, post_id=post.id, target_type=target_type, target_id=item.id,
                        user_id=user.id, reason=reason, text=text))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("You have already flagged this."), code="already_flagged") from None
    reporters = db.session.scalar(select(func.count(func.distinct(Flag.user_id))).where(
        Flag.target_type == target_type, Flag.target_id == item.id, Flag.status == "open"))
    if _status_of(item) == "published" and reporters >= post.wijk.flag_threshold:
        _set_status(item, "hidden")
        audit(None, "auto_hide", target_type, item.id, _("Flagged by %(n)d people", n=reporters),
              wijk=post.wijk, organisation=post.organisation)
        _tell_author(item, "hidden", _("flagged by several residents, waiting for review"))
    _announce_flag_counts(post)
    commit()
    return db.session.scalar(select(Flag).where(Flag.user_id == user.id, Flag.target_type == target_type,
                                                Flag.target_id == item.id))


# --- actions --------------------------------------------------------------------

def moderate(actor, data) -> dict:
    """One moderation action (CONTRACT: POST /moderation/actions); returns what changed."""
    fields = Input(schemas.ModerationAction, data)
    action, target_type, target_id, reason = fields["action"], fields["target"], fields["id"], fields["reason"]
    if action in USER_ACTIONS and target_type != "user" or action in ITEM_ACTIONS and target_type == "user":
        fields.error("target", _("This action does not apply to this target."))
    if action in ("pin", "unpin") and target_type == "comment":
        fields.error("target", _("Only posts can be pinned."))
    if target_type in CONTENT_TARGETS and action not in CONTENT_ACTIONS:
        fields.error("action", _("Ideas and stellingen can be hidden, restored, or their flags dismissed."))
    fields.check()
    if target_type == "user":
        return _moderate_user(actor, action, target_id, reason, fields)
    return _moderate_item(actor, action, _load_item(target_type, target_id), reason)


@signals.removal_by_moderator.connect
def remove_for_moderator(item, actor) -> dict:
    """A moderator deletes someone else's post or comment from its page or the API: a moderation action."""
    return moderate(actor, {"action": "remove", "target": _target_type(item), "id": item.id,
                            "reason": _("Removed by a moderator")})


def _may_moderate(actor, item) -> bool:
    target = target_of(item)
    return target.can_moderate(actor, item) if target is not None else can_moderate(actor, item)


def _set_status(item, status: str) -> None:
    target = target_of(item)
    if target is not None:
        target.set_shown(item, status == "published")
    else:
        set_status(item, status)


def _moderate_item(actor, action: str, item, reason: str) -> dict:
    post = _post_of(item)
    if action in ("pin", "unpin"):
        require(can_pin(actor, post.wijk), _("Only the wijk coordinator can pin posts."))
    else:
        require(_may_moderate(actor, item), _("You cannot moderate this."))
    allowed_from = {"hide": ("published", "pending"), "restore": ("hidden",), "approve": ("pending",),
                    "remove": ("published", "pending", "hidden"), "pin": ("published",), "unpin": ("published",),
                    "dismiss": ("published", "pending", "hidden")}[action]
    before = _status_of(item)
    if before not in allowed_from:
        raise Conflict(_("This cannot be done to content that is %(status)s.", status=STATUS_LABELS[before]))
    if action in ("pin", "unpin"):
        item.pinned = action == "pin"
        item.seq = live.next_seq(post.wijk)
        db.session.flush()
        live.publish(post.wijk, item.seq, "post_updated", public_post(item), post_id=item.id)
    elif action == "dismiss":
        if not _resolve_flags(item, "dismissed"):
            raise Conflict(_("There are no open flags."))
    else:
        status = {"hide": "hidden", "restore": "published", "approve": "published", "remove": "removed"}[action]
        _set_status(item, status)
        _resolve_flags(item, "dismissed" if status == "published" else "upheld")
        if action != "approve":
            _tell_author(item, status, reason)
        elif isinstance(item, Post):
            post_became_visible(item)
    audit(actor, action, _target_type(item), item.id, reason, wijk=post.wijk, organisation=post.organisation,
          status_before=before, status_after=_status_of(item))
    _announce_flag_counts(post)
    commit()
    result = {"action": action, "target": _target_type(item), "id": item.id, "status": _status_of(item)}
    return result if target_of(item) else result | {"pinned": post.pinned}


def _moderate_user(actor, action: str, user_id: int, reason: str, fields: Input) -> dict:
    wijk_slug = fields["wijk"]
    if wijk_slug is None:
        fields.error("wijk", _("Say in which wijk."))
    fields.check()
    wijk = wijk_by_slug(wijk_slug)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("Not found."))
    require(can_manage_wijk(actor, wijk), _("Only the wijk coordinator can do this."))
    until = _mute_until(fields) if action == "mute" else None  # only for those who may mute here
    fields.check()
    details = {}
    if action == "mute":
        _set_mute(user, wijk, until, reason)
        details["until"] = isoformat(until)
    elif action == "unmute":
        db.session.execute(WijkMute.__table__.delete().where(WijkMute.user_id == user.id,
                                                             WijkMute.wijk_id == wijk.id))
        user.page_state_changed()
    else:
        details["removed"] = _purge(user, wijk)
    audit(actor, action, "user", user.id, reason, wijk=wijk, **details)
    commit()
    return {"action": action, "target": "user", "id": user.id, "wijk": wijk.slug} | details


def _mute_until(fields: Input) -> datetime | None:
    until = fields["until"]
    if until in MUTE_DURATIONS:
        return utcnow() + MUTE_DURATIONS[until]
    if until is not None and until <= utcnow():
        fields.error("until", _("Choose a moment in the future."))
    return until


def _set_mute(user, wijk, until: datetime, reason: str) -> None:
    mute = db.session.scalar(select(WijkMute).where(WijkMute.user_id == user.id, WijkMute.wijk_id == wijk.id))
    if mute is None:
        mute = WijkMute(user_id=user.id, wijk_id=wijk.id, until=until, reason=reason)
        db.session.add(mute)
    mute.until, mute.reason = until, reason
    with force_locale(user.locale or "nl"):
        message = _("You cannot post, comment or react in %(wijk)s until %(until)s. Reason: %(reason)s",
                    wijk=wijk.name, until=format_datetime(until, "d MMMM y, HH:mm"), reason=reason)
    notifications.notify(user, "moderation", message, url_for("wijken.wijk", slug=wijk.slug))


def _purge(user, wijk) -> dict:
    """Remove everything a (spam) account wrote in one wijk."""
    posts = db.session.scalars(select(Post).where(Post.author_id == user.id, Post.wijk_id == wijk.id,
                                                  Post.status != "removed")).all()
    comments = db.session.scalars(select(Comment).join(Post, Post.id == Comment.post_id).where(
        Comment.author_id == user.id, Post.wijk_id == wijk.id, Comment.status != "removed")).all()
    for item in [*comments, *posts]:
        set_status(item, "removed")
        _resolve_flags(item, "upheld")
    if posts or comments:
        _announce_flag_counts(posts[0] if posts else comments[0].post)
    return {"posts": len(posts), "comments": len(comments)}


# --- settings -------------------------------------------------------------------

def update_wijk_settings(actor, wijk: Wijk, data) -> Wijk:
    require(can_manage_wijk(actor, wijk), _("Only the wijk coordinator can change this."))
    fields = Input(schemas.WijkSettingsUpdate, data)
    values = {name: fields[name] for name in ("premoderation", "premoderation_posts", "flag_threshold")}
    reason = fields["reason"] or _("Settings changed")
    fields.check()
    changes = {name: value for name, value in values.items() if value is not None and getattr(wijk, name) != value}
    if changes:
        for name, value in changes.items():
            setattr(wijk, name, value)
        audit(actor, "settings", "wijk", wijk.id, reason, wijk=wijk, **changes)
        commit()
    return wijk


# --- the review queue -----------------------------------------------------------

@dataclass
class QueueItem:
    target_type: str
    item: object
    post: Post
    flags: list = field(default_factory=list)
    history: dict = field(default_factory=dict)

    @property
    def waiting_since(self) -> datetime:
        return min([f.created_at for f in self.flags if f.status == "open"] or [self.item.created_at])

    @property
    def open_flags(self) -> list:
        return [f for f in self.flags if f.status == "open"]

    @property
    def content(self):
        """The registered kind of an idea or stelling (moderation.targets), None for posts and comments."""
        return TARGETS.get(self.target_type)

    @property
    def status(self) -> str:
        return _status_of(self.item)

    @property
    def link(self) -> str:
        return item_link(self.item)

    @property
    def title(self) -> str:
        return self.content.title(self.item) if self.content else self.post.title

    @property
    def body_html(self) -> str:
        return self.content.body_html(self.item) if self.content else self.item.body_html


def _scope_filter(user, wijk):
    everything, wijk_ids, org_ids = moderation_scope(user)
    if not (everything or wijk_ids or org_ids):
        raise PermissionDenied(_("You do not moderate anything."))
    scope = true() if everything else or_(Post.wijk_id.in_(wijk_ids), Post.organisation_id.in_(org_ids))
    if wijk is not None:
        if not (everything or wijk.id in wijk_ids or org_ids):
            raise PermissionDenied(_("You do not moderate this wijk."))
        scope = and_(scope, Post.wijk_id == wijk.id)
    return scope


def review_queue(user, wijk: Wijk | None = None, limit: int = 50) -> list[QueueItem]:
    """What this moderator may act on, oldest first: flagged, hidden and waiting content."""
    scope = _scope_filter(user, wijk)
    flagged = select(Flag.target_type, Flag.target_id).where(Flag.status == "open")
    flagged_posts = flagged.where(Flag.target_type == "post").with_only_columns(Flag.target_id)
    flagged_comments = flagged.where(Flag.target_type == "comment").with_only_columns(Flag.target_id)
    posts = db.session.scalars(select(Post).where(scope, or_(Post.status.in_(("hidden", "pending")),
                                                             Post.id.in_(flagged_posts))).limit(limit)).all()
    comments = db.session.scalars(
        select(Comment).join(Post, Post.id == Comment.post_id)
        .where(scope, Comment.status != "removed", Post.status != "removed",
               or_(Comment.status == "hidden", Comment.id.in_(flagged_comments))).limit(limit)).all()
    items = [QueueItem("post", p, p) for p in posts] + [QueueItem("comment", c, c.post) for c in comments]
    for kind, target in TARGETS.items():  # flagged ideas and stellingen, under their participation's post
        flagged_content = (select(Flag.target_id).join(Post, Post.id == Flag.post_id)
                           .where(scope, Flag.status == "open", Flag.target_type == kind))
        rows = db.session.scalars(select(target.model).where(target.model.id.in_(flagged_content)).limit(limit))
        items += [QueueItem(kind, row, target.post(row)) for row in rows if target.can_moderate(user, row)]
    _attach_flags(items)
    _attach_history(items)
    return sorted(items, key=lambda entry: entry.waiting_since)[:limit]


def _attach_flags(items: list[QueueItem]) -> None:
    keys = {(entry.target_type, entry.item.id) for entry in items}
    if not keys:
        return
    rows = db.session.scalars(select(Flag).where(
        or_(*[and_(Flag.target_type == t, Flag.target_id == i) for t, i in keys])).order_by(Flag.created_at))
    by_key: dict[tuple, list] = {}
    for row in rows:
        by_key.setdefault((row.target_type, row.target_id), []).append(row)
    for entry in items:
        entry.flags = by_key.get((entry.target_type, entry.item.id), [])


def _attach_history(items: list[QueueItem]) -> None:
    """Per author and wijk: how many posts and comments, by status."""
    pairs = {(entry.item.author_id, entry.post.wijk_id) for entry in items}
    if not pairs:
        return
    authors = {a for a, _w in pairs}
    history: dict[tuple, dict] = {}
    post_rows = db.session.execute(select(Post.author_id, Post.wijk_id, Post.status, func.count())
                                   .where(Post.author_id.in_(authors))
                                   .group_by(Post.author_id, Post.wijk_id, Post.status))
    comment_rows = db.session.execute(select(Comment.author_id, Post.wijk_id, Comment.status, func.count())
                                      .join(Post, Post.id == Comment.post_id).where(Comment.author_id.in_(authors))
                                      .group_by(Comment.author_id, Post.wijk_id, Comment.status))
    for kind, rows in (("posts", post_rows), ("comments", comment_rows)):
        for author_id, wijk_id, status, n in rows:
            history.setdefault((author_id, wijk_id), {"posts": {}, "comments": {}})[kind][status] = n
    for entry in items:
        entry.history = history.get((entry.item.author_id, entry.post.wijk_id), {"posts": {}, "comments": {}})


# --- the audit log --------------------------------------------------------------

def audit_log(user, wijk: Wijk | None, *, before: int | None = None, limit: int = 50):
    """Newest first; a coordinator reads their wijk's log, a site admin every log."""
    if wijk is None:
        require(is_admin(user), _("Choose a wijk."))
    else:
        require(can_manage_wijk(user, wijk), _("Only the wijk coordinator can read this log."))
    query = select(AuditEntry)
    if wijk is not None:
        query = query.where(AuditEntry.wijk_id == wijk.id)
    if before is not None:  # core.validation.id_before: within 0..MAX_ID
        query = query.where(AuditEntry.id < before)
    rows = db.session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit + 1)).unique().all()
    return rows[:limit], rows[limit - 1].id if len(rows) > limit else None


def require_valid_queue_wijk(user, slug: str | None) -> Wijk | None:
    if not slug:
        return None
    wijk = wijk_by_slug(slug)
    _scope_filter(user, wijk)
    return wijk

