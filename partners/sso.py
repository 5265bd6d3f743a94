"""Partner single sign-on: an organisation's OpenID Connect provider logs its staff in.

Two halves:

- Settings (`save_identity_provider`): a site admin configures the provider of an organisation.
- Login: `authorization_redirect` sends the browser to the provider (authorization code flow with PKCE
  S256, a state and a nonce, all kept in the signed session by authlib); `finish_login` takes the answer,
  lets authlib check the state, exchange the code, verify the ID token (signature from the provider's
  JWKS, issuer, audience, expiry, nonce) and then `sign_in` decides who this is and which role they get.

Roles: the provider owns the memberships it created (`Membership.source == "sso"`): every SSO login sets
the role the mapping gives now, or deletes the membership when the mapping gives none. A membership
granted by hand (member page, invitation, CLI; source "manual") is never changed or removed by SSO.
"""
import json
import re
import time
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.flask_client import FlaskIntegration, FlaskOAuth2App
from authlib.integrations.requests_client import OAuth2Session
from email_validator import EmailNotValidError
from flask import current_app, request
from flask_babel import gettext as _
from joserfc.errors import JoseError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from accounts.login_flow import sign_in_option
from accounts.models import User
from accounts.permissions import is_admin
from accounts.services import find_user
from audit.services import audit
from core.emails import checked_email, normalise_email
from core.errors import AppError, require
from core.extensions import cache, db
from core.outbound import NotPublic, check_public_url, guard
from core.timeutil import utcnow
from core.transactions import commit
from core.urls import external_url
from core.validation import Fields
from partners.models import MEMBERSHIP_ROLES, IdentityProvider, Organisation, UserIdentity
from partners.services import grant_membership, membership_of, revoke_membership

SSO_REASON = "via single sign-on"
SETTINGS_REASON = "via beheer"
SCOPE = "openid email profile"
HTTP_TIMEOUT = 10  # seconds, for every request to a provider
METADATA_SECONDS = 300  # how long a provider's discovery document is reused
ROLE_MAP_MAX = 100
DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
CLAIM_NAME = re.compile(r"^[^\s\x00-\x1f]{1,64}$")
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# What is used of a discovery document; nothing else in it reaches authlib.
METADATA_FIELDS = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "userinfo_endpoint",
                   "token_endpoint_auth_methods_supported", "id_token_signing_alg_values_supported",
                   "claims_parameter_supported")


class SsoRefused(AppError):
    """A single sign-on attempt that does not log anyone in; the message is for the person trying."""
    status = 403
    code = "sso_refused"


# --- settings (site admins) ---------------------------------------------------------

def provider_of(organisation: Organisation) -> IdentityProvider | None:
    return db.session.scalar(select(IdentityProvider).where(IdentityProvider.organisation_id == organisation.id))


@sign_in_option
def enabled_providers() -> list[IdentityProvider]:
    """The providers shown on the login page, by organisation name."""
    return list(db.session.scalars(
        select(IdentityProvider).join(IdentityProvider.organisation).options(joinedload(IdentityProvider.organisation))
        .where(IdentityProvider.enabled.is_(True)).order_by(Organisation.name)))


def redirect_uri(organisation: Organisation) -> str:
    """The callback address the provider must have registered for this organisation's client."""
    return external_url("sso.callback", slug=organisation.slug)


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


def format_role_map(role_map: dict) -> str:
    """A role map as the admin form's lines "group=role"."""
    return "\n".join(f"{group}={role}" for group, role in (role_map or {}).items())


def _private_hosts_allowed() -> bool:
    """SSO_ALLOW_PRIVATE_HOSTS: a provider on this machine or the private network (and http:// on localhost)."""
    return bool(current_app.config.get("SSO_ALLOW_PRIVATE_HOSTS"))


