"""Two-factor authentication: set-up, the second login step, recovery codes, API tokens, and the rule that
privileged roles count only with it on."""
import re
import time

import pyotp
from click.testing import CliRunner
from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from tests.conftest import TOTP_SECRET, log_in, totp_code


def password_step(client, user):
    response = client.post("/login", data={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 302 and response.location == "/login/code"
    return response


def test_set_up_with_the_app_then_log_in_in_two_steps(client, login, make_user):
    person = make_user(two_factor_on=False)
    login(person)
    assert 'value="new_key"' in client.get("/me/tweestaps").text
    assert db.session.get(User, person.id).totp_secret is None  # looking makes no key
    assert client.post("/me/tweestaps", data={"action": "new_key"}).status_code == 302
    page = client.get("/me/tweestaps")
    assert page.status_code == 200 and 'src="data:image/svg+xml' in page.text
    secret = db.session.get(User, person.id).totp_secret
    assert client.get("/me/tweestaps").status_code == 200
    assert db.session.get(User, person.id).totp_secret == secret  # a GET never replaces it
    assert secret in page.text and db.session.get(User, person.id).totp_enabled_at is None
    wrong = client.post("/me/tweestaps", data={"code": "000000"})
    assert wrong.status_code == 422 and db.session.get(User, person.id).totp_enabled_at is None
    done = client.post("/me/tweestaps", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<code>([0-9a-f]{8}-[0-9a-f]{8})</code>", done.text)
    assert done.status_code == 200 and len(codes) == 10
    client.post("/logout")

    password_step(client, person)
    assert client.get("/me").status_code == 302  # not logged in between the steps
    bad = client.post("/login/code", data={"code": "123456"})
    assert bad.status_code == 422 and 'id="code-error"' in bad.text
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 302
    assert client.get("/me").status_code == 200
    client.post("/logout")
    password_step(client, person)
    assert client.post("/login/code", data={"code": codes[0]}).status_code == 422  # recovery codes work once


def test_a_code_is_accepted_only_once(client, make_user):
    person = make_user()
    code = totp_code(person)
    password_step(client, person)
    assert client.post("/login/code", data={"code": code}).status_code == 302
    client.post("/logout")
    password_step(client, person)
    assert client.post("/login/code", data={"code": code}).status_code == 422


def test_the_second_step_expires(client, make_user, monkeypatch):
    person = make_user()
    password_step(client, person)
    later = time.time() + 301
    monkeypatch.setattr("accounts.login_flow.time.time", lambda: later)
    response = client.post("/login/code", data={"code": totp_code(person)})
    assert response.status_code == 302 and response.location == "/login"
    assert client.get("/me").status_code == 302


def test_a_privileged_role_counts_only_with_two_factor(client, api, make_user, make_wijk, make_post):
    from wijken.roles import grant_wijk_role
    wijk = make_wijk("centrum")
    coordinator = make_user("Coco", two_factor_on=False)
    grant_wijk_role(coordinator, wijk, "coordinator")
    post = make_post(make_user(), wijk)
    action = {"action": "hide", "target": "post", "id": post.id, "reason": "test"}
    refused = api.as_user(coordinator).post("/api/v1/moderation/actions", json=action)
    assert refused.status_code == 403
    log_in(client, coordinator)
    assert "tweestapsverificatie" in client.get("/").text  # the banner says why
    assert client.get("/moderatie").status_code == 403

    client.post("/me/tweestaps", data={"action": "new_key"})
    secret = db.session.get(User, coordinator.id).totp_secret
    client.post("/me/tweestaps", data={"code": pyotp.TOTP(secret).now()})
    assert api.as_user(db.session.get(User, coordinator.id)).post("/api/v1/moderation/actions",
                                                                  json=action).status_code == 200
    # and it cannot be switched off while the role needs it
    client.post("/me/tweestaps/uit", data={"code": pyotp.TOTP(secret).at(time.time() + 30)})
    assert db.session.get(User, coordinator.id).two_factor_enabled


def test_an_organisation_poster_needs_two_factor_to_post_what_is_mailed_at_once(client, api, make_user, make_wijk,
                                                                               make_org):
    """A politie poster's warning reaches every follower's inbox at once: a password alone does not do."""
    wijk = make_wijk("centrum")
    agent = make_user("Agent", two_factor_on=False)
    make_org("politie", "politie", [wijk], [agent])
    warning = {"kind": "inbraakwaarschuwing", "organisation": "politie", "title": "Inbraken", "body": "Let op."}
    refused = api.as_user(agent).post("/api/v1/wijken/centrum/posts", json=warning)
    assert refused.status_code == 403
    log_in(client, agent)
    assert "tweestapsverificatie" in client.get("/").text  # the banner says why
    form = client.get("/w/centrum/nieuw").text
    assert 'value="politie"' not in form and 'value="inbraakwaarschuwing"' not in form  # as a resident only
    assert client.post("/w/centrum/nieuw", data=warning).status_code in (403, 422)

    client.post("/me/tweestaps", data={"action": "new_key"})
    secret = db.session.get(User, agent.id).totp_secret
    client.post("/me/tweestaps", data={"code": pyotp.TOTP(secret).now()})
    agent = db.session.get(User, agent.id)
    assert api.as_user(agent).post("/api/v1/wijken/centrum/posts", json=warning).status_code == 201
    client.post("/me/tweestaps/uit", data={"code": pyotp.TOTP(secret).at(time.time() + 30)})
    assert db.session.get(User, agent.id).two_factor_enabled  # not while the role needs it


def test_a_resident_may_turn_it_off_with_a_code(client, login, make_user):
    person = make_user()
    login(person)
    assert client.post("/me/tweestaps/uit", data={"code": "000000"}).status_code == 302
    assert db.session.get(User, person.id).two_factor_enabled
    client.post("/me/tweestaps/uit", data={"code": totp_code(person, step_offset=1)})
    assert not db.session.get(User, person.id).two_factor_enabled


def test_api_tokens_need_the_code(client, make_user):
    person = make_user()
    body = {"email": person.email, "password": "correct horse battery"}
    missing = client.post("/api/v1/tokens", json=body)
    assert missing.status_code == 401 and missing.json["error"]["code"] == "otp_required"
    wrong = client.post("/api/v1/tokens", json=body | {"otp": "000000"})
    assert wrong.status_code == 401 and wrong.json["error"]["code"] == "invalid_otp"
    assert client.post("/api/v1/tokens", json=body | {"otp": totp_code(person)}).status_code == 201


def test_cli_provisions_two_factor(app):
    runner = CliRunner()
    result = runner.invoke(app.cli, ["users", "create", "Mod@Example.test", "--name", "Mod", "--password",
                                     "lang genoeg wachtwoord", "--verified", "--totp-secret", TOTP_SECRET],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "mod@example.test"))
    assert user.two_factor_enabled and user.totp_secret == TOTP_SECRET
    bad = runner.invoke(app.cli, ["users", "create", "x@example.test", "--name", "X", "--password",
                                  "lang genoeg wachtwoord", "--totp-secret", "not base32!"])
    assert bad.exit_code != 0
    assert db.session.scalar(select(User).where(User.email == "x@example.test")) is None
