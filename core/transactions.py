"""One unit of work per request, job or command, and the work that waits for its commit.

Services write, then call `commit()`. Inside `unit_of_work()` that only flushes, and the outermost
block commits once at the edge (a view, an API call, a CLI command that composes several services);
so services compose without flags, and a failure anywhere rolls back all of it.

Work that must wait for the commit (live events, mail jobs, page-cache keys, unread counts) is
collected per transaction with `collect(key, item)`. An area registers one handler per key with
`before_commit(key)` or `after_commit(key)`; the handler gets the key's items in order when the
transaction commits, and a rollback drops them. This is the only place that listens to the session.
"""
from collections.abc import Callable
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, lazyload

from .extensions import db
from .registries import keyed

_PENDING = "transaction_pending"  # session.info: {key: [items]}
_DEPTH = "unit_of_work_depth"
_BEFORE: dict[str, Callable[[list], None]] = {}
_AFTER: dict[str, Callable[[list], None]] = {}


def before_commit(key: str):
    """Register `handler(items)` to run inside the transaction, just before it commits."""
    return keyed(_BEFORE, key)


def after_commit(key: str):
    """Register `handler(items)` to run once the transaction has committed."""
    return keyed(_AFTER, key)


def collect(key: str, item=None) -> None:
    """Add `item` to this transaction's work under `key` (see the handlers registered for it)."""
    db.session.info.setdefault(_PENDING, {}).setdefault(key, []).append(item)


def commit() -> None:
    """Commit, unless a unit of work is open: then only flush, and its outermost block commits."""
    if db.session.info.get(_DEPTH, 0):
        db.session.flush()
    else:
        db.session.commit()


@contextmanager
def unit_of_work():
    """Compose several services into one transaction: committed once at the end, or rolled back whole."""
    info = db.session.info
    info[_DEPTH] = info.get(_DEPTH, 0) + 1
    try:
        yield
    except BaseException:
        info[_DEPTH] -= 1
        db.session.rollback()
        raise
    info[_DEPTH] -= 1
    if not info[_DEPTH]:
        db.session.commit()


def lock(model, ident):
    """Lock one row until the transaction ends, and return it as it is now (None if it is gone).

    Read-modify-write code (counters, thresholds) calls this before it reads what it will change, so two
    transactions doing the same thing take turns instead of both acting on what they read before the other
    committed. Take locks in one order (a wijk before its posts, a post before its comments), so two
    writers never wait for each other. PostgreSQL: SELECT ... FOR NO KEY UPDATE (the lock an UPDATE of
    the row takes; inserts that merely refer to the row are not held up). SQLite locks the whole database
    for a writer and ignores FOR UPDATE, so there a no-op UPDATE of the row takes the write lock first
    (the driver opens the transaction at the first write, so reads after it see every earlier commit).
    """
    pk = model.__table__.primary_key.columns[0]
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.execute(update(model.__table__).where(pk == ident).values({pk.name: pk}))
    query = (select(model).where(pk == ident).options(lazyload("*"))
             .with_for_update(of=model, key_share=True).execution_options(populate_existing=True))
    return db.session.execute(query).scalar_one_or_none()


def _run(handlers: dict, pending: dict) -> None:
    for key, handler in handlers.items():
        if key in pending:
            handler(pending.pop(key))


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    pending = session.info.get(_PENDING)
    while pending and any(key in pending for key in _BEFORE):  # a handler may collect work for another
        _run(_BEFORE, pending)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    """The transaction has committed: what follows may fail (Redis away, a socket gone), but must not turn
    a stored write into an error for whoever made it. A failing handler is logged; the others still run."""
    pending = session.info.pop(_PENDING, None)
    for key, handler in _AFTER.items():
        if pending and key in pending:
            try:
                handler(pending.pop(key))
            except Exception:
                current_app.logger.exception("after-commit work %r failed; the commit stands", key)


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
