"""The site admin pages (/beheer) and an organisation's member pages (/organisaties/<slug>/leden).

Allowed changes are made, audited (grant_role / revoke_role on the user) and bump
the user's cached pages; refused ones answer 403, bad input a form error (422),
and neither changes anything or logs anything.
"""
import re

import pytest
from sqlalchemy import func, select

from accounts.models import User
from audit.models import AuditEntry
from core.extensions import db
from partners.models import Membership, Organisation
from wijken.models import Wijk, WijkRole


def audited_by_people() -> int:
    """Audit entries of actions taken by someone (set-up grants by the test itself have no actor)."""
    return db.session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.actor_id.is_not(None)))

def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def org_named(slug):
    return db.session.scalar(select(Organisation).where(Organisation.slug == slug))


def role_of(user, org):
    return db.session.scalar(select(Membership.role).where(Membership.user_id == user.id,
                                                           Membership.organisation_id == org.id))


def audits():
    """Audit entries of actions taken through the pages (the test's own set-up grants have no actor)."""
    return db.session.scalars(select(AuditEntry).where(AuditEntry.actor_id.is_not(None))
                              .order_by(AuditEntry.id)).all()


def state_version(user) -> int:
    return db.session.scalar(select(User.state_version).where(User.id == user.id))


@pytest.fixture(autouse=True)
def english(client):
    """Assert on the English msgids; the Dutch catalog is checked by tests/test_translations.py."""
    client.set_cookie("lang", "en")


@pytest.fixture
def admin(make_user):
    return make_user("Sanne Beheer", email="beheer@example.test", admin=True)


# --- /beheer: organisations -------------------------------------------------------------

def test_admin_creates_an_organisation_serving_wijken(client, login, admin, make_wijk):
    for slug in ("centrum", "noord", "zuid"):
        make_wijk(slug)
    login(admin)
    assert client.get("/beheer/organisaties/nieuw").status_code == 200
    response = client.post("/beheer/organisaties/nieuw", data={
        "slug": "wijkteam-noord", "name": "Wijkteam Noord", "kind": "welzijn", "verified": "y",
        "description": "Hulp bij van alles.", "wijken": ["centrum", "noord"]})
    assert response.status_code == 302
    org = org_named("wijkteam-noord")
    assert (org.name, org.kind, org.verified, org.description) == ("Wijkteam Noord", "welzijn", True,
                                                                    "Hulp bij van alles.")
    assert {w.slug for w in org.wijken} == {"centrum", "noord"}
    page = client.get("/beheer").text
    assert "Wijkteam Noord" in page and "Centrum, Noord" in page


def test_admin_edits_an_organisation_and_its_wijken(client, login, admin, make_wijk, make_org):
    make_org("casade", "woningcorporatie", [make_wijk("centrum")])
    make_wijk("noord")
    login(admin)
    form = client.get("/beheer/organisaties/casade").text
    assert re.search(r'<input checked[^>]*value="centrum"', form)
    assert not re.search(r'<input checked[^>]*value="noord"', form)
    response = client.post("/beheer/organisaties/casade", data={
        "name": "Casade Wonen", "kind": "woningcorporatie", "description": "", "wijken": ["noord"]})
    assert response.status_code == 302
    org = org_named("casade")
    assert org.name == "Casade Wonen" and org.verified is False
    assert [w.slug for w in org.wijken] == ["noord"]


