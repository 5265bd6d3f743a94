"""Invitations by e-mail, against a real local SMTP server (aiosmtpd).

An organisation admin invites an address; exactly one mail goes out with a link
that works once, for that address, for a week. Refused invitations send
nothing and store nothing.
"""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from audit.models import AuditEntry
from core.extensions import db
from partners.models import Invitation, Membership
from tests.helpers import free_port

LINK = re.compile(r"http://localhost/uitnodiging/([A-Za-z0-9_-]+)")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def role_of(user, org):
    return db.session.scalar(select(Membership.role).where(Membership.user_id == user.id,
                                                           Membership.organisation_id == org.id))


@pytest.fixture
def org_admin(make_user, make_org):
    admin = make_user("Anna Admin")
    org = make_org("casade", "woningcorporatie", members=[admin], role="admin")
    return admin, org


def _invite(client, org, email="collega@example.test", role="moderator"):
    return client.post(f"/organisaties/{org.slug}/uitnodigen", data={"email": email, "role": role})


def _token(smtp) -> str:
    (_rcpt, message), = smtp.messages
    text = message.get_body(("plain",)).get_content()
    return LINK.search(text).group(1)


def test_admin_invites_and_the_invitee_registers_and_accepts_once(client, login, org_admin, smtp):
    admin, org = org_admin
    login(admin)
    response = _invite(client, org, email="Collega@Example.test")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/organisaties/{org.slug}/leden")

    assert len(smtp.messages) == 1
    rcpt, message = smtp.messages[0]
    assert rcpt == ["collega@example.test"]
    assert message["To"] == "collega@example.test"
    assert "Casade" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    token = _token(smtp)
    assert f"http://localhost/uitnodiging/{token}" in text
    assert f'href="http://localhost/uitnodiging/{token}"' in html
    assert message["Subject"] == "Uitnodiging voor Casade op Wijkpagina"  # Dutch
    assert "Anna Admin nodigt je uit" in text and "Anna Admin nodigt je uit" in html

    invitation = db.session.scalar(select(Invitation))
    assert invitation.email == "collega@example.test" and invitation.role == "moderator"
    assert invitation.token_hash != token and len(invitation.token_hash) == 64
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "invite"))
    assert entry.actor_id == admin.id and entry.details["email"] == "collega@example.test"

    client.post("/logout")
    response = client.get(f"/uitnodiging/{token}")
    assert response.status_code == 302
    assert "/login?next=/uitnodiging/" in response.headers["Location"]

    response = client.post(f"/register?next=/uitnodiging/{token}",
                           data={"email": "collega@example.test", "display_name": "Carla Collega",
                                 "password": "correct horse battery"})
    assert response.status_code == 200 and "collega@example.test" in response.text  # check your mailbox
    verify = smtp.link("collega@example.test", r"http://localhost/email/bevestigen/\S+")
    response = client.get(verify.removeprefix("http://localhost"))
    assert response.status_code == 302 and response.location == f"/login?next=/uitnodiging/{token}"
    response = client.post(response.location, data={"email": "collega@example.test",
                                                    "password": "correct horse battery"})
    assert response.status_code == 302 and response.location == f"/uitnodiging/{token}"
    page = client.get(f"/uitnodiging/{token}")
    assert page.status_code == 200 and "Casade" in page.text and "Accept" in page.text

    response = client.post(f"/uitnodiging/{token}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/me")
    from accounts.services import find_user
    carla = find_user("collega@example.test")
    assert role_of(carla, org) == "moderator"
    assert db.session.scalar(select(Invitation)).accepted_at is not None

    memberships = count(Membership)
    again = client.post(f"/uitnodiging/{token}")
    assert again.status_code == 410
    assert client.get(f"/uitnodiging/{token}").status_code == 410
    assert count(Membership) == memberships
    assert len(smtp.messages) == 2  # the invitation and the verification link


def test_a_logged_in_invitee_accepts_with_the_same_address_in_another_case(client, login, org_admin, make_user,
                                                                            smtp):
    admin, org = org_admin
    login(admin)
    _invite(client, org, email="BOB@example.test", role="poster")
    token = _token(smtp)
    bob = make_user("Bob", email="bob@example.test")
    client.post("/logout")
    login(bob)
    assert client.post(f"/uitnodiging/{token}").status_code == 302
    assert role_of(bob, org) == "poster"


def test_an_expired_invitation_is_refused(client, login, org_admin, make_user, smtp):
    admin, org = org_admin
    login(admin)
    _invite(client, org)
    token = _token(smtp)
    invitation = db.session.scalar(select(Invitation))
    invitation.expires_at = invitation.expires_at - timedelta(days=8)
    db.session.commit()
    invitee = make_user("Carla", email="collega@example.test")
    client.post("/logout")
    login(invitee)
    response = client.post(f"/uitnodiging/{token}")
    assert response.status_code == 410
    assert "verlopen" in response.text or "expired" in response.text
    assert role_of(invitee, org) is None
    assert db.session.scalar(select(Invitation)).accepted_at is None


def test_someone_with_another_address_cannot_accept(client, login, org_admin, make_user, smtp):
    admin, org = org_admin
    login(admin)
    _invite(client, org)
    token = _token(smtp)
    other = make_user("Olaf", email="olaf@example.test")
    client.post("/logout")
    login(other)
    assert client.get(f"/uitnodiging/{token}").status_code == 403
    assert client.post(f"/uitnodiging/{token}").status_code == 403
    assert role_of(other, org) is None
    assert db.session.scalar(select(Invitation)).accepted_at is None


def test_an_unknown_token_is_not_found(client, make_user, login):
    assert client.get("/uitnodiging/nope").status_code == 404
    login(make_user())
    assert client.post("/uitnodiging/nope").status_code == 404
    assert count(Membership) == 0


def test_a_member_who_is_not_admin_cannot_invite(client, login, org_admin, make_user, smtp):
    _admin, org = org_admin
    poster = make_user("Paul Poster")
    from partners.services import grant_membership
    grant_membership(poster, org, "poster")
    login(poster)
    assert _invite(client, org).status_code == 403
    assert smtp.messages == []
    assert count(Invitation) == 0


@pytest.mark.parametrize("email", ["", "geen-adres", "a@b@c.test"])
def test_a_bad_address_is_a_form_error(client, login, org_admin, smtp, email):
    admin, org = org_admin
    login(admin)
    response = _invite(client, org, email=email)
    assert response.status_code == 422
    assert 'id="invite-email-error"' in response.text
    assert smtp.messages == []
    assert count(Invitation) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "invite")) == 0


def test_the_members_page_shows_the_invite_form(client, login, org_admin):
    admin, org = org_admin
    login(admin)
    page = client.get(f"/organisaties/{org.slug}/leden")
    assert page.status_code == 200
    assert f'action="/organisaties/{org.slug}/uitnodigen"' in page.text
    assert page.text.count('id="email"') == 1 and page.text.count('id="invite-email"') == 1


def test_unreachable_mail_server_leaves_no_invitation(make_app, make_user, make_org):
    """Nothing listens on the port: a clear message, and no invitation or audit entry is left behind."""
    from audit.models import AuditEntry
    from partners.models import Invitation
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port())
    admin = make_user("Beheerder")
    org = make_org("gemeente", "gemeente", members=[admin], role="admin")
    client = app.test_client()
    client.post("/login", data={"email": admin.email, "password": "correct horse battery"})
    response = client.post(f"/organisaties/{org.slug}/uitnodigen", data={"email": "collega@example.test",
                                                                         "role": "poster"})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Invitation)) == 0
    assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "invite")) == 0
