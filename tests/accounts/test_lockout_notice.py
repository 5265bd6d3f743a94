"""Too many wrong passwords lock an account for a while (the limit stays), and its owner is told by e-mail, once
per lockout window (issue 12: five wrong passwords locked the owner out without a word)."""
import pytest

from core.extensions import limiter


@pytest.fixture
def limited_app(make_app):
    app = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", AUTH_LIMIT_PER_IP="100 per minute",
                   AUTH_LIMIT_PER_ACCOUNT="5 per minute;30 per hour")
    limiter.reset()
    with app.app_context():
        yield app
    limiter.reset()


def _wrong(client, email):
    return client.post("/login", data={"email": email, "password": "niet het wachtwoord"}).status_code


def test_the_owner_hears_once_per_lockout_window(make_user, limited_app, smtp):
    owner = make_user("Ans", email="ans@example.test", two_factor_on=False)
    attacker = limited_app.test_client()
    assert [_wrong(attacker, "ans@example.test") for _ in range(5)] == [422] * 5
    assert smtp.to("ans@example.test") == []  # wrong passwords alone tell nobody
    assert _wrong(attacker, "ANS@example.test") == 429  # the sixth, however the address is written
    assert limited_app.test_client().post("/api/v1/tokens", json={
        "email": "ans@example.test", "password": "correct horse battery"}).status_code == 429  # the owner too
    assert _wrong(attacker, "ans@example.test") == 429
    (notice,) = smtp.to(owner.email)
    assert notice["Subject"] == "Te veel pogingen om in te loggen op je Wijkpagina-account"
    text = notice.get_body(("plain",)).get_content()
    assert "http://localhost/wachtwoord-vergeten" in text and "Hallo Ans" in text


def test_attempts_for_an_unknown_address_mail_nobody(limited_app, smtp):
    client = limited_app.test_client()
    assert [_wrong(client, "niemand@example.test") for _ in range(6)][-1] == 429
    assert smtp.messages == []
