"""Ending sessions: logout, a password reset, an address change, two-factor changes and account deletion end
every other session of the person, including remember-me cookies (a per-user session version)."""
from urllib.parse import urlsplit

from accounts.models import User
from core.extensions import db
from tests.conftest import log_in, totp_code, unused_totp_code

PASSWORD = "correct horse battery"


def path(link: str) -> str:
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def remembered(app, user, password: str = PASSWORD):
    """A browser logged in with 'stay logged in'."""
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": password, "remember": "y"})
    assert response.status_code == 302
    if response.location.endswith("/login/code"):
        assert client.post("/login/code", data={"code": unused_totp_code(user)}).status_code == 302
    assert client.get_cookie("remember_token") is not None
    return client


def logged_in(client) -> bool:
    return client.get("/me").status_code == 200


def only_remember_cookie(app, client):
    """Another browser holding nothing but `client`'s remember-me cookie (its session cookie expired)."""
    other = app.test_client()
    other.set_cookie("remember_token", client.get_cookie("remember_token").value)
    return other


def copy_of(app, client):
    """Someone who copied the browser's session cookie."""
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    return other


def test_a_copied_session_cookie_stops_working_after_logout(app, make_user):
    person = make_user(two_factor_on=False)
    mine = log_in(app.test_client(), person)
    thief = copy_of(app, mine)
    assert logged_in(thief)
    assert mine.post("/logout").status_code == 302
    assert not logged_in(mine)
    assert not logged_in(thief)
    assert logged_in(log_in(app.test_client(), person))  # logging in again works


def test_logout_ends_the_remember_me_cookie_too(app, make_user):
    person = make_user(two_factor_on=False)
    laptop = remembered(app, person)
    cookie_only = only_remember_cookie(app, laptop)
    assert logged_in(cookie_only)
    laptop.post("/logout")
    assert not logged_in(laptop)
    assert not logged_in(cookie_only)


def test_a_password_reset_ends_the_other_browsers_session_and_remember_cookie(app, make_user, smtp):
    person = make_user(two_factor_on=False)
    other_browser = remembered(app, person)
    its_cookie = only_remember_cookie(app, other_browser)
    assert logged_in(other_browser) and logged_in(its_cookie)

    here = app.test_client()
    here.post("/wachtwoord-vergeten", data={"email": person.email})
    link = smtp.link(person.email, r"http://localhost/wachtwoord/\S+")
    assert here.post(path(link), data={"password": "een nieuw lang wachtwoord"}).status_code == 302
    assert not logged_in(other_browser)
    assert not logged_in(its_cookie)
    assert logged_in(log_in(app.test_client(), person, "een nieuw lang wachtwoord"))


def test_an_address_change_ends_other_sessions_and_keeps_this_one(app, make_user, smtp):
    person = make_user(two_factor_on=False)
    other_browser = remembered(app, person)
    here = log_in(app.test_client(), person)
    assert here.post("/me/email", data={"email": "nieuw@example.test", "password": PASSWORD}).status_code == 302
    link = smtp.link("nieuw@example.test", r"http://localhost/email/wijzigen/\S+")
    assert here.get(path(link)).status_code == 302
    assert logged_in(here)
    assert not logged_in(other_browser)
    assert not logged_in(only_remember_cookie(app, other_browser))


def test_two_factor_changes_end_other_sessions_and_keep_this_one(app, make_user):
    person = make_user(two_factor_on=False)
    other_browser = remembered(app, person)
    here = log_in(app.test_client(), person)
    # Turning it on.
    assert here.post("/me/tweestaps", data={"action": "new_key"}).status_code == 302
    secret = db.session.get(User, person.id).totp_secret
    assert here.post("/me/tweestaps", data={"code": totp_code(secret=secret)}).status_code == 200
    assert logged_in(here)
    assert not logged_in(other_browser)
    # New recovery codes, and turning it off, each end the sessions elsewhere again.
    for action in ("/me/tweestaps/herstelcodes", "/me/tweestaps/uit"):
        elsewhere = log_in(app.test_client(), a_while_later(person))
        assert logged_in(elsewhere)
        response = here.post(action, data={"code": totp_code(a_while_later(person))})
        assert response.status_code in (200, 302)
        assert db.session.get(User, person.id).totp_last_step is None or action.endswith("herstelcodes")
        assert logged_in(here), action
        assert not logged_in(elsewhere), action


def a_while_later(person) -> User:
    """As if the authenticator showed a new code (a code is accepted once; these steps come fast)."""
    user = db.session.get(User, person.id)
    user.totp_last_step = None
    db.session.commit()
    return user


def test_deleting_the_account_ends_every_session(app, make_user):
    person = make_user(two_factor_on=False)
    other_browser = remembered(app, person)
    here = log_in(app.test_client(), person)
    response = here.post("/me/verwijderen", data={"password": PASSWORD, "content": "keep", "confirm": "y"})
    assert response.status_code == 302
    assert not logged_in(here)
    assert not logged_in(other_browser)
    assert not logged_in(only_remember_cookie(app, other_browser))


def test_sessions_from_before_the_session_version_still_work_until_it_changes(app, make_user):
    """A cookie that names only the user id (made before this change) counts as version 0."""
    person = make_user(two_factor_on=False)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(person.id)
        session["_fresh"] = True
    assert logged_in(client)
    log_in(app.test_client(), person).post("/logout")
    assert not logged_in(client)


def test_an_ended_session_gets_no_cached_page_of_its_user(app, make_user, make_wijk):
    """Wijk pages are cached per user, keyed from the session: an ended session must not be served one."""
    make_wijk("centrum")
    person = make_user("Geheim Persoon", two_factor_on=False)
    mine = log_in(app.test_client(), person)
    thief = copy_of(app, mine)
    assert "Geheim Persoon" in thief.get("/w/centrum").text  # cached for this user now
    mine.post("/logout")
    assert "Geheim Persoon" not in thief.get("/w/centrum").text
