"""Requests the server makes to addresses that others chose (an organisation's identity provider and the
endpoints its discovery document names): never to this machine, its private network or internal names.

`check_public_url` refuses a URL whose host is a loopback, private, link-local, shared or otherwise not
globally routable address, an internal name (`localhost`, a name without a dot, `.local`, `.internal`,
...), or a name that resolves to such an address. `PublicOnlyAdapter`, mounted on a requests session,
checks every request it sends, redirects included. A deployment whose provider really is on the private
network says so with `SSO_ALLOW_PRIVATE_HOSTS` (the tests' local provider does).

The check resolves the name just before the request; a DNS server that answers differently a moment later
(rebinding) is not caught. That needs an egress proxy or firewall, which the README advises.
"""
import ipaddress
import socket
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter

INTERNAL_SUFFIXES = (".localhost", ".local", ".localdomain", ".internal", ".intranet", ".lan", ".home.arpa",
                     ".corp", ".private", ".test", ".invalid")


class NotPublic(ValueError):
    """The URL leads to this machine, a private network or an internal name."""


def _global(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_public_url(url: str, *, resolve: bool = True) -> None:
    """Raise NotPublic unless `url` is http(s) to a public host; with `resolve`, every address the name has
    now must be public (a name that does not resolve passes: the request itself will fail)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme not in ("http", "https") or not host:
        raise NotPublic(f"not an http(s) URL: {url!r}")
    try:
        literal = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        literal = None
    if literal is not None:
        if not _global(host):
            raise NotPublic(f"not a public address: {host}")
        return
    if host == "localhost" or "." not in host or host.endswith(INTERNAL_SUFFIXES):
        raise NotPublic(f"an internal name: {host}")
    if not resolve:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)}
    except (socket.gaierror, UnicodeError, OSError):
        return
    if not all(_global(address) for address in addresses):
        raise NotPublic(f"{host} resolves to a non-public address")


class PublicOnlyAdapter(HTTPAdapter):
    """A requests transport that refuses (NotPublic) to send anything to a non-public host."""

    def send(self, request, *args, **kwargs):
        check_public_url(request.url)
        return super().send(request, *args, **kwargs)


def guard(session):
    """Mount PublicOnlyAdapter on a requests session for http and https; returns the session."""
    adapter = PublicOnlyAdapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
