"""Verification, password reset and address change, against the real local SMTP server.

The tests read the messages the server received and follow their links as a
person would: each link works once, expires, and no answer tells whether an
address has an account.
"""
from unittest import mock

import pytest
from sqlalchemy import func, select

from accounts.models import ApiToken, User
from core.extensions import db
from tests.conftest import log_in, without_csrf_tokens

LINK = r"http://localhost/\S+"


def path(url: str) -> str:
    return url.removeprefix("http://localhost")


def register(client, email="ans@example.test", password="lang genoeg wachtwoord", **extra):
    return client.post("/register", data={"email": email, "display_name": "Ans", "password": password} | extra)


def user(email="ans@example.test") -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_a_new_account_reads_and_follows_but_writes_only_after_confirming(client, smtp, make_wijk, make_user):
    wijk = make_wijk("centrum")
    register(client)
    (mail,) = smtp.to("ans@example.test")
    assert mail["Subject"] == "Bevestig je e-mailadres voor Wijkpagina"
    text, html = mail.get_body(("plain",)).get_content(), mail.get_body(("html",)).get_content()
    link = smtp.link("ans@example.test", r"http://localhost/email/bevestigen/\S+")
    assert link in text and f'href="{link}"' in html

    log_in(client, user(), "lang genoeg wachtwoord")
    assert client.post(f"/w/{wijk.slug}/follow", data={"action": "follow"}).status_code == 302
    assert "Bevestig je e-mailadres" in client.get(f"/w/{wijk.slug}").text
    refused = client.post(f"/w/{wijk.slug}/nieuw", data={"kind": "bericht", "title": "Hoi", "body": "Hallo"})
    assert refused.status_code == 403

    assert client.get(path(link)).status_code == 302
    assert user().email_verified_at is not None
    assert client.post(f"/w/{wijk.slug}/nieuw", data={"kind": "bericht", "title": "Hoi", "body": "Hallo"}
                       ).status_code == 302
    again = client.get(path(link))
    assert again.status_code == 404  # used once


def test_an_unverified_token_user_cannot_write_through_the_api(client, api, make_user, make_wijk):
    wijk = make_wijk("centrum")
    newcomer = make_user(verified=False, two_factor_on=False)
    response = api.as_user(newcomer).post(f"/api/v1/wijken/{wijk.slug}/posts",
                                          json={"kind": "bericht", "title": "Hoi", "body": "Hallo"})
    assert response.status_code == 403
    assert api.as_user(newcomer).put(f"/api/v1/wijken/{wijk.slug}/follow").status_code in (200, 201, 204)


def test_verification_links_expire_and_resist_tampering(client, smtp):
    register(client)
    link = smtp.link("ans@example.test", r"http://localhost/email/bevestigen/\S+")
    token = link.rsplit("/", 1)[1]
    assert client.get(f"/email/bevestigen/{token[:-2]}xx").status_code == 404
    with mock.patch("itsdangerous.timed.time.time", return_value=__import__("time").time() + 4 * 24 * 3600):
        assert client.get(path(link)).status_code == 404
    assert user().email_verified_at is None
    assert client.get(path(link)).status_code == 302


def test_resend_verification(client, login, make_user, smtp):
    newcomer = make_user(verified=False, two_factor_on=False)
    login(newcomer)
    assert client.post("/email/opnieuw").status_code == 302
    assert len(smtp.to(newcomer.email)) == 1


def test_password_reset_works_once_and_ends_api_tokens(client, api, make_user, smtp):
    person = make_user(two_factor_on=False)
    assert api.as_user(person).headers["Authorization"]  # a token exists
    page = client.post("/wachtwoord-vergeten", data={"email": person.email.upper()})
    assert page.status_code == 200
    link = smtp.link(person.email, r"http://localhost/wachtwoord/\S+")
    assert client.get(path(link)).status_code == 200
    short = client.post(path(link), data={"password": "kort"})
    assert short.status_code == 422 and 'id="password-error"' in short.text
    assert client.post(path(link), data={"password": "een nieuw lang wachtwoord"}).status_code == 302
    assert log_in(client, person, "een nieuw lang wachtwoord")
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0
    assert client.get(path(link)).status_code == 404  # the password changed: the link is spent
    assert client.post(path(link), data={"password": "nog een ander wachtwoord"}).status_code == 404