def _issuer(fields: Fields) -> str | None:
    issuer = fields.text("issuer", max_length=300, required=True)
    if issuer is None:
        return None
    parts = urlsplit(issuer)
    secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS
                                         and _private_hosts_allowed())
    if not parts.hostname or parts.query or parts.fragment or not secure:
        fields.error("issuer", _("Enter the provider's issuer URL, starting with https://, without ? or #."))
        return None
    if not _private_hosts_allowed():
        try:
            check_public_url(issuer)
        except NotPublic:
            fields.error("issuer", _("This address is on this server or a private network. The site accepts only "
                                     "providers on the internet."))
            return None
    return issuer


def _email_domain(fields: Fields) -> str | None:
    domain = fields.text("email_domain", max_length=253)
    if domain is None:
        return None
    domain = domain.lower().removeprefix("@")
    if not DOMAIN.match(domain):
        fields.error("email_domain", _("Enter a domain name such as waalwijk.nl."))
        return None
    return domain


def parse_role_map(value, fields: Fields) -> dict:
    """{group: role} from lines "group=role" (or a dict); the role is after the last "=", so a group may
    contain "=" (LDAP-style names). Problems go to `fields` under "role_map"."""
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, str) or value is None:
        pairs = []
        for number, line in enumerate((value or "").splitlines(), start=1):
            if not line.strip():
                continue
            group, sep, role = line.rpartition("=")
            if not sep:
                fields.error("role_map", _("Line %(n)d: write group=role.", n=number))
                return {}
            pairs.append((group, role))
    else:
        fields.error("role_map", _("Must be text."))
        return {}
    role_map: dict[str, str] = {}
    for group, role in pairs:
        group = group.strip() if isinstance(group, str) else ""
        role = role.strip() if isinstance(role, str) else ""
        if not group or len(group) > 200:
            fields.error("role_map", _("Every line needs a group name of at most 200 characters before the =."))
        elif role not in MEMBERSHIP_ROLES:
            fields.error("role_map", _("%(group)s: the role must be one of: %(choices)s.", group=group,
                                       choices=", ".join(MEMBERSHIP_ROLES)))
        elif group in role_map:
            fields.error("role_map", _("%(group)s is mapped twice.", group=group))
        else:
            role_map[group] = role
    if len(role_map) > ROLE_MAP_MAX:
        fields.error("role_map", _("At most %(n)d groups.", n=ROLE_MAP_MAX))
    return role_map


def _settings(data, existing: IdentityProvider | None) -> dict:
    fields = Fields(data)
    values = {"issuer": _issuer(fields),
              "client_id": fields.text("client_id", max_length=200, required=True),
              "email_domain": _email_domain(fields),
              "groups_claim": fields.text("groups_claim", max_length=64),
              "role_map": parse_role_map(data.get("role_map"), fields),
              "default_role": fields.choice("default_role", MEMBERSHIP_ROLES),
              "enabled": bool(fields.boolean("enabled"))}
    secret = fields.text("client_secret", max_length=500, required=existing is None)
    values["client_secret"] = secret or (existing.client_secret if existing else None)
    if values["groups_claim"] and not CLAIM_NAME.match(values["groups_claim"]):
        fields.error("groups_claim", _("A claim name has no spaces."))
    if values["groups_claim"] and not values["role_map"]:
        fields.error("role_map", _("Map at least one group to a role, or leave the groups claim empty."))
    if values["role_map"] and not values["groups_claim"]:
        fields.error("groups_claim", _("Name the claim that carries the groups."))
    if values["default_role"] and not values["email_domain"]:
        fields.error("email_domain", _("A default role needs the e-mail domain it is for."))
    if not values["role_map"] and not values["default_role"] and "role_map" not in fields.errors:
        fields.error("default_role", _("Nobody would get a role: map groups to roles, or give the e-mail domain "
                                       "a default role."))
    fields.check()
    return values


