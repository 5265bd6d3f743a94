"""RSS and iCalendar."""
from datetime import timedelta
from xml.etree import ElementTree

from icalendar import Calendar

from core.timeutil import isoformat, utcnow


def test_rss_lists_published_posts_with_escaped_html(client, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum", "Centrum")
    author = make_user()
    make_post(author, wijk, title="Eerste & beste", body="**vet**")
    gone = make_post(author, wijk, title="Verwijderd")
    from wijken.services import delete_post
    delete_post(author, gone)
    response = client.get("/w/centrum/feed.xml")
    assert response.mimetype == "application/rss+xml"
    channel = ElementTree.fromstring(response.data).find("channel")
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Eerste & beste"]
    assert items[0].findtext("description") == "<p><strong>vet</strong></p>"


def test_event_ics_and_agenda(client, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    author = make_user()
    start = utcnow().replace(microsecond=0) + timedelta(days=7)
    post = make_post(author, wijk, kind="evenement", title="Burendag", body="Kom!", location="Plein",
                     starts_at=isoformat(start), ends_at=isoformat(start + timedelta(hours=4)))
    make_post(author, wijk, title="Geen evenement")
    calendar = Calendar.from_ical(client.get(f"/w/centrum/p/{post.id}.ics").data)
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Burendag" and str(event["LOCATION"]) == "Plein"
    assert event.decoded("DTSTART").replace(tzinfo=None) == start
    agenda = Calendar.from_ical(client.get("/w/centrum/agenda.ics").data)
    assert [str(e["SUMMARY"]) for e in agenda.walk("VEVENT")] == ["Burendag"]


def test_ics_only_for_events(client, make_user, make_wijk, make_post):
    wijk = make_wijk("centrum")
    post = make_post(make_user(), wijk)
    assert client.get(f"/w/centrum/p/{post.id}.ics").status_code == 404