@pytest.mark.parametrize("data, field", [
    ({"slug": "nieuw", "name": "Nieuw", "kind": "sekte"}, "kind"),
    ({"slug": "nieuw", "name": "   ", "kind": "welzijn"}, "name"),
    ({"slug": "Niet Goed!", "name": "Nieuw", "kind": "welzijn"}, "slug"),
    ({"slug": "casade", "name": "Nog een Casade", "kind": "welzijn"}, "slug"),
    ({"slug": "nieuw", "name": "Nieuw", "kind": "welzijn", "wijken": ["nergens"]}, "wijken"),
])
def test_bad_organisation_input_is_a_form_error_and_changes_nothing(client, login, admin, make_wijk, make_org,
                                                                    data, field):
    make_org("casade", "woningcorporatie", [make_wijk("centrum")])
    login(admin)
    response = client.post("/beheer/organisaties/nieuw", data=data)
    assert response.status_code == 422
    assert 'class="field-error"' in response.text and f'id="field-{field}"' in response.text
    assert count(Organisation) == 1
    assert org_named("casade").name == "Casade"


def test_admin_page_is_linked_from_the_profile(client, login, admin):
    login(admin)
    assert 'href="/beheer"' in client.get("/me").text


# --- /beheer: refused for everyone else --------------------------------------------------

def test_non_admins_get_403_and_nothing_changes(client, login, make_user, make_wijk, make_org):
    centrum = make_wijk("centrum")
    org_admin = make_user("Org Admin")
    resident = make_user("Bewoner", email="bewoner@example.test")
    make_org("casade", "woningcorporatie", [centrum], [org_admin], role="admin")
    login(org_admin)
    assert 'href="/beheer"' not in client.get("/me").text
    for path in ("/beheer", "/beheer/organisaties/nieuw", "/beheer/organisaties/casade"):
        assert client.get(path).status_code == 403
    assert client.post("/beheer/organisaties/nieuw", data={
        "slug": "nep", "name": "Nep", "kind": "politie"}).status_code == 403
    assert client.post("/beheer/organisaties/casade", data={
        "name": "Overgenomen", "kind": "politie", "verified": "y"}).status_code == 403
    assert client.post("/beheer/coordinatoren", data={
        "wijk": "centrum", "email": resident.email}).status_code == 403
    assert count(Organisation) == 1 and org_named("casade").name == "Casade"
    assert count(WijkRole) == 0 and audited_by_people() == 0


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/beheer")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# --- /beheer: coordinators -------------------------------------------------------------

def test_admin_grants_and_revokes_a_coordinator(client, login, admin, make_user, make_wijk):
    centrum = make_wijk("centrum")
    henk = make_user("Henk", email="henk@example.test")
    before = state_version(henk)
    login(admin)
    response = client.post("/beheer/coordinatoren", data={"wijk": "centrum", "email": "Henk@Example.test",
                                                           "reason": "Nieuwe wijkcoördinator"})
    assert response.status_code == 302
    assert db.session.scalar(select(WijkRole).where(WijkRole.user_id == henk.id)).wijk_id == centrum.id
    assert state_version(henk) == before + 1
    page = client.get("/beheer").text
    assert "Henk" in page and f"/beheer/coordinatoren/centrum/{henk.id}/intrekken" in page

    response = client.post(f"/beheer/coordinatoren/centrum/{henk.id}/intrekken")
    assert response.status_code == 302
    assert count(WijkRole) == 0
    assert state_version(henk) == before + 2
    entries = audits()
    assert [(e.action, e.target_type, e.target_id, e.actor_id, e.wijk_id) for e in entries] == [
        ("grant_role", "user", henk.id, admin.id, centrum.id),
        ("revoke_role", "user", henk.id, admin.id, centrum.id)]
    assert entries[0].reason == "Nieuwe wijkcoördinator" and entries[1].reason == "via beheer"
    assert entries[0].details["role"] == "coordinator"


def test_unknown_email_for_a_coordinator_is_a_form_error(client, login, admin, make_wijk):
    make_wijk("centrum")
    login(admin)
    response = client.post("/beheer/coordinatoren", data={"wijk": "centrum", "email": "niemand@example.test"})
    assert response.status_code == 422
    assert "No account exists with this e-mail address" in response.text
    assert count(WijkRole) == 0 and audited_by_people() == 0


