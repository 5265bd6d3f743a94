"""Partner use cases: organisations and roles."""
from flask_babel import gettext as _
from sqlalchemy import select

from errors import NotFound, ValidationError
from extensions import db
from validation import Fields
from wijken.models import Wijk

from .models import MEMBERSHIP_ROLES, ORGANISATION_KINDS, WIJK_ROLES, Membership, Organisation, WijkRole


def _wijken_by_slug(slugs) -> list[Wijk]:
    wijken = list(db.session.scalars(select(Wijk).where(Wijk.slug.in_(slugs))))
    missing = set(slugs) - {w.slug for w in wijken}
    if missing:
        raise NotFound(_("Unknown wijk: %(slugs)s", slugs=", ".join(sorted(missing))))
    return wijken


def create_or_update_organisation(data, wijk_slugs=()) -> Organisation:
    fields = Fields(data)
    slug = fields.text("slug", max_length=64, required=True)
    name = fields.text("name", max_length=120, required=True)
    kind = fields.choice("kind", ORGANISATION_KINDS, required=True)
    verified = fields.boolean("verified")
    fields.check()
    wijken = _wijken_by_slug(list(wijk_slugs))
    org = db.session.scalar(select(Organisation).where(Organisation.slug == slug))
    if org is None:
        org = Organisation(slug=slug)
        db.session.add(org)
    org.name, org.kind = name, kind
    if verified is not None:
        org.verified = verified
    for wijk in wijken:
        if wijk not in org.wijken:
            org.wijken.append(wijk)
    db.session.commit()
    return org


def grant_membership(user, organisation, role: str) -> Membership:
    if role not in MEMBERSHIP_ROLES:
        raise ValidationError(_("Unknown role."), fields={"role": ", ".join(MEMBERSHIP_ROLES)})
    membership = db.session.scalar(select(Membership).where(Membership.user_id == user.id,
                                                            Membership.organisation_id == organisation.id))
    if membership is None:
        membership = Membership(user=user, organisation=organisation, role=role)
        db.session.add(membership)
    membership.role = role
    user.page_state_changed()
    db.session.commit()
    return membership


def grant_wijk_role(user, wijk, role: str) -> WijkRole:
    if role not in WIJK_ROLES:
        raise ValidationError(_("Unknown role."), fields={"role": ", ".join(WIJK_ROLES)})
    existing = db.session.scalar(select(WijkRole).where(WijkRole.user_id == user.id, WijkRole.wijk_id == wijk.id,
                                                        WijkRole.role == role))
    if existing is None:
        existing = WijkRole(user=user, wijk=wijk, role=role)
        db.session.add(existing)
        user.page_state_changed()
        db.session.commit()
    return existing
