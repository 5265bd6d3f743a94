"""API shapes of partners: an organisation as it appears on posts and profiles."""
from core.schemas import Schema

SLUG_MAX = 64


class OrganisationBrief(Schema):
    slug: str
    name: str
    kind: str
    verified: bool

    @classmethod
    def of(cls, org) -> "OrganisationBrief | None":
        return None if org is None else cls(slug=org.slug, name=org.name, kind=org.kind, verified=org.verified)
