"""POST /oauth/token: access tokens for partner systems (OAuth2 client credentials, RFC 6749 §4.4).

authlib's AuthorizationServer does the protocol: client authentication (HTTP
Basic or form fields), the grant, scope checks and the answers, including
errors, which here are OAuth2's own JSON (`{"error", "error_description"}`),
the standard for a token endpoint, rather than the API's error shape. This
module only connects it to ApiClient and ApiToken (partners/api_clients.py).
"""
import secrets

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.integrations.flask_oauth2.requests import FlaskOAuth2Payload, FlaskOAuth2Request
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, OAuth2Request, grants
from authlib.oauth2.rfc6749.errors import InvalidClientError
from authlib.oauth2.rfc6749.util import extract_basic_authorization
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from core.extensions import limiter

from . import api_clients
from .models import API_SCOPES, ApiClient

bp = Blueprint("oauth", __name__)

TOKEN_SECONDS = 3600
AUTH_METHODS = ("client_secret_basic", "client_secret_post")
PER_IP_LIMIT = "30 per minute"
PER_CLIENT_LIMIT = "10 per minute"  # a client needs one token an hour


class Client(ClientMixin):
    """An ApiClient as authlib sees it: confidential, client credentials only, no redirects."""

    def __init__(self, record: ApiClient):
        self.record = record

    def get_client_id(self):
        return self.record.client_id

    def get_default_redirect_uri(self):
        return None

    def check_redirect_uri(self, redirect_uri):
        return False

    def check_response_type(self, response_type):
        return False

    def check_grant_type(self, grant_type):
        return grant_type == grants.ClientCredentialsGrant.GRANT_TYPE

    def get_allowed_scope(self, scope):
        return api_clients.allowed_scope(self.record, scope)

    def check_client_secret(self, client_secret):
        return api_clients.check_secret(self.record, client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        """Asked once the secret matched: so only the secret's holder learns that the client is revoked."""
        if method not in AUTH_METHODS or endpoint != "token":
            return False
        if self.record.revoked_at is not None:
            raise InvalidClientError(description="This client has been revoked.", status_code=401)
        return True


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = list(AUTH_METHODS)


class TokenRequest(FlaskOAuth2Request):
    """authlib refuses plain http (except on loopback) by the request's URL. Behind a proxy that ends TLS
    the app sees http, so when the site's public address (BASE_URL) is https, that address counts."""

    def __init__(self, flask_request):
        base = current_app.config["BASE_URL"].rstrip("/")
        url = base + flask_request.path if base.startswith("https://") else flask_request.url
        OAuth2Request.__init__(self, method=flask_request.method, uri=url, headers=flask_request.headers)
        self._request = flask_request
        self.payload = FlaskOAuth2Payload(flask_request)


class Server(AuthorizationServer):
    def create_oauth2_request(self, _request):
        return TokenRequest(request)


def _query_client(client_id) -> Client | None:
    record = api_clients.client_by_client_id(client_id)
    return Client(record) if record is not None else None


def _save_token(token: dict, oauth_request) -> None:
    api_clients.record_token(oauth_request.client.record, token["access_token"], token["scope"],
                             token["expires_in"])


def _access_token(**_context) -> str:
    return secrets.token_urlsafe(32)


server = Server(query_client=_query_client, save_token=_save_token)
server.scopes_supported = list(API_SCOPES)
server.register_grant(ClientCredentialsGrant)
server.register_token_generator("default", BearerTokenGenerator(_access_token, expires_generator=TOKEN_SECONDS))


def _basic_client_id() -> str | None:
    """The client id of HTTP Basic credentials; raises invalid_client when they are not even text."""
    try:
        return extract_basic_authorization(request.headers)[0]
    except UnicodeDecodeError:  # authlib would let this escape as a 500
        raise InvalidClientError(description="Malformed Basic credentials.", status_code=401) from None


def _client_key() -> str:
    """The rate-limit key of the client asking (Basic credentials or the form), else the caller's address."""
    try:
        client_id = _basic_client_id() or request.form.get("client_id")
    except OAuth2Error:
        client_id = None
    return f"oauth-client:{client_id[:64]}" if client_id else f"oauth-ip:{request.remote_addr}"


@bp.post("/oauth/token")
@limiter.limit(PER_IP_LIMIT)
@limiter.limit(PER_CLIENT_LIMIT, key_func=_client_key)
def token():
    """Exchange client credentials for a bearer token of TOKEN_SECONDS."""
    try:
        _basic_client_id()
        return server.create_token_response()
    except OAuth2Error as error:  # raised outside authlib's own handling, e.g. insecure_transport
        return server.handle_error_response(None, error)


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    """Rate limits and oversized bodies answer in the endpoint's own (OAuth2) error format too."""
    code = (exc.name or "error").lower().replace(" ", "_").replace("'", "")
    response = jsonify({"error": code, "error_description": exc.description or exc.name})
    response.status_code = exc.code or 400
    response.headers["Cache-Control"] = "no-store"
    return response
