"""Flags from several people at the same moment: the count is right and auto-hide happens."""
from sqlalchemy import func, select

from audit.models import AuditEntry
from core.extensions import db
from moderation.models import Flag
from tests.helpers import at_once
from wijken.models import Post


def test_simultaneous_flags_hide_every_post(app, api, make_user, make_wijk, make_post):
    """Three reporters press 'flag' at once on each of five posts (issue 12: 8 of 10 stayed visible)."""
    wijk = make_wijk("centrum")
    author = make_user("Schrijver")
    post_ids = [make_post(author, wijk, title=f"Bericht {i}").id for i in range(5)]
    reporters = [api.as_user(make_user()).headers for _ in range(3)]  # tokens before the race
    requests = [(headers, post_id) for post_id in post_ids for headers in reporters]
    statuses = []

    def press(headers, post_id):
        response = app.test_client().post("/api/v1/flags", headers=headers,
                                          json={"target": "post", "id": post_id, "reason": "spam"})
        statuses.append(response.status_code)

    at_once(press, requests)
    assert statuses == [201] * len(requests)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Flag)) == 15
    assert [db.session.get(Post, post_id).status for post_id in post_ids] == ["hidden"] * 5
    # Hidden once each, by exactly one of the three requests.
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == "auto_hide")) == 5