def test_a_reset_for_an_unknown_address_looks_the_same(client, make_user, smtp):
    person = make_user(two_factor_on=False)
    known = client.post("/wachtwoord-vergeten", data={"email": person.email})
    unknown = client.post("/wachtwoord-vergeten", data={"email": "niemand@example.test"})
    assert known.status_code == unknown.status_code == 200
    assert without_csrf_tokens(known.text.replace(person.email, "X")) == without_csrf_tokens(
        unknown.text.replace("niemand@example.test", "X"))
    (note,) = smtp.to("niemand@example.test")
    assert "/wachtwoord/" not in note.get_body(("plain",)).get_content()
    bad = client.post("/wachtwoord-vergeten", data={"email": "geen adres"})
    assert bad.status_code == 422 and len(smtp.messages) == 2


def test_reset_links_expire_after_an_hour(client, make_user, smtp):
    person = make_user(two_factor_on=False)
    client.post("/wachtwoord-vergeten", data={"email": person.email})
    link = smtp.link(person.email, r"http://localhost/wachtwoord/\S+")
    later = __import__("time").time() + 3601
    with mock.patch("itsdangerous.timed.time.time", return_value=later):
        assert client.post(path(link), data={"password": "een nieuw lang wachtwoord"}).status_code == 404
    assert person.check_password("correct horse battery")


def test_changing_the_address_confirms_the_new_one_and_tells_the_old_one(client, login, make_user, smtp):
    person = make_user(two_factor_on=False, email="oud@example.test")
    login(person)
    wrong = client.post("/me/email", data={"email": "nieuw@example.test", "password": "fout"})
    assert wrong.status_code == 422 and smtp.messages == []
    assert client.post("/me/email", data={"email": "Nieuw@Example.test", "password": "correct horse battery"}
                       ).status_code == 302
    assert user("oud@example.test") is not None  # nothing changes before the link is used
    link = smtp.link("nieuw@example.test", r"http://localhost/email/wijzigen/\S+")
    assert client.get(path(link)).status_code == 302
    changed = db.session.get(User, person.id)
    assert changed.email == "nieuw@example.test" and changed.email_verified_at is not None
    (notice,) = smtp.to("oud@example.test")
    assert "nieuw@example.test" in notice.get_body(("plain",)).get_content()
    assert client.get(path(link)).status_code == 404  # once


def test_changing_to_a_taken_address_tells_nobody_but_its_owner(client, login, make_user, smtp):
    person = make_user(two_factor_on=False)
    other = make_user(two_factor_on=False)
    login(person)
    response = client.post("/me/email", data={"email": other.email, "password": "correct horse battery"})
    assert response.status_code == 302
    (mail,) = smtp.to(other.email)
    assert "/email/wijzigen/" not in mail.get_body(("plain",)).get_content()
    assert db.session.get(User, person.id).email == person.email


def test_an_unreachable_mail_server_creates_no_account(make_app, smtp):
    app = make_app(MAIL_PORT=1)
    with app.app_context():
        response = register(app.test_client())
        assert response.status_code == 422 and "e-mail" in response.text
        assert db.session.scalar(select(func.count()).select_from(User)) == 0


@pytest.mark.parametrize("locale, subject", [("en", "Choose a new password for Wijkpagina"),
                                             ("nl", "Kies een nieuw wachtwoord voor Wijkpagina")])
def test_mail_speaks_the_users_language(client, make_user, smtp, locale, subject):
    person = make_user(two_factor_on=False)
    person.locale = locale
    db.session.commit()
    client.post("/wachtwoord-vergeten", data={"email": person.email})
    assert smtp.to(person.email)[0]["Subject"] == subject



def test_unknown_addresses_cost_a_password_check_too(client, make_user, monkeypatch):
    """Timing: a login for an address without an account still hashes the password once."""
    import accounts.services as services
    calls = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash", lambda *args: calls.append(args) or real(*args))
    assert services.authenticate("niemand@example.test", "een wachtwoord") is None
    assert len(calls) == 1
