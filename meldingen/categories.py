"""A municipality's categories: what can be reported, who handles it, the target in working days."""
from flask_babel import gettext as _
from sqlalchemy import select

from core.extensions import db
from core.transactions import commit
from core.validation import Fields
from partners.models import Organisation
from wijken.models import MUNICIPALITY_MAX

from .models import Category


def save_category(data) -> Category:
    """Create a category, or change the one with this municipality and slug (site admins, `flask meldingen`)."""
    fields = Fields(data)
    municipality = fields.text("municipality", max_length=MUNICIPALITY_MAX, required=True)
    slug = fields.text("slug", max_length=64, required=True)
    name = fields.text("name", max_length=120, required=True)
    org_slug = fields.text("organisation", max_length=64, required=True)
    days = fields.integer("target_days", minimum=1, maximum=365, required=True)
    active = fields.boolean("active")
    organisation = db.session.scalar(select(Organisation).where(Organisation.slug == org_slug)) if org_slug else None
    if org_slug and organisation is None:
        fields.error("organisation", _("No such organisation."))
    fields.check()
    category = db.session.scalar(select(Category).where(Category.municipality == municipality,
                                                        Category.slug == slug))
    if category is None:
        category = Category(municipality=municipality, slug=slug)
        db.session.add(category)
    category.name, category.organisation, category.target_days = name, organisation, days
    category.active = active is not False
    commit()
    return category
