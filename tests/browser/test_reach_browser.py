"""Reach in a real browser: the cached wijk page's forms work for every visitor, not only its renderer."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from reach.models import EmailSubscription

pytestmark = pytest.mark.browser


def _open_subscribe_form(page, slug: str):
    page.goto(f"/w/{slug}")
    page.locator("details.mail-settings summary").click()
    return page.locator("form.subscribe-form")


def test_every_anonymous_visitor_can_subscribe_from_the_cached_wijk_page(new_context, make_wijk, smtp):
    """Seven fresh browsers (no cookies) get the same cached page; each one's subscription goes through."""
    make_wijk("centrum")
    for n in range(7):
        page = new_context().new_page()
        form = _open_subscribe_form(page, "centrum")
        form.locator("[name=email]").fill(f"buur{n}@example.test")
        form.locator("[type=submit]").click()
        expect(page.locator("h1")).to_have_text("Kijk in je mailbox")
        page.context.close()
    emails = set(db.session.scalars(select(EmailSubscription.email)))
    db.session.rollback()
    assert emails == {f"buur{n}@example.test" for n in range(7)}


def test_a_stale_form_comes_back_with_the_address_typed(new_context, make_wijk, smtp):
    """The session cookie is gone when the form is sent: the form comes back, in Dutch, with the address;
    sending it again works. A forged post without any token subscribes nobody."""
    make_wijk("centrum")
    context = new_context()
    page = context.new_page()
    form = _open_subscribe_form(page, "centrum")
    form.locator("[name=email]").fill("laat@example.test")
    context.clear_cookies()
    form.locator("[type=submit]").click()
    form = page.locator("form.subscribe-form")
    expect(form.locator("[role=alert]")).to_contain_text("Controleer je adres")
    expect(form.locator("[name=email]")).to_have_value("laat@example.test")
    form.locator("[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Kijk in je mailbox")

    forged = context.request.post("/w/centrum/per-mail", form={"email": "vals@example.test", "frequency": "daily"})
    assert forged.status == 422
    emails = set(db.session.scalars(select(EmailSubscription.email)))
    db.session.rollback()
    assert emails == {"laat@example.test"}
