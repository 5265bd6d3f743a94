"""A hand-counted wijk for the insights tests: see `world` for what is in it."""
from datetime import datetime, timedelta

import pytest

from core.extensions import db
from insights.models import FollowReferral
from meldingen.models import Category, Report
from reach.models import EmailSubscription
from wijken.models import Comment, Follow, Post, Reaction

NOW = datetime(2026, 11, 25, 15, 0)  # a Wednesday
MONDAY, TUESDAY = NOW - timedelta(days=2), NOW - timedelta(days=1)


def add_post(wijk, author, at, *, kind="bericht", org=None, status="published"):
    row = Post(wijk_id=wijk.id, author_id=author.id, organisation_id=org.id if org else None, kind=kind, title="t",
               body="b", body_html="<p>b</p>", status=status, created_at=at)
    db.session.add(row)
    db.session.flush()
    return row


def add_comment(post, author, at, *, org=None, status="published"):
    db.session.add(Comment(post_id=post.id, author_id=author.id, organisation_id=org.id if org else None, body="c",
                           body_html="<p>c</p>", status=status, created_at=at))


@pytest.fixture
def world(make_world):
    """Centrum (200 households), served by the gemeente:
    posts   Mon: anna bericht, bram bericht; Tue: cor vraag, the gemeente's aankondiging
            (and, never counted, a hidden and a removed post and a private melding's post)
    comments Mon: gemeente on anna's (3 h), bram on anna's; Tue: gemeente on bram's (30 h)
            (never counted: a hidden comment, and one under the hidden post)
    reactions Tue: 2 like, 1 thanks on anna's (and a like on the hidden post)
    follows anna all (Mon), bram digest and cor all (Tue); e-mail: one confirmed (Tue), one not; one by flyer."""
    w = make_world("centrum", "Centrum")
    w.wijk.households = 200
    w.p1 = add_post(w.wijk, w.anna, MONDAY.replace(hour=9))
    w.p2 = add_post(w.wijk, w.bram, MONDAY.replace(hour=10))
    w.p3 = add_post(w.wijk, w.cor, TUESDAY.replace(hour=8), kind="vraag")
    w.p4 = add_post(w.wijk, w.poster, TUESDAY.replace(hour=9), org=w.org, kind="aankondiging")
    hidden = add_post(w.wijk, w.anna, TUESDAY, status="hidden")
    add_post(w.wijk, w.anna, TUESDAY, status="removed")
    private = add_post(w.wijk, w.anna, TUESDAY, kind="melding")
    category = Category(municipality="Teststad", slug="licht", name="Licht", organisation_id=w.org.id)
    db.session.add(category)
    db.session.flush()
    db.session.add(Report(wijk_id=w.wijk.id, category_id=category.id, organisation_id=w.org.id,
                          reporter_id=w.anna.id, post_id=private.id, lat=51.05, lon=5.05, body="b", private=True,
                          created_at=TUESDAY, due_at=NOW + timedelta(days=5)))
    add_comment(w.p1, w.poster, MONDAY.replace(hour=12), org=w.org)
    add_comment(w.p1, w.bram, MONDAY.replace(hour=13))
    add_comment(w.p2, w.poster, TUESDAY.replace(hour=16), org=w.org)
    add_comment(w.p2, w.cor, TUESDAY.replace(hour=17), status="hidden")
    add_comment(hidden, w.bram, TUESDAY)
    for user, kind in ((w.bram, "like"), (w.cor, "like"), (w.poster, "thanks")):
        db.session.add(Reaction(post_id=w.p1.id, user_id=user.id, kind=kind, created_at=TUESDAY))
    db.session.add(Reaction(post_id=hidden.id, user_id=w.cor.id, kind="like", created_at=TUESDAY))
    db.session.add_all([Follow(user_id=w.anna.id, wijk_id=w.wijk.id, level="all", created_at=MONDAY),
                        Follow(user_id=w.bram.id, wijk_id=w.wijk.id, level="digest", created_at=TUESDAY),
                        Follow(user_id=w.cor.id, wijk_id=w.wijk.id, level="all", created_at=TUESDAY),
                        EmailSubscription(wijk_id=w.wijk.id, email="a@example.test", confirmed_at=TUESDAY),
                        EmailSubscription(wijk_id=w.wijk.id, email="b@example.test"),
                        FollowReferral(wijk_id=w.wijk.id, medium="flyer", created_at=TUESDAY)])
    db.session.commit()
    return w
