"""Whole-page cache for wijk pages, keyed on the wijk's latest change.

Every write to a wijk takes its next `last_seq`, so a key containing it never
serves old posts. Anonymous visitors share one entry per wijk state; a
logged-in user has their own, keyed also on their `state_version` (bumped by
following, profile and role changes) and answered without loading the user.
The minute in the key lets expired warnings leave the banner. Forms on a
cached page carry a placeholder that each response replaces with the
session's own CSRF token, for anonymous visitors too: their page is shared,
their token (and the session cookie holding it) is their own.
"""
import time

from flask import current_app, g, request, session
from flask_wtf.csrf import generate_csrf
from sqlalchemy import bindparam, select, true

from accounts.models import User, session_id
from core.extensions import cache, db
from core.i18n import choose_locale

from .models import Wijk

CSRF_PLACEHOLDER = "__csrf_token__"
TIMEOUT = 120


def csrf_token() -> str:
    """Jinja's csrf_token(): the placeholder while a page is rendered for the cache."""
    return CSRF_PLACEHOLDER if g.get("rendering_for_cache") else generate_csrf()


# Anonymous pages look a wijk's state (id, last_seq) up at most once a second
# per process: slug -> (valid until, id, last_seq), one dict per app. A write in
# this process forgets the entry at once; other processes notice within the
# second, and visitors on the live page catch up through the event log anyway.
STATE_TTL = 1.0


def _recent_states() -> dict[str, tuple[float, int, int]]:
    return current_app.extensions.setdefault("wijk_page_states", {})


def forget_state(slug: str) -> None:
    _recent_states().pop(slug, None)


def _anonymous_state(slug: str):
    now, states = time.monotonic(), _recent_states()
    hit = states.get(slug)
    if hit is None or hit[0] < now:
        row = db.session.execute(select(Wijk.id, Wijk.last_seq).where(Wijk.slug == slug)).first()
        if row is None:
            return None
        hit = states[slug] = (now + STATE_TTL, row.id, row.last_seq)
    return hit[1], hit[2], "anon", choose_locale(None)


_viewer_row = (select(User.state_version, User.locale, User.session_version)
               .where(User.id == bindparam("user_id")).subquery())
# Built once: the wijk's state and the user's page state in one statement.
_USER_STATE = (select(Wijk.id, Wijk.last_seq, _viewer_row.c.state_version, _viewer_row.c.locale,
                      _viewer_row.c.session_version)
               .join(_viewer_row, true()).where(Wijk.slug == bindparam("slug")))


def _user_state(slug: str, user_id: int, session_version: int):
    row = db.session.connection().execute(_USER_STATE, {"slug": slug, "user_id": user_id}).first()
    if row is None or row.session_version != session_version:
        return None  # an ended session: rendered fresh, where it counts as logged out
    return row.id, row.last_seq, f"user:{user_id}:{row.state_version}", choose_locale(row.locale)


def _cacheable_state(slug: str):
    """(wijk id, last_seq, viewer, locale), or None when this request must render fresh."""
    if session.get("_flashes"):
        return None
    user_id = session.get("_user_id")
    if user_id is not None:
        found = session_id(user_id)
        return _user_state(slug, *found) if found else None
    if request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")):
        return None  # Flask-Login restores the session on a normal render first
    return _anonymous_state(slug)


def wijk_page(slug: str, variant: str, render) -> str | None:
    """The wijk page from the cache, or rendered by `render(wijk_id)` and cached; None if no such wijk."""
    state = _cacheable_state(slug)
    if state is None:
        wijk_id = db.session.scalar(select(Wijk.id).where(Wijk.slug == slug))
        return render(wijk_id) if wijk_id is not None else None
    wijk_id, seq, viewer, locale = state
    key = f"wijk:{wijk_id}:{seq}:{locale}:{variant}:{viewer}:{int(time.time() // 60)}"
    html = cache.get(key)
    if html is None:
        g.rendering_for_cache = True
        try:
            html = render(wijk_id)
        finally:
            g.rendering_for_cache = False
        cache.set(key, html, timeout=TIMEOUT)
    return html.replace(CSRF_PLACEHOLDER, generate_csrf()) if CSRF_PLACEHOLDER in html else html
