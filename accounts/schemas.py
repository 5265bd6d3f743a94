"""API shapes of accounts: log in for a token, a person as others see them, and the caller's own profile
(`MeBase`: each area adds its part with `accounts.profile.profile_fields`, which builds `Me`)."""
from pydantic import Field

from core.schemas import Schema, Timestamp

EMAIL_MAX = 254
DISPLAY_NAME_MAX = 80
PASSWORD_MIN = 10
PASSWORD_MAX = 200


class UserBrief(Schema):
    id: int
    display_name: str


class TokenRequest(Schema):
    email: str = Field(json_schema_extra={"format": "email"})
    password: str
    otp: str = Field(None, description="With two-factor authentication on: the current code of the authenticator "
                                       "app.")


class Token(Schema):
    token: str
    expires_at: Timestamp


class MeBase(Schema):
    id: int
    email: str = Field(json_schema_extra={"format": "email"})
    display_name: str
    locale: str | None
    is_admin: bool
    created_at: Timestamp

