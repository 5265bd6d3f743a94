"""Rate limits, from the configuration: the ways in per IP address and per account, writes per user.

AUTH_LIMIT_PER_IP, AUTH_LIMIT_PER_ACCOUNT and WRITE_LIMIT_PER_USER are
Flask-Limiter strings, so a deployment (or a test) can change them; with
REDIS_URL the counters live in Redis and are shared by every server process.
A page and the API share one counter: switching channels does not buy more.
"""
from flask import current_app

from .extensions import limiter


def auth_limit(kind: str, key_func=None, methods=("POST",), on_breach=None):
    """Limit a route's attempts (POSTs unless `methods` says otherwise) by AUTH_LIMIT_PER_IP or
    AUTH_LIMIT_PER_ACCOUNT; every way in shares one counter per IP and one per account. `on_breach(limit)`
    runs when a request goes over (Flask-Limiter's RequestLimit: `request_args[0]` is the key)."""
    setting = {"per_ip": "AUTH_LIMIT_PER_IP", "per_account": "AUTH_LIMIT_PER_ACCOUNT"}[kind]
    return limiter.shared_limit(lambda: current_app.config[setting], scope=f"auth-{kind}", key_func=key_func,
                                methods=list(methods), on_breach=on_breach)


def write_limit(key_func):
    """Limit posting, commenting, reacting, RSVPs and flags per user (`key_func` names the user)."""
    return limiter.shared_limit(lambda: current_app.config["WRITE_LIMIT_PER_USER"], scope="writes",
                                key_func=key_func, methods=["POST", "PUT", "PATCH", "DELETE"])
