"""One form of an address, before every lookup: however an address is written (case, full-width letters, an IDN
domain), it names the same account, and no answer reveals whether it has one (issue 12: registering
ans@ｅｘａｍｐｌｅ.test answered "an account with this address already exists")."""
import pytest
from sqlalchemy import func, select

from accounts.login_flow import account_key
from accounts.models import User
from core.emails import normalise_email
from core.extensions import db
from partners.models import Invitation
from tests.conftest import log_in

FULL_WIDTH = "ans@ｅｘａｍｐｌｅ.test"  # the domain in full-width letters
SPELLINGS = [FULL_WIDTH, "ＡＮＳ@example.test", " Ans@EXAMPLE.test ", "ans@ＥＸＡＭＰＬＥ.ＴＥＳＴ"]


@pytest.mark.parametrize("written", SPELLINGS)
def test_every_spelling_normalises_to_the_stored_form(app, written):
    assert normalise_email(written) == "ans@example.test"


def test_registering_a_known_address_in_full_width_letters_looks_like_a_new_one(client, make_user, smtp):
    make_user("Ans", email="ans@example.test", two_factor_on=False)
    form = {"display_name": "Iemand", "password": "lang genoeg wachtwoord"}
    new = client.post("/register", data=form | {"email": "nieuw@example.test"})
    known = client.post("/register", data=form | {"email": FULL_WIDTH})
    assert new.status_code == known.status_code == 200
    assert known.text.replace("ans@example.test", "X") == new.text.replace("nieuw@example.test", "X")
    assert db.session.scalar(select(func.count()).select_from(User)) == 2  # Ans and the new one only
    (note,) = smtp.to("ans@example.test")  # the owner hears about it, as for any known address
    assert "/email/bevestigen/" not in note.get_body(("plain",)).get_content()


@pytest.mark.parametrize("written", SPELLINGS)
def test_login_and_reset_find_the_account_however_it_is_written(client, make_user, smtp, written):
    person = make_user(email="ans@example.test", two_factor_on=False)
    log_in(client, type("Written", (), {"email": written, "two_factor_enabled": False})(), "correct horse battery")
    assert client.get("/me").status_code == 200
    client.post("/logout")
    client.post("/wachtwoord-vergeten", data={"email": written})
    assert smtp.link(person.email, r"http://localhost/wachtwoord/\S+")


def test_changing_to_another_accounts_address_in_full_width_letters_tells_its_owner(client, login, make_user,
                                                                                     smtp):
    make_user("Ans", email="ans@example.test", two_factor_on=False)
    login(make_user("Bob", email="bob@example.test", two_factor_on=False))
    assert client.post("/me/email", data={"email": FULL_WIDTH, "password": "correct horse battery"}
                       ).status_code == 302
    (note,) = smtp.to("ans@example.test")
    assert "/email/wijzigen/" not in note.get_body(("plain",)).get_content()


def test_attempts_per_account_count_every_spelling_together(app):
    keys = set()
    for written in SPELLINGS:
        with app.test_request_context("/login", method="POST", data={"email": written}):
            keys.add(account_key())
    assert keys == {"account:ans@example.test"}


def test_an_invitation_to_a_full_width_address_is_for_the_same_person(client, login, make_user, make_org, smtp):
    admin = make_user("Beheerder")
    org = make_org("gemeente-t", "gemeente", members=[admin], role="admin")
    login(admin)
    assert client.post(f"/organisaties/{org.slug}/uitnodigen",
                       data={"email": FULL_WIDTH, "role": "poster"}).status_code == 302
    assert smtp.to("ans@example.test")
    assert db.session.scalar(select(Invitation.email)) == "ans@example.test"
