"""iCalendar and RSS for residents who follow a wijk outside the site."""
from datetime import UTC, timedelta
from email.utils import format_datetime as rfc2822

from flask import render_template
from icalendar import Calendar, Event
from markupsafe import Markup

from core.timeutil import utcnow
from core.urls import external_url


def _aware(value):
    return value.replace(tzinfo=UTC) if value else None


def _plain(text: str | None) -> str:
    """Calendar fields are plain text: any markup a user typed is dropped, not kept."""
    return Markup(text or "").striptags()


def _post_url(post) -> str:
    return external_url("wijken.post", slug=post.wijk.slug, post_id=post.id)


def event_calendar(wijk, posts) -> bytes:
    """An iCalendar with one VEVENT per event or wijkschouw; text fields are plain text."""
    cal = Calendar()
    cal.add("prodid", "-//Wijkpagina//wijkpagina//NL")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Wijkpagina {wijk.name}")
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
                      parameters={"CN": post.organisation.name})
        cal.add_component(event)
    return cal.to_ical()


def rss_feed(wijk, posts) -> str:
    """RSS 2.0 of the wijk's feed; the template escapes every field."""
    return render_template("wijken/feed.xml", wijk=wijk, posts=posts, post_url=_post_url,
                           rfc2822=lambda value: rfc2822(_aware(value)), now=utcnow())
