"""`next` after a login, the second step, single sign-on and forms: only paths on this site, checked as a browser
reads them (issue 12: /%09/evil.example/ became Location: //evil.example/, a newline answered 500)."""
from urllib.parse import unquote

import pytest

from core.urls import safe_next
from tests.conftest import unused_totp_code

EVIL = ["/%09/evil.example/", "/%0A/evil.example/", "/%0D%0A/evil.example/", "/%0d%0aSet-Cookie:x=1",
        "//evil.example/x", "/%5Cevil.example", "/%5C%5Cevil.example", "https://evil.example/", "/%20/evil.example",
        "%2F%2Fevil.example", "/%7F/evil.example", "javascript:alert(1)", "/%E3%80%80/evil.example"]


@pytest.mark.parametrize("target", ["/\t/evil.example/", "/\n/evil.example", "\t//evil.example", "/\\evil.example",
                                    "//evil.example", "http://evil.example", "/ /evil", "/\x7f/evil", "evil", None,
                                    ["/"], "/\u3000/evil"])
def test_safe_next_refuses_anything_that_is_not_a_plain_local_path(target):
    assert safe_next(target) is None


@pytest.mark.parametrize("target", ["/", "/w/centrum", "/w/centrum/p/3?x=1#reacties", "/w/sint-jan%20noord",
                                    "/w/é"])
def test_safe_next_keeps_local_paths(target):
    assert safe_next(target) == target


def _stays_home(response):
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//") and "evil" not in location, location
    return location


@pytest.mark.parametrize("target", EVIL)
def test_login_never_redirects_away(client, make_user, target):
    user = make_user(two_factor_on=False)
    response = client.post(f"/login?next={target}", data={"email": user.email, "password": "correct horse battery"})
    assert _stays_home(response) == "/"
    # Already logged in: /login?next=... redirects at once, through the same check.
    assert _stays_home(client.get(f"/login?next={target}")) == "/"


@pytest.mark.parametrize("target", EVIL[:4])
def test_the_second_step_never_redirects_away(client, make_user, target):
    user = make_user()
    first = client.post(f"/login?next={target}", data={"email": user.email, "password": "correct horse battery"})
    assert first.headers["Location"].endswith("/login/code")
    assert _stays_home(client.post("/login/code", data={"code": unused_totp_code(user)})) == "/"


@pytest.mark.parametrize("target", EVIL[:4])
def test_single_sign_on_and_forms_never_redirect_away(client, login, make_user, make_wijk, target):
    make_wijk("centrum")
    login(make_user(two_factor_on=False))
    assert _stays_home(client.get(f"/login/sso/gemeente?next={target}")) == "/"
    assert _stays_home(client.post("/taal/en", data={"next": unquote(target)})) == "/"
    assert _stays_home(client.post("/w/centrum/follow", data={"next": unquote(target)})) == "/w/centrum"


def test_a_local_next_is_followed(client, make_user):
    user = make_user()
    client.post("/login?next=/w/centrum%3Fx%3D1", data={"email": user.email, "password": "correct horse battery"})
    assert client.post("/login/code", data={"code": unused_totp_code(user)}).headers["Location"] == "/w/centrum?x=1"
