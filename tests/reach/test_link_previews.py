"""Link previews (Open Graph and Twitter cards) and the feeds a shared or subscribed link leads to."""
from datetime import timedelta
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from icalendar import Calendar
from PIL import Image

from core.extensions import db
from core.timeutil import isoformat, utcnow
from moderation.services import moderate
from tests.conftest import log_in

BASE_URL = "https://wijkpagina.example"
STATIC = Path(__file__).resolve().parents[2] / "static"
ATOM = "{http://www.w3.org/2005/Atom}"


class HeadTags(HTMLParser):
    """The page's <meta property|name=... content=...> as a dict, and its <link> tags."""

    def __init__(self, html: str):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content")
        elif tag == "link":
            self.links.append(attrs)


@pytest.fixture
def site(make_app):
    """An app whose public address differs from the test client's host, as in production."""
    return make_app(BASE_URL=BASE_URL).test_client()


@pytest.fixture
def wijk(make_wijk):
    wijk = make_wijk("centrum", "Centrum")
    wijk.description = 'Het hart van de stad: winkels, "markt" & <kerk>.'
    db.session.commit()
    return wijk


def tags(client, path: str) -> HeadTags:
    response = client.get(path)
    assert response.status_code == 200, path
    return HeadTags(response.text)


def assert_complete_card(meta: dict, url: str) -> None:
    for name in ("og:title", "og:description", "og:site_name", "og:type", "og:image", "twitter:title",
                 "twitter:description", "twitter:image"):
        assert meta.get(name), name
    assert meta["og:url"] == url
    assert meta["og:site_name"] == "Wijkpagina" and meta["og:locale"] == "nl_NL"
    assert meta["og:image"] == meta["twitter:image"] == f"{BASE_URL}/static/og-default.png"
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["twitter:title"] == meta["og:title"] and meta["description"] == meta["og:description"]


def test_the_default_image_is_a_1200_by_630_png(client):
    with Image.open(STATIC / "og-default.png") as image:
        assert image.format == "PNG" and image.size == (1200, 630)
    response = client.get("/static/og-default.png")
    assert response.status_code == 200 and response.mimetype == "image/png"


def test_home_page(site, wijk):
    meta = tags(site, "/").meta
    assert_complete_card(meta, f"{BASE_URL}/")
    assert meta["og:type"] == "website" and "per wijk" in meta["og:description"]


def test_wijk_page_describes_the_wijk_and_links_its_feed(site, wijk):
    head = tags(site, "/w/centrum?kind=bericht")
    assert_complete_card(head.meta, f"{BASE_URL}/w/centrum")  # the canonical address, without filters
    assert head.meta["og:title"] == "Centrum, Teststad"
    assert head.meta["og:description"] == 'Het hart van de stad: winkels, "markt" & <kerk>.'
    assert {"rel": "alternate", "type": "application/rss+xml", "title": "Centrum",
            "href": "/w/centrum/feed.xml"} in head.links
    assert {"rel": "canonical", "href": f"{BASE_URL}/w/centrum"} in head.links


def test_wijk_without_description_gets_a_sentence(site, make_wijk):
    make_wijk("noord", "Noord")
    assert tags(site, "/w/noord").meta["og:description"] == "Nieuws, waarschuwingen en activiteiten in Noord."


def test_english_pages_say_so(site, wijk):
    site.post("/taal/en")
    assert tags(site, "/w/centrum").meta["og:locale"] == "en_GB"


def test_post_page_has_its_title_and_a_plain_text_excerpt(site, make_user, make_post, wijk):
    body = "Hallo **buren**! <script>alert('x')</script> Wie komt er " + "helpen met opruimen " * 20
    post = make_post(make_user(), wijk, title='Opruimactie "Schoon" & <netjes>', body=body)
    meta = tags(site, f"/w/centrum/p/{post.id}").meta
    assert_complete_card(meta, f"{BASE_URL}/w/centrum/p/{post.id}")
    assert meta["og:type"] == "article" and meta["og:title"] == 'Opruimactie "Schoon" & <netjes> · Centrum'
    description = meta["og:description"]
    assert description.startswith("Hallo buren! <script>alert('x')</script> Wie komt er helpen met opruimen")
    assert "<strong>" not in description and "<p>" not in description  # no markup, just the text
    assert len(description) <= 201 and description.endswith("…")
    assert meta["article:published_time"] == isoformat(post.created_at)


def test_event_preview_says_when_and_where(site, make_user, make_post, wijk):
    start = utcnow().replace(microsecond=0) + timedelta(days=3)
    post = make_post(make_user(), wijk, kind="evenement", title="Burendag", body="Kom ook!", location="Het plein",
                     starts_at=isoformat(start), ends_at=isoformat(start + timedelta(hours=3)))
    description = tags(site, f"/w/centrum/p/{post.id}").meta["og:description"]
    assert " · Het plein · Kom ook!" in description


