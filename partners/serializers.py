"""The JSON shapes of an organisation's page and its members (partners.schemas)."""
from . import schemas, services


def member_json(membership) -> dict:
    return schemas.Member(user_id=membership.user_id, display_name=membership.user.display_name,
                          role=membership.role, function_title=membership.function_title).dump()


def organisation_page_json(organisation) -> dict:
    brief = schemas.OrganisationBrief.of(organisation)
    return schemas.OrganisationPage(
        **brief.model_dump(), description=organisation.description or "", policy_url=organisation.policy_url,
        officials=[schemas.Official(id=m.user_id, display_name=m.user.display_name, function_title=m.function_title)
                   for m in services.officials(organisation)]).dump()