def save_identity_provider(actor, organisation: Organisation, data) -> IdentityProvider:
    """Create or change the organisation's provider. An empty client secret keeps the stored one."""
    require(is_admin(actor))
    provider = provider_of(organisation)
    values = _settings(data, provider)
    if provider is None:
        provider = IdentityProvider(organisation=organisation)
        db.session.add(provider)
    for name, value in values.items():
        setattr(provider, name, value)
    audit(actor, "configure_sso", "organisation", organisation.id, SETTINGS_REASON, organisation=organisation,
          issuer=values["issuer"], enabled=values["enabled"], email_domain=values["email_domain"],
          role_map=values["role_map"], default_role=values["default_role"])
    commit()
    cache.delete(_metadata_key(provider.issuer))
    return provider


# --- the authlib client -------------------------------------------------------------

def _metadata_key(issuer: str) -> str:
    return f"sso-metadata:{issuer}"


def _metadata(provider: IdentityProvider) -> dict:
    """The provider's discovery document (cached briefly); it must name the configured issuer."""
    key = _metadata_key(provider.issuer)
    metadata = cache.get(key)
    if metadata is None:
        with _session() as session:
            response = session.get(discovery_url(provider.issuer), timeout=HTTP_TIMEOUT)  # redirects: checked too
        response.raise_for_status()
        metadata = response.json()
        endpoints = ("authorization_endpoint", "token_endpoint", "jwks_uri")
        if (not isinstance(metadata, dict) or metadata.get("issuer") != provider.issuer
                or not all(isinstance(metadata.get(name), str) for name in endpoints)
                or not _endpoints_allowed(provider, metadata)):
            raise SsoRefused(_("The identity provider of %(org)s is not set up correctly. Please tell the site "
                               "administrators.", org=provider.organisation.name))
        metadata = {name: metadata[name] for name in METADATA_FIELDS if name in metadata}
        cache.set(key, metadata, timeout=METADATA_SECONDS)
    return metadata


def _session() -> requests.Session:
    """A requests session for talking to providers: public hosts only, unless private ones are allowed."""
    session = requests.Session()
    return session if _private_hosts_allowed() else guard(session)


def _endpoints_allowed(provider: IdentityProvider, metadata: dict) -> bool:
    """The endpoints the server calls (token, keys, userinfo) and the one it sends browsers to must be http(s)
    on public hosts; the server-side ones are checked again on every request (PublicOnlyAdapter)."""
    named = [metadata.get(name) for name in ("authorization_endpoint", "token_endpoint", "jwks_uri",
                                             "userinfo_endpoint")]
    for url in (u for u in named if u is not None):
        if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
            return False
        if not _private_hosts_allowed():
            try:
                check_public_url(url)
            except NotPublic as exc:
                current_app.logger.warning("SSO %s: refused endpoint: %s", provider.organisation.slug, exc)
                return False
    return True


class _GuardedSession(OAuth2Session):
    """authlib's requests session (token, keys, userinfo), sending only to public hosts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        guard(self)


class _GuardedApp(FlaskOAuth2App):
    client_cls = _GuardedSession


def _client(provider: IdentityProvider, metadata: dict) -> FlaskOAuth2App:
    """An authlib client for this provider, made per request (provider settings live in the database)."""
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    auth_method = "client_secret_post" if "client_secret_basic" not in methods and \
        "client_secret_post" in methods else "client_secret_basic"
    name = f"sso{provider.id}"
    app_class = FlaskOAuth2App if _private_hosts_allowed() else _GuardedApp
    client = app_class(
        FlaskIntegration(name), name=name, client_id=provider.client_id, client_secret=provider.client_secret,
        client_kwargs={"scope": SCOPE, "code_challenge_method": "S256", "default_timeout": HTTP_TIMEOUT,
                       "token_endpoint_auth_method": auth_method})
    client.server_metadata = dict(metadata, _loaded_at=time.time())  # already fetched and checked
    return client


def usable_provider(slug: str) -> IdentityProvider:
    """The enabled provider of the organisation with this slug, or SsoRefused."""
    provider = db.session.scalar(select(IdentityProvider).join(IdentityProvider.organisation)
                                 .where(Organisation.slug == slug))
    if provider is None or not provider.enabled:
        raise SsoRefused(_("Single sign-on is not available for this organisation."))
    return provider


def _unreachable(provider: IdentityProvider, exc: Exception) -> SsoRefused:
    current_app.logger.warning("SSO %s: %s: %s", provider.organisation.slug, type(exc).__name__, exc)
    return SsoRefused(_("The identity provider of %(org)s could not be reached or gave an answer that could not "
                        "be checked. Please try again later.", org=provider.organisation.name))


def authorization_redirect(provider: IdentityProvider):
    """A redirect to the provider's login; state, nonce and the PKCE verifier go into the session."""
    try:
        metadata = _metadata(provider)
        extra = {}
        if provider.groups_claim and metadata.get("claims_parameter_supported"):
            wanted = {provider.groups_claim: None}
            extra["claims"] = json.dumps({"id_token": wanted, "userinfo": wanted})
        return _client(provider, metadata).authorize_redirect(redirect_uri(provider.organisation), **extra)
    except (requests.RequestException, ValueError, AuthlibBaseError) as exc:
        raise _unreachable(provider, exc) from exc


