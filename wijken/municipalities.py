"""Municipalities: finding them, their wijken and partners, their branding and their admins.

Every change by a person (`actor`) is checked against `wijken.permissions` by the caller and written to the
audit log here; the CLI and the demo seed call the same functions without an actor.
"""
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import undefer

from core.errors import NotFound
from core.extensions import db
from core.urls import slugify
from partners.models import Organisation

from .models import MUNICIPALITY_MAX, Municipality, Wijk, organisation_wijk

PAGE_SIZE = 20  # municipalities per page of the front page's list


def municipality_by_slug(slug: str) -> Municipality:
    municipality = db.session.scalar(select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        raise NotFound(_("There is no municipality %(slug)s.", slug=slug))
    return municipality


def municipality_named(name: str | None, cbs_code: str | None = None) -> Municipality | None:
    """The municipality of this name, made if it is new (imports and the CLI name it); None for no name."""
    name = (name or "").strip()[:MUNICIPALITY_MAX]
    if not name:
        return None
    municipality = db.session.scalar(select(Municipality).where(Municipality.name == name))
    if municipality is None:
        municipality = Municipality(name=name, slug=_free_slug(name), cbs_code=cbs_code)
        db.session.add(municipality)
        db.session.flush()
    elif cbs_code and not municipality.cbs_code:
        municipality.cbs_code = cbs_code
    return municipality


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "gemeente"
    slug, n = base, 1
    while db.session.scalar(select(Municipality.id).where(Municipality.slug == slug)):
        n += 1
        slug = f"{base}-{n}"
    return slug


def municipality_page(after: str | None = None, limit: int = PAGE_SIZE) -> tuple[list[Municipality], str | None]:
    """Municipalities by name, a page at a time: (page, the name to continue after, or None)."""
    query = select(Municipality).order_by(Municipality.name).limit(limit + 1)
    if after:
        query = query.where(Municipality.name > after)
    rows = list(db.session.scalars(query))
    return rows[:limit], (rows[limit - 1].name if len(rows) > limit else None)


def wijk_counts(municipalities) -> dict[int, int]:
    """{municipality id: number of wijken} in one query."""
    ids = [m.id for m in municipalities]
    if not ids:
        return {}
    return dict(db.session.execute(select(Wijk.municipality_id, func.count()).where(Wijk.municipality_id.in_(ids))
                                   .group_by(Wijk.municipality_id)).all())


def wijken_of(municipality: Municipality, *, geometry: bool = False) -> list[Wijk]:
    query = select(Wijk).where(Wijk.municipality_id == municipality.id).order_by(Wijk.name)
    if geometry:
        query = query.options(undefer(Wijk.geometry))
    return list(db.session.scalars(query))


def partners_of(municipality: Municipality) -> list[Organisation]:
    """The organisations serving at least one of the municipality's wijken, by name."""
    serving = (select(organisation_wijk.c.organisation_id).join(Wijk, Wijk.id == organisation_wijk.c.wijk_id)
               .where(Wijk.municipality_id == municipality.id))
    return list(db.session.scalars(select(Organisation).where(Organisation.id.in_(serving))
                                   .order_by(Organisation.name)))