def test_revoking_a_role_nobody_has_is_404(client, login, admin, make_user, make_wijk):
    make_wijk("centrum")
    henk = make_user("Henk")
    login(admin)
    assert client.post(f"/beheer/coordinatoren/centrum/{henk.id}/intrekken").status_code == 404
    assert audited_by_people() == 0


# --- /organisaties/<slug>/leden ------------------------------------------------------------

@pytest.fixture
def casade(make_user, make_wijk, make_org):
    chef = make_user("Chef Casade", email="chef@casade.test")
    org = make_org("casade", "woningcorporatie", [make_wijk("centrum")], [chef], role="admin")
    return org, chef


def test_org_admin_adds_changes_and_removes_a_member(client, login, casade, make_user):
    org, chef = casade
    piet = make_user("Piet", email="piet@casade.test")
    before = state_version(piet)
    login(chef)
    assert 'href="/organisaties/casade/leden"' in client.get("/me").text
    assert client.get("/organisaties/casade/leden").status_code == 200

    response = client.post("/organisaties/casade/leden", data={"email": "piet@casade.test", "role": "poster"})
    assert response.status_code == 302
    assert role_of(piet, org) == "poster"
    assert "Piet" in client.get("/organisaties/casade/leden").text

    response = client.post(f"/organisaties/casade/leden/{piet.id}", data={"role": "moderator",
                                                                          "reason": "Modereert nu ook"})
    assert response.status_code == 302 and role_of(piet, org) == "moderator"

    response = client.post(f"/organisaties/casade/leden/{piet.id}/verwijderen")
    assert response.status_code == 302 and role_of(piet, org) is None
    assert state_version(piet) == before + 3

    entries = audits()
    assert [(e.action, e.target_type, e.target_id, e.actor_id, e.organisation_id, e.details["role"])
            for e in entries] == [("grant_role", "user", piet.id, chef.id, org.id, "poster"),
                                  ("grant_role", "user", piet.id, chef.id, org.id, "moderator"),
                                  ("revoke_role", "user", piet.id, chef.id, org.id, "moderator")]
    assert [e.reason for e in entries] == ["via ledenbeheer", "Modereert nu ook", "via ledenbeheer"]
    assert entries[1].details["previous"] == "poster"


def test_org_admin_cannot_touch_another_organisation(client, login, casade, make_user, make_org):
    org, chef = casade
    politie_agent = make_user("Agent", email="agent@politie.test")
    politie = make_org("politie", "politie", [], [politie_agent], role="admin")
    login(chef)
    assert client.get("/organisaties/politie/leden").status_code == 403
    assert client.post("/organisaties/politie/leden", data={"email": chef.email, "role": "admin"}).status_code == 403
    assert client.post(f"/organisaties/politie/leden/{politie_agent.id}", data={"role": "poster"}).status_code == 403
    assert client.post(f"/organisaties/politie/leden/{politie_agent.id}/verwijderen").status_code == 403
    assert role_of(politie_agent, politie) == "admin" and role_of(chef, politie) is None
    assert audited_by_people() == 0


def test_members_and_posters_cannot_manage_members(client, login, casade, make_user):
    org, chef = casade
    moderator = make_user("Mod")
    from partners.services import grant_membership
    grant_membership(moderator, org, "moderator")
    login(moderator)
    assert client.get("/organisaties/casade/leden").status_code == 403
    assert client.post(f"/organisaties/casade/leden/{chef.id}/verwijderen").status_code == 403
    assert 'href="/organisaties/casade/leden"' not in client.get("/me").text
    assert role_of(chef, org) == "admin"


def test_the_last_admin_cannot_remove_or_demote_themselves(client, login, casade):
    org, chef = casade
    login(chef)
    for path, data in ((f"/organisaties/casade/leden/{chef.id}", {"role": "poster"}),
                       (f"/organisaties/casade/leden/{chef.id}/verwijderen", {}),
                       ("/organisaties/casade/leden", {"email": chef.email, "role": "moderator"})):
        response = client.post(path, data=data)
        assert response.status_code == 422, path
        assert "You are the last admin of this organisation" in response.text
    assert role_of(chef, org) == "admin" and audited_by_people() == 0


