"""Municipalities: finding them, their wijken and partners, their branding and their admins.

Every change by a person (`actor`) is checked against `wijken.permissions` by the caller and written to the
audit log here; the CLI and the demo seed call the same functions without an actor.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, undefer

from audit.services import audit, audit_actions, audit_reason
from core.colour import AA_NORMAL_TEXT, WHITE, contrast_ratio, is_hex_colour, shown_ratio
from core.errors import NotFound, ValidationError
from core.extensions import db
from core.transactions import commit
from core.urls import slugify
from media.services import discard, prepare, store
from partners.models import Organisation

from .models import (
    MUNICIPALITY_MAX,
    MUNICIPALITY_ROLES,
    Municipality,
    MunicipalityRole,
    Wijk,
    organisation_wijk,
)

audit_actions(change_branding=_l("branding changed"))

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


# --- branding -------------------------------------------------------------------------------------

def check_colour(value) -> str:
    """`#rrggbb` on which white text reaches WCAG AA (4.5:1), lower-cased; else a 422 naming the ratio."""
    if not is_hex_colour(value):
        raise ValidationError(_("Some fields need attention."), fields={"primary_colour": _(
            "Give a colour as # and six hexadecimal digits, such as #0b5c8c.")})
    ratio = contrast_ratio(value, WHITE)
    if ratio < AA_NORMAL_TEXT:
        message = _("contrast %(ratio)s, at least %(minimum)s", ratio=shown_ratio(ratio),
                    minimum=shown_ratio(AA_NORMAL_TEXT))
        raise ValidationError(_("White text on this colour is hard to read: %(problem)s.", problem=message),
                              fields={"primary_colour": message}, code="insufficient_contrast",
                              details={"contrast": round(ratio, 2), "minimum_contrast": AA_NORMAL_TEXT})
    return value.lower()


def update_branding(actor, municipality: Municipality, data: dict, logo=None, *, remove_logo: bool = False) -> None:
    """Change the colour (`data["primary_colour"]`, when given) and the logo (an upload, through the media
    pipeline) in one commit; a refused colour or image changes nothing. The caller checks the permission."""
    colour = check_colour(data["primary_colour"]) if data.get("primary_colour") is not None else None
    processed = prepare(logo) if logo is not None and not remove_logo else None
    changes = {}
    if colour and colour != municipality.primary_colour:
        changes["primary_colour"] = [municipality.primary_colour, colour]
        municipality.primary_colour = colour
    if (processed or remove_logo) and municipality.logo is not None:
        discard([municipality.logo])
        municipality.logo = None
        changes["logo"] = "removed"
    if processed:
        municipality.logo = store(actor, processed)
        changes["logo"] = "new"
    if changes:
        audit(actor, "change_branding", "municipality", municipality.id, audit_reason(None),
              municipality=municipality.slug, **changes)
    commit()


# --- admins ---------------------------------------------------------------------------------------

def admins_of(municipality: Municipality) -> list[MunicipalityRole]:
    return list(db.session.scalars(select(MunicipalityRole).where(MunicipalityRole.municipality_id == municipality.id)
                                   .options(joinedload(MunicipalityRole.user)).order_by(MunicipalityRole.created_at)))


def _role(user, municipality, role: str) -> MunicipalityRole | None:
    return db.session.scalar(select(MunicipalityRole).where(
        MunicipalityRole.user_id == user.id, MunicipalityRole.municipality_id == municipality.id,
        MunicipalityRole.role == role))


def grant_municipality_role(user, municipality: Municipality, role: str = "admin", *, actor=None,
                            reason: str | None = None) -> MunicipalityRole:
    """Make `user` an admin of the municipality (it counts once they have two-factor authentication on)."""
    if role not in MUNICIPALITY_ROLES:
        raise ValidationError(_("Unknown role."), fields={"role": _(
            "Choose one of: %(choices)s.", choices=", ".join(MUNICIPALITY_ROLES))})
    reason = audit_reason(reason)
    existing = _role(user, municipality, role)
    if existing is None:
        existing = MunicipalityRole(user=user, municipality=municipality, role=role)
        db.session.add(existing)
        audit(actor, "grant_role", "user", user.id, reason, municipality=municipality.slug, role=role)
        user.page_state_changed()
        commit()
    return existing


def revoke_municipality_role(user, municipality: Municipality, role: str = "admin", *, actor=None,
                             reason: str | None = None) -> None:
    reason = audit_reason(reason)
    existing = _role(user, municipality, role)
    if existing is None:
        raise NotFound(_("%(name)s is not an admin of %(municipality)s.", name=user.display_name,
                         municipality=municipality.name))
    audit(actor, "revoke_role", "user", user.id, reason, municipality=municipality.slug, role=role)
    db.session.delete(existing)
    user.page_state_changed()
    commit()