@pytest.mark.parametrize("status", ["hidden", "pending", "removed"])
def test_content_nobody_else_may_see_is_never_in_a_preview(site, make_user, make_post, wijk, status):
    author, admin = make_user(), make_user(admin=True)
    if status == "pending":
        wijk.premoderation = True
        db.session.commit()
    post = make_post(author, wijk, title="Geheime titel", body="Geheime tekst")
    if status != "pending":
        moderate(admin, {"action": "hide" if status == "hidden" else "remove", "target": "post", "id": post.id,
                         "reason": "Test"})
    assert post.status == status
    path = f"/w/centrum/p/{post.id}"
    anonymous = site.get(path)
    assert anonymous.status_code == 404 and "Geheime" not in anonymous.text
    for page in (site.get("/w/centrum").text, site.get("/").text):
        assert "Geheime" not in page
    log_in(site, author)
    own = site.get(path)
    if status == "removed":
        assert own.status_code == 404 and "Geheime" not in own.text
        return
    meta = HeadTags(own.text).meta  # the author sees the post, but it gets no preview and no indexing
    assert meta.get("robots") == "noindex"
    assert not any(name.startswith(("og:", "twitter:")) for name in meta) and "description" not in meta


# --- the feeds behind the links ------------------------------------------------------------------

def test_rss_is_complete(site, make_user, make_post, wijk):
    author, admin = make_user(), make_user(admin=True)
    post = make_post(author, wijk, title="Nieuws & meer")
    hidden = make_post(author, wijk, title="Verborgen")
    moderate(admin, {"action": "hide", "target": "post", "id": hidden.id, "reason": "Test"})
    response = site.get("/w/centrum/feed.xml")
    assert response.mimetype == "application/rss+xml"
    channel = ElementTree.fromstring(response.data).find("channel")
    assert channel.findtext("link") == f"{BASE_URL}/w/centrum"
    self_link = channel.find(f"{ATOM}link")
    assert self_link.get("rel") == "self" and self_link.get("href") == f"{BASE_URL}/w/centrum/feed.xml"
    assert channel.findtext("description") == wijk.description
    [item] = channel.findall("item")
    url = f"{BASE_URL}/w/centrum/p/{post.id}"
    assert item.findtext("title") == "Nieuws & meer" and item.findtext("link") == url
    assert item.findtext("guid") == url and item.find("guid").get("isPermaLink") == "true"
    published = parsedate_to_datetime(item.findtext("pubDate"))
    assert published.utcoffset() == timedelta(0) and published.replace(tzinfo=None) == post.created_at.replace(
        microsecond=0)


def test_ical_is_complete_and_lists_only_visible_events(site, make_user, make_post, wijk):
    author, admin = make_user(), make_user(admin=True)
    start = utcnow().replace(microsecond=0) + timedelta(days=2)
    post = make_post(author, wijk, kind="evenement", title="Burendag", body="Kom **ook**!", location="Het plein",
                     starts_at=isoformat(start), ends_at=isoformat(start + timedelta(hours=3)))
    hidden = make_post(author, wijk, kind="evenement", title="Verborgen feest", body="x", location="y",
                       starts_at=isoformat(start), ends_at=isoformat(start + timedelta(hours=1)))
    moderate(admin, {"action": "hide", "target": "post", "id": hidden.id, "reason": "Test"})

    for path in ("/w/centrum/agenda.ics", f"/w/centrum/p/{post.id}.ics"):
        response = site.get(path)
        assert response.mimetype == "text/calendar"
        calendar = Calendar.from_ical(response.data)
        assert str(calendar["VERSION"]) == "2.0" and calendar.get("PRODID")
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == f"post-{post.id}@wijkpagina"
        assert event.decoded("DTSTAMP").tzinfo is not None
        assert event.decoded("DTSTART").replace(tzinfo=None) == start
        assert event.decoded("DTEND").replace(tzinfo=None) == start + timedelta(hours=3)
        assert str(event["SUMMARY"]) == "Burendag" and str(event["LOCATION"]) == "Het plein"
        assert str(event["URL"]) == f"{BASE_URL}/w/centrum/p/{post.id}"
    log_in(site, author)  # even its author gets no calendar entry for a hidden event
    assert site.get(f"/w/centrum/p/{hidden.id}.ics").status_code == 404


def test_event_pages_offer_the_calendar_and_wijk_pages_the_feeds(client, make_user, make_post, wijk):
    start = utcnow() + timedelta(days=2)
    post = make_post(make_user(), wijk, kind="evenement", title="Burendag", body="Kom!", location="Plein",
                     starts_at=isoformat(start), ends_at=isoformat(start + timedelta(hours=1)))
    assert f'href="/w/centrum/p/{post.id}.ics"' in client.get(f"/w/centrum/p/{post.id}").text
    page = client.get("/w/centrum").text
    assert 'href="/w/centrum/feed.xml"' in page and 'href="/w/centrum/agenda.ics"' in page