def test_an_admin_may_step_down_when_another_admin_remains(client, login, casade, make_user):
    org, chef = casade
    opvolger = make_user("Opvolger", email="opvolger@casade.test")
    login(chef)
    client.post("/organisaties/casade/leden", data={"email": opvolger.email, "role": "admin"})
    response = client.post(f"/organisaties/casade/leden/{chef.id}/verwijderen")
    assert response.status_code == 302 and response.headers["Location"].endswith("/me")
    assert role_of(chef, org) is None and role_of(opvolger, org) == "admin"
    assert client.get("/organisaties/casade/leden").status_code == 403


def test_site_admin_manages_members_of_any_organisation(client, login, admin, casade):
    org, chef = casade
    login(admin)
    response = client.post(f"/organisaties/casade/leden/{chef.id}", data={"role": "poster", "reason": "Vertrokken"})
    assert response.status_code == 302 and role_of(chef, org) == "poster"
    assert audits()[0].actor_id == admin.id


@pytest.mark.parametrize("data, message", [
    ({"email": "niemand@example.test", "role": "poster"}, "No account exists with this e-mail address"),
    ({"email": "", "role": "poster"}, "No account exists with this e-mail address"),
    ({"email": "piet@casade.test", "role": "baas"}, "Choose one of: poster, moderator, admin."),
])
def test_bad_member_input_is_a_form_error_and_changes_nothing(client, login, casade, make_user, data, message):
    org, chef = casade
    make_user("Piet", email="piet@casade.test")
    login(chef)
    response = client.post("/organisaties/casade/leden", data=data)
    assert response.status_code == 422
    assert message in response.text and 'class="field-error"' in response.text
    assert count(Membership) == 1 and audited_by_people() == 0


def test_changing_a_non_member_is_404(client, login, casade, make_user):
    org, chef = casade
    outsider = make_user("Buitenstaander")
    login(chef)
    assert client.post(f"/organisaties/casade/leden/{outsider.id}", data={"role": "admin"}).status_code == 404
    assert role_of(outsider, org) is None and audited_by_people() == 0


def test_the_cli_style_grant_still_works_without_an_actor(app, make_user, make_wijk, make_org):
    from partners.services import grant_membership
    from wijken.roles import grant_wijk_role

    user = make_user()
    org = make_org("gemeente", "gemeente")
    grant_membership(user, org, "admin")
    grant_membership(user, org, "poster")  # no actor: no last-admin guard, no audit entry
    grant_wijk_role(user, make_wijk("centrum"), "coordinator")
    assert role_of(user, org) == "poster" and count(WijkRole) == 1 and audited_by_people() == 0


def test_admin_imports_wijken_from_a_geojson_upload(app, client, login, make_user):
    import io
    from pathlib import Path
    admin = make_user("Beheer", admin=True)
    login(admin)
    data = (Path(__file__).resolve().parents[2] / "data" / "waalwijk_wijken_2023.geojson").read_bytes()
    response = client.post("/beheer/wijken/import", data={"municipality": "Waalwijk",
                                                          "geojson": (io.BytesIO(data), "wijken.geojson")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200 and count(Wijk) == 3
    broken = client.post("/beheer/wijken/import", data={"geojson": (io.BytesIO(b"{nope"), "kapot.geojson")},
                         content_type="multipart/form-data", follow_redirects=True)
    assert broken.status_code == 200 and count(Wijk) == 3
    client.post("/logout")
    login(make_user("Geen beheerder"))
    refused = client.post("/beheer/wijken/import", data={"geojson": (io.BytesIO(data), "w.geojson")},
                          content_type="multipart/form-data")
    assert refused.status_code == 403
