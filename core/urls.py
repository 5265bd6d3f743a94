"""Links to the site's own pages, also outside a request (commands, workers, jobs), and where a redirect
may go."""
import re
import unicodedata
from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def path_for(endpoint: str, **values) -> str:
    """The path of an endpoint: `url_for` in a request, the URL map elsewhere."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("").build(endpoint, values)


def external_url(endpoint: str, **values) -> str:
    """The absolute address (BASE_URL) of an endpoint, for mail, feeds, PDFs and partners' configuration."""
    return current_app.config["BASE_URL"].rstrip("/") + path_for(endpoint, **values)


def safe_next(target) -> str | None:
    r"""`target` if it is a path on this site to redirect to after a login or a form ("next"), else None.

    The one check for every `next`: checked as browsers will read it, not as it is written. Browsers drop tabs
    and newlines anywhere in a URL and read a backslash as a slash, so "/\t/evil.example/" or "/\evil.example"
    would leave the site (and a newline cannot go into a Location header at all): any control character,
    whitespace or backslash refuses the target. What remains must be a path: one leading slash, no scheme, no
    host.
    """
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return None
    if any(ord(c) < 0x21 or c in "\\\x7f" or c.isspace() for c in target):
        return None
    parts = urlsplit(target)
    if target.startswith("//") or parts.scheme or parts.netloc:
        return None
    return target


def slugify(text: str) -> str:
    """Lower-case ASCII letters and digits joined by hyphens: "Loon op Zand" -> "loon-op-zand"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