def _provider_claims(provider: IdentityProvider) -> dict:
    """The verified claims of the person the provider sent back: the ID token's, completed by userinfo."""
    org = provider.organisation.name
    error = request.args.get("error")
    if error:
        current_app.logger.info("SSO %s: provider answered %s", provider.organisation.slug, error)
        raise SsoRefused(_("%(org)s did not log you in (cancelled or refused at the identity provider).", org=org))
    if "iss" in request.args and request.args["iss"] != provider.issuer:  # RFC 9207: a mixed-up answer
        raise SsoRefused(_("The login answer did not come from the identity provider of %(org)s.", org=org))
    metadata = _metadata(provider)
    client = _client(provider, metadata)
    try:
        token = client.authorize_access_token()
    except MismatchingStateError as exc:
        raise SsoRefused(_("This login answer does not belong to a login started in this browser, or it was "
                           "already used. Please start again.")) from exc
    claims = token.get("userinfo")
    if not claims or not isinstance(claims.get("sub"), str):
        raise SsoRefused(_("The identity provider of %(org)s sent no valid ID token.", org=org))
    claims = dict(claims)
    if metadata.get("userinfo_endpoint") and token.get("access_token"):
        more = dict(client.userinfo(token=token))
        if more.get("sub") != claims["sub"]:
            raise SsoRefused(_("The identity provider of %(org)s sent no valid ID token.", org=org))
        claims = more | claims
    return claims


def finish_login(slug: str) -> User:
    """Handle the provider's answer for the organisation `slug`: the logged-in-to-be user, or SsoRefused."""
    provider = usable_provider(slug)
    try:
        claims = _provider_claims(provider)
    except (requests.RequestException, ValueError, KeyError, TypeError, AuthlibBaseError, JoseError) as exc:
        raise _unreachable(provider, exc) from exc  # a provider that answers nonsense is not our 500
    return sign_in(provider, claims)


# --- who this is and which role they get --------------------------------------------

def _clean(value, max_length: int) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", value).split())
    return value[:max_length] or None


def _verified_email(claims: dict) -> tuple[str | None, bool]:
    """The e-mail claim (normalised) and whether the provider says it verified it."""
    email = claims.get("email")
    if not isinstance(email, str) or len(email) > 254:
        return None, False
    email = normalise_email(email)
    try:
        checked_email(email)
    except EmailNotValidError:
        return None, False
    verified = claims.get("email_verified")
    return email, verified is True or verified == "true"  # some providers send the string


def mapped_role(provider: IdentityProvider, claims: dict, in_domain: bool) -> str | None:
    """The highest role the provider's groups map to, else the domain's default role, else None."""
    roles = []
    if provider.groups_claim:
        groups = claims.get(provider.groups_claim)
        groups = [groups] if isinstance(groups, str) else groups if isinstance(groups, list) else []
        roles = [provider.role_map[g] for g in groups if isinstance(g, str) and g in (provider.role_map or {})]
        roles = [role for role in roles if role in MEMBERSHIP_ROLES]
    if roles:
        return max(roles, key=MEMBERSHIP_ROLES.index)
    return provider.default_role if in_domain else None


