"""Partner API clients: systems that post as their organisation with OAuth2 client credentials.

Each client acts through its own service account, a User that never logs in and
holds a `poster` membership of the organisation. So the rules for a member apply
to it unchanged: it posts only in the wijken the organisation serves, only the
kinds its organisation kind may post, and its posts raise the same live events.
What its tokens may call on top of that is limited by the client's scopes
(accounts/auth.py). Creation and revocation are written to the audit log.

The secret is shown once, when the client is created; only its SHA-256 is kept.
A slow password hash (scrypt) protects guessable passwords; a secret of 256
random bits cannot be guessed, so a fast hash is as safe here and keeps the
token endpoint cheap.
"""
import hmac
import re
import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from accounts.models import ApiToken, User
from accounts.services import token_hash
from audit.services import audit
from core.errors import NotFound, require
from core.extensions import db
from core.timeutil import utcnow
from core.transactions import commit
from core.validation import Fields
from partners.permissions import can_manage_organisation

from .models import API_SCOPES, ApiClient, Membership, Organisation

NAME_MAX = 80
SECRET_MIN = 32  # characters of a secret given by the caller (the demo); generated ones have 43
CLIENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")
SERVICE_EMAIL_DOMAIN = "api.invalid"  # .invalid (RFC 2606): nobody can register or receive mail there
AUDIT_REASON = "via API-clients"


def check_secret(client: ApiClient, secret) -> bool:
    """Whether `secret` is the client's, compared in constant time."""
    return isinstance(secret, str) and hmac.compare_digest(client.secret_hash, token_hash(secret))


def api_clients_of(organisation: Organisation) -> list[ApiClient]:
    """The organisation's clients: active ones first, newest first."""
    clients = db.session.scalars(select(ApiClient).where(ApiClient.organisation_id == organisation.id)
                                 .order_by(ApiClient.created_at.desc(), ApiClient.id.desc())).all()
    return sorted(clients, key=lambda c: c.revoked_at is not None)


def api_client_of(organisation: Organisation, client_pk: int) -> ApiClient:
    client = db.session.get(ApiClient, client_pk)
    if client is None or client.organisation_id != organisation.id:
        raise NotFound(_("This API client does not exist."))
    return client


def client_by_client_id(client_id) -> ApiClient | None:
    if not isinstance(client_id, str) or len(client_id) > 64:
        return None
    return db.session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))


def _scopes(fields: Fields) -> list[str]:
    value = fields.data.get("scopes")
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list | tuple) or not all(isinstance(s, str) for s in value):
        fields.error("scopes", _("Choose at least one permission."))
        return []
    unknown = set(value) - set(API_SCOPES)
    if unknown or not value:
        fields.error("scopes", _("Choose at least one of: %(choices)s.", choices=", ".join(API_SCOPES)))
        return []
    return [s for s in API_SCOPES if s in value]


def _client_id(fields: Fields, client_id: str | None) -> str:
    if client_id is None:
        return f"wpc-{secrets.token_hex(10)}"
    if not CLIENT_ID.match(client_id):
        fields.error("client_id", _("Use 3 to 64 lower-case letters, digits and hyphens."))
    elif client_by_client_id(client_id) is not None:
        fields.error("client_id", _("An API client with this id already exists."))
    return client_id


def _display_name(organisation: Organisation, name: str) -> str:
    """How the service account signs its posts: the organisation and the client."""
    display = f"{organisation.name} · {name}"
    return display if len(display) <= 80 else display[:79].rstrip() + "…"


def create_api_client(actor, organisation: Organisation, data, *, client_id: str | None = None,
                      secret: str | None = None) -> tuple[ApiClient, str]:
    """A new client of `organisation` with its service account; returns it and its secret (shown once).

    `actor` None is the system (the demo seed), which may also choose the client id and the secret.
    """
    require(actor is None or can_manage_organisation(actor, organisation),
            _("Only an admin of the organisation can manage its API clients."))
    fields = Fields(data)
    name = fields.text("name", max_length=NAME_MAX, required=True)
    scopes = _scopes(fields)
    client_id = _client_id(fields, client_id)
    if secret is not None and len(secret) < SECRET_MIN:
        fields.error("secret", _("At least %(n)d characters.", n=SECRET_MIN))
    fields.check()
    secret = secret or secrets.token_urlsafe(32)

    now = utcnow()
    user = User(email=f"client-{client_id}@{SERVICE_EMAIL_DOMAIN}", display_name=_display_name(organisation, name),
                password_hash=None, is_service=True, email_verified_at=now)
    db.session.add(user)
    db.session.add(Membership(user=user, organisation=organisation, role="poster"))
    client = ApiClient(organisation=organisation, user=user, name=name, client_id=client_id,
                       secret_hash=token_hash(secret), scope=" ".join(scopes),
                       created_by_id=actor.id if actor else None, created_at=now)
    db.session.add(client)
    db.session.flush()
    audit(actor, "create_api_client", "api_client", client.id, AUDIT_REASON, organisation=organisation,
          client_id=client_id, name=name, scope=client.scope)
    commit()
    return client, secret


def revoke_api_client(actor, client: ApiClient) -> ApiClient:
    """Revoke for good: its tokens stop working at once, its account loses the membership. Idempotent."""
    organisation = client.organisation
    require(actor is None or can_manage_organisation(actor, organisation),
            _("Only an admin of the organisation can manage its API clients."))
    if client.revoked_at is not None:
        return client
    client.revoked_at = utcnow()
    db.session.execute(delete(ApiToken).where(ApiToken.client_id == client.id))
    db.session.execute(delete(Membership).where(Membership.user_id == client.user_id,
                                                Membership.organisation_id == organisation.id))
    db.session.expire(client.user, ["memberships"])
    client.user.page_state_changed()
    audit(actor, "revoke_api_client", "api_client", client.id, AUDIT_REASON, organisation=organisation,
          client_id=client.client_id, name=client.name)
    commit()
    return client


def allowed_scope(client: ApiClient, requested: str | None) -> str | None:
    """The scope a token gets: what was asked for and the client has (all of it when nothing was asked).

    None when nothing asked for is the client's: the token endpoint answers invalid_scope.
    """
    own = client.scope.split()
    if not requested:
        return " ".join(own)
    wanted = set(requested.split())
    return " ".join(s for s in own if s in wanted) or None


def record_token(client: ApiClient, token: str, scope: str, expires_in: int) -> ApiToken:
    """Store a new access token of `client` (its hash only); drops the client's expired tokens."""
    now = utcnow()
    db.session.execute(delete(ApiToken).where(ApiToken.client_id == client.id, ApiToken.expires_at <= now))
    record = ApiToken(user_id=client.user_id, client_id=client.id, scope=scope, token_hash=token_hash(token),
                      created_at=now, expires_at=now + timedelta(seconds=expires_in))
    db.session.add(record)
    client.last_used_at = now
    commit()
    return record
