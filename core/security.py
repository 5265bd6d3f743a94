"""Browser-side protections on every response, and the trusted proxies in front of the app.

Every response (pages, the JSON API, feeds, static files, error pages) carries:

- a strict Content-Security-Policy: scripts and styles only from our own static files (no inline script,
  no inline style attribute, no eval), connections (the Socket.IO websocket) only to our own origin,
  no plugins, forms only to ourselves, and never inside a frame (`frame-ancestors 'none'`);
- `X-Frame-Options: DENY` for browsers that know no frame-ancestors (clickjacking of the one-click
  moderation, role and delete forms);
- `X-Content-Type-Options: nosniff`;
- `Referrer-Policy: same-origin`: reset and invitation tokens are in URL paths and must never leave
  the site in a Referer header. (Not `no-referrer`: Flask-WTF checks the Referer of forms sent over
  HTTPS, which same-origin still sends to ourselves.)
- `Strict-Transport-Security` when the site is served over https (`BASE_URL`).

`TRUSTED_PROXIES` (default 0) is the number of reverse proxies in front of the app: with it, werkzeug's
ProxyFix takes the visitor's address (and scheme and host) from that many X-Forwarded-* entries, so the
per-IP rate limits count visitors instead of the proxy. Never set it higher than the real number of
proxies: a visitor could then choose their own address.
"""
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HSTS_SECONDS = 2 * 365 * 24 * 3600


def security_headers(https: bool) -> dict[str, str]:
    headers = {
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "geolocation=(self), camera=(), microphone=(), payment=()",
    }
    if https:
        headers["Strict-Transport-Security"] = f"max-age={HSTS_SECONDS}"
    return headers


def init_app(app: Flask) -> None:
    headers = security_headers(app.config["BASE_URL"].startswith("https://"))

    @app.after_request
    def _protect(response):
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