def sync_membership(provider: IdentityProvider, user: User, role: str | None) -> bool:
    """Make the SSO membership say `role` (None: remove it), audited as the system; manual ones stay.
    Part of the login's transaction. Returns whether anything changed."""
    org = provider.organisation
    membership = membership_of(user, org)
    if membership is not None and membership.source != "sso":
        return False
    if role is None:
        if membership is None:
            return False
        revoke_membership(user, org, reason=SSO_REASON)
        return True
    if membership is not None and membership.role == role:
        return False
    grant_membership(user, org, role, reason=SSO_REASON, source="sso")
    return True


def _new_or_linked_user(provider: IdentityProvider, claims: dict, email: str | None, verified: bool,
                        in_domain: bool) -> User:
    """The account for a first SSO login: an existing one with this address when the provider may vouch
    for it (verified and in its e-mail domain), else a new account without a password."""
    org = provider.organisation.name
    existing = find_user(email) if email else None
    if existing is not None:
        if not in_domain:
            raise SsoRefused(_("An account with %(email)s already exists. Log in with your password; %(org)s "
                               "cannot link it.", email=email, org=org))
        return existing
    if email is None or not verified:
        raise SsoRefused(_("%(org)s did not confirm a verified e-mail address for you, so no account can be "
                           "made.", org=org))
    name = (_clean(claims.get("name"), 80)
            or _clean(" ".join(str(claims.get(k) or "") for k in ("given_name", "family_name")), 80)
            or email.split("@")[0][:80])
    user = User(email=email, display_name=name, email_verified_at=utcnow())
    db.session.add(user)
    return user


def sign_in(provider: IdentityProvider, claims: dict) -> User:
    """Who the verified `claims` are at Wijkpagina, with their membership brought up to date.

    Refusals raise SsoRefused and write nothing, except one: someone already linked whose mapping now
    gives no role loses the SSO membership (that is committed) and is then refused.
    """
    org = provider.organisation
    subject = _clean(claims.get("sub"), 255)
    if subject is None or subject != claims.get("sub"):
        raise SsoRefused(_("The identity provider of %(org)s sent no valid ID token.", org=org.name))
    email, verified = _verified_email(claims)
    domain = provider.email_domain
    in_domain = bool(domain and email and verified and email.endswith("@" + domain))
    if domain and not in_domain:
        raise SsoRefused(_("Only verified e-mail addresses ending in @%(domain)s can log in via %(org)s.",
                           domain=domain, org=org.name))
    role = mapped_role(provider, claims, in_domain)
    identity = db.session.scalar(select(UserIdentity).where(UserIdentity.provider_id == provider.id,
                                                            UserIdentity.subject == subject))
    no_role = SsoRefused(_("%(org)s gives you no role on Wijkpagina, so you cannot log in this way.",
                           org=org.name))
    if identity is None and role is None:
        raise no_role
    user = identity.user if identity else _new_or_linked_user(provider, claims, email, verified, in_domain)
    if not user.is_active:
        db.session.rollback()
        raise SsoRefused(_("This account cannot log in."))
    try:
        if identity is None:
            db.session.flush()  # the new user's id, for the link and the audit entry
            identity = UserIdentity(user_id=user.id, provider_id=provider.id, subject=subject)
            db.session.add(identity)
        changed = sync_membership(provider, user, role)
        if role is not None:
            identity.last_login_at = utcnow()
        commit()
    except IntegrityError:  # the same person logging in twice at once
        db.session.rollback()
        raise SsoRefused(_("Logging in did not work this time. Please try again.")) from None
    if role is None:
        raise SsoRefused(_("%(org)s no longer gives you a role on Wijkpagina; your role there has been removed.",
                           org=org.name)) if changed else no_role
    return user

