"""Two municipalities on one site: find either by postcode from the front page, see its own branded home page;
its admin changes the colour (a colour too light for white text shows the measured ratio)."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from core.extensions import db
from tests.browser.conftest import DESKTOP, PHONE, log_in
from wijken.models import Municipality

pytestmark = pytest.mark.browser

WAALWIJK = "data/waalwijk_wijken_2023.geojson"
LOON_OP_ZAND = "data/loonopzand_wijken_2023.geojson"


@pytest.fixture
def towns(app, make_user):
    from demo.postcodes import load_demo_postcodes
    from tests.browser.conftest import PROJECT_ROOT
    from wijken.geo import import_wijken
    from wijken.municipalities import grant_municipality_role, municipality_by_slug

    import_wijken((PROJECT_ROOT / WAALWIJK).read_text(encoding="utf-8"), "Waalwijk")
    import_wijken((PROJECT_ROOT / LOON_OP_ZAND).read_text(encoding="utf-8"), "Loon op Zand")
    load_demo_postcodes()
    beheerder = make_user("Femke Smits")
    grant_municipality_role(beheerder, municipality_by_slug("loon-op-zand"))
    return beheerder


@pytest.fixture(params=["desktop", "phone"])
def page(request, new_context):
    return new_context(viewport=DESKTOP if request.param == "desktop" else PHONE).new_page()


def find_by_postcode(page, postcode: str) -> None:
    page.goto("/")
    expect(page.locator("svg.wijk-map")).to_have_count(0)  # the front page draws no wijk of the country
    page.locator("#postcode").fill(postcode)
    page.locator("#postcode").press("Enter")


def test_front_page_finds_either_municipality_by_postcode(page, towns, shoot):
    find_by_postcode(page, "5172 AB")
    page.wait_for_url(re.compile(r"/g/loon-op-zand\?wijk=kaatsheuvel-oost$"))
    expect(page.locator("h1")).to_contain_text("Loon op Zand")
    expect(page.locator(".found-wijk a")).to_have_text("Kaatsheuvel-Oost")
    expect(page.locator("a.map-wijk")).to_have_count(4)
    shoot(page, "loon-op-zand")

    find_by_postcode(page, "5141 AB")
    page.wait_for_url(re.compile(r"/g/waalwijk\?wijk=waalwijk$"))
    expect(page.locator("h1")).to_contain_text("Waalwijk")
    page.locator(".found-wijk a").click()
    page.wait_for_url(re.compile(r"/w/waalwijk$"))


def test_admin_changes_the_colour_and_a_failing_one_shows_the_ratio(page, towns, shoot):
    log_in(page, towns.email)
    page.goto("/g/loon-op-zand")
    page.get_by_role("link", name="Loon op Zand beheren").click()
    colour = page.locator("#primary_colour")
    colour.fill("#777777")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#primary_colour-error")).to_contain_text("contrast 4.4:1, minimaal 4.5:1")
    expect(colour).to_have_attribute("aria-invalid", "true")
    shoot(page, "colour-refused")

    colour.fill("#1d6b3a")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator(".flash")).to_be_visible()
    page.goto("/g/loon-op-zand")
    header = page.locator(".site-header")
    expect(header).to_have_css("background-color", "rgb(29, 107, 58)")
    shoot(page, "colour-saved")
    db.session.expire_all()
    assert db.session.scalar(select(Municipality.primary_colour).where(Municipality.slug == "loon-op-zand")) \
        == "#1d6b3a"
