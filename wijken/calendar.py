"""iCalendar and RSS for residents who follow a wijk outside the site.

Both are made by real serializers (icalendar, xml.etree.ElementTree), which escape what they must; text is
passed through `core.validation.printable` first, so no stored text (also text stored before the text rules)
can make a feed that is not well-formed XML or a calendar that is not valid iCalendar.
"""
from datetime import UTC, timedelta
from email.utils import format_datetime as rfc2822
from xml.etree import ElementTree

from icalendar import Calendar, Event
from markupsafe import Markup

from core.timeutil import utcnow
from core.urls import external_url
from core.validation import printable
from media.images import MIMETYPE

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
MEDIA = "http://search.yahoo.com/mrss/"
ElementTree.register_namespace("atom", ATOM)
ElementTree.register_namespace("dc", DC)
ElementTree.register_namespace("media", MEDIA)


def _aware(value):
    return value.replace(tzinfo=UTC) if value else None


def _plain(text: str | None) -> str:
    """Calendar fields are plain text: any markup a user typed is dropped, not kept."""
    return Markup(printable(text)).striptags()


def _post_url(post) -> str:
    return external_url("wijken.post", slug=post.wijk.slug, post_id=post.id)


def event_calendar(wijk, posts) -> bytes:
    """An iCalendar with one VEVENT per event or wijkschouw; text fields are plain text."""
    cal = Calendar()
    cal.add("prodid", "-//Wijkpagina//wijkpagina//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Wijkpagina {printable(wijk.name)}")
    for post in posts:
        event = Event()
        event.add("uid", f"post-{post.id}@wijkpagina")
        event.add("dtstamp", _aware(post.edited_at or post.created_at))
        event.add("dtstart", _aware(post.starts_at))
        event.add("dtend", _aware(post.ends_at or post.starts_at + timedelta(hours=2)))
        event.add("summary", _plain(post.title))
        description = post.body if not post.route else f"{post.body}\n\nRoute: {post.route}"
        event.add("description", _plain(description))
        if post.location:
            event.add("location", _plain(post.location))
        event.add("url", _post_url(post))
        if post.organisation:
            event.add("organizer", "mailto:noreply@wijkpagina.local",
                      parameters={"CN": _plain(post.organisation.name)})
        cal.add_component(event)
    return cal.to_ical()


def _add(parent, tag: str, text: str | None = None, **attributes) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = printable(text)
    return element


def _add_photos(item, post) -> None:
    """The post's first photo as the item's enclosure (RSS allows one), every photo as Media RSS content with
    its alt text. Only published posts reach a feed, so these addresses are public."""
    for index, photo in enumerate(post.photos):
        image = photo.image
        url = external_url("wijken.photo", slug=post.wijk.slug, key=image.key, width=image.width)
        if index == 0:
            _add(item, "enclosure", url=url, length=str(image.byte_size), type=MIMETYPE)
        content = _add(item, f"{{{MEDIA}}}content", url=url, type=MIMETYPE, medium="image",
                       width=str(image.width), height=str(image.height))
        _add(content, f"{{{MEDIA}}}description", photo.alt)


def rss_feed(wijk, posts) -> bytes:
    """RSS 2.0 of the wijk's feed."""
    rss = ElementTree.Element("rss", {"version": "2.0"})
    channel = _add(rss, "channel")
    _add(channel, "title", f"{wijk.name} — Wijkpagina")
    _add(channel, "link", external_url("wijken.wijk", slug=wijk.slug))
    _add(channel, f"{{{ATOM}}}link", href=external_url("wijken.rss", slug=wijk.slug), rel="self",
         type="application/rss+xml")
    _add(channel, "description", wijk.description or wijk.name)
    _add(channel, "language", "nl")
    _add(channel, "lastBuildDate", rfc2822(_aware(utcnow())))
    for post in posts:
        item = _add(channel, "item")
        url = _post_url(post)
        _add(item, "title", post.title)
        _add(item, "link", url)
        _add(item, "guid", url, isPermaLink="true")
        _add(item, "pubDate", rfc2822(_aware(post.created_at)))
        _add(item, "category", post.kind)
        _add(item, f"{{{DC}}}creator", post.organisation.name if post.organisation else post.author.display_name)
        _add(item, "description", post.body_html)
        _add_photos(item, post)
    return ElementTree.tostring(rss, encoding="utf-8", xml_declaration=True)
