"""API shapes of partners: an organisation as it appears on posts and profiles."""
from core.schemas import Schema, Text

SLUG_MAX = 64


class OrganisationBrief(Schema):
    slug: str
    name: str
    kind: str
    verified: bool

    @classmethod
    def of(cls, org) -> "OrganisationBrief | None":
        return None if org is None else cls(slug=org.slug, name=org.name, kind=org.kind, verified=org.verified)

FUNCTION_MAX = 60
POLICY_URL_MAX = 500


class MemberFunction(Schema):
    function_title: Text(FUNCTION_MAX, description="What the member is for residents, e.g. “wethouder Wonen”, "
                                                   "“wijkagent”; empty or null takes it away.")


class OrganisationSettings(Schema):
    policy_url: Text(POLICY_URL_MAX, description="The organisation's integrity or social-media policy (http or "
                                                 "https); empty or null takes it away.")


class Member(Schema):
    user_id: int
    display_name: str
    role: str
    function_title: str | None


class Official(Schema):
    """A member with a function title: who speaks for the organisation, as residents see them."""
    id: int
    display_name: str
    function_title: str


class OrganisationPage(OrganisationBrief):
    description: str
    policy_url: str | None
    officials: list[Official]
