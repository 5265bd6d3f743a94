"""Feed queries: keyset-paginated, pinned first, with bounded query counts."""
import base64
import binascii
import json
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import and_, false, or_, select, tuple_, union_all

from core.errors import AppError
from core.extensions import db
from core.timeutil import utcnow
from core.validation import MAX_LIMIT, id_before, row_id

from .kinds import KINDS
from .models import Comment, Follow, Post, Wijk


class BadCursor(AppError):
    status = 400
    code = "bad_cursor"


def _opaque(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _unwrap(cursor: str) -> str:
    return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()


def encode_cursor(item, *, with_pin: bool = True) -> str:
    """An opaque cursor for the position of a post (or comment) in its ordering."""
    parts = [str(int(item.pinned))] if with_pin else []
    parts += [item.created_at.isoformat(), str(item.id)]
    return _opaque("|".join(parts))


def decode_cursor(cursor: str, *, with_pin: bool = True):
    try:
        text = _unwrap(cursor)
        parts = text.split("|")
        pinned = bool(int(parts.pop(0))) if with_pin else None
        created_at, post_id = datetime.fromisoformat(parts[0]), int(parts[1])
        if len(parts) != 2 or row_id(post_id) is None:
            raise ValueError
    except (ValueError, IndexError, UnicodeDecodeError, binascii.Error):
        raise BadCursor(_("This page link is not valid.")) from None
    return pinned, created_at, post_id


def wijken_page(*, before: str | None = None, limit: int = MAX_LIMIT):
    """A page of all wijken by name, then id: the country's list is never read whole."""
    query = select(Wijk)
    if before:
        name, wijk_id = _decode_name_cursor(before)
        query = query.where(tuple_(Wijk.name, Wijk.id) > tuple_(name, wijk_id))
    rows = list(db.session.scalars(query.order_by(Wijk.name, Wijk.id).limit(limit + 1)))
    last = rows[limit - 1] if len(rows) > limit else None
    return rows[:limit], _opaque(json.dumps([last.name, last.id])) if last else None


def _decode_name_cursor(cursor: str) -> tuple[str, int]:
    try:
        name, wijk_id = json.loads(_unwrap(cursor))
        if not isinstance(name, str) or row_id(wijk_id) is None:
            raise ValueError
    except (ValueError, TypeError, UnicodeDecodeError, binascii.Error):
        raise BadCursor(_("This page link is not valid.")) from None
    return name, wijk_id


def parse_limit(value, default: int) -> int:
    if value in (None, ""):
        return default
    try:
        limit = int(value)
    except ValueError:
        raise AppError(_("limit must be a whole number."), code="bad_limit") from None
    return max(1, min(limit, MAX_LIMIT))


def parse_before(value) -> int | None:
    """The `before` cursor of a list keyed by row id: None for the first page; a clear 400 for anything
    that is not a whole number."""
    try:
        return id_before(value)
    except ValueError:
        raise AppError(_("before must be a whole number."), code="bad_cursor") from None


def _older_than(created_at, post_id):
    """Posts after this one, newest first. A row comparison: the indexes ending in (created_at, id) answer it as
    one range, where `a < x OR (a = x AND b < y)` makes PostgreSQL filter every post of the wijk."""
    return tuple_(Post.created_at, Post.id) < tuple_(created_at, post_id)


def _page(query, limit: int, with_pin: bool):
    rows = list(db.session.scalars(query.limit(limit + 1)).unique())
    next_cursor = encode_cursor(rows[limit - 1], with_pin=with_pin) if len(rows) > limit else None
    return rows[:limit], next_cursor


def wijk_feed(wijk, *, kind: str | None = None, before: str | None = None, limit: int = 20):
    """A page of the wijk's published posts: pinned first, then newest.

    Expired burglary warnings are archived: they leave the general feed and stay
    listed when the feed is filtered on that kind.
    """
    query = select(Post).where(Post.wijk_id == wijk.id, Post.status == "published")
    if kind:
        query = query.where(Post.kind == kind)
    else:
        query = query.where(or_(Post.expires_at.is_(None), Post.expires_at > utcnow()))
    if before:
        pinned, created_at, post_id = decode_cursor(before)
        # `pinned = false`, not `pinned IS false`: only the first is an index condition
        same_pin_older = and_(Post.pinned == pinned, _older_than(created_at, post_id))
        query = query.where(or_(Post.pinned == false(), same_pin_older) if pinned else same_pin_older)
    query = query.order_by(Post.pinned.desc(), Post.created_at.desc(), Post.id.desc())
    return _page(query, limit, with_pin=True)


def followed_feed(user, *, before: str | None = None, limit: int = 20):
    """Newest published posts of every wijk the user follows.

    Each followed wijk contributes its own newest `limit + 1` posts (one short index range per wijk), and only
    those are merged: the cost follows the wijken followed and the page size, not the posts of the country.
    """
    wijk_ids = db.session.scalars(select(Follow.wijk_id).where(Follow.user_id == user.id)).all()
    if not wijk_ids:
        return [], None
    older = _older_than(*decode_cursor(before, with_pin=False)[1:]) if before else None
    newest = union_all(*(_newest_of(wijk_id, older, limit + 1) for wijk_id in wijk_ids)).subquery()
    page_ids = select(newest.c.id).order_by(newest.c.created_at.desc(), newest.c.id.desc()).limit(limit + 1)
    query = select(Post).where(Post.id.in_(page_ids)).order_by(Post.created_at.desc(), Post.id.desc())
    return _page(query, limit, with_pin=False)


def _newest_of(wijk_id: int, older, limit: int):
    query = select(Post.id, Post.created_at).where(
        Post.wijk_id == wijk_id, Post.status == "published", or_(Post.expires_at.is_(None), Post.expires_at > utcnow()))
    if older is not None:
        query = query.where(older)
    newest = query.order_by(Post.created_at.desc(), Post.id.desc()).limit(limit).subquery()
    return select(newest.c.id, newest.c.created_at)


def active_warnings(wijk) -> list[Post]:
    """Unexpired burglary warnings of the wijk, shown as banners."""
    return list(db.session.scalars(
        select(Post).where(Post.wijk_id == wijk.id, Post.kind == "inbraakwaarschuwing",
                           Post.status == "published", Post.expires_at > utcnow())
        .order_by(Post.created_at.desc())).unique())


def upcoming_events(wijk, limit: int = 100) -> list[Post]:
    kinds = [kind.name for kind in KINDS.values() if kind.is_event]
    return list(db.session.scalars(
        select(Post).where(Post.wijk_id == wijk.id, Post.kind.in_(kinds), Post.status == "published")
        .order_by(Post.starts_at.desc()).limit(limit)).unique())


def comment_page(post, *, before: str | None = None, limit: int = 100):
    """A page of a post's thread, oldest first; `before` continues after the previous page.

    Hidden comments are included for the caller to filter with `can_view`, so a
    page can hold fewer items than `limit` while `next` still moves on.
    """
    query = select(Comment).where(Comment.post_id == post.id, Comment.status.in_(("published", "hidden")))
    if before:
        _, created_at, comment_id = decode_cursor(before, with_pin=False)
        query = query.where(tuple_(Comment.created_at, Comment.id) > tuple_(created_at, comment_id))
    return _page(query.order_by(Comment.created_at, Comment.id), limit, with_pin=False)
