"""An organisation admin creates an API client in the browser (real form, CSRF on), uses it, revokes it."""
import pytest
import requests
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from partners.models import ApiClient
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def politie_admin(make_user):
    return make_user("Paula Politie")


@pytest.fixture
def politie(make_org, make_wijk, politie_admin):
    return make_org("politie", "politie", [make_wijk("centrum")], [politie_admin], role="admin")


def test_admin_creates_uses_and_revokes_a_client(new_context, live_server, shoot, politie, politie_admin):
    page = new_context().new_page()
    log_in(page, politie_admin.email)

    page.goto("/organisaties/politie/leden")
    page.locator('a[href$="/organisaties/politie/api-clients"]').click()
    page.locator("#name").fill("Meldkamer Chromium")
    page.locator('input[name="scopes"][value="posts:read"]').uncheck()
    page.locator("#new-client [type=submit]").click()
    secret = page.locator("#client-secret").inner_text()
    client_id = page.locator("#client-id").inner_text()
    expect(page.locator("[role=alert]")).to_be_visible()
    shoot(page, "api-client-created")
    db.session.rollback()
    record = db.session.scalar(select(ApiClient).where(ApiClient.client_id == client_id))
    assert record.scope == "posts:write"
    db.session.rollback()

    issued = requests.post(f"{live_server}/oauth/token", data={"grant_type": "client_credentials"},
                           auth=(client_id, secret), timeout=5)
    assert issued.status_code == 200 and issued.json()["scope"] == "posts:write"

    page.goto("/organisaties/politie/api-clients")
    assert secret not in page.content()
    shoot(page, "api-clients")
    forged = page.request.post(f"/organisaties/politie/api-clients/{record.id}/intrekken")  # no CSRF token
    assert forged.status == 400
    db.session.rollback()
    assert db.session.get(ApiClient, record.id).revoked_at is None
    db.session.rollback()
    page.locator(f'form[action$="/api-clients/{record.id}/intrekken"] [type=submit]').click()
    expect(page.locator(f'form[action$="/api-clients/{record.id}/intrekken"]')).to_have_count(0)
    again = requests.post(f"{live_server}/oauth/token", data={"grant_type": "client_credentials"},
                          auth=(client_id, secret), timeout=5)
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"
